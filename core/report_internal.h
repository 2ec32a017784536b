/*
 * report_internal.h — the report object's layout, shared by report.c (the
 * metric cells) and scorecard.c (incentive, achievements, alignment).
 */
#ifndef RPO_CORE_REPORT_INTERNAL_H
#define RPO_CORE_REPORT_INTERNAL_H

#include "report_build.h"

typedef struct rpo_report_period {
    rpo_period pub;
    const char *label; /* pub.label */
    int overall, complete;
} rpo_report_period;

typedef struct rpo_report_seg {
    rpo_segment pub;  /* value points into the model */
    int dim_id;       /* rpo_dim, -1 for all */
    uint32_t model_id;
} rpo_report_seg;

struct rpo_report {
    const rpo_registry *reg;
    const rpo_model *model;
    rpo_report_header header;
    char currency_suffix[8]; /* " EUR", or "" */
    rpo_report_period *periods; /* the last is overall */
    size_t n_periods;
    int p_first;                /* model period index of periods[0] */
    rpo_report_seg *segs;
    size_t n_segs;
    const rpo_metric_info **metrics;
    size_t n_metrics;
    rpo_metric_value *values; /* [(metric * n_periods + period) * n_segs + segment] */
    rpo_source_summary *sources;
    size_t n_sources;
    rpo_quality_flag *flags;
    size_t n_flags;
    /* scorecard.c */
    rpo_incentive incentive;
    rpo_incentive_period *inc_periods;
    rpo_achievement *achievements;
    size_t n_achievements;
    rpo_goal *goals;
    size_t n_goals;
    const rpo_framework_view *frameworks; /* the engine's */
    size_t n_frameworks;
    /* report_risks.c */
    struct rpo_report_risk *risks;
    size_t n_risks;
};

/* rpo_report_supports — whether metric M has values for segment S. */
int rpo_report_supports(const rpo_report *r, size_t m, size_t s);

/* rpo_scorecard_build / rpo_scorecard_free — incentive, achievements and
 * goal alignment from R's cells (segment all). */
void rpo_scorecard_build(rpo_report *r);
void rpo_scorecard_free(rpo_report *r);

/* rpo_report_build_risks / rpo_report_free_risks — the risk log of M as of
 * its as-of date (new: raised after header.previous_run_as_of). */
void rpo_report_build_risks(rpo_report *r, const rpo_model *m);
void rpo_report_free_risks(rpo_report *r);

#endif
