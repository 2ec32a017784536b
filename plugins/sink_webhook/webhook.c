/*
 * sink_webhook — posts a short summary of the report to a Slack-compatible
 * incoming webhook: the engagement and as-of date, the key metrics of the
 * latest period with value and status, new achievements and new
 * high-severity risks (content: summary.h, payload.c; docs/sink-webhook.md).
 *
 * The webhook URL is a secret (whoever has it can post to the channel): the
 * INI file names only where it is (key url: file:, credential: or env:), and
 * no message, error or output ever shows it; messages say "the webhook".
 * The POST goes through plugins/http_common (retries with backoff, timeouts,
 * TLS always verified). A POST that fails after its retries fails the sink:
 * one error line, and the status of http_request (RPO_ERETRY when the
 * server kept failing, so a systemd timer retries the run later;
 * RPO_EUNAVAIL when it refused the URL's token).
 *
 * only_when = changes skips the POST when nothing is new since the last
 * committed run of the engagement (webhook_has_news); without a store every
 * run is a first run and posts.
 */
#include <stdlib.h>
#include <string.h>

#include <rpo/rpo.h>

#include "../http_common/http.h"
#include "summary.h"

typedef struct webhook_ctx {
    const rpo_instance *inst;
    char *url;            /* the secret; wiped and freed by destroy */
    http_policy policy;
    webhook_options options;
    int only_changes;     /* only_when = changes */
} webhook_ctx;

static const rpo_config_key webhook_keys[] = {
    { "url", RPO_KEY_SECRET, RPO_KEY_REQUIRED, NULL,
      "where the webhook URL is (a secret): file:PATH, credential:NAME or env:NAME" },
    { "min_severity", RPO_KEY_INT, 0, "4",
      "new open risks of at least this severity (1 to 5) are announced" },
    { "max_metrics", RPO_KEY_INT, 0, "5",
      "list at most this many key metrics (1 to 50)" },
    { "only_when", RPO_KEY_STRING, 0, "always",
      "always: post every run; changes: only when something is new or a status changed "
      "since the last run" },
    HTTP_POLICY_KEYS,
    { NULL, 0, 0, NULL, NULL }
};

static void webhook_destroy(void *vctx)
{
    webhook_ctx *ctx = vctx;

    if (ctx == NULL)
        return;
    rpo_secret_free(ctx->url);
    http_global_cleanup();
    free(ctx);
}

/* Reads the keys other than url into CTX; RPO_OK or RPO_ECONFIG (logged). */
static int read_options(rpo_instance *inst, webhook_ctx *ctx)
{
    const char *only_when = rpo_config_get(inst, "only_when");
    long min_severity = rpo_config_long(inst, "min_severity", 4);
    long max_metrics = rpo_config_long(inst, "max_metrics", 5);

    if (only_when == NULL || strcmp(only_when, "always") == 0)
        ctx->only_changes = 0;
    else if (strcmp(only_when, "changes") == 0)
        ctx->only_changes = 1;
    else
        return rpo_config_error(inst, "only_when", "must be always or changes, not \"%s\"",
                                only_when);
    if (min_severity < 1 || min_severity > 5)
        return rpo_config_error(inst, "min_severity", "must be 1 to 5, not %ld", min_severity);
    if (max_metrics < 1 || max_metrics > WEBHOOK_MAX_METRICS)
        return rpo_config_error(inst, "max_metrics", "must be 1 to %d, not %ld",
                                WEBHOOK_MAX_METRICS, max_metrics);
    ctx->options.min_severity = (int)min_severity;
    ctx->options.max_metrics = (size_t)max_metrics;
    return http_policy_read(inst, &ctx->policy);
}

static int webhook_create(rpo_instance *inst, void **ctxp)
{
    webhook_ctx *ctx = calloc(1, sizeof(*ctx));
    int rc;

    if (ctx == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    if ((rc = read_options(inst, ctx)) != RPO_OK) {
        free(ctx);
        return rc;
    }
    rc = rpo_config_secret(inst, "url", &ctx->url);
    if (rc == RPO_ENOINPUT) /* required: the engine checks, but never crash on it */
        rc = rpo_config_error(inst, "url", "is required: where the webhook URL is");
    if (rc != RPO_OK) {
        free(ctx);
        return rc;
    }
    /* Say what is wrong without showing the secret. */
    if (strncmp(ctx->url, "https://", 8) != 0 && strncmp(ctx->url, "http://", 7) != 0) {
        rpo_secret_free(ctx->url);
        free(ctx);
        return rpo_config_error(inst, "url",
                                "the secret it names is not an http:// or https:// URL");
    }
    if ((rc = http_global_init(inst)) != RPO_OK) {
        rpo_secret_free(ctx->url);
        free(ctx);
        return rc;
    }
    *ctxp = ctx;
    return RPO_OK;
}

static int webhook_write(void *vctx, const rpo_report *report)
{
    static const char *const headers[] = { "Content-Type: application/json; charset=utf-8",
                                           NULL };
    const webhook_ctx *ctx = vctx;
    http_response resp;
    char *body;
    int rc;

    if (ctx->only_changes && !webhook_has_news(report, &ctx->options)) {
        rpo_log(ctx->inst, RPO_LOG_INFO,
                "nothing new and no status changed since the run as of %s; not posted",
                rpo_report_get_header(report)->previous_run_as_of);
        return RPO_OK;
    }
    if ((body = webhook_payload(report, &ctx->options)) == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    rc = http_request(ctx->inst, &ctx->policy, NULL, "POST", ctx->url, "the webhook", headers,
                      body, strlen(body), &resp);
    if (rc == RPO_OK)
        rpo_log(ctx->inst, RPO_LOG_INFO, "posted the summary to the webhook (HTTP %ld, %u %s)",
                resp.status, resp.attempts, resp.attempts == 1 ? "attempt" : "attempts");
    http_response_free(&resp);
    free(body);
    return rc;
}

RPO_PLUGIN_EXPORT(sink_webhook) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "webhook",
    .version = "1.0.0",
    .description = "posts a short summary (key metrics, new achievements, new high-severity "
                   "risks) to a Slack-compatible incoming webhook",
    .keys = webhook_keys,
    .create = webhook_create,
    .destroy = webhook_destroy,
    .read = NULL,
    .write = webhook_write,
};
