/*
 * test_stats.c — Pearson and Spearman correlation. Hand-worked values are
 * shown in the comments; the larger example was checked independently with
 * Python's statistics.correlation (on average ranks for Spearman).
 */
#include "testutil.h"
#include "stats.h"

#include <math.h>

#define EPS 1e-12

/* cmocka's assert_float_equal works in float; this one keeps the doubles. */
#define assert_near(a, b, eps)                                                            \
    do {                                                                                  \
        const double a_ = (a), b_ = (b);                                                  \
        if (!(fabs(a_ - b_) <= (eps)))                                                    \
            fail_msg("%.17g is not within %g of %.17g", a_, (double)(eps), b_);          \
    } while (0)

static void test_pearson_hand_worked(void **state)
{
    (void)state;
    /* means 3 and 4; dx = -2 -1 0 1 2, dy = -2 0 1 0 1;
     * Σdxdy = 4 + 0 + 0 + 0 + 2 = 6, Σdx² = 10, Σdy² = 4 + 1 + 1 = 6;
     * r = 6 / √(10 × 6) = 0.7745966692414834 */
    const double x[] = {1, 2, 3, 4, 5}, y[] = {2, 4, 5, 4, 5};
    double r = 99;
    assert_int_equal(rpo_pearson(x, y, 5, &r), 0);
    assert_near(r, 0.7745966692414834, EPS);
    /* Symmetric in its arguments. */
    assert_int_equal(rpo_pearson(y, x, 5, &r), 0);
    assert_near(r, 0.7745966692414834, EPS);
    /* y = x³: mean 45, dy = -44 -37 -18 19 80; Σdxdy = 88 + 37 + 19 + 160 = 304,
     * Σdy² = 10390; r = 304 / √103900 = 0.9431175138077005 */
    const double cube[] = {1, 8, 27, 64, 125};
    assert_int_equal(rpo_pearson(x, cube, 5, &r), 0);
    assert_near(r, 0.9431175138077005, EPS);
}

static void test_pearson_two_pass_is_stable(void **state)
{
    (void)state;
    /* The same data shifted by 1e9: a one-pass Σx² − n·x̄² formula loses
     * every significant digit here; centring first does not. */
    const double x[] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5}, y[] = {2, 4, 5, 4, 5};
    double r;
    assert_int_equal(rpo_pearson(x, y, 5, &r), 0);
    assert_near(r, 0.7745966692414834, 1e-9);
}

static void test_perfect_correlation(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4}, up[] = {3, 5, 7, 9}, down[] = {4, 1, -2, -5};
    double r;
    assert_int_equal(rpo_pearson(x, up, 4, &r), 0);
    assert_near(r, 1.0, EPS);
    assert_true(r <= 1.0);
    assert_int_equal(rpo_pearson(x, down, 4, &r), 0);
    assert_near(r, -1.0, EPS);
    assert_true(r >= -1.0);
    /* Spearman: any strictly monotone relation is ±1. */
    const double grow[] = {0.001, 10, 10000, 1e9}, shrink[] = {100, 1, 0.5, -40};
    assert_int_equal(rpo_spearman(x, grow, 4, &r), 0);
    assert_near(r, 1.0, EPS);
    assert_int_equal(rpo_spearman(x, shrink, 4, &r), 0);
    assert_near(r, -1.0, EPS);
    /* n = 2 is enough for a coefficient, and it is always ±1. */
    assert_int_equal(rpo_pearson(x, down, 2, &r), 0);
    assert_near(r, -1.0, EPS);
}

static void test_undefined(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3}, flat[] = {7, 7, 7};
    double r = 42;
    /* n < 2 */
    assert_int_equal(rpo_pearson(x, x, 1, &r), -1);
    assert_int_equal(rpo_pearson(x, x, 0, &r), -1);
    assert_int_equal(rpo_spearman(x, x, 1, &r), -1);
    assert_int_equal(rpo_spearman(x, x, 0, &r), -1);
    /* zero variance in either series */
    assert_int_equal(rpo_pearson(x, flat, 3, &r), -1);
    assert_int_equal(rpo_pearson(flat, x, 3, &r), -1);
    assert_int_equal(rpo_spearman(x, flat, 3, &r), -1);
    assert_int_equal(rpo_spearman(flat, x, 3, &r), -1);
    /* *r untouched on failure */
    assert_near(r, 42, 0);
}

static void test_spearman_ties(void **state)
{
    (void)state;
    /* ranks: x → 1, 2.5, 2.5, 4 (the two 2s share ranks 2 and 3); y → 1, 3, 2, 4.
     * Both rank means are 2.5; dx = -1.5 0 0 1.5, dy = -1.5 0.5 -0.5 1.5;
     * Σdxdy = 2.25 + 2.25 = 4.5, Σdx² = 4.5, Σdy² = 2.25 + 0.25 + 0.25 + 2.25 = 5;
     * rho = 4.5 / √22.5 = 0.9486832980505138 */
    const double x[] = {1, 2, 2, 3}, y[] = {1, 3, 2, 4};
    double rho;
    assert_int_equal(rpo_spearman(x, y, 4, &rho), 0);
    assert_near(rho, 0.9486832980505138, EPS);
    /* Order of the input does not matter, only the pairing. */
    const double xs[] = {2, 3, 1, 2}, ys[] = {3, 4, 1, 2};
    assert_int_equal(rpo_spearman(xs, ys, 4, &rho), 0);
    assert_near(rho, 0.9486832980505138, EPS);
}

static void test_against_python(void **state)
{
    (void)state;
    /* Days to fill and offer acceptance rate for ten requisitions; 41 appears
     * three times (ranks 5, 6, 7 → 6) and 0.93 twice (ranks 9, 10 → 9.5).
     * Python: statistics.correlation(ttf, acc) = -0.977382056022518 and, on
     * the average ranks, -0.9846573354073431. */
    const double ttf[] = {34, 41, 28, 55, 41, 62, 30, 47, 41, 38};
    const double acc[] = {0.91, 0.85, 0.93, 0.70, 0.88, 0.65, 0.93, 0.80, 0.84, 0.90};
    double r;
    assert_int_equal(rpo_pearson(ttf, acc, 10, &r), 0);
    assert_near(r, -0.977382056022518, EPS);
    assert_int_equal(rpo_spearman(ttf, acc, 10, &r), 0);
    assert_near(r, -0.9846573354073431, EPS);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pearson_hand_worked), cmocka_unit_test(test_pearson_two_pass_is_stable),
    cmocka_unit_test(test_perfect_correlation), cmocka_unit_test(test_undefined),
    cmocka_unit_test(test_spearman_ties), cmocka_unit_test(test_against_python)};
RUN_TAP(tests)
