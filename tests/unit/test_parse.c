/*
 * test_parse.c — strict numbers, money and booleans.
 */
#include "testutil.h"
#include "parse.h"

static void test_numbers(void **state)
{
    (void)state;
    double v;
    const char *why;
    assert_int_equal(rpo_parse_number("4.5", 3, &v, &why), 0);
    assert_true(v == 4.5);
    assert_int_equal(rpo_parse_number(" -12 ", 5, &v, &why), 0);
    assert_true(v == -12.0);
    assert_int_equal(rpo_parse_number("1e3", 3, &v, &why), 0);
    assert_true(v == 1000.0);
    assert_int_equal(rpo_parse_number(".5", 2, &v, &why), 0);
    assert_true(v == 0.5);
    assert_int_equal(rpo_parse_number("1,5", 3, &v, &why), -1);
    assert_string_equal(why, "not a number (use '.' as decimal point, no thousands separators)");
    assert_int_equal(rpo_parse_number("0x10", 4, &v, &why), -1);
    assert_int_equal(rpo_parse_number("nan", 3, &v, &why), -1);
    assert_int_equal(rpo_parse_number("inf", 3, &v, &why), -1);
    assert_int_equal(rpo_parse_number("1e", 2, &v, &why), -1);
    assert_int_equal(rpo_parse_number("", 0, &v, &why), -1);
    assert_int_equal(rpo_parse_number("5 stars", 7, &v, &why), -1);
}

static void test_integers(void **state)
{
    (void)state;
    long v;
    const char *why;
    assert_int_equal(rpo_parse_integer("30", 2, 0, 100, &v, &why), 0);
    assert_int_equal(v, 30);
    assert_int_equal(rpo_parse_integer("-1", 2, 0, 100, &v, &why), -1);
    assert_string_equal(why, "number out of range");
    assert_int_equal(rpo_parse_integer("3.0", 3, 0, 100, &v, &why), -1);
    assert_string_equal(why, "not a whole number");
    assert_int_equal(rpo_parse_integer("99999999999999999999", 20, 0, 100, &v, &why), -1);
}

static void test_money_is_exact(void **state)
{
    (void)state;
    int64_t v;
    const char *why;
    assert_int_equal(rpo_parse_money("1234.56", 7, &v, &why), 0);
    assert_int_equal(v, 12345600);
    assert_int_equal(rpo_parse_money("0.1", 3, &v, &why), 0);
    assert_int_equal(v, 1000);
    assert_int_equal(rpo_parse_money("-5.0001", 7, &v, &why), 0);
    assert_int_equal(v, -50001);
    assert_int_equal(rpo_parse_money("7", 1, &v, &why), 0);
    assert_int_equal(v, 70000);
    assert_int_equal(rpo_parse_money("1.00001", 7, &v, &why), -1);
    assert_string_equal(why, "amount has more than 4 decimals");
    assert_int_equal(rpo_parse_money("1,000.00", 8, &v, &why), -1);
    assert_int_equal(rpo_parse_money("EUR 5", 5, &v, &why), -1);
    assert_int_equal(rpo_parse_money("99999999999999999", 17, &v, &why), -1);
    assert_string_equal(why, "amount out of range");
    /* 0.1 + 0.2 in money units is exactly 0.3: no floating point drift. */
    int64_t a, b, c;
    rpo_parse_money("0.1", 3, &a, &why);
    rpo_parse_money("0.2", 3, &b, &why);
    rpo_parse_money("0.3", 3, &c, &why);
    assert_int_equal(a + b, c);
}

static void test_booleans(void **state)
{
    (void)state;
    int b;
    const char *why;
    const char *yes[] = {"true", "TRUE", "yes", "Y", "1", "on"};
    const char *no[] = {"false", "No", "n", "0", "off"};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(rpo_parse_bool(yes[i], strlen(yes[i]), &b, &why), 0);
        assert_int_equal(b, 1);
    }
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(rpo_parse_bool(no[i], strlen(no[i]), &b, &why), 0);
        assert_int_equal(b, 0);
    }
    assert_int_equal(rpo_parse_bool("ja", 2, &b, &why), -1);
    assert_int_equal(rpo_parse_bool("2", 1, &b, &why), -1);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_numbers), cmocka_unit_test(test_integers),
    cmocka_unit_test(test_money_is_exact), cmocka_unit_test(test_booleans)};
RUN_TAP(tests)
