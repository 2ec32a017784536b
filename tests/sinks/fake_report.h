/*
 * fake_report.h — a test double of the SDK functions the sinks call, so that
 * sink tests run without librpo: the report accessors and enum names, the
 * instance configuration, logging, and rpo_outfile_* (a real, simple atomic
 * implementation: temporary file beside the target, fsync, rename).
 *
 * The report and instance structs are defined here, so tests can build any
 * report literally; fake_report_standard() is the shared fixture.
 */
#ifndef FAKE_REPORT_H
#define FAKE_REPORT_H

#include <stdio.h>
#include <rpo/rpo.h>
#include "../common/fake_config.h"

/* The values of one metric in one segment other than "all" (ABI 1.1). */
typedef struct fake_segment_values {
    size_t metric, segment;
    const rpo_metric_value *values; /* in period order */
    size_t nvalues; /* < nperiods: the later periods are holes (NULL) */
} fake_segment_values;

struct rpo_report {
    rpo_report_header header;
    const rpo_period *periods;
    size_t nperiods;
    const rpo_metric_info *metrics;
    size_t nmetrics;
    const rpo_metric_value *values; /* nmetrics x nperiods, metric-major (segment "all") */
    const rpo_source_summary *sources;
    size_t nsources;
    const rpo_quality_flag *flags;
    size_t nflags;
    /* ABI 1.1; all zero (a report built for ABI 1.0) means: segment "all"
     * only, no incentive, no achievements, no goals. */
    const rpo_segment *segments; /* segments[0] is "all"; NULL: "all" alone */
    size_t nsegments;
    /* rpo_report_cell(m, p, s > 0): NULL when metric m's dimensions do not
     * name segment s's dimension, else the entry's value for p; a supported
     * segment without an entry, or a period past its nvalues, is a hole
     * (NULL), to test the sinks. */
    const fake_segment_values *segment_values;
    size_t nsegment_values;
    const rpo_incentive *incentive;
    const rpo_achievement *achievements;
    size_t nachievements;
    const rpo_goal *goals;
    size_t ngoals;
    const rpo_framework_view *frameworks;
    size_t nframeworks;
    /* ABI 1.2 */
    const rpo_risk *risks;
    size_t nrisks;
};

/*
 * An instance: NAME, the plugin's key table (for defaults, as the engine
 * does) and the section's KEY, VALUE pairs, terminated by a NULL key.
 */
/* struct rpo_instance: tests/common/fake_config.h */

/*
 * The fixture: engagement "Acme hiring 2024" (EUR, min_n 5), periods 2024Q1,
 * 2024Q2, 2024Q3 and overall; metrics requisitions_opened (count, by
 * department), time_to_fill (days, distribution, insufficient in 2024Q2; key;
 * by source and department; target 30 with 10% tolerance: missed, met, near
 * overall; baseline 40), offer_acceptance (percent, empty in 2024Q3; key;
 * target 85) and cost_per_hire (currency; baseline 4000, no target);
 * segments department Engineering and Sales and source referral; an
 * incentive over time_to_fill (60) and offer_acceptance (40) with tiers
 * reached in every period; three achievements (a milestone, a best period
 * of a count, an improvement); one goal with an ok, a too_few_periods and a
 * no_variation link; sources apps and reqs; one quality flag.
 */
const rpo_report *fake_report_standard(void);

/* Where rpo_outfile_open(NULL or "-") writes; NULL restores stdout. */
void fake_set_stdout(FILE *fp);

/*
 * fake_run_sink — run SINK (create, write, destroy) on R as instance NAME
 * with the section's pairs KV, its standard output going to OUT; with OUT
 * NULL, to a memory stream whose text is returned (malloc'd, "" when
 * nothing was written), else NULL is returned. *STATUS gets the status of
 * create, or of write when create succeeded.
 */
char *fake_run_sink(const rpo_plugin *sink, const char *name, const rpo_report *r,
                    const char *const *kv, FILE *out, int *status);

/* Everything logged (rpo_log, rpo_config_error, outfile errors) since the
 * last reset, one line each. */
const char *fake_log_text(void);
void fake_log_reset(void);

#endif
