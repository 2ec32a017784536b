/*
 * sink_common/text.h — how every text sink (console, markdown, html,
 * webhook) writes numbers, targets and statuses, so they all print the same
 * digits and words. Compiled into each sink module (SINK_COMMON in its
 * _SOURCES); uses only the SDK headers. Every function returning char *
 * returns a malloc'd string the caller frees, or NULL when out of memory.
 */
#ifndef RPO_SINK_COMMON_TEXT_H
#define RPO_SINK_COMMON_TEXT_H

#include <rpo/rpo.h>

/* sink_text_printf — printf into a new string. */
char *sink_text_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* sink_text_or_empty — S, or "" when S is NULL. */
const char *sink_text_or_empty(const char *s);

/*
 * sink_text_number — V as a number of UNIT: counts without decimals
 * ("12"), percentages with two and a sign ("87.50%"), everything else with
 * two ("41.50"). Values arrive rounded to 2 decimals, so nothing is rounded
 * again; -0 prints as 0.
 */
char *sink_text_number(rpo_unit unit, double v);

/* sink_text_trimmed — V with DECIMALS decimals less trailing zeros ("100",
 * "2.5"); the engine has already rounded it to at most that many. */
char *sink_text_trimmed(double v, int decimals);

/* sink_text_target — target T of metric M with the side it is met on:
 * "≤ 48.00" (lower is better), "≥ 80.00%" (higher is better). */
char *sink_text_target(const rpo_metric_info *m, double t);

/*
 * sink_text_metric_label — metric M's name, plus ", median" for
 * distributions and the unit the cells do not show ("days", the currency
 * code of H), and " (target ≤ 48.00)" when TARGET is not NULL.
 */
char *sink_text_metric_label(const rpo_metric_info *m, const rpo_report_header *h,
                             const rpo_metric_value *target);

/*
 * sink_text_status — the status of V in words with a symbol, so colour is
 * never its only carrier: "✔ met", "≈ near", "✘ missed", "? n<MIN" or
 * "? n=0" (a target but no value to judge), "" without a target.
 */
char *sink_text_status(const rpo_metric_value *v, unsigned min_n);

/*
 * sink_text_utf8_sequence — the length of the valid UTF-8 sequence at S
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or
 * 0 if S does not start one. S must be NUL-terminated (a NUL ends any
 * sequence).
 */
size_t sink_text_utf8_sequence(const unsigned char *s);

#endif
