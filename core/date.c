/*
 * date.c — calendar arithmetic (Howard Hinnant's days_from_civil algorithms,
 * exact over the whole int32 range we use) and strict ISO-8601 parsing.
 */
#define _XOPEN_SOURCE 700 /* strptime */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

rpo_day rpo_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2u) / 5u + (unsigned)d - 1u;
    const unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
    return (rpo_day)(era * 146097 + (int)doe - 719468);
}

void rpo_civil_from_days(rpo_day day, int *y, int *m, int *d)
{
    const int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
    const unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
    const unsigned mp = (5u * doy + 2u) / 153u;
    *d = (int)(doy - (153u * mp + 2u) / 5u + 1u);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)yoe + era * 400 + (*m <= 2);
}

int rpo_days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

/* Reads exactly N digits at S into *V; returns 0 or -1. */
static int digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

int rpo_date_parse_iso(const char *s, size_t len, rpo_day *out, const char **why)
{
    int y, m, d;
    if (len < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
        digits(s + 8, 2, &d)) {
        *why = "not an ISO-8601 date (expected YYYY-MM-DD)";
        return -1;
    }
    if (m < 1 || m > 12) {
        *why = "month out of range";
        return -1;
    }
    if (d < 1 || d > rpo_days_in_month(y, m)) {
        *why = "day out of range for its month";
        return -1;
    }
    rpo_day day = rpo_days_from_civil(y, m, d);
    if (len == 10) {
        *out = day;
        return 0;
    }
    /* Date-time: hh:mm[:ss[.frac]][zone]. */
    const char *p = s + 10, *end = s + len;
    int hh, mi, ss = 0;
    if ((*p != 'T' && *p != 't' && *p != ' ') || end - p < 6 || digits(p + 1, 2, &hh) ||
        p[3] != ':' || digits(p + 4, 2, &mi)) {
        *why = "not an ISO-8601 date-time (expected YYYY-MM-DDThh:mm[:ss][zone])";
        return -1;
    }
    p += 6;
    if (p < end && *p == ':') {
        if (end - p < 3 || digits(p + 1, 2, &ss)) {
            *why = "bad seconds in date-time";
            return -1;
        }
        p += 3;
        if (p < end && (*p == '.' || *p == ',')) {
            p++;
            const char *f = p;
            while (p < end && *p >= '0' && *p <= '9')
                p++;
            if (p == f) {
                *why = "bad fraction of a second in date-time";
                return -1;
            }
        }
    }
    if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi || ss))) {
        *why = "time of day out of range";
        return -1;
    }
    int offset_min = 0;
    if (p < end) {
        if ((*p == 'Z' || *p == 'z') && p + 1 == end) {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1, oh, om = 0;
            p++;
            if (end - p < 2 || digits(p, 2, &oh)) {
                *why = "bad zone offset in date-time";
                return -1;
            }
            p += 2;
            if (p < end && *p == ':')
                p++;
            if (p < end) {
                if (end - p != 2 || digits(p, 2, &om)) {
                    *why = "bad zone offset in date-time";
                    return -1;
                }
                p += 2;
            }
            if (oh > 18 || om > 59) {
                *why = "zone offset out of range";
                return -1;
            }
            offset_min = sign * (oh * 60 + om);
        }
    }
    if (p != end) {
        *why = "trailing text after date-time";
        return -1;
    }
    /* Local minutes since midnight minus the offset gives UTC minutes; floor to days. */
    long utc_min = (long)day * 1440 + hh * 60 + mi - offset_min;
    long q = utc_min / 1440;
    if (utc_min % 1440 < 0)
        q--;
    *out = (rpo_day)q;
    return 0;
}

int rpo_date_parse_format(const char *s, size_t len, const char *fmt, rpo_day *out,
                          const char **why)
{
    char buf[128];
    if (len >= sizeof buf) {
        *why = "date too long";
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 0;
    const char *rest = strptime(buf, fmt, &tm);
    if (!rest || *rest != '\0') {
        *why = "does not match the configured date_format";
        return -1;
    }
    int y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    if (m < 1 || m > 12 || d < 1 || d > rpo_days_in_month(y, m)) {
        *why = "date out of range";
        return -1;
    }
    *out = rpo_days_from_civil(y, m, d);
    return 0;
}

int rpo_date_parse_iso_cached(const char *s, size_t len, rpo_day *out, const char **why,
                              rpo_date_cache *c)
{
    /* The fast path: a plain YYYY-MM-DD in the cached month, whose first
     * eight bytes were already checked when the month was cached. */
    if (c && len == 10 && memcmp(s, c->prefix, 8) == 0) {
        unsigned d1 = (unsigned)(s[8] - '0'), d0 = (unsigned)(s[9] - '0');
        int d = (int)(d1 * 10 + d0);
        if (d1 <= 9 && d0 <= 9 && d >= 1 && d <= c->days) {
            *out = c->first + d - 1;
            return 0;
        }
    }
    int rc = rpo_date_parse_iso(s, len, out, why);
    if (rc == 0 && c && len == 10) {
        int y, m, d;
        rpo_civil_from_days(*out, &y, &m, &d);
        memcpy(c->prefix, s, 8);
        c->first = *out - d + 1;
        c->days = rpo_days_in_month(y, m);
    }
    return rc;
}

void rpo_date_format(rpo_day day, char buf[static 11])
{
    int y, m, d;
    rpo_civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}
