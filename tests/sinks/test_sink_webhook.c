/*
 * test_sink_webhook.c — the webhook sink over the SDK test double
 * (tests/sinks/fake_report.c): the payload for the standard fixture (text
 * and blocks, exactly, worked out by hand from the fixture's values as the
 * comments show), metric selection, escaping, cutting, the change test of
 * only_when = changes, the keys, and write() failing without ever logging
 * the URL. Posting to a real server: tests/integration/sink_webhook.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../plugins/sink_webhook/summary.h"
#include "fake_report.h"

#define SINK sink_webhook_LTX_rpo_plugin
extern const rpo_plugin SINK;

/* ------------------------------------------ secrets (SDK test double) */

/* rpo_config_secret — see rpo/config.h; this double knows env:NAME only. */
int rpo_config_secret(const rpo_instance *inst, const char *key, char **value)
{
    const char *ref = rpo_config_get(inst, key);
    const char *v;

    *value = NULL;
    if (ref == NULL)
        return RPO_ENOINPUT;
    if (strncmp(ref, "env:", 4) != 0 || (v = getenv(ref + 4)) == NULL || *v == '\0')
        return rpo_config_error(inst, key, "%s: no such secret", ref);
    *value = strdup(v);
    return *value ? RPO_OK : RPO_ENOMEM;
}

void rpo_secret_free(char *secret)
{
    if (secret != NULL)
        memset(secret, 0, strlen(secret));
    free(secret);
}

/* --------------------------------------------------------------- helpers */

#define assert_contains(hay, needle)                                                   \
    do {                                                                               \
        if (!strstr((hay), (needle)))                                                  \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));               \
    } while (0)
#define assert_lacks(hay, needle)                                                      \
    do {                                                                               \
        if (strstr((hay), (needle)))                                                   \
            fail_msg("expected not to find \"%s\" in:\n%s", (needle), (hay));           \
    } while (0)

static const webhook_options defaults = { 4, 5 };

/* The payload of R parsed; fails the test unless it is {"text", "blocks"}. */
static json_t *payload_of(const rpo_report *r, const webhook_options *o)
{
    char *text = webhook_payload(r, o);
    json_error_t err;
    json_t *doc;

    assert_non_null(text);
    doc = json_loads(text, 0, &err);
    if (doc == NULL)
        fail_msg("not JSON (%s): %s", err.text, text);
    free(text);
    assert_true(json_is_string(json_object_get(doc, "text")));
    assert_true(json_is_array(json_object_get(doc, "blocks")));
    assert_int_equal(json_object_size(doc), 2);
    return doc;
}

/* The mrkdwn text of section block I, checking its shape. */
static const char *block_text(json_t *doc, size_t i)
{
    json_t *b = json_array_get(json_object_get(doc, "blocks"), i);
    json_t *t = json_object_get(b, "text");

    assert_non_null(b);
    assert_string_equal(json_string_value(json_object_get(b, "type")), "section");
    assert_string_equal(json_string_value(json_object_get(t, "type")), "mrkdwn");
    return json_string_value(json_object_get(t, "text"));
}

static size_t block_count(json_t *doc)
{
    return json_array_size(json_object_get(doc, "blocks"));
}

/* ------------------------------------------------------------ payload */

/*
 * The fixture: Acme hiring 2024 (Acme Corp, TalentCo, phase run), as of
 * 2024-09-30; latest period 2024Q3 (complete). Key metrics: time_to_fill
 * (28.33 days, target 30 lower is better: met; the last run reported 31.50)
 * and offer_acceptance (no offer decided in 2024Q3: n=0). New achievements:
 * the milestone and the improvement (the best period is not new). Risks:
 * R-7 new, open, severity 5 (listed); R-3 open but not new; R-1 closed.
 */
static const char *const want_blocks[] = {
    "*Acme hiring 2024*: scorecard as of 2024-09-30\n"
    "Acme Corp \xE2\x86\x94 TalentCo \xC2\xB7 phase: run",

    "*Key metrics, 2024Q3*\n"
    "\xE2\x80\xA2 Time to fill, median days (target \xE2\x89\xA4 30.00): *28.33* \xE2\x80\x94 "
    "\xE2\x9C\x94 met (was 31.50 at the last run)\n"
    "\xE2\x80\xA2 Offer acceptance (target \xE2\x89\xA5 85.00%): no data (n=0)",

    "*New achievements*\n"
    "\xE2\x80\xA2 Hire number 25 accepted on 2024-08-14\n"
    "\xE2\x80\xA2 Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in 2024Q3",

    "*New high-severity risks (severity \xE2\x89\xA5 4)*\n"
    "\xE2\x80\xA2 *R-7* (severity 5): Hiring-manager interview capacity in Engineering",
};

static void test_payload_standard(void **state)
{
    json_t *doc = payload_of(fake_report_standard(), &defaults);
    char text[4096] = "";
    (void)state;

    assert_int_equal(block_count(doc), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(block_text(doc, i), want_blocks[i]);
        if (i > 0)
            strcat(text, "\n\n");
        strcat(text, want_blocks[i]);
    }
    /* The fallback text is the same content, the sections one after another. */
    assert_string_equal(json_string_value(json_object_get(doc, "text")), text);
    json_decref(doc);
}

static void test_payload_max_metrics(void **state)
{
    webhook_options one = { 4, 1 };
    json_t *doc = payload_of(fake_report_standard(), &one);
    (void)state;

    assert_string_equal(block_text(doc, 1),
                        "*Key metrics, 2024Q3*\n"
                        "\xE2\x80\xA2 Time to fill, median days (target \xE2\x89\xA4 30.00): "
                        "*28.33* \xE2\x80\x94 \xE2\x9C\x94 met (was 31.50 at the last run)\n"
                        "\xE2\x80\xA6" "and 1 more key metric in the full report.");
    json_decref(doc);
}

/* Without key metrics, the metrics with a target in the latest period. */
static void test_payload_without_key_metrics(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_metric_info metrics[4];
    json_t *doc;
    (void)state;

    memcpy(metrics, r.metrics, sizeof(metrics));
    for (size_t i = 0; i < 4; i++)
        metrics[i].key = 0;
    r.metrics = metrics;
    doc = payload_of(&r, &defaults);
    /* requisitions_opened and cost_per_hire have no target in 2024Q3. */
    assert_string_equal(block_text(doc, 1),
                        "*Metrics with targets, 2024Q3*\n"
                        "\xE2\x80\xA2 Time to fill, median days (target \xE2\x89\xA4 30.00): "
                        "*28.33* \xE2\x80\x94 \xE2\x9C\x94 met (was 31.50 at the last run)\n"
                        "\xE2\x80\xA2 Offer acceptance (target \xE2\x89\xA5 85.00%): no data (n=0)");
    json_decref(doc);
}

/* A period not over yet says so; nothing new: only two blocks. */
static void test_payload_in_progress_nothing_new(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_period periods[4];
    json_t *doc;
    (void)state;

    memcpy(periods, r.periods, sizeof(periods));
    periods[2].complete = 0;
    periods[2].last_day = "2024-08-20";
    r.periods = periods;
    r.nachievements = 0;
    r.nrisks = 1;
    {
        webhook_options strict = { 5, 5 };
        rpo_risk risk = r.risks[0];
        risk.severity = 4; /* new and open, but below min_severity 5 */
        r.risks = &risk;
        doc = payload_of(&r, &strict);
    }
    assert_int_equal(block_count(doc), 2);
    assert_contains(block_text(doc, 1), "*Key metrics, 2024Q3 (to date, through 2024-08-20)*\n");
    json_decref(doc);
}

/* Report texts cannot mention @channel, make links or break lines; invalid
 * UTF-8 becomes U+FFFD; a section is cut at 3000 characters. */
static void test_payload_escaping_and_cut(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_risk risk = r.risks[0];
    char *longname = malloc(5001);
    char want_title[64];
    json_t *doc;
    const char *title;
    (void)state;

    assert_non_null(longname);
    risk.title = "Pay <!channel> & <https://x.example|click>\nnow";
    risk.id = "R-\xFF";
    r.risks = &risk;
    r.nrisks = 1;
    doc = payload_of(&r, &defaults);
    assert_string_equal(block_text(doc, 3),
                        "*New high-severity risks (severity \xE2\x89\xA5 4)*\n"
                        "\xE2\x80\xA2 *R-\xEF\xBF\xBD* (severity 5): Pay &lt;!channel&gt; &amp; "
                        "&lt;https://x.example|click&gt; now");
    json_decref(doc);

    memset(longname, 'x', 5000);
    longname[5000] = '\0';
    r.header.engagement = longname;
    doc = payload_of(&r, &defaults);
    title = block_text(doc, 0);
    /* 2999 characters then "…" (3 bytes): "*" + 2998 x. */
    assert_int_equal(strlen(title), 2999 + 3);
    snprintf(want_title, sizeof(want_title), "*xxxx");
    assert_memory_equal(title, want_title, 5);
    assert_string_equal(title + 2999, "\xE2\x80\xA6");
    /* The fallback text keeps it whole. */
    assert_contains(json_string_value(json_object_get(doc, "text")), longname);
    json_decref(doc);
    free(longname);
}

/* ------------------------------------------------------ change test */

/* A value of state ST (VALUE when ok) and status STATUS; the last run had
 * the cell when PREV_STATUS is not -1, with PREV_STATUS and, when HAS_PREV,
 * the value PREV. */
static rpo_metric_value cell(rpo_value_state st, double value, rpo_target_status status,
                             int prev_status, int has_prev, double prev)
{
    rpo_metric_value v;
    memset(&v, 0, sizeof(v));
    v.state = st;
    v.n = st == RPO_VALUE_OK ? 10 : 0;
    v.value = value;
    v.has_target = status != RPO_STATUS_NONE;
    v.target = 30;
    v.status = status;
    v.has_previous_status = prev_status >= 0;
    v.previous_status = prev_status >= 0 ? (rpo_target_status)prev_status : RPO_STATUS_NONE;
    v.has_previous_run = has_prev;
    v.previous_run = prev;
    v.change_vs_run = has_prev && st == RPO_VALUE_OK ? value - prev : 0;
    return v;
}

static void test_status_changed(void **state)
{
    rpo_metric_value v;
    (void)state;

#define CHANGED(...) (v = cell(__VA_ARGS__), webhook_status_changed(&v))
    /* A value appeared (the last run had no value, or not the cell), went,
     * or was never there. */
    assert_true(CHANGED(RPO_VALUE_OK, 28, RPO_STATUS_MET, -1, 0, 0));
    assert_true(CHANGED(RPO_VALUE_OK, 28, RPO_STATUS_MET, RPO_STATUS_INSUFFICIENT, 0, 0));
    assert_true(CHANGED(RPO_VALUE_INSUFFICIENT, 0, RPO_STATUS_INSUFFICIENT, RPO_STATUS_MET, 1, 28));
    assert_false(CHANGED(RPO_VALUE_EMPTY, 0, RPO_STATUS_INSUFFICIENT, RPO_STATUS_INSUFFICIENT, 0, 0));
    assert_false(CHANGED(RPO_VALUE_EMPTY, 0, RPO_STATUS_INSUFFICIENT, -1, 0, 0));
    /* No target then or now: no status to change, whatever the value did. */
    assert_false(CHANGED(RPO_VALUE_OK, 28, RPO_STATUS_NONE, RPO_STATUS_NONE, 1, 45));
    /* The status the last run reported decides, not the value. */
    assert_false(CHANGED(RPO_VALUE_OK, 28, RPO_STATUS_MET, RPO_STATUS_MET, 1, 29));
    assert_false(CHANGED(RPO_VALUE_OK, 32, RPO_STATUS_NEAR, RPO_STATUS_NEAR, 1, 33));
    assert_false(CHANGED(RPO_VALUE_OK, 40, RPO_STATUS_MISSED, RPO_STATUS_MISSED, 1, 35));
    assert_true(CHANGED(RPO_VALUE_OK, 28, RPO_STATUS_MET, RPO_STATUS_NEAR, 1, 31.5));
    assert_true(CHANGED(RPO_VALUE_OK, 32, RPO_STATUS_NEAR, RPO_STATUS_MISSED, 1, 33));
    assert_true(CHANGED(RPO_VALUE_OK, 40, RPO_STATUS_MISSED, RPO_STATUS_NEAR, 1, 35));
    /* A target set since the last run (no status then): a change. */
    assert_true(CHANGED(RPO_VALUE_OK, 28, RPO_STATUS_MET, RPO_STATUS_NONE, 1, 28));
#undef CHANGED
}

static void test_has_news(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_metric_value values[16];
    rpo_risk risk = r.risks[0];
    (void)state;

    /* No previous run: everything is news. */
    r.header.previous_run_as_of = "";
    assert_true(webhook_has_news(&r, &defaults));
    r.header.previous_run_as_of = "2024-08-31";
    assert_true(webhook_has_news(&r, &defaults)); /* two new achievements */
    r.nachievements = 0;
    assert_true(webhook_has_news(&r, &defaults)); /* */
    risk.severity = 3;
    r.risks = &risk;
    r.nrisks = 1;
    /* time_to_fill 2024Q3 is met now; the last run's 31.50 was near. */
    assert_true(webhook_has_news(&r, &defaults));
    memcpy(values, r.values, sizeof(values));
    values[1 * 4 + 2].previous_run = 29.5;
    values[1 * 4 + 2].previous_status = RPO_STATUS_MET;
    values[1 * 4 + 2].change_vs_run = -1.17;
    r.values = values;
    /* offer_acceptance 2024Q3 had no value then either: nothing changed. */
    assert_false(webhook_has_news(&r, &defaults));
    /* A status change of a metric that is not listed does not count:
     * cost_per_hire is no key metric. */
    values[3 * 4 + 2].has_previous_run = 1;
    assert_false(webhook_has_news(&r, &defaults));
    /* With max_metrics 1 only time_to_fill is listed. */
    values[2 * 4 + 2].has_previous_run = 1;
    assert_true(webhook_has_news(&r, &defaults));
    {
        webhook_options one = { 4, 1 };
        assert_false(webhook_has_news(&r, &one));
    }
}

/* ------------------------------------------------------ instance keys */

static int create_with(const char *const *kv, void **ctx)
{
    static rpo_instance inst;
    inst.name = "team";
    inst.keys = SINK.keys;
    inst.kv = kv;
    fake_log_reset();
    *ctx = NULL;
    return SINK.create(&inst, ctx);
}

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(SINK.kind, RPO_PLUGIN_SINK);
    assert_string_equal(SINK.name, "webhook");
    assert_int_equal(SINK.abi_minor, 2);
    assert_int_equal(SINK.keys[0].type, RPO_KEY_SECRET);
    assert_true(SINK.keys[0].flags & RPO_KEY_REQUIRED);
}

static void test_bad_keys(void **state)
{
    static const char *const only[] = { "url", "env:WEBHOOK_TEST_URL", "only_when", "sometimes", NULL };
    static const char *const sev[] = { "url", "env:WEBHOOK_TEST_URL", "min_severity", "6", NULL };
    static const char *const max[] = { "url", "env:WEBHOOK_TEST_URL", "max_metrics", "0", NULL };
    static const char *const policy[] = { "url", "env:WEBHOOK_TEST_URL", "retries", "99", NULL };
    static const char *const missing[] = { "url", "env:WEBHOOK_TEST_NONE", NULL };
    static const char *const notaurl[] = { "url", "env:WEBHOOK_TEST_BAD", NULL };
    void *ctx;
    (void)state;

    setenv("WEBHOOK_TEST_URL", "https://hooks.example.com/services/T0/B0/tokensecret", 1);
    setenv("WEBHOOK_TEST_BAD", "hooks.example.com/services/T0/B0/tokensecret", 1);
    unsetenv("WEBHOOK_TEST_NONE");
    assert_int_equal(create_with(only, &ctx), RPO_ECONFIG);
    assert_contains(fake_log_text(), "[sink.team] only_when: must be always or changes, not \"sometimes\"");
    assert_int_equal(create_with(sev, &ctx), RPO_ECONFIG);
    assert_contains(fake_log_text(), "[sink.team] min_severity: must be 1 to 5, not 6");
    assert_int_equal(create_with(max, &ctx), RPO_ECONFIG);
    assert_contains(fake_log_text(), "[sink.team] max_metrics: must be 1 to 50, not 0");
    assert_int_equal(create_with(policy, &ctx), RPO_ECONFIG);
    assert_contains(fake_log_text(), "[sink.team] retries: must be 0 to 20 retries, not 99");
    assert_int_equal(create_with(missing, &ctx), RPO_ECONFIG);
    assert_contains(fake_log_text(), "[sink.team] url: env:WEBHOOK_TEST_NONE: no such secret");
    assert_int_equal(create_with(notaurl, &ctx), RPO_ECONFIG);
    assert_contains(fake_log_text(), "[sink.team] url: the secret it names is not an http:// or https:// URL");
    assert_lacks(fake_log_text(), "tokensecret");
    assert_null(ctx);
}

/* ---------------------------------------------------------------- write */

/* Nothing listens on port 1 of 127.0.0.1: the POST fails at once. */
static void test_write_fails_without_url_in_log(void **state)
{
    static const char *const kv[] = { "url", "env:WEBHOOK_TEST_URL", "retries", "1",
                                      "retry_backoff_ms", "1", NULL };
    void *ctx;
    (void)state;

    setenv("WEBHOOK_TEST_URL", "http://127.0.0.1:1/services/T0/B0/tokensecret", 1);
    assert_int_equal(create_with(kv, &ctx), RPO_OK);
    assert_int_equal(SINK.write(ctx, fake_report_standard()), RPO_ERETRY);
    assert_contains(fake_log_text(), "[sink:team] the webhook: Couldn't connect to server; "
                                     "gave up after 2 attempts");
    assert_lacks(fake_log_text(), "tokensecret");
    assert_lacks(fake_log_text(), "127.0.0.1");
    SINK.destroy(ctx);
}

/* only_when = changes with nothing new: no POST (it would fail), OK. */
static void test_write_skips_without_news(void **state)
{
    static const char *const kv[] = { "url", "env:WEBHOOK_TEST_URL", "only_when", "changes",
                                      "retries", "0", NULL };
    rpo_report r = *fake_report_standard();
    rpo_metric_value values[16];
    void *ctx;
    (void)state;

    memcpy(values, r.values, sizeof(values));
    values[1 * 4 + 2].previous_run = 29.5; /* met then, met now */
    values[1 * 4 + 2].previous_status = RPO_STATUS_MET;
    r.values = values;
    r.header.previous_run_as_of = "2024-08-31";
    r.nachievements = 0;
    r.nrisks = 0;
    setenv("WEBHOOK_TEST_URL", "http://127.0.0.1:1/services/T0/B0/tokensecret", 1);
    assert_int_equal(create_with(kv, &ctx), RPO_OK);
    assert_int_equal(SINK.write(ctx, &r), RPO_OK);
    assert_contains(fake_log_text(), "[sink:team] nothing new and no status changed since the "
                                     "run as of 2024-08-31; not posted");
    /* Something new: it posts, and so fails here. */
    r.nrisks = 1;
    assert_int_equal(SINK.write(ctx, &r), RPO_ERETRY);
    SINK.destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payload_standard),
        cmocka_unit_test(test_payload_max_metrics),
        cmocka_unit_test(test_payload_without_key_metrics),
        cmocka_unit_test(test_payload_in_progress_nothing_new),
        cmocka_unit_test(test_payload_escaping_and_cut),
        cmocka_unit_test(test_status_changed),
        cmocka_unit_test(test_has_news),
        cmocka_unit_test(test_descriptor),
        cmocka_unit_test(test_bad_keys),
        cmocka_unit_test(test_write_fails_without_url_in_log),
        cmocka_unit_test(test_write_skips_without_news),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_webhook", tests, NULL, NULL);
}
