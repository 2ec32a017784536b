/*
 * hist.c — counting histogram of durations (see hist.h).
 */
#include "hist.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Below this many observations a histogram is a plain list (in the
 * overflow array): most per-segment cells hold a handful of values, and a
 * list of them is smaller than bins reaching the largest. */
#define LIST_MAX 32

/* Makes H's bins cover durations below NEED (<= RPO_HIST_BINS). */
static void grow_bins(rpo_hist *h, uint32_t need)
{
    if (need <= h->n_bins)
        return;
    uint32_t n = h->n_bins ? h->n_bins : 64;
    while (n < need)
        n *= 2;
    if (n > RPO_HIST_BINS)
        n = RPO_HIST_BINS;
    h->bins = rpo_xrealloc(h->bins, n * sizeof *h->bins);
    memset(h->bins + h->n_bins, 0, (n - h->n_bins) * sizeof *h->bins);
    h->n_bins = n;
}

static void push_over(rpo_hist *h, int32_t days)
{
    if (h->n_over == h->cap_over) {
        h->cap_over = h->cap_over ? 2 * h->cap_over : 4;
        h->over = rpo_xrealloc(h->over, h->cap_over * sizeof *h->over);
    }
    h->over[h->n_over++] = days;
}

/* Leaves list mode: small values move into bins, large ones stay listed. */
static void to_bins(rpo_hist *h)
{
    size_t keep = 0;
    grow_bins(h, 1);
    for (size_t i = 0; i < h->n_over; i++) {
        int32_t d = h->over[i];
        if (d < RPO_HIST_BINS) {
            grow_bins(h, (uint32_t)d + 1);
            h->bins[d]++;
        } else {
            h->over[keep++] = d;
        }
    }
    h->n_over = keep;
}

void rpo_hist_add(rpo_hist *h, int32_t days)
{
    if (!h->bins && h->n < LIST_MAX) {
        push_over(h, days);
    } else {
        if (!h->bins)
            to_bins(h);
        if (days < RPO_HIST_BINS) {
            if ((uint32_t)days >= h->n_bins)
                grow_bins(h, (uint32_t)days + 1);
            h->bins[days]++;
        } else {
            push_over(h, days);
        }
    }
    h->n++;
    h->sum += days;
}

void rpo_hist_merge(rpo_hist *dst, const rpo_hist *src)
{
    if (!src->bins) { /* a list: add its values one by one */
        for (size_t i = 0; i < src->n_over; i++)
            rpo_hist_add(dst, src->over[i]);
        return;
    }
    if (!dst->bins)
        to_bins(dst);
    grow_bins(dst, src->n_bins);
    for (uint32_t i = 0; i < src->n_bins; i++)
        dst->bins[i] += src->bins[i];
    for (size_t i = 0; i < src->n_over; i++)
        push_over(dst, src->over[i]);
    dst->n += src->n;
    dst->sum += src->sum;
}

int64_t rpo_round_div(int64_t num, int64_t den)
{
    if (num >= 0)
        return (num + den / 2) / den; /* an exact half (even DEN) rounds up */
    return -rpo_round_div(-num, den);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The K-th smallest observation (0-based). */
static int64_t order_stat(rpo_hist *h, uint64_t k)
{
    uint64_t seen = 0;
    for (uint32_t i = 0; i < h->n_bins; i++) {
        seen += h->bins[i];
        if (k < seen)
            return i;
    }
    /* Sorting in place is fine: the list is only ever read sorted. In list
     * mode (no bins) it holds every value; else only those past the bins. */
    qsort(h->over, h->n_over, sizeof *h->over, cmp_i32);
    return h->over[k - seen];
}

int64_t rpo_hist_quantile_cents(rpo_hist *h, int64_t pn, int64_t pd)
{
    int64_t pos = (int64_t)(h->n - 1) * pn;
    uint64_t lo = (uint64_t)(pos / pd);
    int64_t r = pos % pd;
    int64_t xlo = order_stat(h, lo);
    int64_t xhi = r ? order_stat(h, lo + 1) : xlo;
    return rpo_round_div(100 * (pd * xlo + r * (xhi - xlo)), pd);
}

int64_t rpo_hist_mean_cents(const rpo_hist *h)
{
    return rpo_round_div(100 * h->sum, (int64_t)h->n);
}

void rpo_hist_free(rpo_hist *h)
{
    free(h->bins);
    free(h->over);
    memset(h, 0, sizeof *h);
}
