/*
 * test_hist.c — exact quantiles from the duration histogram. Expected values
 * follow numpy.percentile(x, p) (linear interpolation), worked by hand:
 * for sorted x and h = (n-1)p, value = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 */
#include "testutil.h"
#include "hist.h"

static void fill(rpo_hist *h, const int *v, size_t n)
{
    memset(h, 0, sizeof *h);
    for (size_t i = 0; i < n; i++)
        rpo_hist_add(h, v[i]);
}

static void test_median_odd_even_ties(void **state)
{
    (void)state;
    rpo_hist h;
    const int odd[] = {5, 1, 3};
    fill(&h, odd, 3);
    assert_int_equal(rpo_hist_quantile_cents(&h, 1, 2), 300);
    rpo_hist_free(&h);
    const int even[] = {34, 36};
    fill(&h, even, 2);
    assert_int_equal(rpo_hist_quantile_cents(&h, 1, 2), 3500);
    /* p90: h = 0.9 → 34 + 0.9 × 2 = 35.8 */
    assert_int_equal(rpo_hist_quantile_cents(&h, 9, 10), 3580);
    assert_int_equal(rpo_hist_mean_cents(&h), 3500);
    rpo_hist_free(&h);
    const int ties[] = {7, 7, 7, 7, 10};
    fill(&h, ties, 5);
    assert_int_equal(rpo_hist_quantile_cents(&h, 1, 2), 700);
    /* h = 3.6 → 7 + 0.6 × 3 = 8.8 */
    assert_int_equal(rpo_hist_quantile_cents(&h, 9, 10), 880);
    /* mean 38 / 5 = 7.6 */
    assert_int_equal(rpo_hist_mean_cents(&h), 760);
    rpo_hist_free(&h);
}

static void test_single_and_overflow(void **state)
{
    (void)state;
    rpo_hist h;
    const int one[] = {42};
    fill(&h, one, 1);
    assert_int_equal(rpo_hist_quantile_cents(&h, 1, 2), 4200);
    assert_int_equal(rpo_hist_quantile_cents(&h, 9, 10), 4200);
    rpo_hist_free(&h);
    /* Values past the bins are kept exactly in the overflow list. */
    const int big[] = {10, RPO_HIST_BINS + 500, RPO_HIST_BINS + 100, 20};
    fill(&h, big, 4);
    /* sorted: 10, 20, B+100, B+500; median = (20 + B+100)/2 */
    assert_int_equal(rpo_hist_quantile_cents(&h, 1, 2), (20 + RPO_HIST_BINS + 100) * 50);
    /* h = 2.7 → (B+100) + 0.7 × 400 */
    assert_int_equal(rpo_hist_quantile_cents(&h, 9, 10), (RPO_HIST_BINS + 100) * 100 + 28000);
    rpo_hist_free(&h);
}

static void test_rounding_half_away(void **state)
{
    (void)state;
    assert_int_equal(rpo_round_div(5, 2), 3);
    assert_int_equal(rpo_round_div(-5, 2), -3);
    assert_int_equal(rpo_round_div(4, 3), 1);
    assert_int_equal(rpo_round_div(5, 3), 2);
    assert_int_equal(rpo_round_div(200009, 100), 2000);
    assert_int_equal(rpo_round_div(400100, 200), 2001); /* 2000.5 → 2001 */
    assert_int_equal(rpo_round_div(400099, 200), 2000); /* 2000.495 → 2000 */
    rpo_hist h;
    const int v[] = {1, 1, 1, 1, 1, 1, 1, 2}; /* mean 9/8 = 1.125 → 1.13 */
    fill(&h, v, 8);
    assert_int_equal(rpo_hist_mean_cents(&h), 113);
    rpo_hist_free(&h);
}

static void test_merge(void **state)
{
    (void)state;
    rpo_hist a, b;
    const int va[] = {1, 2}, vb[] = {3, RPO_HIST_BINS + 1};
    fill(&a, va, 2);
    fill(&b, vb, 2);
    rpo_hist_merge(&a, &b);
    assert_int_equal(a.n, 4);
    assert_int_equal(rpo_hist_quantile_cents(&a, 1, 2), 250);
    rpo_hist_free(&a);
    rpo_hist_free(&b);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_median_odd_even_ties), cmocka_unit_test(test_single_and_overflow),
    cmocka_unit_test(test_rounding_half_away), cmocka_unit_test(test_merge)};
RUN_TAP(tests)
