/*
 * date.h — calendar arithmetic and ISO-8601 parsing for the engine.
 *
 * Dates are counted as days since 1970-01-01 (proleptic Gregorian, UTC) in an
 * int32; date-times are reduced to the UTC calendar day they fall on, because
 * every metric of the engine counts calendar days.
 */
#ifndef RPO_CORE_DATE_H
#define RPO_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t rpo_day; /* days since 1970-01-01 */

/* rpo_days_from_civil — the day number of Y-M-D (M 1..12, D 1..31); no checks. */
rpo_day rpo_days_from_civil(int y, int m, int d);

/* rpo_civil_from_days — split day number DAY into *Y, *M, *D. */
void rpo_civil_from_days(rpo_day day, int *y, int *m, int *d);

/* rpo_days_in_month — 28..31 for month M (1..12) of year Y. */
int rpo_days_in_month(int y, int m);

/*
 * rpo_date_parse_iso — parse S[0..LEN) as an ISO-8601 calendar date
 * (YYYY-MM-DD) or date-time (date, 'T' or ' ', hh:mm[:ss[.fraction]], and an
 * optional zone Z, ±hh, ±hhmm or ±hh:mm; no zone means UTC) and store the UTC
 * calendar day in *OUT. Returns 0, or -1 with a static reason in *WHY (e.g.
 * "month 13 out of range") when S is not such a date.
 */
int rpo_date_parse_iso(const char *s, size_t len, rpo_day *out, const char **why);

/*
 * rpo_date_parse_format — parse S[0..LEN) with strptime(3) format FMT (taken
 * as a UTC calendar date; a time part, if the format has one, is ignored).
 * Returns 0 and sets *OUT, or -1 with a static reason in *WHY.
 */
int rpo_date_parse_format(const char *s, size_t len, const char *fmt, rpo_day *out,
                          const char **why);

/* The month of the last date parsed, so that the next date in the same month
 * costs one comparison instead of the calendar arithmetic. Zero-initialise. */
typedef struct rpo_date_cache {
    char prefix[8];  /* "YYYY-MM-" of the cached month; "" when none */
    rpo_day first;   /* its first day */
    int days;        /* its length */
} rpo_date_cache;

/*
 * rpo_date_parse_iso_cached — rpo_date_parse_iso with a month cache (C may be
 * NULL). Same results, same reasons.
 */
int rpo_date_parse_iso_cached(const char *s, size_t len, rpo_day *out, const char **why,
                              rpo_date_cache *c);

/* rpo_date_format — write DAY as "YYYY-MM-DD" into BUF (at least 11 bytes). */
void rpo_date_format(rpo_day day, char buf[static 11]);

#endif
