/*
 * stats.h — correlation between two series of equal length, for relating
 * one metric to another across periods or requisitions.
 */
#ifndef RPO_CORE_STATS_H
#define RPO_CORE_STATS_H

#include <stddef.h>

/*
 * rpo_pearson — the Pearson correlation coefficient of X[0..N) and Y[0..N),
 * computed in two passes (means first, then centred sums) and clamped to
 * [-1, 1] against rounding. Returns 0 and sets *R, or -1 (leaving *R alone)
 * when it is undefined: N < 2 or either series has zero variance. Allocates
 * nothing. The values must be finite.
 */
int rpo_pearson(const double *x, const double *y, size_t n, double *r);

/*
 * rpo_spearman — Spearman's rank correlation of X[0..N) and Y[0..N): the
 * Pearson coefficient of their ranks, tied values sharing the average of the
 * ranks they span (as scipy.stats.spearmanr). Returns 0 and sets *RHO, or -1
 * under the same rule as rpo_pearson (a series of all-equal values has zero
 * variance). Allocates and frees 2N doubles and N indices (aborts on
 * out-of-memory). The values must not be NaN.
 */
int rpo_spearman(const double *x, const double *y, size_t n, double *rho);

#endif
