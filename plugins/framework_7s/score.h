/*
 * score.h — the 7-S scoring of one group in one period, from each element's
 * now and target statistics (docs/framework-7s.md): pairwise alignment, the
 * weighted alignment index, the weakest pairs, the hard and soft
 * sub-indices and the largest gap. Pure arithmetic, no SDK calls.
 */
#ifndef RPO_FRAMEWORK_7S_SCORE_H
#define RPO_FRAMEWORK_7S_SCORE_H

#include <stddef.h>

#define S7_ELEMENTS 7 /* strategy, structure, systems | shared_values, style, staff, skills */
#define S7_HARD 3     /* the first S7_HARD elements are the hard ones */
#define S7_SHARED_VALUES 3
#define S7_PAIRS 21   /* S7_ELEMENTS * (S7_ELEMENTS - 1) / 2 */

/* The elements, in their order (the framework's dimension names). */
extern const char *const s7_element[S7_ELEMENTS];

/* One element's answers in a cell. */
typedef struct s7_stats {
    unsigned long long n_now, n_target; /* answers to <element>.now, .target */
    double now, sd;                     /* mean and sample SD of the now answers */
    double target;                      /* mean of the target answers */
} s7_stats;

/* The alignment of elements A < B: 1 - |now_A - now_B| / 4. */
typedef struct s7_pair {
    int a, b;
    double alignment;
    double weight;        /* the shared-values weight when A or B is shared_values, else 1 */
    unsigned long long n; /* the smaller of the two now-answer counts */
} s7_pair;

typedef struct s7_score {
    s7_pair pairs[S7_PAIRS]; /* element order; pairs with an element without now answers left out */
    size_t n_pairs;
    size_t weakest[S7_PAIRS]; /* indexes into pairs[], weakest first (see s7_score_cell) */
    int has_index;            /* there is at least one pair */
    double index;             /* weighted mean alignment x 100 */
    int has_sub[2];           /* [0] hard, [1] soft: some element of the kind has now answers */
    double sub[2];            /* (mean of the kind's now means - 1) / 4 x 100 */
    unsigned long long n_sub[2]; /* the smallest now-answer count among them */
    int largest_gap;          /* the element with the largest positive gap, or -1 */
} s7_score;

/*
 * s7_score_cell — score one cell from ST (one entry per element, in element
 * order) with weight SV_WEIGHT (> 0) for the pairs that include
 * shared_values. Pairs are ordered weakest first by alignment; alignments
 * within 1e-9 of each other tie, and ties go to the heavier pair first,
 * then to element order. The largest gap is the largest target - now above
 * 1e-9 among elements with both kinds of answers; ties go to element order.
 */
void s7_score_cell(const s7_stats st[S7_ELEMENTS], double sv_weight, s7_score *out);

/* s7_pair_name — "A–B" (en dash, U+2013) into BUF of SIZE bytes; returns BUF. */
char *s7_pair_name(const s7_pair *p, char *buf, size_t size);

/*
 * s7_snap — X rounded to 9 decimals. Means and differences of means carry
 * the last-bit noise of double arithmetic (20/6 - 11/6 is 1.5000000000000002);
 * snapped, a value exactly half-way between two roundings in exact
 * arithmetic (0.625) is that half again, so it rounds away from zero as the
 * exact value does. Every value the plugin reports is snapped.
 */
double s7_snap(double x);

/* s7_round2 — X snapped, then rounded to 2 decimals half away from zero (as
 * the engine rounds scores), for text; never -0. */
double s7_round2(double x);

#endif
