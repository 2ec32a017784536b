/*
 * metrics.h — the built-in metric catalogue: each metric's attributes and
 * the function that turns a period × segment accumulator into its value.
 */
#ifndef RPO_CORE_METRICS_H
#define RPO_CORE_METRICS_H

#include <rpo/report.h>
#include "model.h"

/* What a metric's compute function may read besides its accumulator. */
typedef struct rpo_metric_ctx {
    unsigned min_n;
    const rpo_model_options *opt;
} rpo_metric_ctx;

typedef struct rpo_metric_def {
    rpo_metric_info info;
    unsigned dims; /* supported dimensions, a bit set over rpo_dim */
    /* compute — fill OUT from ACC (its histograms' overflow lists may be sorted). */
    void (*compute)(rpo_period_acc *acc, const rpo_metric_ctx *c, rpo_metric_value *out);
} rpo_metric_def;

/* The built-in catalogue, in report order. */
extern const rpo_metric_def rpo_metric_catalogue[];
extern const size_t rpo_metric_catalogue_size;

/* rpo_metric_find — the catalogue entry with id ID, or NULL. */
const rpo_metric_def *rpo_metric_find(const char *id);

/* rpo_dims_of_names — the bit set of a NULL-terminated name list. */
unsigned rpo_dims_of_names(const char *const *names);

/* rpo_round2 — X rounded to 2 decimals, half away from zero. */
double rpo_round2(double x);

#endif
