/*
 * report_previous.c — what changed since the engagement's last committed
 * run: each cell's value and status then and the change, and which achievements are
 * new. Reads the run's cells from the store in one pass and finds each one
 * in the report by name.
 */
#include "report_internal.h"
#include "metrics.h"
#include "strmap.h"
#include "util.h"

#include <string.h>

typedef struct prev_index {
    rpo_report *r;
    rpo_strmap metrics, periods, segs; /* name → size_t index */
} prev_index;

static void index_put(rpo_strmap *m, const char *key, size_t len, size_t i)
{
    int created;
    size_t *v = rpo_strmap_put(m, key, len, &created);
    if (created)
        *v = i;
}

static int index_get(const rpo_strmap *m, const char *key, size_t len, size_t *i)
{
    const size_t *v = rpo_strmap_get(m, key, len);
    if (v)
        *i = *v;
    return v != NULL;
}

/* "DIMENSION\x1fVALUE": the separator appears in neither. */
static size_t seg_key(char *buf, size_t size, const char *dim, const char *value)
{
    int n = snprintf(buf, size, "%s\x1f%s", dim, value);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* The status named NAME (as rpo_target_status_name spells it); NONE if unknown. */
static rpo_target_status status_named(const char *name)
{
    for (int k = RPO_STATUS_NONE; k <= RPO_STATUS_INSUFFICIENT; k++)
        if (strcmp(rpo_target_status_name((rpo_target_status)k), name) == 0)
            return (rpo_target_status)k;
    return RPO_STATUS_NONE;
}

static int apply_value(void *arg, const rpo_store_cell *c)
{
    prev_index *x = arg;
    rpo_report *r = x->r;
    size_t m, p, s;
    char key[1024];
    size_t len = seg_key(key, sizeof key, c->dimension, c->segment);
    if (!index_get(&x->metrics, c->metric, strlen(c->metric), &m) ||
        !index_get(&x->periods, c->period, strlen(c->period), &p) ||
        !index_get(&x->segs, key, len, &s) || !rpo_report_supports(r, m, s))
        return 0; /* gone since: a metric, period or segment the report no longer has */
    rpo_metric_value *v = &r->values[(m * r->n_periods + p) * r->n_segs + s];
    v->has_previous_status = 1;
    v->previous_status = status_named(c->status);
    if (!c->has_value)
        return 0;
    v->has_previous_run = 1;
    v->previous_run = c->value;
    if (v->state == RPO_VALUE_OK)
        v->change_vs_run = rpo_round2(v->value - c->value);
    return 0;
}

int rpo_report_apply_previous_run(rpo_report *r, rpo_store *s, long long run_id)
{
    if (!s || !run_id)
        return RPO_OK;
    prev_index x = {.r = r};
    rpo_strmap_init(&x.metrics, sizeof(size_t));
    rpo_strmap_init(&x.periods, sizeof(size_t));
    rpo_strmap_init(&x.segs, sizeof(size_t));
    for (size_t m = 0; m < r->n_metrics; m++)
        index_put(&x.metrics, r->metrics[m]->id, strlen(r->metrics[m]->id), m);
    for (size_t p = 0; p < r->n_periods; p++)
        index_put(&x.periods, r->periods[p].label, strlen(r->periods[p].label), p);
    for (size_t g = 0; g < r->n_segs; g++) {
        char key[1024];
        const rpo_segment *seg = &r->segs[g].pub;
        size_t len = seg_key(key, sizeof key, seg->dimension, seg->value ? seg->value : "");
        index_put(&x.segs, key, len, g);
    }
    int rc = rpo_store_each_value(s, run_id, apply_value, &x);
    for (size_t i = 0; i < r->n_achievements && rc == RPO_OK; i++) {
        rpo_achievement *a = &r->achievements[i];
        int found;
        rc = rpo_store_has_achievement(s, run_id, rpo_achievement_kind_name(a->kind),
                                       a->metric ? a->metric : "", a->first ? a->first : "",
                                       a->last ? a->last : "", &found);
        a->is_new = !found;
    }
    rpo_strmap_free(&x.metrics);
    rpo_strmap_free(&x.periods);
    rpo_strmap_free(&x.segs);
    return rc;
}
