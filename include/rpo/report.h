/*
 * rpo/report.h — the finished report, as sinks read it.
 *
 * The report is built by the engine after all sources were read and every
 * metric computed; sinks get it read-only during write(). Everything is
 * reached through accessor functions returning pointers to structs, so later
 * minor ABI versions can append struct members without breaking older sinks.
 * Numbers are already rounded by the engine (see rpo_metric_value) so that
 * every sink prints the same digits. No candidate personal data is in it.
 */
#ifndef RPO_REPORT_H
#define RPO_REPORT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rpo_report rpo_report;

/* Version of the JSON report schema that the json sink writes. */
#define RPO_REPORT_SCHEMA_VERSION 2

typedef enum rpo_unit {
    RPO_UNIT_COUNT = 0, /* a whole number of things */
    RPO_UNIT_DAYS,      /* calendar days */
    RPO_UNIT_PERCENT,   /* 0..100 */
    RPO_UNIT_CURRENCY,  /* the engagement's currency */
    RPO_UNIT_RATIO,     /* a plain ratio */
    RPO_UNIT_SCORE      /* a score on the metric's own scale */
} rpo_unit;

typedef enum rpo_direction {
    RPO_DIRECTION_NONE = 0, /* neither is better (volumes) */
    RPO_HIGHER_IS_BETTER,
    RPO_LOWER_IS_BETTER
} rpo_direction;

typedef struct rpo_metric_info {
    const char *id;           /* "time_to_fill" */
    const char *name;         /* "Time to fill" */
    rpo_unit unit;
    rpo_direction direction;
    const char *period_event; /* what assigns a value to a period ("offer accepted") */
    const char *process_area; /* "before a role is live", ... */
    const char *definition;   /* one paragraph, naming its standard */
    int distribution;         /* 1: values carry median (value), mean and p90 */
    /* ABI 1.1 */
    const char *const *dimensions; /* segment dimensions it supports, NULL-terminated; NULL: none */
    int key;                  /* 1: a key metric of the engagement (reports put these first) */
    const char *origin;       /* "built-in", "config" or "plugin NAME" (engine-filled) */
} rpo_metric_info;

typedef enum rpo_value_state {
    RPO_VALUE_OK = 0,       /* value is meaningful */
    RPO_VALUE_INSUFFICIENT, /* 0 < n < the engagement's min_n: no value shown */
    RPO_VALUE_EMPTY         /* n == 0: nothing to measure */
} rpo_value_state;

/* A value's standing against its target (ABI 1.1). */
typedef enum rpo_target_status {
    RPO_STATUS_NONE = 0,     /* no target */
    RPO_STATUS_MET,          /* at or better than the target */
    RPO_STATUS_NEAR,         /* worse, but within the tolerance */
    RPO_STATUS_MISSED,
    RPO_STATUS_INSUFFICIENT  /* a target, but no value to judge */
} rpo_target_status;

typedef struct rpo_metric_value {
    rpo_value_state state;
    unsigned long long n; /* observations behind the value */
    double value;         /* the figure (the median for distributions), rounded to 2 decimals */
    double mean;          /* distributions only, rounded to 2 decimals */
    double p90;           /* distributions only (linear interpolation), rounded to 2 decimals */
    /* ABI 1.1: targets and trends (docs/metrics.md). */
    rpo_target_status status;
    int has_target, has_baseline, has_change_baseline, has_change_previous;
    double target, baseline;
    double change_vs_baseline; /* value - baseline, rounded to 2 decimals */
    double change_vs_previous; /* value - the previous period's value, same segment */
    /* ABI 1.2: the last committed run of the engagement (needs a store). */
    int has_previous_run;      /* that run had an 'ok' value for this cell */
    double previous_run;       /* its value, as it reported it */
    double change_vs_run;      /* value - previous_run, rounded to 2 decimals (when both ok) */
    int has_previous_status;   /* that run had this cell at all */
    rpo_target_status previous_status; /* and this status there */
} rpo_metric_value;

typedef struct rpo_period {
    const char *label;     /* "2024Q3", or "overall" */
    const char *first_day; /* ISO date, "" for overall */
    const char *last_day;  /* ISO date (the as-of date when the period is not over) */
    int overall;           /* 1 for the whole-engagement column */
    int complete;          /* ABI 1.2: 1 when the period ended on or before the as-of date */
} rpo_period;

typedef struct rpo_report_header {
    const char *engagement; /* [engagement] name */
    const char *client;     /* may be "" */
    const char *provider;   /* may be "" */
    const char *currency;   /* ISO 4217 code, "" when not set */
    const char *as_of;      /* ISO date the run treated as today */
    const char *generator;  /* "rpo X.Y.Z" */
    unsigned min_n;         /* below this n values are insufficient */
    /* ABI 1.2 */
    const char *previous_run_as_of; /* as-of of the last committed run, "" when none */
    const char *phase;      /* [engagement] phase ("build", "run", "improve"), "" when not set */
} rpo_report_header;

typedef struct rpo_source_summary {
    const char *instance;  /* NAME of [source.NAME] */
    const char *plugin;    /* plugin name */
    const char *record;    /* record kind name */
    unsigned long long read, accepted, rejected;
} rpo_source_summary;

typedef struct rpo_quality_flag {
    const char *code;        /* stable id: "stage_before_application" */
    const char *description; /* one line for people */
    unsigned long long count;
    const char *example;     /* location of the first case ("apps.csv:17"), "" if none */
} rpo_quality_flag;

/* A segment of the engagement (ABI 1.1); segment 0 is the whole of it. */
typedef struct rpo_segment {
    const char *dimension; /* "all", "department", "location", "level", "source", "recruiter",
                              "hiring_manager", "owner" */
    const char *value;     /* "" for "all" */
} rpo_segment;

/* The quarterly incentive (ABI 1.1): one table per period. */
typedef struct rpo_incentive_line {
    size_t metric;       /* index for rpo_report_metric_at */
    double weight;       /* as configured */
    rpo_value_state state;
    double value, target;
    int has_attainment;
    double attainment;   /* %, capped, rounded to 2 decimals */
} rpo_incentive_line;

typedef struct rpo_incentive_period {
    size_t period;       /* index for rpo_report_period_at */
    const rpo_incentive_line *lines;
    size_t n_lines;
    int has_weighted;
    double weighted;     /* weighted attainment %, rounded to 2 decimals */
    int has_tier;
    double tier_threshold, tier_payout; /* % */
    double payout;       /* in the engagement's currency, rounded to the cent */
} rpo_incentive_period;

typedef struct rpo_incentive {
    double pool, cap;
    const rpo_incentive_period *periods;
    size_t n_periods;
} rpo_incentive;

/* Achievements worth celebrating (ABI 1.1). */
typedef enum rpo_achievement_kind {
    RPO_ACH_STREAK = 0,  /* target met in consecutive periods first..last */
    RPO_ACH_BEST_PERIOD, /* best value of a metric (period = first) */
    RPO_ACH_MILESTONE,   /* the Nth hire (value = N; first = its date) */
    RPO_ACH_IMPROVEMENT  /* largest improvement vs baseline (value = %) */
} rpo_achievement_kind;

typedef struct rpo_achievement {
    rpo_achievement_kind kind;
    const char *metric;       /* metric id */
    const char *first, *last; /* period labels or a date; last may equal first */
    double value;
    const char *text;         /* one line for people, with the evidence */
    int is_new;               /* ABI 1.2: not among the last committed run's achievements
                                 (every achievement is new when there is no such run) */
} rpo_achievement;

/* One entry of the risk log (ABI 1.2). Titles and owners are the
 * engagement's own words; no candidate data. */
typedef struct rpo_risk {
    const char *id;
    const char *title;
    const char *category;  /* "gap", "operational", "strategic" or "" */
    int severity;          /* 1..5, 0 unknown */
    const char *status;    /* "open", "mitigating", "closed", ... as recorded, "" unknown */
    const char *raised_at; /* ISO date */
    const char *closed_at; /* ISO date, "" while open */
    const char *owner;     /* "client", "provider" or "" */
    int open;              /* open on the as-of date */
    int is_new;            /* raised after the last committed run's as-of date (every
                              risk when there is no such run) */
} rpo_risk;

/* Goal alignment (ABI 1.1): correlations along each link of a goal chain. */
typedef enum rpo_corr_state {
    RPO_CORR_OK = 0,
    RPO_CORR_TOO_FEW,     /* fewer periods with both values than min_periods */
    RPO_CORR_NO_VARIATION /* a series is constant */
} rpo_corr_state;

typedef struct rpo_alignment_link {
    const char *from, *to; /* "lever:NAME", "metric:ID", "outcome:NAME" */
    int lag;               /* 0 or 1 period */
    size_t n;              /* periods with both values */
    rpo_corr_state state;
    double pearson, spearman; /* rounded to 4 decimals */
} rpo_alignment_link;

typedef struct rpo_goal {
    const char *name, *description;
    const rpo_alignment_link *links;
    size_t n_links;
} rpo_goal;

/*
 * Accessors. All returned pointers are owned by the report and valid while
 * the sink's write() runs. Index arguments out of range return NULL.
 */
const rpo_report_header *rpo_report_get_header(const rpo_report *r);
size_t rpo_report_period_count(const rpo_report *r);
const rpo_period *rpo_report_period_at(const rpo_report *r, size_t i);
size_t rpo_report_metric_count(const rpo_report *r);
const rpo_metric_info *rpo_report_metric_at(const rpo_report *r, size_t i);
/* rpo_report_value — the value of metric M in period P. */
const rpo_metric_value *rpo_report_value(const rpo_report *r, size_t m, size_t p);
size_t rpo_report_source_count(const rpo_report *r);
const rpo_source_summary *rpo_report_source_at(const rpo_report *r, size_t i);
size_t rpo_report_flag_count(const rpo_report *r);
const rpo_quality_flag *rpo_report_flag_at(const rpo_report *r, size_t i);

/* ABI 1.1 accessors. rpo_report_cell — metric M in period P for segment S;
 * NULL when M does not support S's dimension (rpo_report_value is segment 0). */
size_t rpo_report_segment_count(const rpo_report *r);
const rpo_segment *rpo_report_segment_at(const rpo_report *r, size_t i);
const rpo_metric_value *rpo_report_cell(const rpo_report *r, size_t m, size_t p, size_t s);
/* rpo_report_incentive — NULL when the engagement has no [incentive]. */
const rpo_incentive *rpo_report_incentive(const rpo_report *r);
size_t rpo_report_achievement_count(const rpo_report *r);
const rpo_achievement *rpo_report_achievement_at(const rpo_report *r, size_t i);
size_t rpo_report_goal_count(const rpo_report *r);
const rpo_goal *rpo_report_goal_at(const rpo_report *r, size_t i);

/* ABI 1.2: the risk log, ordered by severity (highest first), then raised_at, then id. */
size_t rpo_report_risk_count(const rpo_report *r);
const rpo_risk *rpo_report_risk_at(const rpo_report *r, size_t i);

/*
 * Names for enum values, as used in the JSON schema: unit ("count", "days",
 * "percent", "currency", "ratio", "score"), direction ("none",
 * "higher_is_better", "lower_is_better"), state ("ok", "insufficient",
 * "empty"). Static strings; "unknown" for values outside the enums.
 */
const char *rpo_unit_name(rpo_unit unit);
const char *rpo_direction_name(rpo_direction direction);
const char *rpo_value_state_name(rpo_value_state state);
/* ABI 1.1: status ("none", "met", "near", "missed", "insufficient"), achievement
 * kind ("streak", "best_period", "milestone", "improvement"), correlation
 * state ("ok", "too_few_periods", "no_variation"). */
const char *rpo_target_status_name(rpo_target_status status);
const char *rpo_achievement_kind_name(rpo_achievement_kind kind);
const char *rpo_corr_state_name(rpo_corr_state state);

#ifdef __cplusplus
}
#endif
#endif
