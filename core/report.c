/*
 * report.c — the report object sinks read (rpo/report.h) and its builder:
 * every registry metric per period × segment, then targets, status and
 * trends; incentives, achievements and alignment come from scorecard.c.
 */
#include "report_internal.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
    return rpo_xstrdup(s ? s : "");
}

struct rpo_metric_inputs {
    const rpo_report *r;
    const rpo_reg_metric *m;
    size_t p, s;
    unsigned min_n;
};

const rpo_metric_value *rpo_metric_input(const rpo_metric_inputs *in, const char *id)
{
    for (size_t k = 0; k < in->m->n_refs; k++)
        if (strcmp(in->m->ref_name[k], id) == 0)
            return rpo_report_cell(in->r, in->m->ref_metric[k], in->p, in->s);
    return NULL;
}

unsigned rpo_metric_min_n(const rpo_metric_inputs *in)
{
    return in->min_n;
}

int rpo_report_supports(const rpo_report *r, size_t m, size_t s)
{
    return s == 0 || (r->reg->m[m].dims >> r->segs[s].dim_id) & 1u;
}

static rpo_metric_value *cell(rpo_report *r, size_t m, size_t p, size_t s)
{
    return &r->values[(m * r->n_periods + p) * r->n_segs + s];
}

/* What a formula's lookup sees: one cell's inputs. */
typedef struct formula_env {
    rpo_report *r;
    const rpo_reg_metric *m;
    size_t p, s;
} formula_env;

static int formula_lookup(void *arg, const char *name, double *out)
{
    formula_env *env = arg;
    for (size_t k = 0; k < env->m->n_refs; k++) {
        if (strcmp(env->m->ref_name[k], name) != 0)
            continue;
        const rpo_metric_value *v = cell(env->r, env->m->ref_metric[k], env->p, env->s);
        if (env->m->ref_part[k] == REF_N) {
            *out = (double)v->n;
            return 0;
        }
        if (v->state != RPO_VALUE_OK)
            return 1;
        *out = env->m->ref_part[k] == REF_MEAN ? v->mean
               : env->m->ref_part[k] == REF_P90 ? v->p90
                                                : v->value;
        return 0;
    }
    return 1;
}

/*
 * The state and n a formula's result starts from (docs/metrics.md): n is
 * the smallest n of its value inputs; the state is empty when an input is
 * empty, else insufficient when one is, else ok. Every input is looked at,
 * whatever the order of evaluation.
 */
static rpo_value_state formula_inputs(rpo_report *r, const rpo_reg_metric *m, size_t p, size_t s,
                                      unsigned long long *n)
{
    rpo_value_state worst = RPO_VALUE_OK;
    int seen = 0;
    *n = 0;
    for (size_t k = 0; k < m->n_refs; k++) {
        if (m->ref_part[k] == REF_N)
            continue;
        const rpo_metric_value *v = cell(r, m->ref_metric[k], p, s);
        if (!seen++ || v->n < *n)
            *n = v->n;
        if (v->state == RPO_VALUE_EMPTY)
            worst = RPO_VALUE_EMPTY;
        else if (v->state == RPO_VALUE_INSUFFICIENT && worst == RPO_VALUE_OK)
            worst = RPO_VALUE_INSUFFICIENT;
    }
    return worst;
}

static int compute_derived(rpo_report *r, size_t mi, unsigned min_n)
{
    const rpo_reg_metric *m = &r->reg->m[mi];
    for (size_t p = 0; p < r->n_periods; p++) {
        for (size_t s = 0; s < r->n_segs; s++) {
            if (!rpo_report_supports(r, mi, s))
                continue;
            rpo_metric_value *out = cell(r, mi, p, s);
            if (m->formula) {
                formula_env env = {r, m, p, s};
                double x;
                out->state = formula_inputs(r, m, p, s, &out->n);
                if (out->state != RPO_VALUE_OK)
                    continue;
                int rc = rpo_formula_eval(m->formula, formula_lookup, &env, &x);
                if (rc == RPO_FORMULA_OK && isfinite(x))
                    out->value = rpo_round2(x);
                else /* a division by zero: nothing to measure */
                    out->state = RPO_VALUE_EMPTY;
            } else if (m->spec) {
                struct rpo_metric_inputs in = {r, m, p, s, min_n};
                int rc = m->spec->compute(m->plugin_ctx, &in, out);
                if (rc != RPO_OK)
                    return rc;
            }
        }
    }
    return RPO_OK;
}

/* The target that applies to segment S of metric M, if any. */
static int target_for(const rpo_report *r, const rpo_reg_metric *m, size_t s, double *t)
{
    if (s) {
        for (size_t k = 0; k < m->n_seg_targets; k++) {
            if (m->seg_targets[k].dim == r->segs[s].dim_id &&
                strcmp(m->seg_targets[k].value, r->segs[s].pub.value) == 0) {
                *t = m->seg_targets[k].target;
                return 1;
            }
        }
    }
    *t = m->target;
    return m->has_target;
}

static rpo_target_status judge(const rpo_reg_metric *m, const rpo_metric_value *v, double t)
{
    if (v->state != RPO_VALUE_OK)
        return RPO_STATUS_INSUFFICIENT;
    int higher = m->info.direction == RPO_HIGHER_IS_BETTER;
    if (higher ? v->value >= t : v->value <= t)
        return RPO_STATUS_MET;
    double tol = m->tolerance_pct ? fabs(t) * m->tolerance / 100.0 : m->tolerance;
    /* The values have 2 decimals; the tolerance is not rounded (10 % of 33.35
     * is 3.335), and a difference equal to it, up to binary error, is near. */
    return fabs(v->value - t) <= tol + 1e-9 ? RPO_STATUS_NEAR : RPO_STATUS_MISSED;
}

static void judge_all(rpo_report *r)
{
    for (size_t mi = 0; mi < r->n_metrics; mi++) {
        const rpo_reg_metric *m = &r->reg->m[mi];
        size_t base_p = (size_t)-1;
        if (m->baseline_kind == 2)
            for (size_t p = 0; p + 1 < r->n_periods; p++)
                if (strcmp(r->periods[p].label, m->baseline_period) == 0)
                    base_p = p;
        for (size_t s = 0; s < r->n_segs; s++) {
            if (!rpo_report_supports(r, mi, s))
                continue;
            for (size_t p = 0; p < r->n_periods; p++) {
                rpo_metric_value *v = cell(r, mi, p, s);
                double t;
                if (target_for(r, m, s, &t)) {
                    v->has_target = 1;
                    v->target = t;
                    v->status = judge(m, v, t);
                }
                if (m->baseline_kind == 1) {
                    v->has_baseline = 1;
                    v->baseline = m->baseline;
                } else if (base_p != (size_t)-1 && cell(r, mi, base_p, s)->state == RPO_VALUE_OK) {
                    v->has_baseline = 1;
                    v->baseline = cell(r, mi, base_p, s)->value;
                }
                if (v->has_baseline && v->state == RPO_VALUE_OK) {
                    v->has_change_baseline = 1;
                    v->change_vs_baseline = rpo_round2(v->value - v->baseline);
                }
                const rpo_metric_value *prev = p && !r->periods[p].overall
                                                   ? cell(r, mi, p - 1, s)
                                                   : NULL;
                if (prev && prev->state == RPO_VALUE_OK && v->state == RPO_VALUE_OK) {
                    v->has_change_previous = 1;
                    v->change_vs_previous = rpo_round2(v->value - prev->value);
                }
            }
        }
    }
}

static int cmp_seg(const void *a, const void *b)
{
    const rpo_report_seg *x = a, *y = b;
    if (x->dim_id != y->dim_id)
        return x->dim_id - y->dim_id;
    return strcmp(x->pub.value, y->pub.value);
}

int rpo_report_build(rpo_model *m, const rpo_registry *reg, const rpo_report_header *header,
                     const rpo_source_summary *sources, size_t n_sources, rpo_report **out)
{
    rpo_report *r = rpo_xcalloc(1, sizeof *r);
    *out = r;
    r->reg = reg;
    r->model = m;
    r->header.engagement = dup_or_empty(header->engagement);
    r->header.client = dup_or_empty(header->client);
    r->header.provider = dup_or_empty(header->provider);
    r->header.currency = dup_or_empty(header->currency);
    r->header.as_of = dup_or_empty(header->as_of);
    r->header.generator = dup_or_empty(header->generator);
    r->header.min_n = header->min_n;
    r->header.previous_run_as_of = dup_or_empty(header->previous_run_as_of);
    r->header.phase = dup_or_empty(header->phase);
    if (*r->header.currency)
        snprintf(r->currency_suffix, sizeof r->currency_suffix, " %.3s", r->header.currency);

    int first, last;
    size_t np = rpo_model_period_range(m, &first, &last) ? (size_t)(last - first + 1) : 0;
    r->p_first = first;
    r->n_periods = np + 1;
    r->periods = rpo_xcalloc(r->n_periods, sizeof *r->periods);
    for (size_t i = 0; i < np; i++) {
        rpo_day d1, d2;
        rpo_period_bounds(&m->opt.cal, first + (int)i, &d1, &d2);
        r->periods[i].complete = d2 <= m->as_of;
        r->periods[i].pub.complete = r->periods[i].complete;
        if (d2 > m->as_of)
            d2 = m->as_of;
        char label[16], s1[11], s2[11];
        rpo_period_label(&m->opt.cal, first + (int)i, label);
        rpo_date_format(d1, s1);
        rpo_date_format(d2, s2);
        r->periods[i].pub.label = rpo_xstrdup(label);
        r->periods[i].pub.first_day = rpo_xstrdup(s1);
        r->periods[i].pub.last_day = rpo_xstrdup(s2);
    }
    char asof[11];
    rpo_date_format(m->as_of, asof);
    r->periods[np].pub.label = rpo_xstrdup("overall");
    r->periods[np].pub.first_day = rpo_xstrdup("");
    r->periods[np].pub.last_day = rpo_xstrdup(asof);
    r->periods[np].pub.overall = 1;
    r->periods[np].overall = 1;
    r->periods[np].label = r->periods[np].pub.label;
    for (size_t i = 0; i < np; i++)
        r->periods[i].label = r->periods[i].pub.label;

    /* Segments: all, then every model value sorted by dimension and value. */
    r->n_segs = m->n_segs;
    r->segs = rpo_xcalloc(r->n_segs, sizeof *r->segs);
    for (size_t i = 0; i < m->n_segs; i++) {
        r->segs[i].model_id = (uint32_t)i;
        r->segs[i].dim_id = i ? m->segs[i].dim : -1;
        r->segs[i].pub.dimension = i ? rpo_dim_name(m->segs[i].dim) : "all";
        r->segs[i].pub.value = m->segs[i].value;
    }
    if (r->n_segs > 1)
        qsort(r->segs + 1, r->n_segs - 1, sizeof *r->segs, cmp_seg);

    r->n_metrics = reg->n;
    r->metrics = rpo_xcalloc(r->n_metrics ? r->n_metrics : 1, sizeof *r->metrics);
    size_t n_cells = r->n_metrics * r->n_periods * r->n_segs;
    r->values = rpo_xcalloc(n_cells ? n_cells : 1, sizeof *r->values);
    rpo_metric_ctx ctx = {header->min_n, &m->opt};
    rpo_period_acc zero;
    memset(&zero, 0, sizeof zero);
    for (size_t i = 0; i < r->n_metrics; i++) {
        r->metrics[i] = &reg->m[i].info;
        const rpo_metric_def *d = reg->m[i].builtin;
        if (!d)
            continue;
        for (size_t s = 0; s < r->n_segs; s++) {
            if (!rpo_report_supports(r, i, s))
                continue;
            uint32_t id = r->segs[s].model_id;
            rpo_series *row = id < m->tally.n_rows ? &m->tally.rows[id] : NULL;
            for (size_t p = 0; p < r->n_periods; p++) {
                int q = first + (int)p;
                rpo_period_acc *acc = &zero;
                if (row && r->periods[p].overall)
                    acc = &row->overall;
                else if (row && q >= row->p_first && q <= row->p_last)
                    acc = &row->periods[q - row->p_first];
                d->compute(acc, &ctx, cell(r, i, p, s));
            }
        }
    }
    int rc = RPO_OK;
    for (size_t k = 0; k < reg->n && rc == RPO_OK; k++) {
        size_t i = reg->order[k];
        if (!reg->m[i].builtin)
            rc = compute_derived(r, i, header->min_n);
    }
    if (rc != RPO_OK)
        return rc;
    judge_all(r);

    r->n_sources = n_sources;
    r->sources = rpo_xcalloc(n_sources ? n_sources : 1, sizeof *r->sources);
    for (size_t i = 0; i < n_sources; i++) {
        r->sources[i] = sources[i];
        r->sources[i].instance = dup_or_empty(sources[i].instance);
        r->sources[i].plugin = dup_or_empty(sources[i].plugin);
        r->sources[i].record = dup_or_empty(sources[i].record);
    }

    rpo_tally *t = &m->tally;
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
    rpo_scorecard_build(r);
    rpo_report_build_risks(r, m);
    return RPO_OK;
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
    free((char *)r->header.previous_run_as_of);
    free((char *)r->header.phase);
    for (size_t i = 0; i < r->n_periods; i++) {
        free((char *)r->periods[i].pub.label);
        free((char *)r->periods[i].pub.first_day);
        free((char *)r->periods[i].pub.last_day);
    }
    free(r->periods);
    free(r->segs);
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
    rpo_scorecard_free(r);
    rpo_report_free_risks(r);
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
    return i < r->n_periods ? &r->periods[i].pub : NULL;
}

size_t rpo_report_metric_count(const rpo_report *r)
{
    return r->n_metrics;
}

const rpo_metric_info *rpo_report_metric_at(const rpo_report *r, size_t i)
{
    return i < r->n_metrics ? r->metrics[i] : NULL;
}

const rpo_metric_value *rpo_report_cell(const rpo_report *r, size_t m, size_t p, size_t s)
{
    if (m >= r->n_metrics || p >= r->n_periods || s >= r->n_segs || !rpo_report_supports(r, m, s))
        return NULL;
    return &r->values[(m * r->n_periods + p) * r->n_segs + s];
}

const rpo_metric_value *rpo_report_value(const rpo_report *r, size_t m, size_t p)
{
    return rpo_report_cell(r, m, p, 0);
}

void rpo_report_set_frameworks(rpo_report *r, const rpo_framework_view *views, size_t n)
{
    r->frameworks = views;
    r->n_frameworks = n;
}

size_t rpo_report_framework_count(const rpo_report *r)
{
    return r->n_frameworks;
}

const rpo_framework_view *rpo_report_framework_at(const rpo_report *r, size_t i)
{
    return i < r->n_frameworks ? &r->frameworks[i] : NULL;
}

size_t rpo_report_segment_count(const rpo_report *r)
{
    return r->n_segs;
}

const rpo_segment *rpo_report_segment_at(const rpo_report *r, size_t i)
{
    return i < r->n_segs ? &r->segs[i].pub : NULL;
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

const char *rpo_target_status_name(rpo_target_status s)
{
    static const char *const names[] = {"none", "met", "near", "missed", "insufficient"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

const char *rpo_achievement_kind_name(rpo_achievement_kind k)
{
    static const char *const names[] = {"streak", "best_period", "milestone", "improvement"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

const char *rpo_corr_state_name(rpo_corr_state s)
{
    static const char *const names[] = {"ok", "too_few_periods", "no_variation"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
