/*
 * hist.h — exact distributions of whole-day durations in constant memory.
 *
 * Durations in days are small integers, so a counting histogram keeps every
 * observation exactly: medians, means and percentiles computed from it equal
 * those of the sorted list, with memory independent of the row count. The
 * rare duration beyond the bins goes to a sorted-on-demand overflow list.
 * The many small histograms of per-segment cells stay small: up to 32
 * observations are kept as a list, and the bins grow only as far as the
 * largest duration seen.
 */
#ifndef RPO_CORE_HIST_H
#define RPO_CORE_HIST_H

#include <stdint.h>
#include <stddef.h>

#define RPO_HIST_BINS 2048

typedef struct rpo_hist {
    uint32_t *bins; /* n_bins counters, grown by doubling up to RPO_HIST_BINS */
    uint32_t n_bins;
    uint64_t n;
    int64_t sum;
    int32_t *over; /* values >= RPO_HIST_BINS; every value while bins is NULL */
    size_t n_over, cap_over;
} rpo_hist;

/* rpo_hist_add — record one duration DAYS (>= 0; negative ones are the caller's to exclude). */
void rpo_hist_add(rpo_hist *h, int32_t days);

/* rpo_hist_merge — add every observation of SRC to DST. */
void rpo_hist_merge(rpo_hist *dst, const rpo_hist *src);

/*
 * rpo_hist_quantile_cents — the P = PN/PD quantile by linear interpolation
 * between order statistics (Hyndman & Fan type 7: numpy's default, Excel's
 * PERCENTILE.INC, DuckDB's quantile_cont), in hundredths of a day, rounded
 * half away from zero, computed exactly in integers. H must not be empty.
 */
int64_t rpo_hist_quantile_cents(rpo_hist *h, int64_t pn, int64_t pd);

/* rpo_hist_mean_cents — the mean in hundredths of a day, exactly rounded. */
int64_t rpo_hist_mean_cents(const rpo_hist *h);

/* rpo_hist_free — release H's memory and zero it. */
void rpo_hist_free(rpo_hist *h);

/* rpo_round_div — NUM/DEN rounded half away from zero (DEN > 0). */
int64_t rpo_round_div(int64_t num, int64_t den);

#endif
