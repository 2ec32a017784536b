/*
 * summary.c — what counts for the webhook's summary (contracts in
 * summary.h): the latest period, the metrics it lists, the news among
 * achievements and risks, and the change test of only_when = changes.
 */
#include "summary.h"

#include <stdint.h>
#include <string.h>

/* webhook_latest_period — see summary.h. */
size_t webhook_latest_period(const rpo_report *r)
{
    size_t latest = SIZE_MAX;

    for (size_t p = 0; p < rpo_report_period_count(r); p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        if (per != NULL && !per->overall)
            latest = p;
    }
    return latest;
}

/* webhook_pick_metrics — see summary.h. */
size_t webhook_pick_metrics(const rpo_report *r, size_t period, size_t max, size_t *picked,
                            size_t *eligible, int *key)
{
    size_t n = 0, count = rpo_report_metric_count(r);

    *eligible = 0;
    *key = 0;
    for (size_t m = 0; m < count; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        if (info != NULL && info->key)
            *key = 1;
    }
    for (size_t m = 0; m < count; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        const rpo_metric_value *v = rpo_report_value(r, m, period);
        int listed = *key ? info != NULL && info->key : v != NULL && v->has_target;

        if (!listed)
            continue;
        if (n < max)
            picked[n++] = m;
        (*eligible)++;
    }
    return n;
}

/* webhook_risk_is_news — see summary.h. */
int webhook_risk_is_news(const rpo_risk *k, const webhook_options *o)
{
    return k != NULL && k->is_new && k->open && k->severity >= o->min_severity;
}

/* webhook_status_changed — see summary.h. */
int webhook_status_changed(const rpo_metric_value *v)
{
    /* A value appeared or went: this includes the first run of a new quarter. */
    if ((v->state == RPO_VALUE_OK) != (v->has_previous_run != 0))
        return 1;
    return v->has_previous_status && v->status != v->previous_status;
}

/* webhook_has_news — see summary.h. */
int webhook_has_news(const rpo_report *r, const webhook_options *o)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    size_t period = webhook_latest_period(r);
    size_t picked[WEBHOOK_MAX_METRICS], eligible, n;
    int key;

    if (h->previous_run_as_of == NULL || h->previous_run_as_of[0] == '\0')
        return 1;
    for (size_t i = 0; i < rpo_report_achievement_count(r); i++) {
        const rpo_achievement *a = rpo_report_achievement_at(r, i);
        if (a != NULL && a->is_new)
            return 1;
    }
    for (size_t i = 0; i < rpo_report_risk_count(r); i++)
        if (webhook_risk_is_news(rpo_report_risk_at(r, i), o))
            return 1;
    if (period == SIZE_MAX)
        return 0;
    n = webhook_pick_metrics(r, period,
                             o->max_metrics < WEBHOOK_MAX_METRICS ? o->max_metrics
                                                                  : WEBHOOK_MAX_METRICS,
                             picked, &eligible, &key);
    for (size_t i = 0; i < n; i++) {
        const rpo_metric_value *v = rpo_report_value(r, picked[i], period);
        if (v != NULL && webhook_status_changed(v))
            return 1;
    }
    return 0;
}
