/*
 * calendar.c — reporting periods (see calendar.h). Everything goes through
 * a month index year × 12 + (month − 1), with floor division so that dates
 * before year 0 number the same way as later ones.
 */
#include "calendar.h"

#include <stdio.h>

/* A / B and A mod B rounded towards minus infinity (B > 0). */
static long long floor_div(long long a, long long b)
{
    return a / b - (a % b < 0);
}

static long long floor_mod(long long a, long long b)
{
    return a - floor_div(a, b) * b;
}

/* How many months the periods of C are shifted from January: the fiscal
 * start for quarters, none for months. */
static int shift(const rpo_calendar *c)
{
    return c->months_per_period == 1 ? 0 : c->fy_start_month - 1;
}

/* The month index of the first month of period P. */
static long long first_month(const rpo_calendar *c, int p)
{
    return (long long)p * c->months_per_period + shift(c);
}

int rpo_period_of(const rpo_calendar *c, rpo_day day)
{
    int y, m, d;
    rpo_civil_from_days(day, &y, &m, &d);
    const long long month = (long long)y * 12 + (m - 1);
    return (int)floor_div(month - shift(c), c->months_per_period);
}

void rpo_period_bounds(const rpo_calendar *c, int p, rpo_day *first, rpo_day *last)
{
    const long long m0 = first_month(c, p), m1 = m0 + c->months_per_period - 1;
    const int y0 = (int)floor_div(m0, 12), y1 = (int)floor_div(m1, 12);
    const int mo0 = (int)floor_mod(m0, 12) + 1, mo1 = (int)floor_mod(m1, 12) + 1;
    *first = rpo_days_from_civil(y0, mo0, 1);
    *last = rpo_days_from_civil(y1, mo1, rpo_days_in_month(y1, mo1));
}

void rpo_period_label(const rpo_calendar *c, int p, char buf[static 16])
{
    /* The years fit an int since P does; "% 12u" and "% 4u" restate the
     * ranges for the compiler's truncation check. */
    const long long m0 = first_month(c, p);
    if (c->months_per_period == 1) {
        const unsigned month = (unsigned)floor_mod(m0, 12) % 12u + 1u;
        snprintf(buf, 16, "%04d-%02u", (int)floor_div(m0, 12), month);
        return;
    }
    const int year = (int)floor_div(p, 4);
    const unsigned q = (unsigned)floor_mod(p, 4) % 4u + 1u;
    if (c->fy_start_month == 1)
        snprintf(buf, 16, "%04dQ%u", year, q);
    else /* P counts quarters from the fiscal year that starts in year 0 and ends in year 1. */
        snprintf(buf, 16, "FY%04dQ%u", year + 1, q);
}
