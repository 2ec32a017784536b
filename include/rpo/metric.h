/*
 * rpo/metric.h — metrics a plugin adds to the registry (ABI 1.1).
 *
 * A plugin lists rpo_metric_spec entries in its descriptor's `metrics`. Each
 * has the attributes of a built-in metric (rpo_metric_info: id, name, unit,
 * direction, period event, process area, definition, dimensions) and is
 * computed per period × segment either by a formula over other metrics (the
 * grammar of `formula` in [metric.ID], docs/metrics.md) or by a compute()
 * callback that reads other metrics' values of the same period and segment.
 * Targets, baselines, status, incentives and achievements then treat it as
 * any built-in.
 */
#ifndef RPO_METRIC_H
#define RPO_METRIC_H

#include <rpo/report.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The values compute() may read: one period × segment of the registry. */
typedef struct rpo_metric_inputs rpo_metric_inputs;

/*
 * rpo_metric_input — the value of metric ID in the same period and segment,
 * or NULL when ID is not one of the spec's declared inputs. Owned by the
 * engine; valid during compute().
 */
const rpo_metric_value *rpo_metric_input(const rpo_metric_inputs *in, const char *id);

/* rpo_metric_min_n — the engagement's min_n, below which values are insufficient. */
unsigned rpo_metric_min_n(const rpo_metric_inputs *in);

typedef struct rpo_metric_spec {
    /* Attributes. info.dimensions may be NULL: the engine then uses the
     * dimensions every input supports. key and origin are engine-filled. */
    rpo_metric_info info;
    /* Either a formula ("hires / requisitions_opened") ... */
    const char *formula;
    /* ... or the ids compute() reads (NULL-terminated) and compute() itself:
     * fill OUT (state, n, value; mean and p90 for distributions) from IN,
     * rounding as the engine does (2 decimals). CTX is the plugin's first
     * instance's context. Return RPO_OK, or a negative status to fail the run. */
    const char *const *inputs;
    int (*compute)(void *ctx, const rpo_metric_inputs *in, rpo_metric_value *out);
} rpo_metric_spec;

#ifdef __cplusplus
}
#endif
#endif
