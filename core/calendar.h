/*
 * calendar.h — reporting periods: calendar months, calendar quarters, or
 * quarters of a fiscal year that starts in another month.
 *
 * Periods are numbered so that consecutive periods have consecutive indices:
 * a month's index is year × 12 + (month − 1), and a quarter's is the index of
 * its first month minus (fy_start_month − 1), divided by 3 (rounding down).
 * With fy_start_month = 1 a quarter's index is year × 4 + (month − 1) / 3.
 */
#ifndef RPO_CORE_CALENDAR_H
#define RPO_CORE_CALENDAR_H

#include "date.h"

typedef struct rpo_calendar {
    int months_per_period; /* 3 = quarters, 1 = months; nothing else */
    int fy_start_month;    /* 1..12, the month the fiscal year starts; months ignore it */
} rpo_calendar;

/* rpo_period_of — the index of the period of C that contains DAY. */
int rpo_period_of(const rpo_calendar *c, rpo_day day);

/* rpo_period_bounds — the first and last day (inclusive) of period P of C. */
void rpo_period_bounds(const rpo_calendar *c, int p, rpo_day *first, rpo_day *last);

/*
 * rpo_period_label — the name of period P of C into BUF: "2025-07" for a
 * month; "2025Q3" for a calendar quarter; "FY2026Q1"
 * for a fiscal quarter, the fiscal year being named by the calendar year in
 * which it ends (with fy_start_month = 4, FY2026 runs from April 2025 to
 * March 2026 and its Q1 is April–June 2025).
 */
void rpo_period_label(const rpo_calendar *c, int p, char buf[static 16]);

#endif
