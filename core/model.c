/*
 * model.c — adding validated records up into per-period × segment
 * accumulators, and keeping the facts model_finish.c adds up at the end.
 */
#include "model_internal.h"
#include "parse.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const rpo_record_kind rpo_record_kind_order[RPO_REC_KIND_COUNT] = {
    RPO_REC_REQUISITION, RPO_REC_STAGE_EVENT, RPO_REC_APPLICATION, RPO_REC_HIRE, RPO_REC_COST,
    RPO_REC_SURVEY,      RPO_REC_LEVER,       RPO_REC_OUTCOME,     RPO_REC_RISK};

static const struct {
    const char *code, *description;
} flag_text[FLAG__N] = {
    {"after_as_of", "records or stage dates after the as-of date, not counted"},
    {"stage_before_application", "applications with a stage dated before the application"},
    {"stages_out_of_order", "applications whose stage dates run backwards (e.g. accepted before offered)"},
    {"accepted_and_declined", "applications with both an accepted and a declined offer (counted as accepted)"},
    {"unknown_requisition", "records naming a requisition no source delivered (no requisition segments, no time to fill)"},
    {"negative_time_to_fill", "hires accepted before the requisition opened, or within its hold days (excluded from time to fill)"},
    {"hire_without_date", "hires known only as a flag, without a date (in overall hires only, not in offer acceptance)"},
    {"requisition_dates_out_of_order", "requisitions filled or closed before they opened"},
    {"stage_event_unknown_application", "stage events for applications no source delivered"},
    {"negative_duration", "durations that run backwards (a submittal before the requisition opened, a start before the acceptance); excluded"},
    {"hire_record_unknown_application", "hire records for applications that were never hired (no offer-accepted or hired date)"},
    {"left_before_start", "hires that left before their start date (excluded from retention and quality)"},
    {"risk_closed_without_date", "risks with status closed but no closed_at (never counted as open)"},
};

const char *rpo_flag_code_name(rpo_flag_code f)
{
    return flag_text[f].code;
}

const char *rpo_flag_description(rpo_flag_code f)
{
    return flag_text[f].description;
}

static const char *const dim_names[DIM__N] = {"department", "location",       "level", "source",
                                              "recruiter",  "hiring_manager", "owner"};

const char *rpo_dim_name(int dim)
{
    return dim >= 0 && dim < DIM__N ? dim_names[dim] : NULL;
}

void rpo_model_options_default(rpo_model_options *o)
{
    memset(o, 0, sizeof *o);
    o->cal.months_per_period = 3;
    o->cal.fy_start_month = 1;
    o->dims = DIMS_ALL;
    o->min_diverse = 2;
    o->qoh_weight[QOH_PERFORMANCE] = 40;
    o->qoh_weight[QOH_HM_RATING] = 30;
    o->qoh_weight[QOH_RAMP] = 15;
    o->qoh_weight[QOH_RETENTION] = 15;
    o->performance_max = 5;
    o->hm_rating_max = 5;
    o->ramp_days_max = 180;
    o->nps_instrument = "candidate_nps";
    o->hm_instrument = "hm_satisfaction";
    o->risk_min_severity = 4;
}

/* The application field of stage word I (rpo_stage_words order). */
static int stage_field(int i)
{
    return i < 7 ? APP_SCREENED_AT + i : (i == 7 ? APP_REJECTED_AT : APP_WITHDRAWN_AT);
}

void rpo_tally_init(rpo_tally *t)
{
    memset(t, 0, sizeof *t);
    t->last_first = 1;
    t->last_last = 0;
    t->d_first = 1;
    t->d_last = 0;
}

void rpo_model_init(rpo_model *m, rpo_day as_of, const char *currency,
                    const rpo_model_options *opt)
{
    memset(m, 0, sizeof *m);
    m->as_of = as_of;
    snprintf(m->currency, sizeof m->currency, "%s", currency ? currency : "");
    if (opt)
        m->opt = *opt;
    else
        rpo_model_options_default(&m->opt);
    rpo_strmap_init(&m->requisitions, sizeof(req_info));
    rpo_strmap_init(&m->stage_events, sizeof(evt_info));
    rpo_strmap_init(&m->hire_index, sizeof(size_t));
    rpo_strmap_init(&m->risks, sizeof(risk_info));
    for (int d = 0; d < DIM__N; d++)
        rpo_strmap_init(&m->seg_map[d], sizeof(uint32_t));
    for (int k = 0; k < 2; k++)
        rpo_strmap_init(&m->series[k], sizeof(series_info));
    /* Segment 0 is the whole engagement. */
    m->segs = rpo_xcalloc(1, sizeof *m->segs);
    m->segs[0].dim = -1;
    m->segs[0].value = rpo_xstrdup("");
    m->n_segs = m->cap_segs = 1;
    pthread_mutex_init(&m->seg_lock, NULL);
    rpo_tally_init(&m->tally);
}

#define SUMS_END offsetof(rpo_period_acc, time_to_fill)
#define FLOW_SUMS_END offsetof(rpo_period_acc, req_open)
#define HISTS_FLOW_END offsetof(rpo_period_acc, open_age)
/* acc_merge's walk relies on this layout (see model.h). */
_Static_assert(SUMS_END % 8 == 0 && FLOW_SUMS_END % 8 == 0, "sums are 8 bytes");
_Static_assert((HISTS_FLOW_END - SUMS_END) % sizeof(rpo_hist) == 0, "histograms are adjacent");
_Static_assert(HISTS_FLOW_END + sizeof(rpo_hist) == sizeof(rpo_period_acc), "open_age is last");

static void acc_free(rpo_period_acc *a)
{
    for (size_t off = SUMS_END; off < sizeof *a; off += sizeof(rpo_hist))
        rpo_hist_free(ACC_HIST(a, off));
}

static void series_free(rpo_series *s)
{
    for (int p = s->p_first; p <= s->p_last; p++)
        acc_free(&s->periods[p - s->p_first]);
    free(s->periods);
    acc_free(&s->overall);
}

void rpo_tally_free(rpo_tally *t)
{
    for (size_t i = 0; i < t->n_rows; i++)
        series_free(&t->rows[i]);
    free(t->rows);
    for (int f = 0; f < FLAG__N; f++)
        free(t->flags[f].example);
    for (size_t i = 0; i < t->n_hires; i++)
        free(t->hires[i].app_id);
    free(t->hires);
    free(t->reqs);
    rpo_tally_init(t);
}

void rpo_model_free(rpo_model *m)
{
    rpo_tally_free(&m->tally);
    rpo_strmap_free(&m->requisitions);
    rpo_strmap_free(&m->stage_events);
    rpo_strmap_free(&m->hire_index);
    for (size_t i = 0; i < m->risks.count; i++) {
        risk_info *k = rpo_strmap_at(&m->risks, i);
        free(k->id);
        free(k->title);
    }
    rpo_strmap_free(&m->risks);
    for (int d = 0; d < DIM__N; d++)
        rpo_strmap_free(&m->seg_map[d]);
    for (size_t i = 0; i < m->n_segs; i++)
        free(m->segs[i].value);
    free(m->segs);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < m->series[k].count; i++) {
            series_info *s = rpo_strmap_at(&m->series[k], i);
            free(s->sum);
            free(s->n);
        }
        rpo_strmap_free(&m->series[k]);
    }
    pthread_mutex_destroy(&m->seg_lock);
}

/* ---- segments ---------------------------------------------------------- */

uint32_t rpo_model_segment(rpo_model *m, int dim, const char *text, size_t len)
{
    if (!len)
        return 0;
    pthread_mutex_lock(&m->seg_lock);
    int created;
    uint32_t *id = rpo_strmap_put(&m->seg_map[dim], text, len, &created);
    if (created) {
        if (m->n_segs == m->cap_segs) {
            m->cap_segs *= 2;
            m->segs = rpo_xrealloc(m->segs, m->cap_segs * sizeof *m->segs);
        }
        m->segs[m->n_segs].dim = dim;
        m->segs[m->n_segs].value = rpo_xstrndup(text, len);
        *id = (uint32_t)m->n_segs++;
    }
    uint32_t r = *id;
    pthread_mutex_unlock(&m->seg_lock);
    return r;
}

size_t rpo_model_segment_mark(const rpo_model *m)
{
    return m->n_segs;
}

void rpo_model_segment_rollback(rpo_model *m, size_t mark)
{
    if (mark >= m->n_segs)
        return;
    for (size_t i = mark; i < m->n_segs; i++)
        free(m->segs[i].value);
    m->n_segs = mark;
    /* The maps have no delete: build them again from the values kept. */
    for (int d = 0; d < DIM__N; d++) {
        rpo_strmap_free(&m->seg_map[d]);
        rpo_strmap_init(&m->seg_map[d], sizeof(uint32_t));
    }
    for (size_t i = 1; i < m->n_segs; i++) {
        int created;
        uint32_t *id = rpo_strmap_put(&m->seg_map[m->segs[i].dim], m->segs[i].value,
                                      strlen(m->segs[i].value), &created);
        *id = (uint32_t)i;
    }
}

void rpo_shard_init(rpo_shard *sh, rpo_model *m, rpo_tally *t)
{
    memset(sh, 0, sizeof *sh);
    sh->m = m;
    sh->t = t;
}

/* The segment id of an application's value, through the shard's small
 * cache: sources and recruiters are few, and the lock is then rarely taken. */
static uint32_t shard_segment(rpo_shard *sh, int dim, const rpo_value *v)
{
    if (!v->len)
        return 0;
    for (unsigned i = 0; i < sizeof sh->cache / sizeof sh->cache[0]; i++)
        if (sh->cache[i].len == v->len && sh->cache[i].dim == dim &&
            memcmp(sh->cache[i].text, v->text, v->len) == 0)
            return sh->cache[i].id;
    uint32_t id = rpo_model_segment(sh->m, dim, v->text, v->len);
    if (v->len <= sizeof sh->cache[0].text) {
        unsigned k = sh->cache_next++ % (sizeof sh->cache / sizeof sh->cache[0]);
        sh->cache[k].dim = dim;
        sh->cache[k].id = id;
        sh->cache[k].len = v->len;
        memcpy(sh->cache[k].text, v->text, v->len);
    }
    return id;
}

/* ---- accumulators ------------------------------------------------------- */

static rpo_series *row_of(rpo_tally *t, uint32_t seg)
{
    if (seg >= t->n_rows) {
        size_t n = t->n_rows ? t->n_rows : 8;
        while (n <= seg)
            n *= 2;
        t->rows = rpo_xrealloc(t->rows, n * sizeof *t->rows);
        memset(t->rows + t->n_rows, 0, (n - t->n_rows) * sizeof *t->rows);
        for (size_t i = t->n_rows; i < n; i++) {
            t->rows[i].p_first = 1;
            t->rows[i].p_last = 0;
        }
        t->n_rows = n;
    }
    return &t->rows[seg];
}

rpo_period_acc *rpo_tally_acc(rpo_tally *t, uint32_t seg, int p)
{
    if (t->d_first > t->d_last)
        t->d_first = t->d_last = p;
    else if (p < t->d_first)
        t->d_first = p;
    else if (p > t->d_last)
        t->d_last = p;
    rpo_series *s = row_of(t, seg);
    if (p >= s->p_first && p <= s->p_last)
        return &s->periods[p - s->p_first];
    /* Grow to the tally's whole range at once: most rows then allocate once,
     * and every allocated period lies within the tally's data range. */
    int lo = t->d_first, hi = t->d_last;
    if (s->p_first > s->p_last) {
        s->periods = rpo_xcalloc((size_t)(hi - lo + 1), sizeof *s->periods);
    } else {
        size_t old = (size_t)(s->p_last - s->p_first + 1), n = (size_t)(hi - lo + 1),
               add = (size_t)(s->p_first - lo);
        s->periods = rpo_xrealloc(s->periods, n * sizeof *s->periods);
        memmove(s->periods + add, s->periods, old * sizeof *s->periods);
        memset(s->periods, 0, add * sizeof *s->periods);
        memset(s->periods + add + old, 0, (n - add - old) * sizeof *s->periods);
    }
    s->p_first = lo;
    s->p_last = hi;
    return &s->periods[p - s->p_first];
}

rpo_period_acc *rpo_tally_overall(rpo_tally *t, uint32_t seg)
{
    return &row_of(t, seg)->overall;
}

int rpo_tally_period(const rpo_model *m, rpo_tally *t, rpo_day day)
{
    /* Most records fall in the period of the one before: skip the calendar. */
    if (day >= t->last_first && day <= t->last_last)
        return t->last_p;
    int p = rpo_period_of(&m->opt.cal, day);
    t->last_p = p;
    rpo_period_bounds(&m->opt.cal, p, &t->last_first, &t->last_last);
    return p;
}

void rpo_segs_count(rpo_tally *t, const rpo_segs *s, int p, size_t off, uint64_t add)
{
    for (int i = 0; i < s->n; i++)
        ACC_U64(rpo_tally_acc(t, s->id[i], p), off) += add;
}

void rpo_segs_money(rpo_tally *t, const rpo_segs *s, int p, size_t off, int64_t add)
{
    for (int i = 0; i < s->n; i++)
        ACC_I64(rpo_tally_acc(t, s->id[i], p), off) += add;
}

void rpo_segs_hist(rpo_tally *t, const rpo_segs *s, int p, size_t off, int32_t days)
{
    for (int i = 0; i < s->n; i++)
        rpo_hist_add(ACC_HIST(rpo_tally_acc(t, s->id[i], p), off), days);
}

/* Adds S to D: every member, or (FLOWS_ONLY) only the flows. */
static void acc_merge(rpo_period_acc *d, const rpo_period_acc *s, int flows_only)
{
    size_t sums_end = flows_only ? FLOW_SUMS_END : SUMS_END;
    for (size_t off = 0; off < sums_end; off += 8)
        ACC_U64(d, off) += ACC_U64(s, off);
    size_t hists_end = flows_only ? HISTS_FLOW_END : sizeof *d;
    for (size_t off = SUMS_END; off < hists_end; off += sizeof(rpo_hist))
        rpo_hist_merge(ACC_HIST(d, off), ACC_HIST(s, off));
}

void rpo_tally_fold(rpo_tally *t)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        rpo_series *s = &t->rows[i];
        for (int p = s->p_first; p <= s->p_last; p++)
            acc_merge(&s->overall, &s->periods[p - s->p_first], 1);
    }
}

void rpo_tally_merge(rpo_tally *dst, rpo_tally *src)
{
    if (src->d_first <= src->d_last) { /* every row of SRC lies within its range */
        rpo_tally_acc(dst, 0, src->d_first);
        rpo_tally_acc(dst, 0, src->d_last);
    }
    for (size_t i = 0; i < src->n_rows; i++) {
        const rpo_series *s = &src->rows[i];
        for (int p = s->p_first; p <= s->p_last; p++)
            acc_merge(rpo_tally_acc(dst, (uint32_t)i, p), &s->periods[p - s->p_first], 0);
        acc_merge(rpo_tally_overall(dst, (uint32_t)i), &s->overall, 0);
    }
    for (int f = 0; f < FLAG__N; f++) {
        if (!dst->flags[f].count && src->flags[f].example)
            dst->flags[f].example = rpo_xstrdup(src->flags[f].example);
        dst->flags[f].count += src->flags[f].count;
    }
    if (src->reqs && !dst->reqs) {
        dst->n_reqs = src->n_reqs;
        dst->reqs = rpo_xcalloc(dst->n_reqs, sizeof *dst->reqs);
        for (size_t k = 0; k < dst->n_reqs; k++)
            dst->reqs[k].first_submit = dst->reqs[k].first_accept = NO_DAY_MAX;
    }
    for (size_t i = 0; i < src->n_reqs; i++) {
        rpo_req_agg *d = &dst->reqs[i];
        const rpo_req_agg *a = &src->reqs[i];
        d->submitted += a->submitted;
        d->diverse_submitted += a->diverse_submitted;
        d->screened += a->screened;
        d->first_submit = a->first_submit < d->first_submit ? a->first_submit : d->first_submit;
        d->first_accept = a->first_accept < d->first_accept ? a->first_accept : d->first_accept;
    }
    if (src->n_hires) {
        if (dst->n_hires + src->n_hires > dst->cap_hires) {
            dst->cap_hires = dst->n_hires + src->n_hires;
            dst->hires = rpo_xrealloc(dst->hires, dst->cap_hires * sizeof *dst->hires);
        }
        memcpy(dst->hires + dst->n_hires, src->hires, src->n_hires * sizeof *src->hires);
        dst->n_hires += src->n_hires;
        src->n_hires = 0; /* the app ids moved */
    }
}

int rpo_record_kind_parallel(rpo_record_kind kind)
{
    /* Requisitions, stage events, hires, series and risks build lookups or
     * facts in record order; they are few next to applications. */
    return kind == RPO_REC_APPLICATION || kind == RPO_REC_COST || kind == RPO_REC_SURVEY;
}

void rpo_tally_flag(rpo_tally *t, rpo_flag_code f, const rpo_record *rec)
{
    rpo_flag_count *fc = &t->flags[f];
    if (!fc->count++ && rec) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s:%lu", rec->file, rec->line);
        fc->example = rpo_xstrdup(buf);
    }
}

/* ---- records ------------------------------------------------------------ */

static rpo_day day_or_none(const rpo_record *rec, int f)
{
    return RPO_HAS(rec, f) ? rec->v[f].u.day : NO_DAY;
}

static int add_requisition(rpo_model *m, rpo_tally *t, const rpo_record *rec, const char **why,
                           int *field)
{
    const rpo_value *v = rec->v;
    /* Kept even when opened after the as-of date, so that its applications
     * are not taken for orphans; no metric counts it before it opens. */
    if (v[REQ_OPENED_AT].u.day > m->as_of)
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
    int created;
    req_info *r = rpo_strmap_put(&m->requisitions, v[REQ_ID].text, v[REQ_ID].len, &created);
    if (!created) {
        *why = "duplicate requisition id (the first record with it is kept)";
        *field = REQ_ID;
        return 1;
    }
    m->have_requisitions = 1;
    r->opened = v[REQ_OPENED_AT].u.day;
    r->reopened = day_or_none(rec, REQ_REOPENED_AT);
    r->filled = day_or_none(rec, REQ_FILLED_AT);
    r->closed = day_or_none(rec, REQ_CLOSED_AT);
    r->hold_days = RPO_HAS(rec, REQ_HOLD_DAYS) ? (int32_t)v[REQ_HOLD_DAYS].u.integer : 0;
    r->openings = RPO_HAS(rec, REQ_OPENINGS) ? (int32_t)v[REQ_OPENINGS].u.integer : 1;
    r->sla_days = RPO_HAS(rec, REQ_SLA_DAYS) ? (int32_t)v[REQ_SLA_DAYS].u.integer : 0;
    r->critical = RPO_HAS(rec, REQ_CRITICAL) && v[REQ_CRITICAL].u.boolean;
    static const struct {
        int field, dim;
    } dims[] = {{REQ_DEPARTMENT, DIM_DEPARTMENT}, {REQ_LOCATION, DIM_LOCATION},
                {REQ_LEVEL, DIM_LEVEL},           {REQ_RECRUITER, DIM_RECRUITER},
                {REQ_HIRING_MANAGER, DIM_HIRING_MANAGER}, {REQ_OWNER, DIM_OWNER}};
    /* A requisition not yet opened as of the run brings no segment values. */
    for (size_t i = 0; i < sizeof dims / sizeof dims[0] && r->opened <= m->as_of; i++)
        if (RPO_HAS(rec, dims[i].field) && (m->opt.dims >> dims[i].dim) & 1u)
            r->seg[dims[i].dim] = rpo_model_segment(m, dims[i].dim, v[dims[i].field].text,
                                                    v[dims[i].field].len);
    r->index = (uint32_t)(m->requisitions.count - 1);
    if ((r->filled != NO_DAY && r->filled < r->opened) ||
        (r->closed != NO_DAY && r->closed < r->opened))
        rpo_tally_flag(t, FLAG_REQUISITION_DATES_OUT_OF_ORDER, rec);
    return 0;
}

static int add_stage_event(rpo_model *m, rpo_tally *t, const rpo_record *rec)
{
    const rpo_value *v = rec->v;
    if (v[EVT_AT].u.day > m->as_of) {
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
        return 0;
    }
    int created, s = v[EVT_STAGE].u.word;
    evt_info *e = rpo_strmap_put(&m->stage_events, v[EVT_APPLICATION_ID].text,
                                 v[EVT_APPLICATION_ID].len, &created);
    /* The first entry into a stage counts: keep the earliest date. */
    if (!(e->mask & (1u << s)) || v[EVT_AT].u.day < e->day[s])
        e->day[s] = v[EVT_AT].u.day;
    e->mask |= (uint16_t)(1u << s);
    return 0;
}

/* The funnel level (FUNNEL_*) a stage field stands for, or -1. */
static int funnel_level(int f)
{
    switch (f) {
    case APP_SCREENED_AT: return FUNNEL_SCREENED;
    case APP_SUBMITTED_AT: return FUNNEL_SUBMITTED;
    case APP_INTERVIEWED_AT: return FUNNEL_INTERVIEWED;
    case APP_OFFERED_AT:
    case APP_OFFER_ACCEPTED_AT:
    case APP_OFFER_DECLINED_AT:
    case APP_HIRED_AT: return FUNNEL_OFFERED;
    default: return -1;
    }
}

/* The aggregate of requisition R in tally T, created on demand. */
static rpo_req_agg *req_agg(const rpo_model *m, rpo_tally *t, const req_info *r)
{
    if (!t->reqs) {
        t->n_reqs = m->requisitions.count;
        t->reqs = rpo_xcalloc(t->n_reqs, sizeof *t->reqs);
        for (size_t i = 0; i < t->n_reqs; i++)
            t->reqs[i].first_submit = t->reqs[i].first_accept = NO_DAY_MAX;
    }
    return &t->reqs[r->index];
}

/* The segments a record of requisition R counts in (R may be NULL). */
static void req_segments(const req_info *r, rpo_segs *s)
{
    s->id[0] = 0;
    s->n = 1;
    if (!r)
        return;
    for (int d = 0; d < DIM__N; d++)
        if (r->seg[d])
            s->id[s->n++] = r->seg[d];
}

#define ACC(member) offsetof(rpo_period_acc, member)

static int add_application(rpo_shard *sh, const rpo_record *rec)
{
    rpo_model *m = sh->m;
    rpo_tally *t = sh->t;
    const rpo_value *v = rec->v;
    rpo_day applied = v[APP_APPLIED_AT].u.day;
    evt_info *e = m->stage_events.count
                      ? rpo_strmap_get(&m->stage_events, v[APP_ID].text, v[APP_ID].len)
                      : NULL;
    if (e) /* its application exists, whatever the as-of date */
        atomic_store_explicit(&e->consumed, 1, memory_order_relaxed);
    if (applied > m->as_of) {
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
        return 0;
    }
    /* Work on a copy of the stage dates: stage events and the as-of cut change them. */
    rpo_day day[APP__N];
    uint64_t has = rec->present, reached = rec->reached;
    for (int f = APP_FIRST_STAGE; f <= APP_LAST_STAGE; f++)
        if ((has >> f) & 1u)
            day[f] = v[f].u.day;
    /* The start date is no stage: it lies in the future of many a recent hire. */
    has &= ~(1ull << APP_START_DATE);
    if (e) {
        for (int s = 0; s < N_STAGES; s++) {
            int f = stage_field(s);
            if ((e->mask >> s) & 1u && (!((has >> f) & 1u) || e->day[s] < day[f])) {
                day[f] = e->day[s];
                has |= 1ull << f;
            }
        }
    }
    int late = 0, before = 0, backwards = 0;
    rpo_day latest = INT32_MIN; /* stages before the application are their own flag */
    static const int order[] = {APP_SCREENED_AT, APP_SUBMITTED_AT, APP_INTERVIEWED_AT,
                                APP_OFFERED_AT, APP_OFFER_ACCEPTED_AT, APP_HIRED_AT};
    for (int f = APP_FIRST_STAGE; f <= APP_LAST_STAGE; f++) {
        if (!((has >> f) & 1u))
            continue;
        if (day[f] > m->as_of) {
            has &= ~(1ull << f); /* not yet happened as of the run's date */
            late = 1;
        } else if (day[f] < applied) {
            before = 1;
        }
    }
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int f = order[i];
        if (!((has >> f) & 1u))
            continue;
        if (day[f] < latest)
            backwards = 1;
        else
            latest = day[f];
    }
    if (((has >> APP_OFFER_DECLINED_AT) & 1u) && ((has >> APP_OFFERED_AT) & 1u) &&
        day[APP_OFFER_DECLINED_AT] < day[APP_OFFERED_AT])
        backwards = 1;
    if (late)
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
    if (before)
        rpo_tally_flag(t, FLAG_STAGE_BEFORE_APPLICATION, rec);
    if (backwards)
        rpo_tally_flag(t, FLAG_STAGES_OUT_OF_ORDER, rec);

    /* One lookup serves the segments, time to fill and the orphan check. */
    req_info *r = m->have_requisitions ? rpo_strmap_get(&m->requisitions,
                                                        v[APP_REQUISITION_ID].text,
                                                        v[APP_REQUISITION_ID].len)
                                       : NULL;
    if (m->have_requisitions && !r)
        rpo_tally_flag(t, FLAG_UNKNOWN_REQUISITION, rec);
    /* Its segments: the requisition's, with the application's own recruiter
     * (when it names one) and source. m->segs is not read here: another
     * shard may be growing it. */
    rpo_segs segs = {.id = {0}, .n = 1};
    for (int d = 0; d < DIM__N; d++) {
        uint32_t id = r ? r->seg[d] : 0;
        if (!((m->opt.dims >> d) & 1u))
            continue;
        if (d == DIM_RECRUITER && RPO_HAS(rec, APP_RECRUITER) && v[APP_RECRUITER].len)
            id = shard_segment(sh, DIM_RECRUITER, &v[APP_RECRUITER]);
        else if (d == DIM_SOURCE && RPO_HAS(rec, APP_SOURCE))
            id = shard_segment(sh, DIM_SOURCE, &v[APP_SOURCE]);
        if (id)
            segs.id[segs.n++] = id;
    }

    int level = -1;
    uint64_t known = has | reached;
    for (int f = APP_FIRST_STAGE; f <= APP_HIRED_AT; f++) {
        int l = funnel_level(f);
        if (((known >> f) & 1u) && l > level)
            level = l;
    }
    int hired = ((known >> APP_OFFER_ACCEPTED_AT) & 1u) || ((known >> APP_HIRED_AT) & 1u);
    /* Every stage date spans the report's periods, counted in one or not. */
    for (int f = APP_SCREENED_AT; f <= APP_HIRED_AT; f++)
        if ((has >> f) & 1u)
            rpo_tally_acc(t, 0, rpo_tally_period(m, t, day[f]));
    /* The cohort counts, looking each accumulator up once. */
    int pa = rpo_tally_period(m, t, applied);
    for (int i = 0; i < segs.n; i++) {
        rpo_period_acc *a = rpo_tally_acc(t, segs.id[i], pa);
        a->applications++;
        for (int l = 0; l <= level; l++)
            a->reached[l]++;
        a->cohort_hires += (uint64_t)hired;
    }
    int diverse = RPO_HAS(rec, APP_DIVERSE) && v[APP_DIVERSE].u.boolean;
    rpo_req_agg *ra = r ? req_agg(m, t, r) : NULL;
    if (ra) {
        ra->screened += level >= FUNNEL_SCREENED;
        if (level >= FUNNEL_SUBMITTED) {
            ra->submitted++;
            ra->diverse_submitted += (uint32_t)diverse;
            if ((has >> APP_SUBMITTED_AT) & 1u && day[APP_SUBMITTED_AT] < ra->first_submit)
                ra->first_submit = day[APP_SUBMITTED_AT];
        }
    }

    int accepted_field = ((has >> APP_OFFER_ACCEPTED_AT) & 1u) ? APP_OFFER_ACCEPTED_AT
                         : ((has >> APP_HIRED_AT) & 1u)        ? APP_HIRED_AT
                                                               : -1;
    /* Stage durations, each by the later stage's date. */
    static const int from[STAGE__N] = {APP_APPLIED_AT, APP_SCREENED_AT, APP_SUBMITTED_AT,
                                       APP_INTERVIEWED_AT, APP_OFFERED_AT};
    static const int to[STAGE__N] = {APP_SCREENED_AT, APP_SUBMITTED_AT, APP_INTERVIEWED_AT,
                                     APP_OFFERED_AT, APP_OFFER_ACCEPTED_AT};
    day[APP_APPLIED_AT] = applied;
    has |= 1ull << APP_APPLIED_AT;
    for (int s = 0; s < STAGE__N; s++) {
        int f1 = from[s], f2 = s == STAGE_OFFER_ACCEPT ? accepted_field : to[s];
        if (f2 < 0 || !((has >> f1) & 1u) || !((has >> f2) & 1u) || day[f2] < day[f1])
            continue;
        rpo_segs_hist(t, &segs, rpo_tally_period(m, t, day[f2]),
                      ACC(stage) + (size_t)s * sizeof(rpo_hist), day[f2] - day[f1]);
    }
    if (((has >> APP_OFFERED_AT) & 1u) && day[APP_OFFERED_AT] >= applied)
        rpo_segs_hist(t, &segs, rpo_tally_period(m, t, day[APP_OFFERED_AT]), ACC(time_to_offer),
                      day[APP_OFFERED_AT] - applied);

    if (accepted_field >= 0) {
        rpo_day a = day[accepted_field];
        int pq = rpo_tally_period(m, t, a);
        int has_diverse = RPO_HAS(rec, APP_DIVERSE), has_internal = RPO_HAS(rec, APP_INTERNAL);
        int internal = has_internal && v[APP_INTERNAL].u.boolean;
        for (int i = 0; i < segs.n; i++) {
            rpo_period_acc *acc = rpo_tally_acc(t, segs.id[i], pq);
            acc->hires++;
            acc->offers_accepted++;
            acc->diverse_known += (uint64_t)has_diverse;
            acc->diverse_hires += (uint64_t)diverse;
            acc->internal_known += (uint64_t)has_internal;
            acc->internal_hires += (uint64_t)internal;
            if (a >= applied)
                rpo_hist_add(&acc->time_to_hire, a - applied);
        }
        if ((has >> APP_OFFER_DECLINED_AT) & 1u)
            rpo_tally_flag(t, FLAG_ACCEPTED_AND_DECLINED, rec);
        if (r) {
            if (a < ra->first_accept)
                ra->first_accept = a;
            /* A reopened requisition restarts the clock for later hires. */
            rpo_day start = r->reopened != NO_DAY && r->reopened <= a ? r->reopened : r->opened;
            int32_t ttf = a - start - r->hold_days;
            if (ttf < 0) {
                rpo_tally_flag(t, FLAG_NEGATIVE_TIME_TO_FILL, rec);
            } else {
                rpo_segs_hist(t, &segs, pq, ACC(time_to_fill), ttf);
                if (r->critical)
                    rpo_segs_hist(t, &segs, pq, ACC(time_to_fill_critical), ttf);
            }
        }
        if (t->n_hires == t->cap_hires) {
            t->cap_hires = t->cap_hires ? 2 * t->cap_hires : 64;
            t->hires = rpo_xrealloc(t->hires, t->cap_hires * sizeof *t->hires);
        }
        rpo_hire_fact *h = &t->hires[t->n_hires++];
        memset(h, 0, sizeof *h);
        h->app_id = rpo_xstrndup(v[APP_ID].text, v[APP_ID].len);
        h->accepted = a;
        h->start = RPO_HAS(rec, APP_START_DATE) ? v[APP_START_DATE].u.day : NO_DAY;
        h->left = NO_DAY;
        h->performance = h->hm_rating = h->ramp_days = -1;
        h->pay = -1;
        h->n_seg = segs.n;
        memcpy(h->seg, segs.id, sizeof segs.id);
    } else if (hired) {
        /* Counted as a hire, but not in offer acceptance: an export that flags
         * hires without dates seldom records declines, and a rate over
         * acceptances alone would read 100 %. */
        rpo_tally_overall(t, 0)->hires++;
        rpo_tally_flag(t, FLAG_HIRE_WITHOUT_DATE, rec);
    } else if ((has >> APP_OFFER_DECLINED_AT) & 1u) {
        rpo_segs_count(t, &segs, rpo_tally_period(m, t, day[APP_OFFER_DECLINED_AT]),
                       ACC(offers_declined), 1);
    }
    return 0;
}

/* The requisition a cost or survey names, flagging unknown ones. */
static const req_info *named_requisition(const rpo_model *m, rpo_tally *t, const rpo_record *rec,
                                         int field)
{
    if (!RPO_HAS(rec, field) || !m->have_requisitions)
        return NULL;
    const req_info *r = rpo_strmap_get(&m->requisitions, rec->v[field].text, rec->v[field].len);
    if (!r)
        rpo_tally_flag(t, FLAG_UNKNOWN_REQUISITION, rec);
    return r;
}

static int add_cost(rpo_shard *sh, const rpo_record *rec, const char **why, int *field)
{
    rpo_model *m = sh->m;
    rpo_tally *t = sh->t;
    const rpo_value *v = rec->v;
    if (m->currency[0] && RPO_HAS(rec, COST_CURRENCY) &&
        (v[COST_CURRENCY].len != strlen(m->currency) ||
         memcmp(v[COST_CURRENCY].text, m->currency, v[COST_CURRENCY].len) != 0)) {
        *why = "currency differs from the engagement's currency (convert before import)";
        *field = COST_CURRENCY;
        return 1;
    }
    if (v[COST_DATE].u.day > m->as_of) {
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
        return 0;
    }
    rpo_segs segs;
    req_segments(named_requisition(m, t, rec, COST_REQUISITION_ID), &segs);
    if (RPO_HAS(rec, COST_SOURCE) && v[COST_SOURCE].len && (m->opt.dims >> DIM_SOURCE) & 1u)
        segs.id[segs.n++] = shard_segment(sh, DIM_SOURCE, &v[COST_SOURCE]);
    int p = rpo_tally_period(m, t, v[COST_DATE].u.day);
    rpo_segs_money(t, &segs, p, ACC(cost_total), v[COST_AMOUNT].u.money);
    rpo_segs_count(t, &segs, p, ACC(cost_records), 1);
    if (RPO_HAS(rec, COST_COMPARABLE)) {
        rpo_segs_count(t, &segs, p, ACC(cost_marked), 1);
        if (v[COST_COMPARABLE].u.boolean)
            rpo_segs_money(t, &segs, p, ACC(cost_comparable), v[COST_AMOUNT].u.money);
    }
    return 0;
}

static int text_is(const rpo_value *v, const char *s)
{
    return v->len == strlen(s) && memcmp(v->text, s, v->len) == 0;
}

int rpo_model_survey_check(const rpo_model *m, const rpo_record *rec, const char **why,
                           int *field)
{
    const rpo_value *v = rec->v;
    double score = v[SURVEY_SCORE].u.number;
    if (text_is(&v[SURVEY_INSTRUMENT], m->opt.nps_instrument) &&
        (score < 0 || score > 10 || score != floor(score))) {
        *why = "a candidate NPS score must be a whole number from 0 to 10";
        *field = SURVEY_SCORE;
        return 1;
    }
    if (text_is(&v[SURVEY_INSTRUMENT], m->opt.hm_instrument) && (score < 0 || score > 100)) {
        *why = "a hiring-manager satisfaction score must be from 0 to 100";
        *field = SURVEY_SCORE;
        return 1;
    }
    return 0;
}

static int add_survey(rpo_shard *sh, const rpo_record *rec, const char **why, int *field)
{
    rpo_model *m = sh->m;
    rpo_tally *t = sh->t;
    const rpo_value *v = rec->v;
    int nps = text_is(&v[SURVEY_INSTRUMENT], m->opt.nps_instrument);
    int hm = !nps && text_is(&v[SURVEY_INSTRUMENT], m->opt.hm_instrument);
    if (!nps && !hm) { /* another instrument (a framework's): its date still spans periods */
        if (v[SURVEY_DATE].u.day <= m->as_of)
            rpo_tally_acc(t, 0, rpo_tally_period(m, t, v[SURVEY_DATE].u.day));
        return 0;
    }
    double score = v[SURVEY_SCORE].u.number;
    if (rpo_model_survey_check(m, rec, why, field))
        return 1;
    if (v[SURVEY_DATE].u.day > m->as_of) {
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
        return 0;
    }
    rpo_segs segs;
    req_segments(named_requisition(m, t, rec, SURVEY_REQUISITION_ID), &segs);
    /* The requisition's recruiter is a requisition dimension here. */
    int p = rpo_tally_period(m, t, v[SURVEY_DATE].u.day);
    if (nps) {
        rpo_segs_count(t, &segs, p, ACC(nps_n), 1);
        if (score >= 9)
            rpo_segs_count(t, &segs, p, ACC(nps_promoters), 1);
        else if (score <= 6)
            rpo_segs_count(t, &segs, p, ACC(nps_detractors), 1);
    } else {
        rpo_segs_count(t, &segs, p, ACC(hm_n), 1);
        rpo_segs_money(t, &segs, p, ACC(hm_sum), (int64_t)llround(score * 100));
    }
    return 0;
}

/* A rating in hundredths, or -1 with *WHY when outside 1..MAX. */
static int32_t rating(double x, unsigned max)
{
    if (x < 1 || x > max)
        return -1;
    return (int32_t)llround(x * 100);
}

static int add_hire_record(rpo_model *m, rpo_tally *t, const rpo_record *rec, const char **why,
                           int *field)
{
    const rpo_value *v = rec->v;
    const size_t *ix = rpo_strmap_get(&m->hire_index, v[HIRE_APPLICATION_ID].text,
                                      v[HIRE_APPLICATION_ID].len);
    if (!ix) {
        rpo_tally_flag(t, FLAG_HIRE_RECORD_UNKNOWN_APPLICATION, rec);
        return 0;
    }
    rpo_hire_fact *h = &m->tally.hires[*ix];
    if (h->has_record) {
        *why = "duplicate hire record for this application (the first is kept)";
        *field = HIRE_APPLICATION_ID;
        return 1;
    }
    int32_t perf = -1, hmr = -1;
    if (RPO_HAS(rec, HIRE_PERFORMANCE) &&
        (perf = rating(v[HIRE_PERFORMANCE].u.number, m->opt.performance_max)) < 0) {
        *why = "performance outside 1..performance_max of [metric.quality_of_hire]";
        *field = HIRE_PERFORMANCE;
        return 1;
    }
    if (RPO_HAS(rec, HIRE_HM_RATING_90D) &&
        (hmr = rating(v[HIRE_HM_RATING_90D].u.number, m->opt.hm_rating_max)) < 0) {
        *why = "hm_rating_90d outside 1..hm_rating_max of [metric.quality_of_hire]";
        *field = HIRE_HM_RATING_90D;
        return 1;
    }
    h->has_record = 1;
    h->performance = perf;
    h->hm_rating = hmr;
    if (RPO_HAS(rec, HIRE_START_DATE))
        h->start = v[HIRE_START_DATE].u.day;
    if (RPO_HAS(rec, HIRE_LEFT_AT) && v[HIRE_LEFT_AT].u.day <= m->as_of)
        h->left = v[HIRE_LEFT_AT].u.day;
    if (RPO_HAS(rec, HIRE_RAMP_DAYS))
        h->ramp_days = (int32_t)v[HIRE_RAMP_DAYS].u.integer;
    if (RPO_HAS(rec, HIRE_FIRST_YEAR_PAY))
        h->pay = v[HIRE_FIRST_YEAR_PAY].u.money;
    return 0;
}

static int add_series(rpo_model *m, rpo_tally *t, int kind, const rpo_record *rec)
{
    const rpo_value *v = rec->v;
    if (v[SERIES_DATE].u.day > m->as_of) {
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
        return 0;
    }
    int created;
    series_info *s = rpo_strmap_put(&m->series[kind], v[SERIES_NAME].text, v[SERIES_NAME].len,
                                    &created);
    int p = rpo_period_of(&m->opt.cal, v[SERIES_DATE].u.day);
    rpo_tally_acc(t, 0, p); /* its date spans periods like any record's */
    if (created || s->p_first > s->p_last) {
        s->p_first = s->p_last = p;
        s->sum = rpo_xcalloc(1, sizeof *s->sum);
        s->n = rpo_xcalloc(1, sizeof *s->n);
    } else if (p < s->p_first || p > s->p_last) {
        int lo = p < s->p_first ? p : s->p_first, hi = p > s->p_last ? p : s->p_last;
        size_t n = (size_t)(hi - lo + 1);
        double *sum = rpo_xcalloc(n, sizeof *sum);
        uint32_t *cnt = rpo_xcalloc(n, sizeof *cnt);
        for (int q = s->p_first; q <= s->p_last; q++) {
            sum[q - lo] = s->sum[q - s->p_first];
            cnt[q - lo] = s->n[q - s->p_first];
        }
        free(s->sum);
        free(s->n);
        s->sum = sum;
        s->n = cnt;
        s->p_first = lo;
        s->p_last = hi;
    }
    s->sum[p - s->p_first] += v[SERIES_VALUE].u.number;
    s->n[p - s->p_first]++;
    return 0;
}

static int add_risk(rpo_model *m, rpo_tally *t, const rpo_record *rec, const char **why,
                    int *field)
{
    const rpo_value *v = rec->v;
    int created;
    risk_info *k = rpo_strmap_put(&m->risks, v[RISK_ID].text, v[RISK_ID].len, &created);
    if (!created) {
        *why = "duplicate risk id (the first record with it is kept)";
        *field = RISK_ID;
        return 1;
    }
    k->raised = v[RISK_RAISED_AT].u.day;
    k->closed = day_or_none(rec, RISK_CLOSED_AT);
    k->id = rpo_xstrndup(v[RISK_ID].text, v[RISK_ID].len);
    k->title = rpo_xstrndup(v[RISK_TITLE].text, v[RISK_TITLE].len);
    k->category = RPO_HAS(rec, RISK_CATEGORY) ? (signed char)v[RISK_CATEGORY].u.word : -1;
    k->status = RPO_HAS(rec, RISK_STATUS) ? (signed char)v[RISK_STATUS].u.word : -1;
    k->owner_word = RPO_HAS(rec, RISK_OWNER) ? (signed char)v[RISK_OWNER].u.word : -1;
    k->severity = RPO_HAS(rec, RISK_SEVERITY) ? (int)v[RISK_SEVERITY].u.integer : 0;
    /* "closed" is word 2 of the risk status words */
    k->closed_undated = k->closed == NO_DAY && RPO_HAS(rec, RISK_STATUS) &&
                        v[RISK_STATUS].u.word == 2;
    if (k->closed_undated)
        rpo_tally_flag(t, FLAG_RISK_CLOSED_WITHOUT_DATE, rec);
    if (k->raised > m->as_of)
        rpo_tally_flag(t, FLAG_AFTER_AS_OF, rec);
    k->owner = RPO_HAS(rec, RISK_OWNER) && (m->opt.dims >> DIM_OWNER) & 1u
                   ? rpo_model_segment(m, DIM_OWNER, v[RISK_OWNER].text, v[RISK_OWNER].len)
                   : 0;
    return 0;
}

int rpo_model_consume(void *shard, const rpo_record *rec, const char **why, int *field)
{
    rpo_shard *sh = shard;
    switch (rec->kind) {
    case RPO_REC_REQUISITION: return add_requisition(sh->m, sh->t, rec, why, field);
    case RPO_REC_STAGE_EVENT: return add_stage_event(sh->m, sh->t, rec);
    case RPO_REC_APPLICATION: return add_application(sh, rec);
    case RPO_REC_HIRE: return add_hire_record(sh->m, sh->t, rec, why, field);
    case RPO_REC_COST: return add_cost(sh, rec, why, field);
    case RPO_REC_SURVEY: return add_survey(sh, rec, why, field);
    case RPO_REC_LEVER: return add_series(sh->m, sh->t, 0, rec);
    case RPO_REC_OUTCOME: return add_series(sh->m, sh->t, 1, rec);
    case RPO_REC_RISK: return add_risk(sh->m, sh->t, rec, why, field);
    default: return 0;
    }
}

void rpo_model_kind_done(rpo_model *m, rpo_record_kind kind)
{
    if (kind != RPO_REC_APPLICATION)
        return;
    /* Hire records look their hire up by application id. */
    for (size_t i = 0; i < m->tally.n_hires; i++) {
        const char *id = m->tally.hires[i].app_id;
        int created;
        size_t *ix = rpo_strmap_put(&m->hire_index, id, strlen(id), &created);
        if (created)
            *ix = i;
    }
}

int rpo_model_series_value(const rpo_model *m, int kind, const char *name, int p, double *out)
{
    const series_info *s = rpo_strmap_get(&m->series[kind], name, strlen(name));
    if (!s || p < s->p_first || p > s->p_last || !s->n[p - s->p_first])
        return -1;
    *out = s->sum[p - s->p_first] / s->n[p - s->p_first];
    return 0;
}
