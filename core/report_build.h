/*
 * report_build.h — building the SDK's rpo_report from the model.
 */
#ifndef RPO_CORE_REPORT_BUILD_H
#define RPO_CORE_REPORT_BUILD_H

#include <rpo/report.h>
#include "model.h"

/*
 * rpo_report_build — compute every catalogue metric for every quarter of M
 * and overall, and bundle it with HEADER (strings copied) and the N_SOURCES
 * source summaries (strings copied). The caller frees the result with
 * rpo_report_free. M's histograms are read (their overflow lists sorted).
 */
rpo_report *rpo_report_build(rpo_model *m, const rpo_report_header *header,
                             const rpo_source_summary *sources, size_t n_sources);

/* rpo_report_free — free a report from rpo_report_build; NULL is fine. */
void rpo_report_free(rpo_report *r);

#endif
