/*
 * rpo/framework.h — change-management framework plugins (ABI 1.1).
 *
 * A framework plugin (kind RPO_PLUGIN_FRAMEWORK) turns the survey responses
 * of one instrument into an assessment every sink can render: per group and
 * period, dimensions with a score, n, spread and status; an overall index;
 * the current stage or barrier; findings with recommended actions; and any
 * further figures as named tables (distributions, pairs, forces).
 *
 * Lifecycle per instance ([framework.NAME] with plugin = adkar):
 *   create(inst, &ctx)
 *   survey(ctx, item, &why)   for each survey response whose instrument is
 *                             the instance's (key `instrument`, default: the
 *                             plugin's name), in input order, dated on or
 *                             before the as-of date, that the engine's own
 *                             checks accept; the record is rejected when
 *                             every instance reading its instrument refuses it
 *   assess(ctx, out)          once, after every source was read
 *   destroy(ctx)
 * Several instances of one or several frameworks may run in one engagement.
 *
 * Determinism: the same input must give the same assessment, byte for byte,
 * so keep items in the order they arrive (never in respondent-key order).
 */
#ifndef RPO_FRAMEWORK_H
#define RPO_FRAMEWORK_H

#include <stddef.h>
#include <rpo/report.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The period index of the whole-engagement column, for rpo_assessment_group. */
#define RPO_PERIOD_OVERALL (-2147483647 - 1)

/* One survey response as a framework sees it. Valid during survey() only:
 * copy what you keep. */
typedef struct rpo_survey_item {
    const char *item;         /* the item ("awareness"), as the source mapped it */
    double score;             /* as given; range checks are the framework's */
    const char *group;        /* the respondent's group ("" when none) */
    const char *respondent;   /* an opaque key, equal for equal respondent ids within a
                                 run, "" when none; never a raw id; never print it */
    int period;               /* the period of the response's date: an index in which
                                 consecutive periods are consecutive integers */
    const char *period_label; /* "2025Q3" */
    const char *file;         /* where the record came from, for messages */
    unsigned long line;
} rpo_survey_item;

/* The assessment a framework fills in assess(); owned by the engine. */
typedef struct rpo_assessment rpo_assessment;

/*
 * rpo_assessment_headline — name the overall index ("readiness index") and
 * the stage or barrier concept ("barrier point", "current stage") of this
 * framework, for sinks' headings. Strings are copied. RPO_OK or RPO_ENOMEM.
 */
int rpo_assessment_headline(rpo_assessment *a, const char *index_name, const char *stage_name);

/*
 * rpo_assessment_group — start the assessment of GROUP ("" = all
 * respondents) in PERIOD (an rpo_survey_item period, or RPO_PERIOD_OVERALL),
 * with N respondents (or responses, as the framework counts) and STATE:
 * RPO_VALUE_INSUFFICIENT when N is below the framework's minimum (then
 * give no scores, only n). Stores the group's handle in *G. Groups appear
 * in the order they are started. RPO_OK, RPO_ENOMEM, or RPO_ERR for an
 * unknown period.
 */
int rpo_assessment_group(rpo_assessment *a, const char *group, int period,
                         unsigned long long n, rpo_value_state state, size_t *g);

/*
 * rpo_assessment_index — the group's overall index (e.g. readiness 0-100)
 * and stage or barrier ("desire"; "" when none applies).
 */
int rpo_assessment_index(rpo_assessment *a, size_t g, double index, const char *stage);

/*
 * rpo_assessment_dimension — one dimension of group G (an ADKAR element, a
 * Lewin stage, a 7-S element): NAME, N answers, STATE, mean SCORE, SPREAD
 * (sample standard deviation; 0 when n < 2), STATUS in a word ("barrier",
 * "ok", "below threshold", ...; "" when none). In the order given.
 */
int rpo_assessment_dimension(rpo_assessment *a, size_t g, const char *name,
                             unsigned long long n, rpo_value_state state, double score,
                             double spread, const char *status);

/*
 * rpo_assessment_figure — a further figure of group G in table TABLE
 * ("barrier distribution", "pair alignment", "driving forces", "gap"):
 * NAME, VALUE and N. Sinks render each table as name → value rows, in the
 * order given.
 */
int rpo_assessment_figure(rpo_assessment *a, size_t g, const char *table, const char *name,
                          double value, unsigned long long n);

/* rpo_assessment_finding — a finding of group G and the action it calls for. */
int rpo_assessment_finding(rpo_assessment *a, size_t g, const char *finding,
                           const char *action);

/* ---- reading assessments (sinks) ------------------------------------------ */

typedef struct rpo_assessment_dimension_view {
    const char *name;
    unsigned long long n;
    rpo_value_state state;
    double score, spread; /* rounded to 2 decimals by the engine */
    const char *status;
} rpo_assessment_dimension_view;

typedef struct rpo_assessment_figure_view {
    const char *table, *name;
    double value; /* rounded to 4 decimals by the engine */
    unsigned long long n;
} rpo_assessment_figure_view;

typedef struct rpo_assessment_finding_view {
    const char *finding, *action;
} rpo_assessment_finding_view;

typedef struct rpo_assessment_group_view {
    const char *group;  /* "" = all respondents */
    const char *period; /* a period label, or "overall" */
    unsigned long long n;
    rpo_value_state state;
    int has_index;
    double index;       /* rounded to 2 decimals */
    const char *stage;  /* "" when none */
    const rpo_assessment_dimension_view *dimensions;
    size_t n_dimensions;
    const rpo_assessment_figure_view *figures;
    size_t n_figures;
    const rpo_assessment_finding_view *findings;
    size_t n_findings;
} rpo_assessment_group_view;

typedef struct rpo_framework_view {
    const char *instance;   /* NAME of [framework.NAME] */
    const char *framework;  /* the plugin's name ("adkar") */
    const char *instrument; /* the survey instrument it read */
    const char *index_name; /* "" when the framework named none */
    const char *stage_name;
    unsigned long long accepted, rejected; /* survey responses */
    const rpo_assessment_group_view *groups;
    size_t n_groups;
} rpo_framework_view;

/* The framework assessments of the engagement, in configuration order.
 * Pointers are owned by the report and valid during the sink's write(). */
size_t rpo_report_framework_count(const rpo_report *r);
const rpo_framework_view *rpo_report_framework_at(const rpo_report *r, size_t i);

#ifdef __cplusplus
}
#endif
#endif
