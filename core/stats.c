/*
 * stats.c — Pearson and Spearman correlation (see stats.h).
 */
#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>

int rpo_pearson(const double *x, const double *y, size_t n, double *r)
{
    if (n < 2)
        return -1;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0)
        return -1;
    double v = sxy / (sqrt(sxx) * sqrt(syy));
    *r = v > 1 ? 1 : v < -1 ? -1 : v;
    return 0;
}

/* qsort comparator context cannot be passed portably, so sort indices
 * paired with their values. */
typedef struct ranked {
    double v;
    size_t i;
} ranked;

static int by_value(const void *a, const void *b)
{
    const double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
    return (x > y) - (x < y);
}

/* Writes into RANK[0..N) the 1-based average rank of each of V[0..N);
 * TMP has room for N entries. */
static void average_ranks(const double *v, size_t n, double *rank, ranked *tmp)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = (ranked){.v = v[i], .i = i};
    qsort(tmp, n, sizeof *tmp, by_value);
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && tmp[hi].v == tmp[lo].v)
            hi++;
        /* Positions lo..hi-1 hold ranks lo+1..hi; their mean is (lo+1+hi)/2. */
        const double avg = ((double)lo + 1 + (double)hi) / 2;
        for (size_t k = lo; k < hi; k++)
            rank[tmp[k].i] = avg;
        lo = hi;
    }
}

int rpo_spearman(const double *x, const double *y, size_t n, double *rho)
{
    if (n < 2)
        return -1;
    double *rx = rpo_xcalloc(2 * n, sizeof *rx), *ry = rx + n;
    ranked *tmp = rpo_xcalloc(n, sizeof *tmp);
    average_ranks(x, n, rx, tmp);
    average_ranks(y, n, ry, tmp);
    free(tmp);
    const int rc = rpo_pearson(rx, ry, n, rho);
    free(rx);
    return rc;
}
