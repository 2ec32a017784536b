/*
 * score.c — the 7-S scoring of one cell (see score.h).
 */
#include "score.h"

#include <math.h>
#include <stdio.h>

/* Alignments or gaps this close are equal: means of the same answers taken
 * in another order may differ in the last bits. */
#define S7_EPS 1e-9

const char *const s7_element[S7_ELEMENTS] = {"strategy",      "structure", "systems",
                                              "shared_values", "style",     "staff",
                                              "skills"};

double s7_snap(double x)
{
    return round(x * 1e9) / 1e9;
}

double s7_round2(double x)
{
    return round(s7_snap(x) * 100) / 100 + 0.0; /* + 0.0 turns -0 into 0 */
}

char *s7_pair_name(const s7_pair *p, char *buf, size_t size)
{
    snprintf(buf, size, "%s\xe2\x80\x93%s", s7_element[p->a], s7_element[p->b]);
    return buf;
}

/* Whether pair X is weaker than pair Y: lower alignment; on a tie the heavier;
 * then element order (X and Y are indexes in element order). */
static int weaker(const s7_pair *pairs, size_t x, size_t y)
{
    double d = pairs[x].alignment - pairs[y].alignment;
    if (d < -S7_EPS)
        return 1;
    if (d > S7_EPS)
        return 0;
    if (pairs[x].weight != pairs[y].weight)
        return pairs[x].weight > pairs[y].weight;
    return x < y;
}

/* Orders out->weakest by repeated selection: 21 pairs at most, and it needs
 * no transitivity of the tolerant comparison. */
static void order_weakest(s7_score *out)
{
    int taken[S7_PAIRS] = {0};
    for (size_t k = 0; k < out->n_pairs; k++) {
        size_t best = out->n_pairs;
        for (size_t i = 0; i < out->n_pairs; i++)
            if (!taken[i] && (best == out->n_pairs || weaker(out->pairs, i, best)))
                best = i;
        taken[best] = 1;
        out->weakest[k] = best;
    }
}

static void sub_indices(const s7_stats st[S7_ELEMENTS], s7_score *out)
{
    for (int kind = 0; kind < 2; kind++) {
        int from = kind ? S7_HARD : 0, to = kind ? S7_ELEMENTS : S7_HARD, count = 0;
        double sum = 0;
        unsigned long long n = 0;
        for (int e = from; e < to; e++) {
            if (!st[e].n_now)
                continue;
            sum += st[e].now;
            if (!count || st[e].n_now < n)
                n = st[e].n_now;
            count++;
        }
        out->has_sub[kind] = count > 0;
        out->sub[kind] = count ? (sum / count - 1) / 4 * 100 : 0;
        out->n_sub[kind] = n;
    }
}

void s7_score_cell(const s7_stats st[S7_ELEMENTS], double sv_weight, s7_score *out)
{
    out->n_pairs = 0;
    double wsum = 0, wtotal = 0;
    for (int a = 0; a < S7_ELEMENTS; a++) {
        for (int b = a + 1; b < S7_ELEMENTS; b++) {
            if (!st[a].n_now || !st[b].n_now)
                continue;
            s7_pair *p = &out->pairs[out->n_pairs++];
            p->a = a;
            p->b = b;
            p->alignment = 1 - fabs(st[a].now - st[b].now) / 4;
            p->weight = a == S7_SHARED_VALUES || b == S7_SHARED_VALUES ? sv_weight : 1;
            p->n = st[a].n_now < st[b].n_now ? st[a].n_now : st[b].n_now;
            wsum += p->weight * p->alignment;
            wtotal += p->weight;
        }
    }
    out->has_index = out->n_pairs > 0;
    out->index = out->has_index ? wsum / wtotal * 100 : 0;
    order_weakest(out);
    sub_indices(st, out);
    out->largest_gap = -1;
    double best = 0;
    for (int e = 0; e < S7_ELEMENTS; e++) {
        if (!st[e].n_now || !st[e].n_target)
            continue;
        double gap = st[e].target - st[e].now;
        if (gap > S7_EPS && (out->largest_gap < 0 || gap > best + S7_EPS)) {
            out->largest_gap = e;
            best = gap;
        }
    }
}
