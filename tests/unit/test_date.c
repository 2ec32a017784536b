/*
 * test_date.c — calendar arithmetic and ISO-8601 parsing. Expected day
 * numbers were computed independently with `date -u -d DATE +%s` / 86400.
 */
#include "testutil.h"
#include "calendar.h"
#include "date.h"

static rpo_day parse_ok(const char *s)
{
    rpo_day d = -999999;
    const char *why = NULL;
    int rc = rpo_date_parse_iso(s, strlen(s), &d, &why);
    if (rc != 0)
        fail_msg("'%s' rejected: %s", s, why);
    return d;
}

static const char *parse_bad(const char *s)
{
    rpo_day d;
    const char *why = NULL;
    assert_int_equal(rpo_date_parse_iso(s, strlen(s), &d, &why), -1);
    assert_non_null(why);
    return why;
}

static void test_civil_round_trip(void **state)
{
    (void)state;
    assert_int_equal(rpo_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(rpo_days_from_civil(2024, 2, 29), 19782); /* date -u -d 2024-02-29 +%s = 1709164800 */
    assert_int_equal(rpo_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(rpo_days_from_civil(1969, 12, 31), -1);
    for (rpo_day d = -800000; d < 800000; d += 37) {
        int y, m, dd;
        rpo_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(rpo_days_from_civil(y, m, dd), d);
    }
    assert_int_equal(rpo_days_in_month(2024, 2), 29);
    assert_int_equal(rpo_days_in_month(1900, 2), 28);
    assert_int_equal(rpo_days_in_month(2000, 2), 29);
    assert_int_equal(rpo_days_in_month(2023, 4), 30);
}

static void test_iso_dates(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2024-02-29"), 19782);
    assert_int_equal(parse_ok("2024-03-01T00:00"), 19783);
    assert_int_equal(parse_ok("2024-03-01T10:15:30Z"), 19783);
    assert_int_equal(parse_ok("2024-03-01 10:15:30"), 19783);
    assert_int_equal(parse_ok("2024-03-01T10:15:30.123Z"), 19783);
    /* Zones move the UTC day: 23:30 at -05:00 is 04:30 UTC the next day. */
    assert_int_equal(parse_ok("2024-02-29T23:30:00-05:00"), 19783);
    assert_int_equal(parse_ok("2024-03-01T01:00:00+02:00"), 19782);
    assert_int_equal(parse_ok("2024-03-01T01:00:00+0200"), 19782);
    assert_int_equal(parse_ok("2024-03-01T01:00+02"), 19782);
    assert_int_equal(parse_ok("2024-12-31T24:00:00Z"), rpo_days_from_civil(2025, 1, 1));
}

static void test_iso_rejects(void **state)
{
    (void)state;
    assert_string_equal(parse_bad("2024-13-01"), "month out of range");
    assert_string_equal(parse_bad("2023-02-29"), "day out of range for its month");
    assert_string_equal(parse_bad("2024-04-31"), "day out of range for its month");
    parse_bad("24-01-01");
    parse_bad("2024/01/01");
    parse_bad("01.02.2024");
    parse_bad("2024-01-01T25:00");
    parse_bad("2024-01-01T10:61");
    parse_bad("2024-01-01T10:00:00+25:00");
    parse_bad("2024-01-01T10:00:00Zjunk");
    parse_bad("2024-01-01x");
    parse_bad("");
}

static void test_date_format_option(void **state)
{
    (void)state;
    rpo_day d;
    const char *why;
    assert_int_equal(rpo_date_parse_format("29/02/2024", 10, "%d/%m/%Y", &d, &why), 0);
    assert_int_equal(d, 19782);
    assert_int_equal(rpo_date_parse_format("31/02/2024", 10, "%d/%m/%Y", &d, &why), -1);
    assert_int_equal(rpo_date_parse_format("2024-02-29", 10, "%d/%m/%Y", &d, &why), -1);
}

/* The month cache must give exactly the uncached answers, good or bad. */
static void test_cached_parse_agrees(void **state)
{
    (void)state;
    static const char *const dates[] = {
        "2024-02-01", "2024-02-29", "2024-02-30", "2024-02-3x", "2024-02-00", "2024-02-15",
        "2024-02-15T23:30:00-05:00", "2023-02-29", "2023-02-28", "2024-13-01", "2024-02-1",
        "2024-03-31", "2024-03-32", "2024-02-10", "1999-12-31", "2024-02-10"};
    rpo_date_cache cache;
    memset(&cache, 0, sizeof cache);
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
            rpo_day a = 0, b = 0;
            const char *wa = NULL, *wb = NULL;
            size_t n = strlen(dates[i]);
            int ra = rpo_date_parse_iso(dates[i], n, &a, &wa);
            int rb = rpo_date_parse_iso_cached(dates[i], n, &b, &wb, &cache);
            if (ra != rb || (ra == 0 && a != b))
                fail_msg("%s: uncached %d/%d, cached %d/%d", dates[i], ra, (int)a, rb, (int)b);
        }
    }
}

/* Calendar quarters (the default calendar): labels and bounds. */
static void test_quarters(void **state)
{
    (void)state;
    const rpo_calendar cal = {3, 1};
    char label[16], buf[11];
    int q = rpo_period_of(&cal, rpo_days_from_civil(2024, 3, 31));
    rpo_period_label(&cal, q, label);
    assert_string_equal(label, "2024Q1");
    q = rpo_period_of(&cal, rpo_days_from_civil(2024, 4, 1));
    rpo_period_label(&cal, q, label);
    assert_string_equal(label, "2024Q2");
    rpo_day first, last;
    rpo_period_bounds(&cal, rpo_period_of(&cal, rpo_days_from_civil(2024, 11, 5)), &first, &last);
    rpo_date_format(first, buf);
    assert_string_equal(buf, "2024-10-01");
    rpo_date_format(last, buf);
    assert_string_equal(buf, "2024-12-31");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_civil_round_trip), cmocka_unit_test(test_iso_dates),
    cmocka_unit_test(test_iso_rejects), cmocka_unit_test(test_date_format_option),
    cmocka_unit_test(test_cached_parse_agrees),
    cmocka_unit_test(test_quarters)};
RUN_TAP(tests)
