/*
 * test_http_common.c — the pure parts of plugins/http_common: Link header
 * parsing, Retry-After parsing, the backoff schedule and its random draws,
 * and reading the policy keys (over tests/common/fake_config.c). The
 * behaviour against a server is tests/integration/http_common.sh.
 *
 * Expected values are worked out by hand in the comments (the HTTP dates
 * with Python: calendar.timegm(datetime(2015, 10, 21, 7, 28).timetuple())
 * is 1445412480).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/http_common/http.h"
#include "../common/fake_config.h"

/* ------------------------------------------------------- SDK test double */

static char log_text[4096];

static void log_add(const char *prefix, const char *fmt, va_list ap)
{
    size_t used = strlen(log_text);
    snprintf(log_text + used, sizeof(log_text) - used, "%s", prefix);
    used = strlen(log_text);
    vsnprintf(log_text + used, sizeof(log_text) - used, fmt, ap);
    used = strlen(log_text);
    snprintf(log_text + used, sizeof(log_text) - used, "\n");
}

void rpo_log(const rpo_instance *inst, rpo_log_level level, const char *fmt, ...)
{
    va_list ap;
    (void)inst;
    (void)level;
    va_start(ap, fmt);
    log_add("log: ", fmt, ap);
    va_end(ap);
}

int rpo_config_error(const rpo_instance *inst, const char *key, const char *fmt, ...)
{
    char prefix[128];
    va_list ap;
    snprintf(prefix, sizeof(prefix), "test.ini:1: [source.%s] %s: ", inst->name, key ? key : "");
    va_start(ap, fmt);
    log_add(prefix, fmt, ap);
    va_end(ap);
    return RPO_ECONFIG;
}

#define assert_contains(hay, needle)                                                   \
    do {                                                                               \
        if (!strstr((hay), (needle)))                                                  \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));               \
    } while (0)

/* -------------------------------------------------------------- Link */

static void assert_next(const char *header, const char *want)
{
    char *got = http_link_next(header);
    if (want == NULL) {
        if (got != NULL)
            fail_msg("Link %s: expected no next, got %s", header ? header : "(null)", got);
        return;
    }
    if (got == NULL)
        fail_msg("Link %s: expected %s, got none", header, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_link_next_first(void **state)
{
    (void)state;
    assert_next("<https://api.example.com/v1/apps?page=2>; rel=\"next\", "
                "<https://api.example.com/v1/apps?page=9>; rel=\"last\"",
                "https://api.example.com/v1/apps?page=2");
}

static void test_link_next_after_others(void **state)
{
    (void)state;
    /* Greenhouse Harvest writes the values without a blank after the comma. */
    assert_next("<https://harvest.greenhouse.io/v1/candidates?page=1&per_page=2>; rel=\"prev\","
                "<https://harvest.greenhouse.io/v1/candidates?page=3&per_page=2>; rel=\"next\","
                "<https://harvest.greenhouse.io/v1/candidates?page=474&per_page=2>; rel=\"last\"",
                "https://harvest.greenhouse.io/v1/candidates?page=3&per_page=2");
}

static void test_link_rel_forms(void **state)
{
    (void)state;
    assert_next("<https://x/a?p=2>; rel=next", "https://x/a?p=2");         /* unquoted */
    assert_next("<https://x/a?p=2>; REL=\"NEXT\"", "https://x/a?p=2");     /* any case */
    assert_next("<https://x/a?p=2>;rel=\"prefetch next\"", "https://x/a?p=2"); /* a list */
    assert_next("<https://x/a?p=2> ; rel = \"next\"", "https://x/a?p=2");  /* blanks */
}

static void test_link_commas_inside(void **state)
{
    (void)state;
    /* A comma inside <...> or a quoted parameter does not end the value. */
    assert_next("<https://x/a?ids=1,2,3>; rel=\"next\"", "https://x/a?ids=1,2,3");
    assert_next("<https://x/b>; title=\"b, then c\"; rel=\"next\"", "https://x/b");
    assert_next("<https://x/b>; title=\"say \\\"hi\\\", rel=next\", <https://x/c>; rel=\"next\"",
                "https://x/c");
}

static void test_link_without_next(void **state)
{
    (void)state;
    assert_next("<https://x/a?p=9>; rel=\"last\"", NULL);
    assert_next("<https://x/a?p=2>; rel=\"nextpage\"", NULL);
    assert_next("<https://x/a?p=2>; rev=\"next\"", NULL);
    assert_next("https://x/a?p=2; rel=\"next\"", NULL); /* no <...> */
    assert_next("<https://x/a?p=2; rel=\"next\"", NULL);  /* no closing > */
    assert_next("<>; rel=\"next\"", NULL);                /* an empty URL */
    assert_next("", NULL);
    assert_next(NULL, NULL);
}

/* ------------------------------------------------------- Retry-After */

/* 2015-10-21 07:27:00 UTC: one minute before the dates below. */
static const time_t minute_before = 1445412480 - 60;

static void test_retry_after_seconds(void **state)
{
    (void)state;
    assert_int_equal(http_retry_after_ms("120", 0), 120000);
    assert_int_equal(http_retry_after_ms(" 5 ", 0), 5000);
    assert_int_equal(http_retry_after_ms("0", 0), 0);
    assert_true(http_retry_after_ms("99999999999999999999", 0) == LONG_MAX);
}

static void test_retry_after_dates(void **state)
{
    (void)state;
    assert_int_equal(http_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", minute_before), 60000);
    assert_int_equal(http_retry_after_ms("Wednesday, 21-Oct-15 07:28:00 GMT", minute_before),
                     60000);
    assert_int_equal(http_retry_after_ms("Wed Oct 21 07:28:00 2015", minute_before), 60000);
    /* A date already past asks for no wait. */
    assert_int_equal(http_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 5), 0);
}

static void test_retry_after_invalid(void **state)
{
    (void)state;
    assert_int_equal(http_retry_after_ms("-1", 0), -1);
    assert_int_equal(http_retry_after_ms("1.5", 0), -1);
    assert_int_equal(http_retry_after_ms("soon", 0), -1);
    assert_int_equal(http_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT trailing", 0), -1);
    assert_int_equal(http_retry_after_ms("", 0), -1);
    assert_int_equal(http_retry_after_ms(NULL, 0), -1);
}

/* ------------------------------------------------------------ backoff */

static void test_backoff_doubles_with_jitter(void **state)
{
    (void)state;
    /* Full jitter: U times min(cap, base * 2^(retry-1)). */
    assert_int_equal(http_backoff_ms(1000, 1, 0.0), 0);
    assert_int_equal(http_backoff_ms(1000, 1, 0.5), 500);
    assert_int_equal(http_backoff_ms(1000, 1, 0.999), 999);
    assert_int_equal(http_backoff_ms(1000, 2, 0.5), 1000);
    assert_int_equal(http_backoff_ms(1000, 3, 0.5), 2000);
    assert_int_equal(http_backoff_ms(1000, 6, 0.5), 16000); /* 32 s ceiling */
}

static void test_backoff_capped(void **state)
{
    (void)state;
    /* 1000 * 2^6 = 64 s is past the 60 s cap. */
    assert_int_equal(http_backoff_ms(1000, 7, 0.5), 30000);
    assert_int_equal(http_backoff_ms(1000, 100, 0.5), 30000);
    assert_int_equal(http_backoff_ms(1000, 4000000000u, 0.999999), 59999);
    assert_int_equal(http_backoff_ms(90000, 1, 0.5), 30000);
    /* Tiny for tests, zero for none. */
    assert_int_equal(http_backoff_ms(1, 3, 0.5), 2);
    assert_int_equal(http_backoff_ms(0, 5, 0.9), 0);
}

static void test_random_unit_range(void **state)
{
    uint64_t s = 42;
    double sum = 0, lo = 1, hi = 0;
    (void)state;
    for (int i = 0; i < 100000; i++) {
        double u = http_random_unit(&s);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    assert_true(s != 42);
    /* Uniform: the mean of 100000 draws is within 0.01 of 0.5 (sd ~0.0009). */
    assert_true(sum / 100000 > 0.49 && sum / 100000 < 0.51);
    assert_true(lo < 0.001 && hi > 0.999);
}

/* ------------------------------------------------------------- policy */

static const rpo_config_key keys[] = { HTTP_POLICY_KEYS, { NULL, 0, 0, NULL, NULL } };

static int read_policy(const char *const *kv, http_policy *p)
{
    rpo_instance inst = { "api", keys, kv };
    log_text[0] = '\0';
    return http_policy_read(&inst, p);
}

static void test_policy_defaults(void **state)
{
    http_policy p;
    (void)state;
    assert_int_equal(read_policy(NULL, &p), RPO_OK);
    assert_int_equal(p.connect_timeout_ms, 10000);
    assert_int_equal(p.timeout_ms, 60000);
    assert_int_equal(p.max_attempts, 5);
    assert_int_equal(p.max_elapsed_ms, 300000);
    assert_int_equal(p.backoff_ms, 1000);
    assert_null(p.ca_bundle);
}

static void test_policy_set(void **state)
{
    static const char *const kv[] = { "connect_timeout", "2", "timeout", "3", "retries", "0",
                                      "retry_for", "7", "retry_backoff_ms", "1",
                                      "ca_bundle", "/dev/null", NULL };
    http_policy p;
    (void)state;
    assert_int_equal(read_policy(kv, &p), RPO_OK);
    assert_int_equal(p.connect_timeout_ms, 2000);
    assert_int_equal(p.timeout_ms, 3000);
    assert_int_equal(p.max_attempts, 1);
    assert_int_equal(p.max_elapsed_ms, 7000);
    assert_int_equal(p.backoff_ms, 1);
    assert_string_equal(p.ca_bundle, "/dev/null");
}

static void test_policy_ranges(void **state)
{
    static const char *const retries[] = { "retries", "21", NULL };
    static const char *const timeout[] = { "timeout", "0", NULL };
    static const char *const backoff[] = { "retry_backoff_ms", "-5", NULL };
    static const char *const ca[] = { "ca_bundle", "/nonexistent/ca.pem", NULL };
    http_policy p;
    (void)state;
    assert_int_equal(read_policy(retries, &p), RPO_ECONFIG);
    assert_contains(log_text, "[source.api] retries: must be 0 to 20 retries, not 21");
    assert_int_equal(read_policy(timeout, &p), RPO_ECONFIG);
    assert_contains(log_text, "[source.api] timeout: must be 1 to 3600 seconds, not 0");
    assert_int_equal(read_policy(backoff, &p), RPO_ECONFIG);
    assert_contains(log_text, "retry_backoff_ms: must be 0 to 60000 ms, not -5");
    assert_int_equal(read_policy(ca, &p), RPO_ECONFIG);
    assert_contains(log_text, "ca_bundle: cannot read /nonexistent/ca.pem: No such file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_next_first),
        cmocka_unit_test(test_link_next_after_others),
        cmocka_unit_test(test_link_rel_forms),
        cmocka_unit_test(test_link_commas_inside),
        cmocka_unit_test(test_link_without_next),
        cmocka_unit_test(test_retry_after_seconds),
        cmocka_unit_test(test_retry_after_dates),
        cmocka_unit_test(test_retry_after_invalid),
        cmocka_unit_test(test_backoff_doubles_with_jitter),
        cmocka_unit_test(test_backoff_capped),
        cmocka_unit_test(test_random_unit_range),
        cmocka_unit_test(test_policy_defaults),
        cmocka_unit_test(test_policy_set),
        cmocka_unit_test(test_policy_ranges),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
