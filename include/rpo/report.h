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
#define RPO_REPORT_SCHEMA_VERSION 1

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
} rpo_metric_info;

typedef enum rpo_value_state {
    RPO_VALUE_OK = 0,       /* value is meaningful */
    RPO_VALUE_INSUFFICIENT, /* 0 < n < the engagement's min_n: no value shown */
    RPO_VALUE_EMPTY         /* n == 0: nothing to measure */
} rpo_value_state;

typedef struct rpo_metric_value {
    rpo_value_state state;
    unsigned long long n; /* observations behind the value */
    double value;         /* the figure (the median for distributions), rounded to 2 decimals */
    double mean;          /* distributions only, rounded to 2 decimals */
    double p90;           /* distributions only (linear interpolation), rounded to 2 decimals */
} rpo_metric_value;

typedef struct rpo_period {
    const char *label;     /* "2024Q3", or "overall" */
    const char *first_day; /* ISO date, "" for overall */
    const char *last_day;  /* ISO date (the as-of date when the period is not over) */
    int overall;           /* 1 for the whole-engagement column */
} rpo_period;

typedef struct rpo_report_header {
    const char *engagement; /* [engagement] name */
    const char *client;     /* may be "" */
    const char *provider;   /* may be "" */
    const char *currency;   /* ISO 4217 code, "" when not set */
    const char *as_of;      /* ISO date the run treated as today */
    const char *generator;  /* "rpo X.Y.Z" */
    unsigned min_n;         /* below this n values are insufficient */
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

/*
 * Names for enum values, as used in the JSON schema: unit ("count", "days",
 * "percent", "currency", "ratio", "score"), direction ("none",
 * "higher_is_better", "lower_is_better"), state ("ok", "insufficient",
 * "empty"). Static strings; "unknown" for values outside the enums.
 */
const char *rpo_unit_name(rpo_unit unit);
const char *rpo_direction_name(rpo_direction direction);
const char *rpo_value_state_name(rpo_value_state state);

#ifdef __cplusplus
}
#endif
#endif
