/*
 * sink_webhook/summary.h — what the webhook says: which period and metrics
 * it shows, which achievements and risks count as news, whether anything
 * changed since the last committed run, and the Slack-compatible JSON
 * payload. Pure functions of the report (no I/O), so the unit tests check
 * them over tests/sinks/fake_report.c.
 */
#ifndef RPO_SINK_WEBHOOK_SUMMARY_H
#define RPO_SINK_WEBHOOK_SUMMARY_H

#include <stddef.h>
#include <rpo/rpo.h>

/* The instance's choices (keys min_severity and max_metrics). */
typedef struct webhook_options {
    int min_severity;   /* a new open risk of at least this severity is news (1..5) */
    size_t max_metrics; /* at most this many metrics are listed (1..WEBHOOK_MAX_METRICS) */
} webhook_options;

/* The largest max_metrics (a message stays well inside Slack's limits). */
#define WEBHOOK_MAX_METRICS 50

/* The most items an achievement or risk list shows before "and N more". */
#define WEBHOOK_MAX_ITEMS 10

/* The longest text of one Slack section block (Slack refuses longer ones). */
#define WEBHOOK_SECTION_MAX 3000

/* webhook_latest_period — the index of the last period that is not the
 * overall column; SIZE_MAX when the report has none. */
size_t webhook_latest_period(const rpo_report *r);

/*
 * webhook_pick_metrics — the metrics the summary lists, in report order:
 * the key metrics (rpo_metric_info.key); when there are none, the metrics
 * with a target in period PERIOD. Stores up to MAX indexes in PICKED and the
 * number that qualified in *ELIGIBLE; *KEY is 1 when they are key metrics.
 * Returns how many it stored.
 */
size_t webhook_pick_metrics(const rpo_report *r, size_t period, size_t max, size_t *picked,
                            size_t *eligible, int *key);

/* webhook_risk_is_news — whether risk K is listed: new since the last
 * committed run, open, and at least O's min_severity. */
int webhook_risk_is_news(const rpo_risk *k, const webhook_options *o);

/*
 * webhook_status_changed — whether value V changed its standing since the
 * last committed run: a value appeared or went (ok now xor
 * has_previous_run), or the status that run reported for the cell
 * (previous_status) differs from today's. A value that moved without
 * changing its status is no news.
 */
int webhook_status_changed(const rpo_metric_value *v);

/*
 * webhook_has_news — whether only_when = changes posts: always when the
 * report has no previous committed run (header previous_run_as_of ""),
 * else when an achievement is new, a risk is news, or the status of a
 * listed metric in the latest period changed (webhook_status_changed).
 */
int webhook_has_news(const rpo_report *r, const webhook_options *o);

/*
 * webhook_payload — the JSON body for a Slack-compatible incoming webhook:
 * {"text": fallback, "blocks": [mrkdwn section, ...]} with the engagement,
 * as-of date and latest period, the listed metrics with value and status in
 * words, new achievements and new high-severity risks; report texts escaped
 * for mrkdwn (&, <, >), invalid UTF-8 replaced by U+FFFD, each section cut
 * to WEBHOOK_SECTION_MAX characters. Returns a malloc'd NUL-terminated
 * string the caller frees, or NULL when out of memory.
 */
char *webhook_payload(const rpo_report *r, const webhook_options *o);

#endif
