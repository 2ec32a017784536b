/*
 * metrics.c — the built-in metric catalogue (DESIGN §5) and its arithmetic.
 *
 * All rounding happens here, once, exactly: every value is a ratio of
 * integers (a count, a sum of days, a sum of money in 1/10000 units), so it
 * is rounded to 2 decimals half away from zero in integer arithmetic, and
 * every sink prints the same digits.
 */
#include "metrics.h"
#include "parse.h"

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

static void distribution(rpo_hist *h, unsigned min_n, rpo_metric_value *out)
{
    set_state(out, h->n, min_n);
    if (out->state != RPO_VALUE_OK)
        return;
    out->value = (double)rpo_hist_quantile_cents(h, 1, 2) / 100.0;
    out->mean = (double)rpo_hist_mean_cents(h) / 100.0;
    out->p90 = (double)rpo_hist_quantile_cents(h, 9, 10) / 100.0;
}

static void m_applications(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)
{
    (void)min_n;
    count_value(out, a->applications);
}

#define REACHED(fn, level)                                                        \
    static void fn(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)      \
    {                                                                             \
        (void)min_n;                                                              \
        count_value(out, a->reached[level]);                                      \
    }
REACHED(m_reached_screening, FUNNEL_SCREENED)
REACHED(m_reached_submittal, FUNNEL_SUBMITTED)
REACHED(m_reached_interview, FUNNEL_INTERVIEWED)
REACHED(m_reached_offer, FUNNEL_OFFERED)

static void m_hires(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)
{
    (void)min_n;
    count_value(out, a->hires);
}

static void m_time_to_fill(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)
{
    distribution(&a->time_to_fill, min_n, out);
}

static void m_time_to_hire(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)
{
    distribution(&a->time_to_hire, min_n, out);
}

static void m_offer_acceptance(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)
{
    uint64_t decided = a->offers_accepted + a->offers_declined;
    set_state(out, decided, min_n);
    if (out->state == RPO_VALUE_OK)
        out->value = (double)rpo_round_div(10000 * (int64_t)a->offers_accepted, (int64_t)decided) / 100.0;
}

static void m_cost_per_hire(rpo_period_acc *a, unsigned min_n, rpo_metric_value *out)
{
    set_state(out, a->hires, min_n);
    if (!a->cost_records) { /* no cost data is not a cost of zero */
        out->state = RPO_VALUE_EMPTY;
        out->n = 0;
    }
    if (out->state == RPO_VALUE_OK) /* money is in 1/10000 units: cents = money / 100 / hires */
        out->value = (double)rpo_round_div(a->cost_total, 100 * (int64_t)a->hires) / 100.0;
}

#define COUNT_INFO(id, name, event, area, def) \
    {id, name, RPO_UNIT_COUNT, RPO_DIRECTION_NONE, event, area, def, 0}

const rpo_metric_def rpo_metric_catalogue[] = {
    {COUNT_INFO("applications", "Applications", "application date", "post-application",
                "Applications received in the period, by application date."),
     m_applications},
    {COUNT_INFO("reached_screening", "Reached screening", "application date", "selection",
                "Applications of the period's cohort (by application date) that reached "
                "screening or any later stage, counted from stage history: an applicant "
                "screened and later rejected still counts."),
     m_reached_screening},
    {COUNT_INFO("reached_submittal", "Reached submittal", "application date", "selection",
                "Applications of the period's cohort submitted to the hiring manager, or "
                "later stages reached."),
     m_reached_submittal},
    {COUNT_INFO("reached_interview", "Reached interview", "application date", "selection",
                "Applications of the period's cohort interviewed, or later stages reached."),
     m_reached_interview},
    {COUNT_INFO("reached_offer", "Reached offer", "application date", "selection",
                "Applications of the period's cohort that received an offer (accepted, "
                "declined or open)."),
     m_reached_offer},
    {{"hires", "Hires", RPO_UNIT_COUNT, RPO_HIGHER_IS_BETTER, "offer accepted",
      "pre-day-one",
      "Accepted offers in the period, by offer-acceptance date (the hire date when no "
      "acceptance date is known). Hires known only as a flag count in overall only.",
      0},
     m_hires},
    {{"time_to_fill", "Time to fill", RPO_UNIT_DAYS, RPO_LOWER_IS_BETTER, "offer accepted",
      "role live",
      "Calendar days from the requisition's opening to the offer acceptance, minus the "
      "requisition's hold days, one value per hire (SHRM time-to-fill). The value is the "
      "median; mean and 90th percentile (linear interpolation) alongside.",
      1},
     m_time_to_fill},
    {{"time_to_hire", "Time to hire", RPO_UNIT_DAYS, RPO_LOWER_IS_BETTER, "offer accepted",
      "selection",
      "Calendar days from the application to the offer acceptance, one value per hire. "
      "The value is the median; mean and 90th percentile (linear interpolation) alongside.",
      1},
     m_time_to_hire},
    {{"offer_acceptance_rate", "Offer acceptance rate", RPO_UNIT_PERCENT, RPO_HIGHER_IS_BETTER,
      "offer decision", "pre-day-one",
      "Accepted offers ÷ (accepted + declined offers), by decision date; n = offers decided. "
      "Offers still open are not counted.",
      0},
     m_offer_acceptance},
    {{"cost_per_hire", "Cost per hire", RPO_UNIT_CURRENCY, RPO_LOWER_IS_BETTER,
      "cost date / offer accepted", "role live",
      "(External + internal recruiting costs) ÷ hires of the period, per ANSI/SHRM "
      "06001-2012 and ISO/TS 30407; n = hires; empty when the period has no cost records.",
      0},
     m_cost_per_hire},
};

const size_t rpo_metric_catalogue_size = sizeof rpo_metric_catalogue / sizeof rpo_metric_catalogue[0];

const rpo_metric_def *rpo_metric_find(const char *id)
{
    for (size_t i = 0; i < rpo_metric_catalogue_size; i++)
        if (strcmp(rpo_metric_catalogue[i].info.id, id) == 0)
            return &rpo_metric_catalogue[i];
    return NULL;
}
