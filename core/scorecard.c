/*
 * scorecard.c — what the partnership reads off the metric cells: the
 * quarterly incentive, achievements worth celebrating, and the correlations
 * along each goal's chain of levers → metrics → outcomes (docs/metrics.md).
 * Everything here reads segment "all" of the report's cells.
 */
#include "report_internal.h"
#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const rpo_metric_value *all(const rpo_report *r, size_t m, size_t p)
{
    return &r->values[(m * r->n_periods + p) * r->n_segs];
}

static double round_to(double x, double scale)
{
    return round(x * scale) / scale;
}

/* ---- incentive ----------------------------------------------------------- */

static void build_incentive(rpo_report *r)
{
    const rpo_incentive_cfg *c = &r->reg->inc;
    if (!c->on)
        return;
    size_t np = r->n_periods - 1;
    r->inc_periods = rpo_xcalloc(np ? np : 1, sizeof *r->inc_periods);
    for (size_t p = 0; p < np; p++) {
        rpo_incentive_period *ip = &r->inc_periods[p];
        rpo_incentive_line *lines = rpo_xcalloc(c->n ? c->n : 1, sizeof *lines);
        ip->period = p;
        ip->lines = lines;
        ip->n_lines = c->n;
        double wsum = 0, wa = 0;
        for (size_t k = 0; k < c->n; k++) {
            const rpo_reg_metric *m = &r->reg->m[c->metric[k]];
            const rpo_metric_value *v = all(r, c->metric[k], p);
            rpo_incentive_line *l = &lines[k];
            l->metric = c->metric[k];
            l->weight = c->weight[k];
            /* Without a value, a line is insufficient (its weight is left out). */
            l->state = v->state == RPO_VALUE_OK ? RPO_VALUE_OK : RPO_VALUE_INSUFFICIENT;
            l->target = m->target;
            if (v->state != RPO_VALUE_OK)
                continue;
            l->value = v->value;
            double a;
            int higher = m->info.direction == RPO_HIGHER_IS_BETTER;
            if (m->target == 0)
                a = (higher ? v->value >= 0 : v->value <= 0) ? c->cap : 0;
            else if (higher)
                a = v->value / m->target * 100.0;
            else
                a = v->value == 0 ? c->cap : m->target / v->value * 100.0;
            a = a < 0 ? 0 : a > c->cap ? c->cap : a;
            l->has_attainment = 1;
            l->attainment = round_to(a, 100);
            wsum += c->weight[k];
            wa += c->weight[k] * l->attainment;
        }
        if (wsum > 0) {
            ip->has_weighted = 1;
            ip->weighted = round_to(wa / wsum, 100);
            for (size_t t = 0; t < c->n_tiers; t++) {
                if (ip->weighted >= c->tier_at[t]) {
                    ip->has_tier = 1;
                    ip->tier_threshold = c->tier_at[t];
                    ip->tier_payout = c->tier_pay[t];
                }
            }
            ip->payout = ip->has_tier ? round_to(c->pool * ip->tier_payout / 100.0, 100) : 0;
        }
    }
    r->incentive.pool = c->pool;
    r->incentive.cap = c->cap;
    r->incentive.periods = r->inc_periods;
    r->incentive.n_periods = np;
}

/* ---- achievements -------------------------------------------------------- */

static void add_achievement(rpo_report *r, rpo_achievement_kind kind, const char *metric,
                            const char *first, const char *last, double value, const char *fmt,
                            ...) __attribute__((format(printf, 7, 8)));

static void add_achievement(rpo_report *r, rpo_achievement_kind kind, const char *metric,
                            const char *first, const char *last, double value, const char *fmt,
                            ...)
{
    r->achievements = rpo_xrealloc(r->achievements, (r->n_achievements + 1) * sizeof *r->achievements);
    rpo_achievement *a = &r->achievements[r->n_achievements++];
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    a->kind = kind;
    a->is_new = 1; /* until a previous run says otherwise (report_previous.c) */
    a->metric = metric;
    a->first = rpo_xstrdup(first);
    a->last = rpo_xstrdup(last);
    a->value = value;
    a->text = rpo_xstrdup(text);
}

static const char *unit_suffix(rpo_unit u, const char *currency)
{
    switch (u) {
    case RPO_UNIT_DAYS: return " days";
    case RPO_UNIT_PERCENT: return " %";
    case RPO_UNIT_CURRENCY: return currency; /* " EUR" */
    default: return "";
    }
}

static void build_achievements(rpo_report *r)
{
    const rpo_registry *reg = r->reg;
    size_t n_complete = 0;
    while (n_complete + 1 < r->n_periods && r->periods[n_complete].complete)
        n_complete++;
    for (size_t mi = 0; mi < r->n_metrics; mi++) {
        const rpo_reg_metric *m = &reg->m[mi];
        if (m->info.direction == RPO_DIRECTION_NONE ||
            !(m->has_target || m->baseline_kind || m->info.key))
            continue;
        /* Streaks: runs of met targets. */
        size_t run = 0;
        for (size_t p = 0; p <= n_complete; p++) {
            if (p < n_complete && all(r, mi, p)->status == RPO_STATUS_MET) {
                run++;
                continue;
            }
            if (run >= reg->streak)
                add_achievement(r, RPO_ACH_STREAK, m->info.id, r->periods[p - run].label,
                                r->periods[p - 1].label, (double)run,
                                "%s met its target %zu periods in a row (%s–%s)", m->info.name,
                                run, r->periods[p - run].label, r->periods[p - 1].label);
            run = 0;
        }
        /* Best period. */
        size_t seen = 0, best = 0;
        int higher = m->info.direction == RPO_HIGHER_IS_BETTER;
        for (size_t p = 0; p < n_complete; p++) {
            const rpo_metric_value *v = all(r, mi, p);
            if (v->state != RPO_VALUE_OK)
                continue;
            const rpo_metric_value *b = all(r, mi, best);
            if (!seen++ || (higher ? v->value > b->value : v->value < b->value))
                best = p;
        }
        if (seen >= reg->min_periods) {
            const rpo_metric_value *b = all(r, mi, best);
            add_achievement(r, RPO_ACH_BEST_PERIOD, m->info.id, r->periods[best].label,
                            r->periods[best].label, b->value,
                            "Best period for %s: %s at %.2f%s (of %zu periods)", m->info.name,
                            r->periods[best].label, b->value,
                            unit_suffix(m->info.unit, r->currency_suffix), seen);
        }
    }
    /* Milestones: the Nth hire. */
    size_t n;
    rpo_day *days = rpo_model_hire_days(r->model, &n);
    for (size_t k = 0; k < reg->n_milestones; k++) {
        if ((size_t)reg->milestones[k] > n)
            break;
        char date[11];
        rpo_date_format(days[reg->milestones[k] - 1], date);
        add_achievement(r, RPO_ACH_MILESTONE, "hires", date, date, (double)reg->milestones[k],
                        "Hire number %ld accepted on %s", reg->milestones[k], date);
    }
    free(days);
    /* The largest improvement over a baseline, in the latest complete period. */
    long best_m = -1;
    double best_gain = 0;
    size_t best_p = 0;
    for (size_t mi = 0; mi < r->n_metrics && n_complete; mi++) {
        const rpo_reg_metric *m = &reg->m[mi];
        if (m->info.direction == RPO_DIRECTION_NONE || !m->baseline_kind)
            continue;
        size_t p = n_complete;
        while (p-- > 0 && all(r, mi, p)->state != RPO_VALUE_OK)
            ;
        if (p == (size_t)-1)
            continue;
        const rpo_metric_value *v = all(r, mi, p);
        if (!v->has_baseline || v->baseline == 0)
            continue;
        double gain = (v->value - v->baseline) / fabs(v->baseline) * 100.0;
        if (m->info.direction == RPO_LOWER_IS_BETTER)
            gain = -gain;
        gain = round_to(gain, 100);
        if (gain > best_gain) {
            best_gain = gain;
            best_m = (long)mi;
            best_p = p;
        }
    }
    if (best_m >= 0) {
        const rpo_reg_metric *m = &reg->m[best_m];
        const rpo_metric_value *v = all(r, (size_t)best_m, best_p);
        add_achievement(r, RPO_ACH_IMPROVEMENT, m->info.id, r->periods[best_p].label,
                        r->periods[best_p].label, best_gain,
                        "%s improved %.2f %% on its baseline (%.2f → %.2f) in %s", m->info.name,
                        best_gain, v->baseline, v->value, r->periods[best_p].label);
    }
}

/* ---- goal alignment ------------------------------------------------------ */

/* The value of node KIND (0 lever, 1 metric, 2 outcome) NAME/IX in period P. */
static int node_value(const rpo_report *r, int kind, const char *name, size_t ix, size_t p,
                      double *out)
{
    if (kind == 1) {
        const rpo_metric_value *v = all(r, ix, p);
        if (v->state != RPO_VALUE_OK)
            return -1;
        *out = v->value;
        return 0;
    }
    return rpo_model_series_value(r->model, kind == 0 ? 0 : 1, name, r->p_first + (int)p, out);
}

static void link(rpo_report *r, rpo_goal *g, const rpo_goal_cfg *c, int kf, size_t f, int kt,
                 size_t t)
{
    static const char *const prefix[3] = {"lever:", "metric:", "outcome:"};
    const char *fname = c->from_kind_name[kf][f], *tname = c->from_kind_name[kt][t];
    size_t fix = kf == 1 ? c->metric_ix[f] : 0, tix = kt == 1 ? c->metric_ix[t] : 0;
    size_t np = r->n_periods - 1;
    double *x = rpo_xcalloc(np ? np : 1, sizeof *x), *y = rpo_xcalloc(np ? np : 1, sizeof *y);
    for (int lag = 0; lag <= 1; lag++) {
        size_t n = 0;
        for (size_t p = 0; p + (size_t)lag < np; p++)
            if (node_value(r, kf, fname, fix, p, &x[n]) == 0 &&
                node_value(r, kt, tname, tix, p + (size_t)lag, &y[n]) == 0)
                n++;
        rpo_alignment_link *l = (rpo_alignment_link *)&g->links[g->n_links++];
        char buf[256];
        snprintf(buf, sizeof buf, "%s%s", prefix[kf], fname);
        l->from = rpo_xstrdup(buf);
        snprintf(buf, sizeof buf, "%s%s", prefix[kt], tname);
        l->to = rpo_xstrdup(buf);
        l->lag = lag;
        l->n = n;
        double pr, sr;
        if (n < c->min_periods) {
            l->state = RPO_CORR_TOO_FEW;
        } else if (rpo_pearson(x, y, n, &pr) != 0 || rpo_spearman(x, y, n, &sr) != 0) {
            l->state = RPO_CORR_NO_VARIATION;
        } else {
            l->state = RPO_CORR_OK;
            l->pearson = round_to(pr, 10000);
            l->spearman = round_to(sr, 10000);
        }
    }
    free(x);
    free(y);
}

static void build_alignment(rpo_report *r)
{
    const rpo_registry *reg = r->reg;
    r->n_goals = reg->n_goals;
    r->goals = rpo_xcalloc(reg->n_goals ? reg->n_goals : 1, sizeof *r->goals);
    for (size_t gi = 0; gi < reg->n_goals; gi++) {
        const rpo_goal_cfg *c = &reg->goals[gi];
        rpo_goal *g = &r->goals[gi];
        g->name = c->name;
        g->description = c->description;
        size_t cap = 2 * c->n[1] * (c->n[0] + c->n[2]);
        g->links = rpo_xcalloc(cap ? cap : 1, sizeof *g->links);
        for (size_t m = 0; m < c->n[1]; m++) {
            for (size_t l = 0; l < c->n[0]; l++)
                link(r, g, c, 0, l, 1, m);
            for (size_t o = 0; o < c->n[2]; o++)
                link(r, g, c, 1, m, 2, o);
        }
    }
}

void rpo_scorecard_build(rpo_report *r)
{
    build_incentive(r);
    build_achievements(r);
    build_alignment(r);
}

void rpo_scorecard_free(rpo_report *r)
{
    if (r->inc_periods)
        for (size_t p = 0; p < r->incentive.n_periods; p++)
            free((void *)r->inc_periods[p].lines);
    free(r->inc_periods);
    for (size_t i = 0; i < r->n_achievements; i++) {
        free((char *)r->achievements[i].first);
        free((char *)r->achievements[i].last);
        free((char *)r->achievements[i].text);
    }
    free(r->achievements);
    for (size_t g = 0; g < r->n_goals; g++) {
        for (size_t i = 0; i < r->goals[g].n_links; i++) {
            free((char *)r->goals[g].links[i].from);
            free((char *)r->goals[g].links[i].to);
        }
        free((void *)r->goals[g].links);
    }
    free(r->goals);
}

const rpo_incentive *rpo_report_incentive(const rpo_report *r)
{
    return r->reg->inc.on ? &r->incentive : NULL;
}

size_t rpo_report_achievement_count(const rpo_report *r)
{
    return r->n_achievements;
}

const rpo_achievement *rpo_report_achievement_at(const rpo_report *r, size_t i)
{
    return i < r->n_achievements ? &r->achievements[i] : NULL;
}

size_t rpo_report_goal_count(const rpo_report *r)
{
    return r->n_goals;
}

const rpo_goal *rpo_report_goal_at(const rpo_report *r, size_t i)
{
    return i < r->n_goals ? &r->goals[i] : NULL;
}
