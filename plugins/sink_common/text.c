/*
 * sink_common/text.c — numbers, targets and statuses as text (see text.h).
 */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Return a malloc'd formatted string, or NULL when out of memory. */
char *sink_text_printf(const char *fmt, ...)
{
    va_list ap;
    int len;
    char *s;

    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return NULL;
    s = malloc((size_t)len + 1);
    if (s == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

const char *sink_text_or_empty(const char *s)
{
    return s != NULL ? s : "";
}

/*
 * The text of a number of UNIT; see the format list at the top. Values
 * arrive rounded to 2 decimals, so "%.2f" prints them without rounding again.
 */
char *sink_text_number(rpo_unit unit, double v)
{
    if (v == 0.0)
        v = 0.0; /* print -0 as "0.00", not "-0.00" */
    switch (unit) {
    case RPO_UNIT_COUNT:
        return sink_text_printf("%.0f", v);
    case RPO_UNIT_PERCENT:
        return sink_text_printf("%.2f%%", v);
    default:
        return sink_text_printf("%.2f", v);
    }
}

/* V with DECIMALS decimals less trailing zeros ("100", "2.5", "0.5625");
 * the engine has already rounded it to at most that many. */
char *sink_text_trimmed(double v, int decimals)
{
    char *s = sink_text_printf("%.*f", decimals, v == 0.0 ? 0.0 : v);
    size_t len;

    if (s == NULL)
        return NULL;
    len = strlen(s);
    while (len > 0 && s[len - 1] == '0')
        s[--len] = '\0';
    if (len > 0 && s[len - 1] == '.')
        s[--len] = '\0';
    return s;
}

/*
 * The text of target T of metric M: the side it is met on ("≤ 48.00" when
 * lower is better, "≥ 80.00%" when higher is) and the number.
 */
char *sink_text_target(const rpo_metric_info *m, double t)
{
    char *num = sink_text_number(m->unit, t), *s;
    const char *side = m->direction == RPO_LOWER_IS_BETTER    ? "\xE2\x89\xA4 " /* ≤ */
                       : m->direction == RPO_HIGHER_IS_BETTER ? "\xE2\x89\xA5 " /* ≥ */
                                                              : "";

    if (num == NULL)
        return NULL;
    s = sink_text_printf("%s%s", side, num);
    free(num);
    return s;
}

/*
 * The row label of metric M: its name, plus ", median" for distributions and
 * the unit where the cells do not show it ("days", the currency code), and
 * its target when TARGET is not NULL ("(target ≤ 48.00)").
 */
char *sink_text_metric_label(const rpo_metric_info *m, const rpo_report_header *h,
                          const rpo_metric_value *target)
{
    const char *median = m->distribution ? "median" : NULL;
    const char *unit = NULL;
    char *base, *t, *s;

    if (m->unit == RPO_UNIT_DAYS)
        unit = "days";
    else if (m->unit == RPO_UNIT_CURRENCY && sink_text_or_empty(h->currency)[0] != '\0')
        unit = h->currency;

    if (median && unit)
        base = sink_text_printf("%s, %s %s", sink_text_or_empty(m->name), median, unit);
    else if (median || unit)
        base = sink_text_printf("%s, %s", sink_text_or_empty(m->name), median ? median : unit);
    else
        base = sink_text_printf("%s", sink_text_or_empty(m->name));
    if (base == NULL || target == NULL)
        return base;
    if ((t = sink_text_target(m, target->target)) == NULL) {
        free(base);
        return NULL;
    }
    s = sink_text_printf("%s (target %s)", base, t);
    free(base);
    free(t);
    return s;
}

char *sink_text_status(const rpo_metric_value *v, unsigned min_n)
{
    switch (v->status) {
    case RPO_STATUS_NONE:
        return sink_text_printf("%s", "");
    case RPO_STATUS_MET:
        return sink_text_printf("%s", "\xE2\x9C\x94 met"); /* ✔ */
    case RPO_STATUS_NEAR:
        return sink_text_printf("%s", "\xE2\x89\x88 near"); /* ≈ */
    case RPO_STATUS_MISSED:
        return sink_text_printf("%s", "\xE2\x9C\x98 missed"); /* ✘ */
    case RPO_STATUS_INSUFFICIENT:
        if (v->state == RPO_VALUE_INSUFFICIENT)
            return sink_text_printf("? n<%u", min_n);
        if (v->state == RPO_VALUE_EMPTY)
            return sink_text_printf("%s", "? n=0");
        return sink_text_printf("%s", "?");
    default:
        return sink_text_printf("? %s", rpo_target_status_name(v->status));
    }
}

size_t sink_text_utf8_sequence(const unsigned char *s)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    /* The second byte's range rules out overlongs, surrogates and > U+10FFFF. */
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}
