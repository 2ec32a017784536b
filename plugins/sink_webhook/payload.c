/*
 * payload.c — the webhook's JSON body (contract: webhook_payload in
 * summary.h). The message is built as up to four mrkdwn sections:
 *
 *   *Example RPO engagement*: scorecard as of 2025-12-31
 *   Northwind Manufacturing ↔ Contoso Talent · phase: run
 *
 *   *Key metrics, 2025Q4*
 *   • Time to fill, median days (target ≤ 40.00): *38.50* — ✔ met (was 41.00 at the last run)
 *   • Quality of hire (target ≥ 60.00): insufficient data (n<5)
 *
 *   *New achievements*
 *   • Hire number 200 accepted on 2025-11-03
 *
 *   *New high-severity risks (severity ≥ 4)*
 *   • *R-7* (severity 5): Hiring-manager interview capacity in Engineering
 *
 * "text" (the fallback Slack shows in notifications) is the sections joined
 * by blank lines; "blocks" has one section block per part. Numbers, targets
 * and statuses come from sink_common/text.h, so they are the digits and
 * words of every other sink; statuses are words with a symbol, never only a
 * colour or an emoji.
 */
#include "summary.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../sink_common/text.h"

/* ------------------------------------------------------------ buffers */

/* A growing string; OOM is sticky and checked once at the end. */
typedef struct buf {
    char *s;
    size_t len, cap;
    int oom;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *grown;
        while (cap < b->len + n + 1)
            cap *= 2;
        if ((grown = realloc(b->s, cap)) == NULL) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_puts(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void buf_printf(buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        buf_add(b, small, (size_t)n);
        return;
    }
    {
        char *big = malloc((size_t)n + 1);
        if (big == NULL) {
            b->oom = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        buf_add(b, big, (size_t)n);
        free(big);
    }
}

/* Appends S (may be NULL) escaped for Slack mrkdwn: &, < and > as entities
 * (so a title cannot mention @channel or make a link), line breaks and tabs
 * as blanks (one item, one line). */
static void buf_text(buf *b, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '\n': case '\r': case '\t': buf_puts(b, " "); break;
        default: buf_add(b, s, 1); break;
        }
    }
}

/* Appends the malloc'd S (sink_text_*) escaped, and frees it; NULL is OOM. */
static void buf_take(buf *b, char *s)
{
    if (s == NULL)
        b->oom = 1;
    buf_text(b, s);
    free(s);
}

/* ------------------------------------------------------------ sections */

static void title_section(buf *b, const rpo_report_header *h)
{
    const char *client = sink_text_or_empty(h->client);
    const char *provider = sink_text_or_empty(h->provider);
    const char *phase = sink_text_or_empty(h->phase);

    buf_puts(b, "*");
    buf_text(b, h->engagement);
    buf_puts(b, "*: scorecard as of ");
    buf_text(b, h->as_of);
    if (*client || *provider || *phase) {
        buf_puts(b, "\n");
        buf_text(b, client);
        if (*client && *provider)
            buf_puts(b, " \xE2\x86\x94 "); /* ↔ */
        buf_text(b, provider);
        if (*phase) {
            buf_puts(b, *client || *provider ? " \xC2\xB7 phase: " : "phase: "); /* · */
            buf_text(b, phase);
        }
    }
}

/* One metric line: label with target, value, status, and the last run's value. */
static void metric_line(buf *b, const rpo_report *r, size_t m, size_t p)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    const rpo_metric_info *info = rpo_report_metric_at(r, m);
    const rpo_metric_value *v = rpo_report_value(r, m, p);

    buf_puts(b, "\n\xE2\x80\xA2 "); /* • */
    if (v == NULL) {
        buf_text(b, info->name);
        buf_puts(b, ": no data");
        return;
    }
    buf_take(b, sink_text_metric_label(info, h, v->has_target ? v : NULL));
    buf_puts(b, ": ");
    if (v->state == RPO_VALUE_INSUFFICIENT) {
        buf_printf(b, "insufficient data (n<%u)", h->min_n);
    } else if (v->state == RPO_VALUE_EMPTY) {
        buf_puts(b, "no data (n=0)");
    } else {
        char *status = sink_text_status(v, h->min_n);
        buf_puts(b, "*");
        buf_take(b, sink_text_number(info->unit, v->value));
        buf_puts(b, "*");
        if (status == NULL)
            b->oom = 1;
        else if (status[0] != '\0') {
            buf_puts(b, " \xE2\x80\x94 "); /* — */
            buf_text(b, status);
        }
        free(status);
    }
    if (v->has_previous_run && (v->state != RPO_VALUE_OK || v->change_vs_run != 0)) {
        buf_puts(b, " (was ");
        buf_take(b, sink_text_number(info->unit, v->previous_run));
        buf_puts(b, " at the last run)");
    }
}

static void metrics_section(buf *b, const rpo_report *r, const webhook_options *o, size_t p)
{
    const rpo_period *per = rpo_report_period_at(r, p);
    size_t picked[WEBHOOK_MAX_METRICS], eligible, n;
    size_t max = o->max_metrics < WEBHOOK_MAX_METRICS ? o->max_metrics : WEBHOOK_MAX_METRICS;
    int key;

    n = webhook_pick_metrics(r, p, max, picked, &eligible, &key);
    buf_puts(b, key ? "*Key metrics, " : "*Metrics with targets, ");
    buf_text(b, per->label);
    if (!per->complete) {
        buf_puts(b, " (to date, through ");
        buf_text(b, per->last_day);
        buf_puts(b, ")");
    }
    buf_puts(b, "*");
    if (eligible == 0)
        buf_puts(b, "\nNo key metrics and no targets are configured.");
    for (size_t i = 0; i < n; i++)
        metric_line(b, r, picked[i], p);
    if (eligible > n)
        buf_printf(b, "\n\xE2\x80\xA6" "and %zu more %s in the full report.", eligible - n,
                   key ? (eligible - n == 1 ? "key metric" : "key metrics")
                       : (eligible - n == 1 ? "metric with a target" : "metrics with targets"));
}

/* The new achievements, or nothing when there are none. */
static void achievements_section(buf *b, const rpo_report *r)
{
    size_t shown = 0, more = 0;

    for (size_t i = 0; i < rpo_report_achievement_count(r); i++) {
        const rpo_achievement *a = rpo_report_achievement_at(r, i);
        if (a == NULL || !a->is_new)
            continue;
        if (shown == WEBHOOK_MAX_ITEMS) {
            more++;
            continue;
        }
        if (shown++ == 0)
            buf_puts(b, "*New achievements*");
        buf_puts(b, "\n\xE2\x80\xA2 ");
        buf_text(b, a->text);
    }
    if (more > 0)
        buf_printf(b, "\n\xE2\x80\xA6" "and %zu more in the full report.", more);
}

/* The new open risks of at least min_severity, or nothing. */
static void risks_section(buf *b, const rpo_report *r, const webhook_options *o)
{
    size_t shown = 0, more = 0;

    for (size_t i = 0; i < rpo_report_risk_count(r); i++) {
        const rpo_risk *k = rpo_report_risk_at(r, i);
        if (!webhook_risk_is_news(k, o))
            continue;
        if (shown == WEBHOOK_MAX_ITEMS) {
            more++;
            continue;
        }
        if (shown++ == 0)
            buf_printf(b, "*New high-severity risks (severity \xE2\x89\xA5 %d)*", o->min_severity);
        buf_puts(b, "\n\xE2\x80\xA2 *");
        buf_text(b, k->id);
        buf_printf(b, "* (severity %d): ", k->severity);
        buf_text(b, k->title);
    }
    if (more > 0)
        buf_printf(b, "\n\xE2\x80\xA6" "and %zu more in the full report.", more);
}

/* --------------------------------------------------------------- JSON */

/*
 * A JSON string of S: invalid UTF-8 bytes (texts come from configuration
 * and data files) become U+FFFD, and a text of more than MAX characters is
 * cut to MAX - 1 and ends in "…". NULL when out of memory.
 */
static json_t *json_text(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    buf out = { NULL, 0, 0, 0 };
    size_t chars = 0;
    json_t *j;

    buf_puts(&out, "");
    while (*p != '\0') {
        size_t n = sink_text_utf8_sequence(p);
        if (chars + 1 == max && p[n ? n : 1] != '\0') {
            buf_puts(&out, "\xE2\x80\xA6"); /* … */
            break;
        }
        if (n == 0) {
            buf_puts(&out, "\xEF\xBF\xBD");
            p++;
        } else {
            buf_add(&out, (const char *)p, n);
            p += n;
        }
        chars++;
    }
    j = out.oom ? NULL : json_string(out.s);
    free(out.s);
    return j;
}

/* Appends {"type": "section", "text": {"type": "mrkdwn", "text": TEXT}} to
 * BLOCKS; -1 when out of memory. ("o" and append_new take the reference.) */
static int add_section(json_t *blocks, const char *text)
{
    json_t *t = json_text(text, WEBHOOK_SECTION_MAX), *block;

    if (t == NULL)
        return -1;
    block = json_pack("{s:s, s:{s:s, s:o}}", "type", "section", "text", "type", "mrkdwn", "text", t);
    return block != NULL && json_array_append_new(blocks, block) == 0 ? 0 : -1;
}

/* webhook_payload — see summary.h. */
char *webhook_payload(const rpo_report *r, const webhook_options *o)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    size_t period = webhook_latest_period(r);
    buf parts[4], all = { NULL, 0, 0, 0 };
    json_t *doc = NULL, *blocks = NULL, *text = NULL;
    char *out = NULL;
    int oom = 0;

    memset(parts, 0, sizeof(parts));
    title_section(&parts[0], h);
    if (period != SIZE_MAX)
        metrics_section(&parts[1], r, o, period);
    else
        buf_puts(&parts[1], "The report has no periods yet.");
    achievements_section(&parts[2], r);
    risks_section(&parts[3], r, o);

    blocks = json_array();
    oom = blocks == NULL;
    for (size_t i = 0; i < 4 && !oom; i++) {
        if (parts[i].oom) {
            oom = 1;
            break;
        }
        if (parts[i].len == 0)
            continue;
        if (all.len > 0)
            buf_puts(&all, "\n\n");
        buf_add(&all, parts[i].s, parts[i].len);
        if (add_section(blocks, parts[i].s) != 0)
            oom = 1;
    }
    /* Slack's limit for a message's text is 40000 characters. */
    if (!oom && !all.oom && (text = json_text(all.s, 40000)) != NULL) {
        doc = json_pack("{s:o, s:O}", "text", text, "blocks", blocks);
        if (doc != NULL)
            out = json_dumps(doc, JSON_COMPACT);
    }
    json_decref(blocks);
    json_decref(doc);
    for (size_t i = 0; i < 4; i++)
        free(parts[i].s);
    free(all.s);
    return out;
}
