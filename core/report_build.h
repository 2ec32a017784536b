/*
 * report_build.h — building the SDK's rpo_report from the model.
 */
#ifndef RPO_CORE_REPORT_BUILD_H
#define RPO_CORE_REPORT_BUILD_H

#include <rpo/report.h>
#include <rpo/framework.h>
#include "model.h"
#include "registry.h"
#include "store.h"

/*
 * rpo_report_build — compute every metric of REG for every period of M,
 * overall, and every segment, with targets, status, trends, the incentive,
 * achievements and goal alignment; bundle it with HEADER (strings copied)
 * and the N_SOURCES source summaries (strings copied). Stores the report in
 * *OUT (also on failure: free it with rpo_report_free) and returns RPO_OK or
 * the status of a plugin metric's compute(). M and REG must outlive the
 * report; M's histograms are read (their overflow lists sorted).
 */
int rpo_report_build(rpo_model *m, const rpo_registry *reg, const rpo_report_header *header,
                     const rpo_source_summary *sources, size_t n_sources, rpo_report **out);

/* rpo_report_set_frameworks — the N framework assessments sinks will see
 * (VIEWS is not copied: it must outlive the report). */
void rpo_report_set_frameworks(rpo_report *r, const rpo_framework_view *views, size_t n);

/*
 * rpo_report_apply_previous_run — mark what changed since committed run
 * RUN_ID of store S (nothing when S is NULL or RUN_ID 0): every cell it had
 * gets its status then (previous_status), every cell it had an ok value
 * for gets previous_run (and change_vs_run when the cell is ok now);
 * achievements it already had lose is_new. Returns RPO_OK or the
 * store's failure (logged).
 */
int rpo_report_apply_previous_run(rpo_report *r, rpo_store *s, long long run_id);

/* rpo_report_free — free a report from rpo_report_build; NULL is fine. */
void rpo_report_free(rpo_report *r);

#endif
