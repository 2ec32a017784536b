/*
 * model.c — adding validated records up into per-quarter accumulators.
 */
#include "model.h"
#include "parse.h"
#include "util.h"

#include <stdatomic.h>
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
    {"unknown_requisition", "applications naming a requisition no source delivered (no time to fill)"},
    {"negative_time_to_fill", "hires accepted before the requisition opened, or within its hold days (excluded from time to fill)"},
    {"hire_without_date", "hires known only as a flag, without a date (in overall hires only, not in offer acceptance)"},
    {"requisition_dates_out_of_order", "requisitions filled or closed before they opened"},
    {"stage_event_unknown_application", "stage events for applications no source delivered"},
};

const char *rpo_flag_code_name(rpo_flag_code f)
{
    return flag_text[f].code;
}

const char *rpo_flag_description(rpo_flag_code f)
{
    return flag_text[f].description;
}

typedef struct req_info {
    rpo_day opened;
    int32_t hold_days;
} req_info;

#define N_STAGES 9
typedef struct evt_info {
    rpo_day day[N_STAGES];
    uint16_t mask;
    atomic_uchar consumed; /* set by application shards, maybe concurrently */
} evt_info;

/* The application field of stage word I (rpo_stage_words order). */
static int stage_field(int i)
{
    return i < 7 ? APP_SCREENED_AT + i : (i == 7 ? APP_REJECTED_AT : APP_WITHDRAWN_AT);
}

void rpo_tally_init(rpo_tally *t)
{
    memset(t, 0, sizeof *t);
    t->q_first = 1;
    t->q_last = 0;
    t->last_first = 1;
    t->last_last = 0;
}

void rpo_model_init(rpo_model *m, rpo_day as_of, const char *currency)
{
    memset(m, 0, sizeof *m);
    m->as_of = as_of;
    snprintf(m->currency, sizeof m->currency, "%s", currency ? currency : "");
    rpo_strmap_init(&m->requisitions, sizeof(req_info));
    rpo_strmap_init(&m->stage_events, sizeof(evt_info));
    rpo_tally_init(&m->tally);
}

static void acc_free(rpo_period_acc *a)
{
    rpo_hist_free(&a->time_to_fill);
    rpo_hist_free(&a->time_to_hire);
}

void rpo_tally_free(rpo_tally *t)
{
    for (int q = t->q_first; q <= t->q_last; q++)
        acc_free(&t->periods[q - t->q_first]);
    free(t->periods);
    acc_free(&t->overall);
    for (int f = 0; f < FLAG__N; f++)
        free(t->flags[f].example);
    rpo_tally_init(t);
}

void rpo_model_free(rpo_model *m)
{
    rpo_tally_free(&m->tally);
    rpo_strmap_free(&m->requisitions);
    rpo_strmap_free(&m->stage_events);
}

/* The accumulator of quarter Q, created on demand. */
static rpo_period_acc *acc_of_quarter(rpo_tally *t, int q)
{
    if (t->q_first > t->q_last) {
        t->periods = rpo_xcalloc(1, sizeof *t->periods);
        t->q_first = t->q_last = q;
    } else if (q < t->q_first) {
        size_t n = (size_t)(t->q_last - q + 1), add = (size_t)(t->q_first - q);
        t->periods = rpo_xrealloc(t->periods, n * sizeof *t->periods);
        memmove(t->periods + add, t->periods, (n - add) * sizeof *t->periods);
        memset(t->periods, 0, add * sizeof *t->periods);
        t->q_first = q;
    } else if (q > t->q_last) {
        size_t old = (size_t)(t->q_last - t->q_first + 1), n = (size_t)(q - t->q_first + 1);
        t->periods = rpo_xrealloc(t->periods, n * sizeof *t->periods);
        memset(t->periods + old, 0, (n - old) * sizeof *t->periods);
        t->q_last = q;
    }
    return &t->periods[q - t->q_first];
}

/* The accumulator of the quarter DAY falls in, created on demand. */
static rpo_period_acc *acc_for(rpo_tally *t, rpo_day day)
{
    /* Most records fall in the quarter of the one before: skip the calendar. */
    if (day >= t->last_first && day <= t->last_last)
        return &t->periods[t->last_q - t->q_first];
    int q = rpo_quarter_of(day);
    rpo_period_acc *a = acc_of_quarter(t, q);
    t->last_q = q;
    rpo_quarter_bounds(q, &t->last_first, &t->last_last);
    return a;
}

static void acc_merge(rpo_period_acc *d, const rpo_period_acc *s)
{
    d->applications += s->applications;
    for (int l = 0; l < FUNNEL__N; l++)
        d->reached[l] += s->reached[l];
    d->hires += s->hires;
    d->offers_accepted += s->offers_accepted;
    d->offers_declined += s->offers_declined;
    d->cost_total += s->cost_total;
    d->cost_records += s->cost_records;
    rpo_hist_merge(&d->time_to_fill, &s->time_to_fill);
    rpo_hist_merge(&d->time_to_hire, &s->time_to_hire);
}

void rpo_tally_merge(rpo_tally *dst, const rpo_tally *src)
{
    for (int q = src->q_first; q <= src->q_last; q++)
        acc_merge(acc_of_quarter(dst, q), &src->periods[q - src->q_first]);
    acc_merge(&dst->overall, &src->overall);
    for (int f = 0; f < FLAG__N; f++) {
        if (!dst->flags[f].count && src->flags[f].example)
            dst->flags[f].example = rpo_xstrdup(src->flags[f].example);
        dst->flags[f].count += src->flags[f].count;
    }
}

int rpo_record_kind_parallel(rpo_record_kind kind)
{
    return kind != RPO_REC_REQUISITION && kind != RPO_REC_STAGE_EVENT;
}

static void flag(rpo_tally *t, rpo_flag_code f, const rpo_record *rec)
{
    rpo_flag_count *fc = &t->flags[f];
    if (!fc->count++ && rec) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s:%lu", rec->file, rec->line);
        fc->example = rpo_xstrdup(buf);
    }
}

static int add_requisition(rpo_model *m, rpo_tally *t, const rpo_record *rec, const char **why,
                           int *field)
{
    const rpo_value *v = rec->v;
    /* Kept even when opened after the as-of date, so that its applications
     * are not taken for orphans; no metric counts it before it opens. */
    if (v[REQ_OPENED_AT].u.day > m->as_of)
        flag(t, FLAG_AFTER_AS_OF, rec);
    int created;
    req_info *r = rpo_strmap_put(&m->requisitions, v[REQ_ID].text, v[REQ_ID].len, &created);
    if (!created) {
        *why = "duplicate requisition id (the first record with it is kept)";
        *field = REQ_ID;
        return 1;
    }
    m->have_requisitions = 1;
    r->opened = v[REQ_OPENED_AT].u.day;
    r->hold_days = RPO_HAS(rec, REQ_HOLD_DAYS) ? (int32_t)v[REQ_HOLD_DAYS].u.integer : 0;
    if ((RPO_HAS(rec, REQ_FILLED_AT) && v[REQ_FILLED_AT].u.day < r->opened) ||
        (RPO_HAS(rec, REQ_CLOSED_AT) && v[REQ_CLOSED_AT].u.day < r->opened))
        flag(t, FLAG_REQUISITION_DATES_OUT_OF_ORDER, rec);
    return 0;
}

static int add_stage_event(rpo_model *m, rpo_tally *t, const rpo_record *rec)
{
    const rpo_value *v = rec->v;
    if (v[EVT_AT].u.day > m->as_of) {
        flag(t, FLAG_AFTER_AS_OF, rec);
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

static int add_application(const rpo_model *m, rpo_tally *t, const rpo_record *rec)
{
    const rpo_value *v = rec->v;
    rpo_day applied = v[APP_APPLIED_AT].u.day;
    evt_info *e = m->stage_events.count
                      ? rpo_strmap_get(&m->stage_events, v[APP_ID].text, v[APP_ID].len)
                      : NULL;
    if (e) /* its application exists, whatever the as-of date */
        atomic_store_explicit(&e->consumed, 1, memory_order_relaxed);
    if (applied > m->as_of) {
        flag(t, FLAG_AFTER_AS_OF, rec);
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
    {
        if (e) {
            for (int s = 0; s < N_STAGES; s++) {
                int f = stage_field(s);
                if ((e->mask >> s) & 1u && (!((has >> f) & 1u) || e->day[s] < day[f])) {
                    day[f] = e->day[s];
                    has |= 1ull << f;
                }
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
        flag(t, FLAG_AFTER_AS_OF, rec);
    if (before)
        flag(t, FLAG_STAGE_BEFORE_APPLICATION, rec);
    if (backwards)
        flag(t, FLAG_STAGES_OUT_OF_ORDER, rec);

    rpo_period_acc *pa = acc_for(t, applied);
    pa->applications++;
    t->overall.applications++;
    int level = -1;
    uint64_t known = has | reached;
    for (int f = APP_FIRST_STAGE; f <= APP_HIRED_AT; f++) {
        int l = funnel_level(f);
        if (((known >> f) & 1u) && l > level)
            level = l;
    }
    for (int l = 0; l <= level; l++) {
        pa->reached[l]++;
        t->overall.reached[l]++;
    }

    /* One lookup serves both time to fill and the unknown-requisition check. */
    const req_info *r = m->have_requisitions ? rpo_strmap_get(&m->requisitions,
                                                              v[APP_REQUISITION_ID].text,
                                                              v[APP_REQUISITION_ID].len)
                                             : NULL;
    if (m->have_requisitions && !r)
        flag(t, FLAG_UNKNOWN_REQUISITION, rec);
    int accepted_field = ((has >> APP_OFFER_ACCEPTED_AT) & 1u) ? APP_OFFER_ACCEPTED_AT
                         : ((has >> APP_HIRED_AT) & 1u)        ? APP_HIRED_AT
                                                               : -1;
    if (accepted_field >= 0) {
        rpo_day a = day[accepted_field];
        rpo_period_acc *qa = acc_for(t, a);
        qa->hires++;
        t->overall.hires++;
        qa->offers_accepted++;
        t->overall.offers_accepted++;
        if ((has >> APP_OFFER_DECLINED_AT) & 1u)
            flag(t, FLAG_ACCEPTED_AND_DECLINED, rec);
        if (a >= applied) {
            rpo_hist_add(&qa->time_to_hire, a - applied);
            rpo_hist_add(&t->overall.time_to_hire, a - applied);
        }
        if (r) {
            int32_t ttf = a - r->opened - r->hold_days;
            if (ttf < 0) {
                flag(t, FLAG_NEGATIVE_TIME_TO_FILL, rec);
            } else {
                rpo_hist_add(&qa->time_to_fill, ttf);
                rpo_hist_add(&t->overall.time_to_fill, ttf);
            }
        }
    } else if ((reached >> APP_OFFER_ACCEPTED_AT) & 1u || (reached >> APP_HIRED_AT) & 1u) {
        /* Counted as a hire, but not in offer acceptance: an export that flags
         * hires without dates seldom records declines, and a rate over
         * acceptances alone would read 100 %. */
        t->overall.hires++;
        flag(t, FLAG_HIRE_WITHOUT_DATE, rec);
    } else if ((has >> APP_OFFER_DECLINED_AT) & 1u) {
        acc_for(t, day[APP_OFFER_DECLINED_AT])->offers_declined++;
        t->overall.offers_declined++;
    }
    return 0;
}

static int add_cost(const rpo_model *m, rpo_tally *t, const rpo_record *rec, const char **why,
                    int *field)
{
    const rpo_value *v = rec->v;
    if (m->currency[0] && RPO_HAS(rec, COST_CURRENCY) &&
        (v[COST_CURRENCY].len != strlen(m->currency) ||
         memcmp(v[COST_CURRENCY].text, m->currency, v[COST_CURRENCY].len) != 0)) {
        *why = "currency differs from the engagement's currency (convert before import)";
        *field = COST_CURRENCY;
        return 1;
    }
    if (v[COST_DATE].u.day > m->as_of) {
        flag(t, FLAG_AFTER_AS_OF, rec);
        return 0;
    }
    rpo_period_acc *a = acc_for(t, v[COST_DATE].u.day);
    a->cost_total += v[COST_AMOUNT].u.money;
    a->cost_records++;
    t->overall.cost_total += v[COST_AMOUNT].u.money;
    t->overall.cost_records++;
    return 0;
}

int rpo_model_consume(void *shard, const rpo_record *rec, const char **why, int *field)
{
    rpo_shard *sh = shard;
    switch (rec->kind) {
    case RPO_REC_REQUISITION: return add_requisition(sh->m, sh->t, rec, why, field);
    case RPO_REC_STAGE_EVENT: return add_stage_event(sh->m, sh->t, rec);
    case RPO_REC_APPLICATION: return add_application(sh->m, sh->t, rec);
    case RPO_REC_COST: return add_cost(sh->m, sh->t, rec, why, field);
    default: return 0; /* validated and counted; used by later metrics */
    }
}

void rpo_model_finish(rpo_model *m)
{
    for (size_t i = 0; i < m->stage_events.count; i++) {
        const evt_info *e = rpo_strmap_at(&m->stage_events, i);
        if (!atomic_load_explicit(&e->consumed, memory_order_relaxed))
            flag(&m->tally, FLAG_STAGE_EVENT_UNKNOWN_APPLICATION, NULL);
    }
}
