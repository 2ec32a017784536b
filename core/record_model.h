/*
 * record_model.h — the record kinds' fields (DESIGN §4) as the engine sees
 * them: ids, types, required flags, and the parsed value of one record.
 *
 * The field enums below are the ids that rpo_field_lookup() returns; their
 * order is the order of the tables in record_model.c (checked at start-up by
 * rpo_record_model_selfcheck and by the unit tests).
 */
#ifndef RPO_CORE_RECORD_MODEL_H
#define RPO_CORE_RECORD_MODEL_H

#include <stdint.h>
#include <rpo/record.h>
#include "date.h"

#define RPO_MAX_FIELDS 24

typedef enum rpo_field_type {
    RPO_FT_ID,     /* an identifier of a requisition, application, person in the org */
    RPO_FT_PSEUDO, /* a candidate or respondent id: only ever kept pseudonymized */
    RPO_FT_TEXT,   /* free text, a category label */
    RPO_FT_DATE,   /* ISO-8601 date or date-time → UTC day */
    RPO_FT_INT,    /* whole number within [min, max] */
    RPO_FT_NUM,    /* decimal number */
    RPO_FT_MONEY,  /* exact decimal amount */
    RPO_FT_BOOL,   /* true/false, yes/no, 1/0 */
    RPO_FT_ENUM    /* one of a fixed list of words */
} rpo_field_type;

typedef struct rpo_field_def {
    const char *name;
    rpo_field_type type;
    int required;
    long min, max;          /* RPO_FT_INT */
    const char *const *words; /* RPO_FT_ENUM, NULL-terminated */
} rpo_field_def;

enum { REQ_ID, REQ_OPENED_AT, REQ_POSTED_AT, REQ_FILLED_AT, REQ_CLOSED_AT, REQ_CLOSE_REASON,
       REQ_HOLD_DAYS, REQ_OPENINGS, REQ_DEPARTMENT, REQ_LOCATION, REQ_LEVEL, REQ_JOB_FAMILY,
       REQ_HIRING_MANAGER, REQ_RECRUITER, REQ_CRITICAL, REQ_OWNER, REQ_SLA_DAYS, REQ_REOPENED_AT,
       REQ__N };

/* The stage date fields of an application are contiguous, in funnel order. */
enum { APP_ID, APP_REQUISITION_ID, APP_APPLIED_AT, APP_CANDIDATE_ID, APP_SOURCE, APP_RECRUITER,
       APP_SCREENED_AT, APP_SUBMITTED_AT, APP_INTERVIEWED_AT, APP_OFFERED_AT,
       APP_OFFER_ACCEPTED_AT, APP_OFFER_DECLINED_AT, APP_HIRED_AT, APP_START_DATE,
       APP_REJECTED_AT, APP_WITHDRAWN_AT, APP_INTERNAL, APP_DIVERSE, APP__N };
#define APP_FIRST_STAGE APP_SCREENED_AT
#define APP_LAST_STAGE APP_WITHDRAWN_AT

enum { EVT_APPLICATION_ID, EVT_STAGE, EVT_AT, EVT__N };

enum { HIRE_APPLICATION_ID, HIRE_START_DATE, HIRE_LEFT_AT, HIRE_LEFT_REASON, HIRE_PERFORMANCE,
       HIRE_RAMP_DAYS, HIRE_HM_RATING_90D, HIRE_FIRST_YEAR_PAY, HIRE__N };

enum { COST_DATE, COST_AMOUNT, COST_TYPE, COST_CATEGORY, COST_COMPARABLE, COST_REQUISITION_ID,
       COST_SOURCE, COST_CURRENCY, COST__N };

enum { SURVEY_INSTRUMENT, SURVEY_DATE, SURVEY_ITEM, SURVEY_SCORE, SURVEY_RESPONDENT,
       SURVEY_GROUP, SURVEY_REQUISITION_ID, SURVEY__N };

enum { SERIES_DATE, SERIES_NAME, SERIES_VALUE, SERIES__N }; /* lever and outcome */

enum { RISK_ID, RISK_RAISED_AT, RISK_TITLE, RISK_CATEGORY, RISK_SEVERITY, RISK_STATUS,
       RISK_CLOSED_AT, RISK_OWNER, RISK__N };

/* The stage_event stage words, in the order of the application's stage fields. */
extern const char *const rpo_stage_words[];

/* One parsed value. Text-like values point into the source's buffer and are
 * valid only until the consumer returns. */
typedef struct rpo_value {
    const char *text;
    size_t len;
    union {
        rpo_day day;
        long integer;
        double number;
        int64_t money;
        int boolean;
        int word; /* index into the enum's words */
    } u;
} rpo_value;

/* A validated record, handed to the engagement model. */
typedef struct rpo_record {
    rpo_record_kind kind;
    uint64_t present; /* bit F set: field F has a value */
    uint64_t reached; /* bit F set: stage field F reached, date unknown */
    const rpo_value *v;
    const char *file; /* location, for flags */
    unsigned long line;
} rpo_record;

#define RPO_HAS(rec, f) (((rec)->present >> (f)) & 1u)

/* rpo_field_def_of — the definition of FIELD of KIND, or NULL. */
const rpo_field_def *rpo_field_def_of(rpo_record_kind kind, int field);

#endif
