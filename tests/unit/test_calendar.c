/*
 * test_calendar.c — reporting periods: months, calendar quarters and fiscal
 * quarters, their bounds and labels, around year boundaries and before 1970,
 * and an exhaustive walk over 1999..2031.
 */
#include "testutil.h"
#include "calendar.h"

static const rpo_calendar months = {1, 1}, months_fy4 = {1, 4}, quarters = {3, 1},
                          fy_apr = {3, 4}, fy_jul = {3, 7}, fy_oct = {3, 10}, fy_feb = {3, 2};

static rpo_day D(int y, int m, int d)
{
    return rpo_days_from_civil(y, m, d);
}

/* Asserts the label of the period containing Y-M-D under C. */
static void check_label(const rpo_calendar *c, int y, int m, int d, const char *want)
{
    char buf[16];
    rpo_period_label(c, rpo_period_of(c, D(y, m, d)), buf);
    if (strcmp(buf, want))
        fail_msg("%04d-%02d-%02d (months %d, fy %d): \"%s\", expected \"%s\"", y, m, d,
                 c->months_per_period, c->fy_start_month, buf, want);
}

/* Asserts the bounds of the period containing Y-M-D under C. */
static void check_bounds(const rpo_calendar *c, int y, int m, int d, rpo_day first, rpo_day last)
{
    rpo_day f, l;
    rpo_period_bounds(c, rpo_period_of(c, D(y, m, d)), &f, &l);
    assert_int_equal(f, first);
    assert_int_equal(l, last);
}

static void test_months(void **state)
{
    (void)state;
    assert_int_equal(rpo_period_of(&months, D(2025, 1, 1)), rpo_period_of(&months, D(2024, 12, 31)) + 1);
    check_label(&months, 2024, 12, 31, "2024-12");
    check_label(&months, 2025, 1, 1, "2025-01");
    check_label(&months, 2025, 7, 15, "2025-07");
    check_bounds(&months, 2024, 2, 10, D(2024, 2, 1), D(2024, 2, 29)); /* leap year */
    check_bounds(&months, 2025, 2, 28, D(2025, 2, 1), D(2025, 2, 28));
    check_bounds(&months, 2025, 12, 1, D(2025, 12, 1), D(2025, 12, 31));
    /* The fiscal start does not matter to months. */
    assert_int_equal(rpo_period_of(&months_fy4, D(2025, 7, 15)), rpo_period_of(&months, D(2025, 7, 15)));
    check_label(&months_fy4, 2025, 7, 15, "2025-07");
    check_label(&months_fy4, 2025, 3, 31, "2025-03");
    check_bounds(&months_fy4, 2025, 4, 1, D(2025, 4, 1), D(2025, 4, 30));
}

static void test_calendar_quarters(void **state)
{
    (void)state;
    check_label(&quarters, 2024, 12, 31, "2024Q4");
    check_label(&quarters, 2025, 1, 1, "2025Q1");
    check_label(&quarters, 2025, 7, 1, "2025Q3");
    check_bounds(&quarters, 2024, 2, 29, D(2024, 1, 1), D(2024, 3, 31));
    check_bounds(&quarters, 2025, 11, 5, D(2025, 10, 1), D(2025, 12, 31));
    assert_int_equal(rpo_period_of(&quarters, D(2025, 1, 1)), rpo_period_of(&quarters, D(2024, 12, 31)) + 1);
    /* Index year × 4 + (month − 1) / 3, label YYYYQn, bounds the quarter's
     * first and last day, worked out here from the civil date. */
    for (rpo_day day = D(1900, 1, 1); day <= D(2100, 12, 31); day += 17) {
        const int p = rpo_period_of(&quarters, day);
        int y, m, d;
        rpo_civil_from_days(day, &y, &m, &d);
        assert_int_equal(p, y * 4 + (m - 1) / 3);
        char a[16], b[16];
        rpo_period_label(&quarters, p, a);
        snprintf(b, sizeof b, "%04dQ%d", y, (m - 1) / 3 + 1);
        assert_string_equal(a, b);
        rpo_day f1, l1;
        rpo_period_bounds(&quarters, p, &f1, &l1);
        int m0 = (m - 1) / 3 * 3 + 1;
        assert_int_equal(f1, D(y, m0, 1));
        assert_int_equal(l1, D(y, m0 + 2, rpo_days_in_month(y, m0 + 2)));
    }
}

static void test_fiscal_quarters(void **state)
{
    (void)state;
    /* April start: FY2026 runs April 2025 to March 2026. */
    check_label(&fy_apr, 2025, 3, 31, "FY2025Q4");
    check_label(&fy_apr, 2025, 4, 1, "FY2026Q1");
    check_label(&fy_apr, 2025, 6, 30, "FY2026Q1");
    check_label(&fy_apr, 2025, 7, 1, "FY2026Q2");
    check_label(&fy_apr, 2025, 12, 31, "FY2026Q3");
    check_label(&fy_apr, 2026, 1, 1, "FY2026Q4");
    check_label(&fy_apr, 2026, 3, 31, "FY2026Q4");
    check_label(&fy_apr, 2026, 4, 1, "FY2027Q1");
    check_bounds(&fy_apr, 2025, 5, 17, D(2025, 4, 1), D(2025, 6, 30));
    check_bounds(&fy_apr, 2026, 2, 1, D(2026, 1, 1), D(2026, 3, 31));
    assert_int_equal(rpo_period_of(&fy_apr, D(2025, 4, 1)), rpo_period_of(&fy_apr, D(2025, 3, 31)) + 1);
    assert_int_equal(rpo_period_of(&fy_apr, D(2026, 1, 1)), rpo_period_of(&fy_apr, D(2025, 12, 31)) + 1);
    /* July start: FY2026 runs July 2025 to June 2026. */
    check_label(&fy_jul, 2025, 6, 30, "FY2025Q4");
    check_label(&fy_jul, 2025, 7, 1, "FY2026Q1");
    check_label(&fy_jul, 2025, 12, 31, "FY2026Q2");
    check_label(&fy_jul, 2026, 1, 1, "FY2026Q3");
    check_label(&fy_jul, 2026, 6, 30, "FY2026Q4");
    check_bounds(&fy_jul, 2025, 12, 31, D(2025, 10, 1), D(2025, 12, 31));
    check_bounds(&fy_jul, 2024, 3, 1, D(2024, 1, 1), D(2024, 3, 31));
    /* October start (US federal): FY2025 runs October 2024 to September 2025. */
    check_label(&fy_oct, 2024, 9, 30, "FY2024Q4");
    check_label(&fy_oct, 2024, 10, 1, "FY2025Q1");
    check_label(&fy_oct, 2024, 12, 31, "FY2025Q1");
    check_label(&fy_oct, 2025, 1, 1, "FY2025Q2");
    check_label(&fy_oct, 2025, 9, 30, "FY2025Q4");
    check_bounds(&fy_oct, 2024, 11, 15, D(2024, 10, 1), D(2024, 12, 31));
    /* February start: a quarter spans the new year (Nov 2025 – Jan 2026). */
    check_label(&fy_feb, 2026, 1, 31, "FY2026Q4");
    check_label(&fy_feb, 2025, 11, 1, "FY2026Q4");
    check_label(&fy_feb, 2026, 2, 1, "FY2027Q1");
    check_bounds(&fy_feb, 2026, 1, 31, D(2025, 11, 1), D(2026, 1, 31));
    check_bounds(&fy_feb, 2024, 2, 29, D(2024, 2, 1), D(2024, 4, 30));
}

static void test_before_1970(void **state)
{
    (void)state;
    assert_int_equal(D(1969, 12, 31), -1);
    check_label(&months, 1969, 12, 31, "1969-12");
    check_label(&quarters, 1969, 12, 31, "1969Q4");
    check_label(&fy_apr, 1969, 12, 31, "FY1970Q3");
    check_label(&fy_oct, 1969, 12, 31, "FY1970Q1");
    check_bounds(&fy_oct, 1969, 12, 31, D(1969, 10, 1), D(1969, 12, 31));
    check_bounds(&fy_apr, 1900, 2, 28, D(1900, 1, 1), D(1900, 3, 31)); /* 1900: no 29 Feb */
    check_label(&fy_apr, 1900, 2, 28, "FY1900Q4");
    /* Across year 0, where truncating division would go wrong. */
    assert_int_equal(rpo_period_of(&months, D(0, 1, 1)), 0);
    assert_int_equal(rpo_period_of(&months, D(-1, 12, 31)), -1);
    assert_int_equal(rpo_period_of(&fy_apr, D(0, 3, 31)), -1);
    assert_int_equal(rpo_period_of(&fy_apr, D(0, 4, 1)), 0);
    /* October start: index 0 is Oct–Dec of year 0, so -1 Jul–Sep 0, ..., -5 Jul–Sep -1. */
    assert_int_equal(rpo_period_of(&fy_oct, D(-1, 9, 30)), -5);
    check_bounds(&months, -1, 12, 31, D(-1, 12, 1), D(-1, 12, 31));
    check_bounds(&fy_apr, 0, 3, 31, D(0, 1, 1), D(0, 3, 31));
    check_bounds(&fy_oct, -1, 9, 30, D(-1, 7, 1), D(-1, 9, 30));
    check_label(&fy_apr, 0, 3, 31, "FY0000Q4");
    check_label(&fy_apr, 0, 4, 1, "FY0001Q1");
}

/* Independent label: from the date itself rather than from a period index. */
static void expected_label(const rpo_calendar *c, rpo_day day, char buf[32])
{
    int y, m, d;
    rpo_civil_from_days(day, &y, &m, &d);
    if (c->months_per_period == 1)
        snprintf(buf, 32, "%04d-%02d", y, m);
    else if (c->fy_start_month == 1)
        snprintf(buf, 32, "%04dQ%d", y, (m - 1) / 3 + 1);
    else
        snprintf(buf, 32, "FY%04dQ%d", m >= c->fy_start_month ? y + 1 : y,
                 (m - c->fy_start_month + 12) % 12 / 3 + 1);
}

static void test_every_day(void **state)
{
    (void)state;
    static const rpo_calendar cals[] = {{1, 1}, {1, 7}, {3, 1}, {3, 2}, {3, 3},  {3, 4},
                                        {3, 5}, {3, 6}, {3, 7}, {3, 8}, {3, 9},  {3, 10},
                                        {3, 11}, {3, 12}};
    for (size_t k = 0; k < sizeof cals / sizeof cals[0]; k++) {
        const rpo_calendar *c = &cals[k];
        const rpo_day start = D(1999, 1, 1), end = D(2031, 12, 31);
        int prev = rpo_period_of(c, start);
        rpo_day prev_last = 0;
        rpo_period_bounds(c, prev, &(rpo_day){0}, &prev_last);
        for (rpo_day day = start; day <= end; day++) {
            const int p = rpo_period_of(c, day);
            rpo_day first, last;
            rpo_period_bounds(c, p, &first, &last);
            if (day < first || day > last)
                fail_msg("months %d fy %d: day %d outside period %d [%d, %d]",
                         c->months_per_period, c->fy_start_month, day, p, first, last);
            if (p != prev) {
                /* The next period starts the day after the previous one ends. */
                assert_int_equal(p, prev + 1);
                assert_int_equal(first, day);
                assert_int_equal(prev_last, day - 1);
                prev = p;
                prev_last = last;
            }
            char got[16], want[32];
            rpo_period_label(c, p, got);
            expected_label(c, day, want);
            if (strcmp(got, want))
                fail_msg("months %d fy %d: day %d labelled %s, expected %s", c->months_per_period,
                         c->fy_start_month, day, got, want);
        }
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_months), cmocka_unit_test(test_calendar_quarters),
    cmocka_unit_test(test_fiscal_quarters), cmocka_unit_test(test_before_1970),
    cmocka_unit_test(test_every_day)};
RUN_TAP(tests)
