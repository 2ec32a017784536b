/*
 * metrics.h — the metric catalogue: each metric's attributes and the
 * function that turns a period's accumulator into its value.
 */
#ifndef RPO_CORE_METRICS_H
#define RPO_CORE_METRICS_H

#include <rpo/report.h>
#include "model.h"

typedef struct rpo_metric_def {
    rpo_metric_info info;
    /* compute — fill OUT from ACC; MIN_N marks small samples insufficient. */
    void (*compute)(rpo_period_acc *acc, unsigned min_n, rpo_metric_value *out);
} rpo_metric_def;

/* The built-in catalogue, in report order. */
extern const rpo_metric_def rpo_metric_catalogue[];
extern const size_t rpo_metric_catalogue_size;

/* rpo_metric_find — the catalogue entry with id ID, or NULL. */
const rpo_metric_def *rpo_metric_find(const char *id);

#endif
