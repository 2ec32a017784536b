/*
 * model_finish.c — adding up the facts that need every record first:
 * requisitions (fill dates, slates, snapshots at period ends), hires
 * (their hire records: start, retention, quality) and the risk log.
 * docs/metrics.md defines each quantity.
 */
#include "model_internal.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define ACC(member) offsetof(rpo_period_acc, member)

int rpo_model_period_range(const rpo_model *m, int *first, int *last)
{
    *first = m->tally.d_first;
    *last = m->tally.d_last;
    return *first <= *last;
}

/* The end of period P for snapshots: its last day, or the as-of date. */
static rpo_day period_end(const rpo_model *m, int p)
{
    rpo_day first, last;
    rpo_period_bounds(&m->opt.cal, p, &first, &last);
    return last < m->as_of ? last : m->as_of;
}

/* Adds requisition R's snapshot at END (open or not, its age) to period P
 * (P < 0: overall). */
static void open_snapshot(rpo_model *m, const req_info *r, rpo_day end_day, rpo_day end, int p,
                          const rpo_segs *segs)
{
    if (r->opened > end || (end_day != NO_DAY && end_day <= end))
        return;
    int32_t age = end - r->opened;
    int bucket = age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2 : 3;
    for (int i = 0; i < segs->n; i++) {
        rpo_period_acc *a = p < 0 ? rpo_tally_overall(&m->tally, segs->id[i])
                                  : rpo_tally_acc(&m->tally, segs->id[i], p);
        a->req_open++;
        a->open_bucket[bucket]++;
        rpo_hist_add(&a->open_age, age);
    }
}

static void finish_requisitions(rpo_model *m, int p_last)
{
    rpo_tally *t = &m->tally;
    for (size_t i = 0; i < m->requisitions.count; i++) {
        const req_info *r = rpo_strmap_at(&m->requisitions, i);
        if (r->opened > m->as_of)
            continue;
        rpo_segs segs = {.id = {0}, .n = 1};
        for (int d = 0; d < DIM__N; d++)
            if (r->seg[d])
                segs.id[segs.n++] = r->seg[d];
        rpo_segs_count(t, &segs, rpo_tally_period(m, t, r->opened), ACC(req_opened), 1);

        static const rpo_req_agg none = {NO_DAY_MAX, NO_DAY_MAX, 0, 0, 0};
        const rpo_req_agg *ra = t->reqs ? &t->reqs[r->index] : &none;
        /* Fill date: filled_at (unless after the as-of date: not known yet),
         * else a single opening's first acceptance. */
        rpo_day first_accept = ra->first_accept;
        rpo_day filled = r->filled != NO_DAY && r->filled <= m->as_of ? r->filled
                         : r->openings == 1 && first_accept != NO_DAY_MAX ? first_accept
                                                                          : NO_DAY;
        rpo_day closed = r->closed != NO_DAY && r->closed <= m->as_of ? r->closed : NO_DAY;
        rpo_day end_day = filled != NO_DAY ? filled : closed;
        if (filled != NO_DAY) {
            int pf = rpo_tally_period(m, t, filled);
            rpo_segs_count(t, &segs, pf, ACC(req_filled), 1);
            int32_t sla = r->sla_days ? r->sla_days : m->opt.sla_days;
            if (sla) {
                rpo_segs_count(t, &segs, pf, ACC(sla_known), 1);
                if (filled - r->opened - r->hold_days <= sla)
                    rpo_segs_count(t, &segs, pf, ACC(sla_met), 1);
            }
        }
        if (end_day != NO_DAY) {
            int pe = rpo_tally_period(m, t, end_day);
            unsigned submitted = ra->submitted;
            if (submitted) {
                rpo_segs_count(t, &segs, pe, ACC(slate_reqs), 1);
                if (ra->diverse_submitted >= m->opt.min_diverse)
                    rpo_segs_count(t, &segs, pe, ACC(slate_diverse), 1);
            }
            rpo_segs_count(t, &segs, pe, ACC(qual_reqs), 1);
            rpo_segs_count(t, &segs, pe, ACC(qual_screened), ra->screened);
            rpo_segs_count(t, &segs, pe, ACC(qual_openings), (uint64_t)r->openings);
        }
        rpo_day first_submit = ra->first_submit;
        if (first_submit != NO_DAY_MAX) {
            if (first_submit < r->opened)
                rpo_tally_flag(t, FLAG_NEGATIVE_DURATION, NULL);
            else
                rpo_segs_hist(t, &segs, rpo_tally_period(m, t, first_submit),
                              ACC(time_to_submit), first_submit - r->opened);
        }
        for (int p = rpo_period_of(&m->opt.cal, r->opened); p <= p_last; p++)
            open_snapshot(m, r, end_day, period_end(m, p), p, &segs);
        open_snapshot(m, r, end_day, m->as_of, -1, &segs);
    }
}

int64_t rpo_qoh_denominator(const rpo_model_options *o)
{
    /* Components are (p - 1) / (max - 1) × 100 with p in hundredths, and
     * (1 - ramp / ramp_max) × 100: over this common denominator each is an
     * integer, and so is their weighted sum. */
    int64_t w = 0;
    for (int c = 0; c < QOH__N; c++)
        w += o->qoh_weight[c];
    return w * (int64_t)(o->performance_max - 1) * (o->hm_rating_max - 1) * o->ramp_days_max;
}

/* A hire's quality-of-hire composite times rpo_qoh_denominator(), or -1
 * when a weighted component is unknown. RETAINED: 1 stayed 90 days, 0 left
 * before, -1 not yet known. */
static int64_t qoh_composite(const rpo_model_options *o, const rpo_hire_fact *h, int retained)
{
    const int64_t dp = o->performance_max - 1, dh = o->hm_rating_max - 1, dr = o->ramp_days_max;
    const unsigned *w = o->qoh_weight;
    int64_t sum = 0;
    if (w[QOH_PERFORMANCE]) {
        if (h->performance < 0)
            return -1;
        sum += w[QOH_PERFORMANCE] * (int64_t)(h->performance - 100) * dh * dr;
    }
    if (w[QOH_HM_RATING]) {
        if (h->hm_rating < 0)
            return -1;
        sum += w[QOH_HM_RATING] * (int64_t)(h->hm_rating - 100) * dp * dr;
    }
    if (w[QOH_RAMP]) {
        if (h->ramp_days < 0)
            return -1;
        int64_t left = dr - h->ramp_days > 0 ? dr - h->ramp_days : 0;
        sum += w[QOH_RAMP] * 100 * left * dp * dh;
    }
    if (w[QOH_RETENTION]) {
        if (retained < 0)
            return -1;
        sum += w[QOH_RETENTION] * 100 * (int64_t)retained * dp * dh * dr;
    }
    return sum;
}

static void finish_hires(rpo_model *m)
{
    rpo_tally *t = &m->tally;
    for (size_t i = 0; i < t->n_hires; i++) {
        const rpo_hire_fact *h = &t->hires[i];
        rpo_segs segs;
        segs.n = h->n_seg;
        memcpy(segs.id, h->seg, sizeof segs.id);
        int pa = rpo_tally_period(m, t, h->accepted);
        if (h->pay >= 0) {
            rpo_segs_count(t, &segs, pa, ACC(pay_known), 1);
            rpo_segs_money(t, &segs, pa, ACC(pay_total), h->pay);
        }
        if (h->start == NO_DAY)
            continue;
        if (h->start < h->accepted)
            rpo_tally_flag(t, FLAG_NEGATIVE_DURATION, NULL);
        else
            rpo_segs_hist(t, &segs, pa, ACC(time_to_start), h->start - h->accepted);
        if (h->start > m->as_of)
            continue;
        rpo_tally_acc(t, 0, rpo_tally_period(m, t, h->start)); /* spans the periods */
        if (h->left != NO_DAY && h->left < h->start) {
            rpo_tally_flag(t, FLAG_LEFT_BEFORE_START, NULL);
            continue;
        }
        int ps = rpo_tally_period(m, t, h->start);
        int retained = -1;
        if (h->start + 90 <= m->as_of) {
            retained = !(h->left != NO_DAY && h->left < h->start + 90);
            rpo_segs_count(t, &segs, ps, ACC(attr_cohort), 1);
            rpo_segs_count(t, &segs, ps, ACC(attr_left), (uint64_t)!retained);
        }
        if (h->start + 365 <= m->as_of) {
            rpo_segs_count(t, &segs, ps, ACC(ret_cohort), 1);
            rpo_segs_count(t, &segs, ps, ACC(ret_stayed),
                           (uint64_t)!(h->left != NO_DAY && h->left < h->start + 365));
        }
        int64_t q = qoh_composite(&m->opt, h, retained);
        if (q >= 0) {
            rpo_segs_count(t, &segs, ps, ACC(qoh_n), 1);
            rpo_segs_money(t, &segs, ps, ACC(qoh_sum), q);
        }
    }
}

/* Adds risk K's state at END to period P (P < 0: overall). */
static void risk_snapshot(rpo_model *m, const risk_info *k, rpo_day end, int p)
{
    if (k->closed_undated || k->raised > end || (k->closed != NO_DAY && k->closed <= end))
        return;
    uint32_t segs[2] = {0, k->owner};
    for (int i = 0; i < (k->owner ? 2 : 1); i++) {
        rpo_period_acc *a = p < 0 ? rpo_tally_overall(&m->tally, segs[i])
                                  : rpo_tally_acc(&m->tally, segs[i], p);
        a->risks_open++;
        a->risks_open_high += k->severity >= (int)m->opt.risk_min_severity;
        a->risk_age_sum += end - k->raised;
    }
}

static void finish_risks(rpo_model *m, int p_last)
{
    rpo_tally *t = &m->tally;
    for (size_t i = 0; i < m->risks.count; i++) {
        const risk_info *k = rpo_strmap_at(&m->risks, i);
        if (k->raised > m->as_of)
            continue;
        rpo_segs segs = {.id = {0, k->owner}, .n = k->owner ? 2 : 1};
        if (k->closed != NO_DAY && k->closed <= m->as_of)
            rpo_segs_count(t, &segs, rpo_tally_period(m, t, k->closed), ACC(risks_closed), 1);
        for (int p = rpo_period_of(&m->opt.cal, k->raised); p <= p_last; p++)
            risk_snapshot(m, k, period_end(m, p), p);
        risk_snapshot(m, k, m->as_of, -1);
    }
}

void rpo_model_finish(rpo_model *m)
{
    for (size_t i = 0; i < m->stage_events.count; i++) {
        const evt_info *e = rpo_strmap_at(&m->stage_events, i);
        if (!atomic_load_explicit(&e->consumed, memory_order_relaxed))
            rpo_tally_flag(&m->tally, FLAG_STAGE_EVENT_UNKNOWN_APPLICATION, NULL);
    }
    finish_hires(m);
    /* Snapshots run to the last period anything is dated in, including the
     * requisitions' and risks' own dates. */
    int first, last;
    for (size_t i = 0; i < m->requisitions.count; i++) {
        const req_info *r = rpo_strmap_at(&m->requisitions, i);
        rpo_day d[] = {r->opened, r->filled, r->closed};
        for (size_t k = 0; k < 3 && r->opened <= m->as_of; k++)
            if (d[k] != NO_DAY && d[k] <= m->as_of)
                rpo_tally_acc(&m->tally, 0, rpo_period_of(&m->opt.cal, d[k]));
    }
    for (size_t i = 0; i < m->risks.count; i++) {
        const risk_info *k = rpo_strmap_at(&m->risks, i);
        rpo_day d[] = {k->raised, k->closed};
        for (size_t j = 0; j < 2 && k->raised <= m->as_of; j++)
            if (d[j] != NO_DAY && d[j] <= m->as_of)
                rpo_tally_acc(&m->tally, 0, rpo_period_of(&m->opt.cal, d[j]));
    }
    if (rpo_model_period_range(m, &first, &last)) {
        finish_requisitions(m, last);
        finish_risks(m, last);
    }
    rpo_tally_fold(&m->tally); /* overall snapshots are taken above, not folded */
}

static int cmp_day(const void *a, const void *b)
{
    rpo_day x = *(const rpo_day *)a, y = *(const rpo_day *)b;
    return (x > y) - (x < y);
}

rpo_day *rpo_model_hire_days(const rpo_model *m, size_t *n)
{
    rpo_day *d = rpo_xcalloc(m->tally.n_hires ? m->tally.n_hires : 1, sizeof *d);
    for (size_t i = 0; i < m->tally.n_hires; i++)
        d[i] = m->tally.hires[i].accepted;
    qsort(d, m->tally.n_hires, sizeof *d, cmp_day);
    *n = m->tally.n_hires;
    return d;
}
