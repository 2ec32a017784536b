/*
 * metrics.c — the built-in metric catalogue (docs/metrics.md) and its
 * arithmetic.
 *
 * All rounding happens here, once, exactly: every value is a ratio of
 * integers (a count, a sum of days, a sum of money in 1/10000 units, scores
 * in hundredths), so it is rounded to 2 decimals half away from zero in
 * integer arithmetic, and every sink prints the same digits.
 */
#include "metrics.h"
#include "parse.h"

#include <math.h>
#include <string.h>

static void set_state(rpo_metric_value *out, uint64_t n, unsigned min_n)
{
    out->n = n;
    out->state = n == 0 ? RPO_VALUE_EMPTY : n < min_n ? RPO_VALUE_INSUFFICIENT : RPO_VALUE_OK;
}

static void count_value(rpo_metric_value *out, uint64_t count)
{
    /* A count is exact whatever its size: never "insufficient". */
    out->n = count;
    out->state = RPO_VALUE_OK;
    out->value = (double)count;
}

/* NUM × MUL / DEN rounded to hundredths, as a double with 2 decimals. In
 * 128 bits: sums of money are in 1/10000 units and may be near 2^63. */
static double hundredths(int64_t num, int64_t mul, int64_t den)
{
    __extension__ typedef __int128 wide;
    wide n = (wide)num * mul * 100, d = den;
    wide q = (n >= 0 ? n + d / 2 : n - d / 2) / d; /* half away from zero */
    return (double)(int64_t)q / 100.0;
}

/* A percentage NUM / DEN × 100, n = DEN. */
static void percent(rpo_metric_value *out, uint64_t num, uint64_t den, unsigned min_n)
{
    set_state(out, den, min_n);
    if (out->state == RPO_VALUE_OK)
        out->value = hundredths((int64_t)num, 100, (int64_t)den);
}

static void distribution(rpo_hist *h, unsigned min_n, rpo_metric_value *out)
{
    set_state(out, h->n, min_n);
    if (out->state != RPO_VALUE_OK)
        return;
    out->value = (double)rpo_hist_quantile_cents(h, 1, 2) / 100.0;
    out->mean = (double)rpo_hist_mean_cents(h) / 100.0;
    out->p90 = (double)rpo_hist_quantile_cents(h, 9, 10) / 100.0;
}

#define C(a) (void)(a)
#define COUNT(fn, expr)                                                                    \
    static void fn(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)      \
    {                                                                                      \
        C(c);                                                                              \
        count_value(out, expr);                                                            \
    }
#define DIST(fn, member)                                                                   \
    static void fn(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)      \
    {                                                                                      \
        distribution(&a->member, c->min_n, out);                                           \
    }
#define PERCENT(fn, num, den)                                                              \
    static void fn(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)      \
    {                                                                                      \
        percent(out, num, den, c->min_n);                                                  \
    }

DIST(m_time_to_fill, time_to_fill)
DIST(m_time_to_fill_critical, time_to_fill_critical)
DIST(m_time_to_hire, time_to_hire)
DIST(m_time_to_offer, time_to_offer)
DIST(m_time_to_submit, time_to_submit)
DIST(m_time_to_start, time_to_start)
DIST(m_stage_apply_screen, stage[STAGE_APPLY_SCREEN])
DIST(m_stage_screen_submit, stage[STAGE_SCREEN_SUBMIT])
DIST(m_stage_submit_interview, stage[STAGE_SUBMIT_INTERVIEW])
DIST(m_stage_interview_offer, stage[STAGE_INTERVIEW_OFFER])
DIST(m_stage_offer_accept, stage[STAGE_OFFER_ACCEPT])
DIST(m_open_age, open_age)
PERCENT(m_sla_fill_rate, a->sla_met, a->sla_known)
COUNT(m_open_0_30, a->open_bucket[0])
COUNT(m_open_31_60, a->open_bucket[1])
COUNT(m_open_61_90, a->open_bucket[2])
COUNT(m_open_over_90, a->open_bucket[3])
COUNT(m_req_opened, a->req_opened)
COUNT(m_req_filled, a->req_filled)
COUNT(m_req_open, a->req_open)
COUNT(m_applications, a->applications)
COUNT(m_hires, a->hires)
COUNT(m_reached_screening, a->reached[FUNNEL_SCREENED])
COUNT(m_reached_submittal, a->reached[FUNNEL_SUBMITTED])
COUNT(m_reached_interview, a->reached[FUNNEL_INTERVIEWED])
COUNT(m_reached_offer, a->reached[FUNNEL_OFFERED])
PERCENT(m_screen_rate, a->reached[FUNNEL_SCREENED], a->applications)
PERCENT(m_submittal_to_interview, a->reached[FUNNEL_INTERVIEWED], a->reached[FUNNEL_SUBMITTED])
PERCENT(m_interview_to_offer, a->reached[FUNNEL_OFFERED], a->reached[FUNNEL_INTERVIEWED])
PERCENT(m_offer_acceptance, a->offers_accepted, a->offers_accepted + a->offers_declined)
PERCENT(m_yield, a->cohort_hires, a->applications)
PERCENT(m_early_attrition, a->attr_left, a->attr_cohort)
PERCENT(m_first_year_retention, a->ret_stayed, a->ret_cohort)
PERCENT(m_diverse_slate, a->slate_diverse, a->slate_reqs)
PERCENT(m_diverse_hire_share, a->diverse_hires, a->diverse_known)
PERCENT(m_internal_fill, a->internal_hires, a->internal_known)
COUNT(m_risks_open, a->risks_open)
COUNT(m_risks_open_high, a->risks_open_high)
COUNT(m_risks_closed, a->risks_closed)

static void m_qualified_per_position(rpo_period_acc *a, const rpo_metric_ctx *c,
                                     rpo_metric_value *out)
{
    set_state(out, a->qual_reqs, c->min_n);
    if (out->state == RPO_VALUE_OK)
        out->value = hundredths((int64_t)a->qual_screened, 1, (int64_t)a->qual_openings);
}

/* Money per hire: TOTAL (1/RPO_MONEY_SCALE units) over the period's hires. */
static void per_hire(rpo_period_acc *a, const rpo_metric_ctx *c, int have_costs, int64_t total,
                     rpo_metric_value *out)
{
    set_state(out, a->hires, c->min_n);
    if (!have_costs) /* no cost data is not a cost of zero; n still counts the hires */
        out->state = RPO_VALUE_EMPTY;
    else if (!a->hires) /* costs, but no hire to share them */
        out->state = RPO_VALUE_INSUFFICIENT;
    if (out->state == RPO_VALUE_OK) /* money is in 1/RPO_MONEY_SCALE units */
        out->value = hundredths(total, 1, RPO_MONEY_SCALE * (int64_t)a->hires);
}

static void m_cost_per_hire(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)
{
    per_hire(a, c, a->cost_records != 0, a->cost_total, out);
}

static void m_cost_per_hire_comparable(rpo_period_acc *a, const rpo_metric_ctx *c,
                                       rpo_metric_value *out)
{
    per_hire(a, c, a->cost_marked != 0, a->cost_comparable, out);
}

static void m_recruiting_cost_ratio(rpo_period_acc *a, const rpo_metric_ctx *c,
                                    rpo_metric_value *out)
{
    /* As cost per hire (n = hires), and insufficient unless every hire's
     * first-year pay is known: all costs over the pay of some hires would
     * overstate the ratio. */
    set_state(out, a->hires, c->min_n);
    if (!a->cost_records)
        out->state = RPO_VALUE_EMPTY;
    else if (!a->hires || a->pay_known < a->hires)
        out->state = RPO_VALUE_INSUFFICIENT;
    else if (out->state == RPO_VALUE_OK && a->pay_total <= 0)
        out->state = RPO_VALUE_EMPTY;
    if (out->state == RPO_VALUE_OK)
        out->value = hundredths(a->cost_total, 100, a->pay_total);
}

static void m_quality_of_hire(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)
{
    set_state(out, a->qoh_n, c->min_n);
    if (out->state == RPO_VALUE_OK)
        out->value = hundredths(a->qoh_sum, 1, rpo_qoh_denominator(c->opt) * (int64_t)a->qoh_n);
}

static void m_hm_satisfaction(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)
{
    set_state(out, a->hm_n, c->min_n);
    if (out->state == RPO_VALUE_OK) /* hm_sum is in hundredths */
        out->value = hundredths(a->hm_sum, 1, 100 * (int64_t)a->hm_n);
}

static void m_candidate_nps(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)
{
    set_state(out, a->nps_n, c->min_n);
    if (out->state == RPO_VALUE_OK)
        out->value = hundredths((int64_t)a->nps_promoters - (int64_t)a->nps_detractors, 100,
                                (int64_t)a->nps_n);
}

static void m_risk_open_age(rpo_period_acc *a, const rpo_metric_ctx *c, rpo_metric_value *out)
{
    set_state(out, a->risks_open, c->min_n);
    if (out->state == RPO_VALUE_OK)
        out->value = hundredths(a->risk_age_sum, 1, (int64_t)a->risks_open);
}

static const char *const dims_ALL[] = {"department", "location",       "level", "source",
                                       "recruiter",  "hiring_manager", "owner", NULL};
static const char *const dims_REQ[] = {"department", "location",       "level",
                                       "recruiter",  "hiring_manager", "owner", NULL};
static const char *const dims_RISK[] = {"owner", NULL};

unsigned rpo_dims_of_names(const char *const *names)
{
    unsigned d = 0;
    for (; names && *names; names++)
        for (int k = 0; k < DIM__N; k++)
            if (strcmp(*names, rpo_dim_name(k)) == 0)
                d |= 1u << k;
    return d;
}

double rpo_round2(double x)
{
    /* Formula inputs are 2-decimal values: a result within 1e-9 of a tie is
     * the tie binary arithmetic missed (1.005 is 1.00499...): away from zero. */
    double y = x * 100.0;
    return round(y + copysign(1e-7, y)) / 100.0;
}

#define LOWER RPO_LOWER_IS_BETTER
#define HIGHER RPO_HIGHER_IS_BETTER
#define NONE RPO_DIRECTION_NONE
#define DAYS RPO_UNIT_DAYS
#define PCT RPO_UNIT_PERCENT
#define CNT RPO_UNIT_COUNT
#define DIMSET_ALL DIMS_ALL
#define DIMSET_REQ DIMS_REQUISITION
#define DIMSET_RISK DIMS_RISK
#define M(id, name, unit, dir, event, area, dist, set, fn, def)                               \
    {{id, name, unit, dir, event, area, def, dist, dims_##set, 0, "built-in"}, DIMSET_##set, fn}

const rpo_metric_def rpo_metric_catalogue[] = {
    /* Speed */
    M("time_to_fill", "Time to fill", DAYS, LOWER, "offer accepted", "role live", 1, ALL,
      m_time_to_fill,
      "Calendar days from the requisition's opening (its reopening, for hires after it) to "
      "the offer acceptance, minus the requisition's hold days, one value per hire (SHRM "
      "time to fill); value = median, with mean and p90."),
    M("time_to_fill_critical", "Time to fill, critical positions", DAYS, LOWER,
      "offer accepted", "role live", 1, ALL, m_time_to_fill_critical,
      "Time to fill of hires on requisitions marked critical (ISO 30414)."),
    M("time_to_hire", "Time to hire", DAYS, LOWER, "offer accepted", "selection", 1, ALL,
      m_time_to_hire, "Calendar days from the application to the offer acceptance, one value "
                      "per hire; value = median, with mean and p90."),
    M("time_to_offer", "Time to offer", DAYS, LOWER, "offer made", "selection", 1, ALL,
      m_time_to_offer, "Calendar days from the application to the offer, one value per offer "
                       "made (accepted, declined or open)."),
    M("time_to_submit", "Time to submit", DAYS, LOWER, "first submittal", "role live", 1, REQ,
      m_time_to_submit, "Calendar days from the requisition's opening to its first candidate "
                        "submitted to the hiring manager, one value per requisition."),
    M("time_to_start", "Time to start", DAYS, LOWER, "offer accepted", "pre-day-one", 1, ALL,
      m_time_to_start, "Calendar days from the offer acceptance to the start date (hire "
                       "record, else application), one value per hire with a start date."),
    M("stage_days_apply_to_screen", "Days from application to screening", DAYS, LOWER,
      "screened", "post-application", 1, ALL, m_stage_apply_screen,
      "Days from the application to its screening, per screened application."),
    M("stage_days_screen_to_submit", "Days from screening to submittal", DAYS, LOWER,
      "submitted", "selection", 1, ALL, m_stage_screen_submit,
      "Days from screening to submittal to the hiring manager, per application with both."),
    M("stage_days_submit_to_interview", "Days from submittal to interview", DAYS, LOWER,
      "interviewed", "selection", 1, ALL, m_stage_submit_interview,
      "Days from submittal to the first interview, per application with both."),
    M("stage_days_interview_to_offer", "Days from interview to offer", DAYS, LOWER, "offered",
      "selection", 1, ALL, m_stage_interview_offer,
      "Days from the first interview to the offer, per application with both."),
    M("stage_days_offer_to_accept", "Days from offer to acceptance", DAYS, LOWER,
      "offer accepted", "pre-day-one", 1, ALL, m_stage_offer_accept,
      "Days from the offer to its acceptance, per hire with both."),
    M("sla_fill_rate", "SLA fill rate", PCT, HIGHER, "requisition filled", "role live", 0, REQ,
      m_sla_fill_rate,
      "Requisitions filled within their SLA (the requisition's sla_days, else the "
      "engagement's), net of hold days, ÷ requisitions filled that have an SLA."),
    M("open_requisition_age", "Open requisition age", DAYS, LOWER, "period end", "role live", 1,
      REQ, m_open_age, "Age in days at the period's end of each requisition open then."),
    M("open_requisitions_0_30", "Open requisitions aged 0–30 days", CNT, NONE, "period end",
      "role live", 0, REQ, m_open_0_30, "Requisitions open at the period's end, aged 0–30 days."),
    M("open_requisitions_31_60", "Open requisitions aged 31–60 days", CNT, NONE, "period end",
      "role live", 0, REQ, m_open_31_60, "Requisitions open at the period's end, aged 31–60 days."),
    M("open_requisitions_61_90", "Open requisitions aged 61–90 days", CNT, NONE, "period end",
      "role live", 0, REQ, m_open_61_90, "Requisitions open at the period's end, aged 61–90 days."),
    M("open_requisitions_over_90", "Open requisitions aged over 90 days", CNT, LOWER,
      "period end", "role live", 0, REQ, m_open_over_90,
      "Requisitions open at the period's end, aged more than 90 days."),
    /* Volume */
    M("requisitions_opened", "Requisitions opened", CNT, NONE, "requisition opened",
      "before a role is live", 0, REQ, m_req_opened, "Requisitions opened in the period."),
    M("requisitions_filled", "Requisitions filled", CNT, HIGHER, "requisition filled",
      "role live", 0, REQ, m_req_filled,
      "Requisitions filled in the period (filled_at, else a single opening's first offer "
      "acceptance)."),
    M("requisitions_open", "Open requisitions", CNT, NONE, "period end", "role live", 0, REQ,
      m_req_open, "Requisitions open at the period's end (opened, not yet filled or closed)."),
    M("applications", "Applications", CNT, NONE, "application date", "post-application", 0,
      ALL, m_applications, "Applications received in the period, by application date."),
    M("hires", "Hires", CNT, HIGHER, "offer accepted", "pre-day-one", 0, ALL, m_hires,
      "Accepted offers in the period, by offer-acceptance date (the hire date when no "
      "acceptance date is known). Hires known only as a flag count in overall only."),
    /* Funnel */
    M("reached_screening", "Reached screening", CNT, NONE, "application date", "selection", 0,
      ALL, m_reached_screening,
      "Applications of the period's cohort that reached screening or any later stage, "
      "counted from stage history: an applicant screened and later rejected still counts."),
    M("reached_submittal", "Reached submittal", CNT, NONE, "application date", "selection", 0,
      ALL, m_reached_submittal,
      "Applications of the period's cohort submitted to the hiring manager, or later stages "
      "reached."),
    M("reached_interview", "Reached interview", CNT, NONE, "application date", "selection", 0,
      ALL, m_reached_interview,
      "Applications of the period's cohort interviewed, or later stages reached."),
    M("reached_offer", "Reached offer", CNT, NONE, "application date", "selection", 0, ALL,
      m_reached_offer,
      "Applications of the period's cohort that received an offer (accepted, declined or "
      "open)."),
    M("screen_rate", "Screen rate", PCT, NONE, "application date", "post-application", 0, ALL,
      m_screen_rate, "Applications of the cohort that reached screening ÷ applications."),
    M("submittal_to_interview", "Submittal-to-interview rate", PCT, HIGHER, "application date",
      "selection", 0, ALL, m_submittal_to_interview,
      "Applications of the cohort interviewed ÷ those submitted (stage history)."),
    M("interview_to_offer", "Interview-to-offer rate", PCT, HIGHER, "application date",
      "selection", 0, ALL, m_interview_to_offer,
      "Applications of the cohort offered ÷ those interviewed (stage history)."),
    M("offer_acceptance_rate", "Offer acceptance rate", PCT, HIGHER, "offer decision",
      "pre-day-one", 0, ALL, m_offer_acceptance,
      "Accepted offers ÷ (accepted + declined offers), by decision date; n = offers decided. "
      "Offers still open are not counted."),
    M("applicant_to_hire_yield", "Applicant-to-hire yield", PCT, NONE, "application date",
      "selection", 0, ALL, m_yield, "Applications of the cohort hired ÷ applications."),
    M("qualified_per_position", "Qualified candidates per position", RPO_UNIT_RATIO, HIGHER,
      "requisition filled or closed", "selection", 0, REQ, m_qualified_per_position,
      "Over requisitions filled or closed in the period: applications that reached screening "
      "÷ openings (ISO 30414); n = requisitions."),
    /* Cost */
    M("cost_per_hire", "Cost per hire", RPO_UNIT_CURRENCY, LOWER, "cost date / offer accepted",
      "role live", 0, ALL, m_cost_per_hire,
      "(External + internal recruiting costs) ÷ hires of the period, per ANSI/SHRM "
      "06001-2012 and ISO/TS 30407; n = hires; empty without cost records, insufficient "
      "with costs but too few hires. By source: the costs naming the source ÷ its hires."),
    M("cost_per_hire_comparable", "Cost per hire (comparable)", RPO_UNIT_CURRENCY, LOWER,
      "cost date / offer accepted", "role live", 0, ALL, m_cost_per_hire_comparable,
      "Cost per hire over the costs marked comparable = true only (ANSI/SHRM 06001 "
      "benchmarking variant); empty when no cost of the period carries the mark."),
    M("recruiting_cost_ratio", "Recruiting cost ratio", PCT, LOWER,
      "cost date / offer accepted", "role live", 0, ALL, m_recruiting_cost_ratio,
      "Recruiting costs ÷ the first-year pay of the period's hires × 100 (ANSI/SHRM 06001 "
      "RCR); insufficient unless every hire of the period has a first-year pay."),
    /* Quality and retention */
    M("early_attrition_90d", "Early attrition (90 days)", PCT, LOWER, "start date",
      "first 90 days", 0, ALL, m_early_attrition,
      "Hires who left within 90 days of their start ÷ hires whose 90 days ended by the as-of "
      "date (a cohort by start date)."),
    M("first_year_retention", "First-year retention", PCT, HIGHER, "start date",
      "first 90 days", 0, ALL, m_first_year_retention,
      "Hires still employed a year after their start ÷ hires whose first year ended by the "
      "as-of date (a cohort by start date)."),
    M("quality_of_hire", "Quality of hire", RPO_UNIT_SCORE, HIGHER, "start date",
      "first 90 days", 0, ALL, m_quality_of_hire,
      "Mean over hires of a weighted composite (0–100) of performance, the 90-day "
      "hiring-manager rating, ramp time and 90-day retention; weights in "
      "[metric.quality_of_hire]."),
    M("hiring_manager_satisfaction", "Hiring-manager satisfaction", RPO_UNIT_SCORE, HIGHER,
      "survey date", "selection", 0, REQ, m_hm_satisfaction,
      "Mean score of the hiring-manager survey responses (instrument hm_satisfaction)."),
    M("candidate_nps", "Candidate NPS", RPO_UNIT_SCORE, HIGHER, "survey date",
      "post-application", 0, REQ, m_candidate_nps,
      "Net promoter score of candidate survey responses (instrument candidate_nps): % "
      "scoring 9–10 minus % scoring 0–6, from −100 to 100."),
    /* Diversity and mobility */
    M("diverse_slate_rate", "Diverse slate rate", PCT, HIGHER, "requisition filled or closed",
      "selection", 0, REQ, m_diverse_slate,
      "Requisitions filled or closed in the period whose submitted candidates include at "
      "least min_diverse (default 2) diverse ones ÷ those with any submitted candidate."),
    M("diverse_hire_share", "Diverse hire share", PCT, HIGHER, "offer accepted", "pre-day-one",
      0, ALL, m_diverse_hire_share, "Diverse hires ÷ hires whose diverse flag is known."),
    M("internal_fill_rate", "Internal fill rate", PCT, HIGHER, "offer accepted", "pre-day-one",
      0, ALL, m_internal_fill,
      "Hires of internal candidates ÷ hires whose internal flag is known (ISO 30414)."),
    /* Partnership */
    M("risks_open", "Open risks", CNT, LOWER, "period end", "partnership", 0, RISK,
      m_risks_open, "Risks in the log open at the period's end."),
    M("risks_open_high", "Open high-severity risks", CNT, LOWER, "period end", "partnership", 0,
      RISK, m_risks_open_high,
      "Open risks of severity at or above min_severity (default 4)."),
    M("risk_open_age", "Mean age of open risks", DAYS, LOWER, "period end", "partnership", 0,
      RISK, m_risk_open_age, "Mean age in days of the risks open at the period's end."),
    M("risks_closed", "Risks closed", CNT, HIGHER, "risk closed", "partnership", 0, RISK,
      m_risks_closed, "Risks closed in the period."),
};

const size_t rpo_metric_catalogue_size = sizeof rpo_metric_catalogue / sizeof rpo_metric_catalogue[0];

const rpo_metric_def *rpo_metric_find(const char *id)
{
    for (size_t i = 0; i < rpo_metric_catalogue_size; i++)
        if (strcmp(rpo_metric_catalogue[i].info.id, id) == 0)
            return &rpo_metric_catalogue[i];
    return NULL;
}
