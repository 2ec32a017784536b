/*
 * model_internal.h — what model.c (records) and model_finish.c (facts)
 * share: the facts kept per requisition, risk and series, and the helpers
 * that add one observation to every segment it counts in.
 */
#ifndef RPO_CORE_MODEL_INTERNAL_H
#define RPO_CORE_MODEL_INTERNAL_H

#include "model.h"

#include <stddef.h>

#define NO_DAY INT32_MIN     /* a date that is absent */
#define NO_DAY_MAX INT32_MAX /* "none yet" for running minima */

typedef struct req_info {
    rpo_day opened, reopened, filled, closed; /* NO_DAY when absent */
    int32_t hold_days, openings, sla_days;    /* sla_days 0: none */
    int critical;
    uint32_t seg[DIM__N]; /* segment id per dimension, 0 = none (never source) */
    uint32_t index;       /* insertion order: its rpo_req_agg in a tally */
} req_info;

#define N_STAGES 9
typedef struct evt_info {
    rpo_day day[N_STAGES];
    uint16_t mask;
    atomic_uchar consumed; /* set by application shards, maybe concurrently */
} evt_info;

typedef struct risk_info {
    rpo_day raised, closed; /* closed: NO_DAY when open */
    int severity;           /* 0 unknown */
    int closed_undated;     /* status closed without a date: never open */
    uint32_t owner;         /* segment id, 0 none */
    char *id, *title;       /* owned copies, for the report's risk log */
    signed char category, status, owner_word; /* word index of the enum, -1 absent */
} risk_info;

typedef struct series_info {
    int p_first, p_last;
    double *sum; /* per period */
    uint32_t *n;
} series_info;

/* The segments one observation counts in: id[0] = 0 (all), then its values. */
typedef struct rpo_segs {
    uint32_t id[2 + DIM__N];
    int n;
} rpo_segs;

#define ACC_U64(a, off) (*(uint64_t *)((char *)(a) + (off)))
#define ACC_I64(a, off) (*(int64_t *)((char *)(a) + (off)))
#define ACC_HIST(a, off) ((rpo_hist *)((char *)(a) + (off)))

/* rpo_model_segment — the id of DIM's value TEXT[0..LEN), interned (0 when
 * LEN is 0). Thread-safe. */
uint32_t rpo_model_segment(rpo_model *m, int dim, const char *text, size_t len);

/* rpo_tally_overall — the overall accumulator of segment SEG. */
rpo_period_acc *rpo_tally_overall(rpo_tally *t, uint32_t seg);

/* rpo_tally_period — the period of DAY (cached per tally). */
int rpo_tally_period(const rpo_model *m, rpo_tally *t, rpo_day day);

/* Add to member OFF (a flow) of the accumulators of period P of every
 * segment in S: a count, an amount, a duration. */
void rpo_segs_count(rpo_tally *t, const rpo_segs *s, int p, size_t off, uint64_t add);
void rpo_segs_money(rpo_tally *t, const rpo_segs *s, int p, size_t off, int64_t add);
void rpo_segs_hist(rpo_tally *t, const rpo_segs *s, int p, size_t off, int32_t days);

/* rpo_tally_fold — add every period's flows into its segment's overall. */
void rpo_tally_fold(rpo_tally *t);

/* rpo_tally_flag — count flag F, remembering REC's location the first time. */
void rpo_tally_flag(rpo_tally *t, rpo_flag_code f, const rpo_record *rec);

#endif
