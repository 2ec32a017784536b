/*
 * engine.h — one run of an engagement: config → plugins → sources →
 * model → report → sinks. The CLI is a thin layer over this.
 */
#ifndef RPO_CORE_ENGINE_H
#define RPO_CORE_ENGINE_H

#include <stdio.h>

#include "log.h"
#include "sample.h"

typedef struct rpo_run_options {
    const char *config_path;
    const char *as_of;  /* ISO date; NULL: today (UTC) */
    int validate_only;  /* check config and plugins, create instances, read nothing */
    int strict;         /* any rejected record makes the run fail with RPO_EDATA */
    int full_sync;      /* incremental sources fetch everything (their cursors are ignored) */
    const rpo_logger *lg;
    /* rpo sample: read the requisition sources only, and print a sample of
     * the period's hiring managers to SAMPLE_OUT instead of any report */
    const rpo_sample_options *sample;
    FILE *sample_out;
} rpo_run_options;

/*
 * rpo_engine_run — run (or validate) the engagement OPT describes. Returns
 * RPO_OK, or the status of the first failure (every failure logged as one
 * line naming where and what to do). A failing source stops the run before
 * any sink writes, so no report is made from partial data.
 */
int rpo_engine_run(const rpo_run_options *opt);

/*
 * rpo_engine_list_plugins — print every plugin found in the search list (with
 * CONFIG_PATH's plugin_path if not NULL) to OUT: kind, name, version,
 * description and its config keys. Returns RPO_OK, or a status if the config
 * cannot be read or a module was refused (the others are still listed).
 */
int rpo_engine_list_plugins(const char *config_path, const rpo_logger *lg, FILE *out);

/*
 * rpo_engine_history — print the run history of CONFIG_PATH's store to OUT:
 * per metric (or only METRIC, when not NULL), each run's value per period.
 * Returns RPO_OK; RPO_ECONFIG when the engagement keeps no store,
 * RPO_ENOINPUT when no run made it yet or METRIC has no values.
 */
int rpo_engine_history(const char *config_path, const char *metric, const rpo_logger *lg,
                       FILE *out);

/* rpo_engine_list_metrics — print the metric catalogue to OUT. */
void rpo_engine_list_metrics(FILE *out);

#endif
