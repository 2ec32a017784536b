/*
 * sample.h — a reproducible random sample of the hiring managers active in
 * a period, for the 1-1 conversations of the quarterly review (`rpo sample`).
 */
#ifndef RPO_CORE_SAMPLE_H
#define RPO_CORE_SAMPLE_H

#include <stdio.h>

#include "model.h"
#include "pseudonym.h"

typedef struct rpo_sample_options {
    const char *period;   /* a period label of the engagement's calendar */
    double fraction;      /* 0 < fraction <= 1 */
    unsigned long long seed;
    int stratify_level;   /* 1: sample within each requisition level */
} rpo_sample_options;

/*
 * rpo_sample_hiring_managers — print to OUT, one per line, the pseudonyms
 * (HMAC-SHA256 with P's key) of a random sample of the hiring managers of M
 * whose requisitions were open at some time in period OPT->period: opened on
 * or before its last day and not filled or closed before its first day.
 * Stratified, each line is "LEVEL<TAB>PSEUDONYM" and each level (the level
 * of the manager's most recently opened requisition of the period; "-" for
 * none) gets round(fraction × its managers), at least one; else the whole
 * set does. The sample depends only on the data, the key and the seed: the
 * managers are sorted by pseudonym, shuffled by Fisher-Yates with a
 * splitmix64 stream of the seed, and the first ones taken, then printed
 * sorted. Returns RPO_OK, RPO_ECONFIG (no key, unknown period, hiring
 * manager or level not among the engagement's segments) after logging.
 */
int rpo_sample_hiring_managers(const rpo_model *m, const rpo_pseudonymizer *p,
                               const rpo_sample_options *opt, const rpo_logger *lg, FILE *out);

#endif
