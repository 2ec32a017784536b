/*
 * hist.c — counting histogram of durations (see hist.h).
 */
#include "hist.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void rpo_hist_add(rpo_hist *h, int32_t days)
{
    if (days < RPO_HIST_BINS) {
        if (!h->bins)
            h->bins = rpo_xcalloc(RPO_HIST_BINS, sizeof *h->bins);
        h->bins[days]++;
    } else {
        if (h->n_over == h->cap_over) {
            h->cap_over = h->cap_over ? 2 * h->cap_over : 16;
            h->over = rpo_xrealloc(h->over, h->cap_over * sizeof *h->over);
        }
        h->over[h->n_over++] = days;
    }
    h->n++;
    h->sum += days;
}

void rpo_hist_merge(rpo_hist *dst, const rpo_hist *src)
{
    if (src->bins) {
        if (!dst->bins)
            dst->bins = rpo_xcalloc(RPO_HIST_BINS, sizeof *dst->bins);
        for (int i = 0; i < RPO_HIST_BINS; i++)
            dst->bins[i] += src->bins[i];
    }
    for (size_t i = 0; i < src->n_over; i++) {
        if (dst->n_over == dst->cap_over) {
            dst->cap_over = dst->cap_over ? 2 * dst->cap_over : 16;
            dst->over = rpo_xrealloc(dst->over, dst->cap_over * sizeof *dst->over);
        }
        dst->over[dst->n_over++] = src->over[i];
    }
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
    if (h->bins) {
        for (int i = 0; i < RPO_HIST_BINS; i++) {
            seen += h->bins[i];
            if (k < seen)
                return i;
        }
    }
    /* Sorting in place is fine: the overflow list is only ever read sorted. */
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
