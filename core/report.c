/*
 * report.c — the report object sinks read (rpo/report.h) and its builder.
 */
#include "report_build.h"
#include "metrics.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct rpo_report {
    rpo_report_header header;
    rpo_period *periods;
    size_t n_periods;
    const rpo_metric_info **metrics;
    size_t n_metrics;
    rpo_metric_value *values; /* [metric * n_periods + period] */
    rpo_source_summary *sources;
    size_t n_sources;
    rpo_quality_flag *flags;
    size_t n_flags;
};

static char *dup_or_empty(const char *s)
{
    return rpo_xstrdup(s ? s : "");
}

rpo_report *rpo_report_build(rpo_model *m, const rpo_report_header *header,
                             const rpo_source_summary *sources, size_t n_sources)
{
    rpo_report *r = rpo_xcalloc(1, sizeof *r);
    r->header.engagement = dup_or_empty(header->engagement);
    r->header.client = dup_or_empty(header->client);
    r->header.provider = dup_or_empty(header->provider);
    r->header.currency = dup_or_empty(header->currency);
    r->header.as_of = dup_or_empty(header->as_of);
    r->header.generator = dup_or_empty(header->generator);
    r->header.min_n = header->min_n;

    rpo_tally *t = &m->tally;
    size_t nq = t->q_first <= t->q_last ? (size_t)(t->q_last - t->q_first + 1) : 0;
    r->n_periods = nq + 1;
    r->periods = rpo_xcalloc(r->n_periods, sizeof *r->periods);
    for (size_t i = 0; i < nq; i++) {
        int q = t->q_first + (int)i;
        rpo_day first, last;
        rpo_quarter_bounds(q, &first, &last);
        if (last > m->as_of)
            last = m->as_of;
        char label[12], d1[11], d2[11];
        rpo_quarter_label(q, label);
        rpo_date_format(first, d1);
        rpo_date_format(last, d2);
        r->periods[i].label = rpo_xstrdup(label);
        r->periods[i].first_day = rpo_xstrdup(d1);
        r->periods[i].last_day = rpo_xstrdup(d2);
    }
    char asof[11];
    rpo_date_format(m->as_of, asof);
    r->periods[nq].label = rpo_xstrdup("overall");
    r->periods[nq].first_day = rpo_xstrdup("");
    r->periods[nq].last_day = rpo_xstrdup(asof);
    r->periods[nq].overall = 1;

    r->n_metrics = rpo_metric_catalogue_size;
    r->metrics = rpo_xcalloc(r->n_metrics, sizeof *r->metrics);
    r->values = rpo_xcalloc(r->n_metrics * r->n_periods, sizeof *r->values);
    for (size_t i = 0; i < r->n_metrics; i++) {
        const rpo_metric_def *d = &rpo_metric_catalogue[i];
        r->metrics[i] = &d->info;
        for (size_t p = 0; p < r->n_periods; p++) {
            rpo_period_acc *acc = p < nq ? &t->periods[p] : &t->overall;
            d->compute(acc, header->min_n, &r->values[i * r->n_periods + p]);
        }
    }

    r->n_sources = n_sources;
    r->sources = rpo_xcalloc(n_sources, sizeof *r->sources);
    for (size_t i = 0; i < n_sources; i++) {
        r->sources[i] = sources[i];
        r->sources[i].instance = dup_or_empty(sources[i].instance);
        r->sources[i].plugin = dup_or_empty(sources[i].plugin);
        r->sources[i].record = dup_or_empty(sources[i].record);
    }

    r->flags = rpo_xcalloc(FLAG__N, sizeof *r->flags);
    for (int f = 0; f < FLAG__N; f++) {
        if (!t->flags[f].count)
            continue;
        rpo_quality_flag *q = &r->flags[r->n_flags++];
        q->code = rpo_flag_code_name((rpo_flag_code)f);
        q->description = rpo_flag_description((rpo_flag_code)f);
        q->count = t->flags[f].count;
        q->example = dup_or_empty(t->flags[f].example);
    }
    return r;
}

void rpo_report_free(rpo_report *r)
{
    if (!r)
        return;
    free((char *)r->header.engagement);
    free((char *)r->header.client);
    free((char *)r->header.provider);
    free((char *)r->header.currency);
    free((char *)r->header.as_of);
    free((char *)r->header.generator);
    for (size_t i = 0; i < r->n_periods; i++) {
        free((char *)r->periods[i].label);
        free((char *)r->periods[i].first_day);
        free((char *)r->periods[i].last_day);
    }
    free(r->periods);
    free(r->metrics);
    free(r->values);
    for (size_t i = 0; i < r->n_sources; i++) {
        free((char *)r->sources[i].instance);
        free((char *)r->sources[i].plugin);
        free((char *)r->sources[i].record);
    }
    free(r->sources);
    for (size_t i = 0; i < r->n_flags; i++)
        free((char *)r->flags[i].example);
    free(r->flags);
    free(r);
}

const rpo_report_header *rpo_report_get_header(const rpo_report *r)
{
    return &r->header;
}

size_t rpo_report_period_count(const rpo_report *r)
{
    return r->n_periods;
}

const rpo_period *rpo_report_period_at(const rpo_report *r, size_t i)
{
    return i < r->n_periods ? &r->periods[i] : NULL;
}

size_t rpo_report_metric_count(const rpo_report *r)
{
    return r->n_metrics;
}

const rpo_metric_info *rpo_report_metric_at(const rpo_report *r, size_t i)
{
    return i < r->n_metrics ? r->metrics[i] : NULL;
}

const rpo_metric_value *rpo_report_value(const rpo_report *r, size_t m, size_t p)
{
    return m < r->n_metrics && p < r->n_periods ? &r->values[m * r->n_periods + p] : NULL;
}

size_t rpo_report_source_count(const rpo_report *r)
{
    return r->n_sources;
}

const rpo_source_summary *rpo_report_source_at(const rpo_report *r, size_t i)
{
    return i < r->n_sources ? &r->sources[i] : NULL;
}

size_t rpo_report_flag_count(const rpo_report *r)
{
    return r->n_flags;
}

const rpo_quality_flag *rpo_report_flag_at(const rpo_report *r, size_t i)
{
    return i < r->n_flags ? &r->flags[i] : NULL;
}

const char *rpo_unit_name(rpo_unit unit)
{
    static const char *const names[] = {"count", "days", "percent", "currency", "ratio", "score"};
    return (unsigned)unit < sizeof names / sizeof names[0] ? names[unit] : "unknown";
}

const char *rpo_direction_name(rpo_direction d)
{
    static const char *const names[] = {"none", "higher_is_better", "lower_is_better"};
    return (unsigned)d < sizeof names / sizeof names[0] ? names[d] : "unknown";
}

const char *rpo_value_state_name(rpo_value_state s)
{
    static const char *const names[] = {"ok", "insufficient", "empty"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
