/*
 * registry.h — the engagement's metric registry as configured: the
 * built-in catalogue, metrics plugins add, custom formula metrics, and per
 * metric its targets, baseline, tolerance and key flag; plus the
 * [incentive], [achievements] and [goal.NAME] settings and the model
 * options that [engagement] and [metric.ID] keys set (docs/metrics.md).
 */
#ifndef RPO_CORE_REGISTRY_H
#define RPO_CORE_REGISTRY_H

#include <rpo/metric.h>
#include "cfg.h"
#include "formula.h"
#include "instance.h"
#include "metrics.h"
#include "model.h"

/* Which part of an input value a formula reference reads. */
enum { REF_VALUE, REF_N, REF_MEAN, REF_P90 };

typedef struct rpo_seg_target {
    int dim;
    char *value; /* owned */
    double target;
} rpo_seg_target;

typedef struct rpo_reg_metric {
    rpo_metric_info info; /* custom metrics: strings in own[] */
    char *own[4];
    unsigned dims;
    const char *dim_names[DIM__N + 1]; /* info.dimensions points here */
    const rpo_metric_def *builtin; /* else formula or spec */
    rpo_formula *formula;          /* owned */
    const rpo_metric_spec *spec;   /* a plugin's compute() metric */
    void *plugin_ctx;
    size_t n_refs;
    size_t *ref_metric; /* per formula reference / spec input: metric index */
    int *ref_part;      /* REF_* */
    const char **ref_name;
    /* targets and baselines */
    int has_target;
    double target;
    rpo_seg_target *seg_targets;
    size_t n_seg_targets;
    int baseline_kind; /* 0 none, 1 a number, 2 a period */
    double baseline;
    char *baseline_period;
    double tolerance;
    int tolerance_pct;
} rpo_reg_metric;

typedef struct rpo_incentive_cfg {
    int on;
    double pool, cap;
    size_t n;
    size_t *metric; /* registry indices */
    double *weight;
    size_t n_tiers;
    double *tier_at, *tier_pay;
} rpo_incentive_cfg;

typedef struct rpo_goal_cfg {
    char *name, *description;
    char **from_kind_name[3]; /* levers, metrics, outcomes: "lever:x" strings */
    size_t n[3];
    size_t *metric_ix;        /* registry index per metric */
    unsigned min_periods;
} rpo_goal_cfg;

typedef struct rpo_registry {
    rpo_reg_metric *m; /* report order: key metrics first */
    size_t n;
    size_t *order;     /* evaluation order: inputs before what reads them */
    rpo_model_options opt;
    char *instrument[2]; /* owned: nps, hm */
    rpo_incentive_cfg inc;
    unsigned streak, min_periods;
    long *milestones;
    size_t n_milestones;
    rpo_goal_cfg *goals;
    size_t n_goals;
} rpo_registry;

/*
 * rpo_registry_load — build REG from CFG: the catalogue, the metrics of the
 * N_INST plugin instances INST (created: their context is kept for
 * compute()), and every [metric.ID], [incentive], [achievements] and
 * [goal.NAME] section, plus [engagement] period settings. Logs one line per
 * problem (FILE:LINE: [section] key: ...) and returns RPO_ECONFIG after
 * checking everything, else RPO_OK. The caller frees REG with
 * rpo_registry_free in either case. CFG NULL: the catalogue with defaults.
 */
int rpo_registry_load(rpo_registry *reg, const rpo_cfg *cfg, const rpo_logger *lg,
                      const struct rpo_instance *inst, size_t n_inst);

/* rpo_registry_free — release REG. */
void rpo_registry_free(rpo_registry *reg);

/* rpo_registry_find — the index of metric ID, or -1. */
long rpo_registry_find(const rpo_registry *reg, const char *id);

#endif
