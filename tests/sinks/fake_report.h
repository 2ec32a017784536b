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

struct rpo_report {
    rpo_report_header header;
    const rpo_period *periods;
    size_t nperiods;
    const rpo_metric_info *metrics;
    size_t nmetrics;
    const rpo_metric_value *values; /* nmetrics x nperiods, metric-major */
    const rpo_source_summary *sources;
    size_t nsources;
    const rpo_quality_flag *flags;
    size_t nflags;
};

/*
 * An instance: NAME, the plugin's key table (for defaults, as the engine
 * does) and the section's KEY, VALUE pairs, terminated by a NULL key.
 */
struct rpo_instance {
    const char *name;
    const rpo_config_key *keys;
    const char *const *kv;
};

/*
 * The fixture: engagement "Acme hiring 2024" (EUR, min_n 5), periods 2024Q1,
 * 2024Q2, 2024Q3 and overall; metrics requisitions_opened (count),
 * time_to_fill (days, distribution, insufficient in 2024Q2), offer_acceptance
 * (percent, empty in 2024Q3) and cost_per_hire (currency); sources apps and
 * reqs; one quality flag.
 */
const rpo_report *fake_report_standard(void);

/* Where rpo_outfile_open(NULL or "-") writes; NULL restores stdout. */
void fake_set_stdout(FILE *fp);

/* Everything logged (rpo_log, rpo_config_error, outfile errors) since the
 * last reset, one line each. */
const char *fake_log_text(void);
void fake_log_reset(void);

#endif
