/*
 * record_model.c — the field tables of DESIGN §4 and the SDK's field lookups.
 */
#include "record_model.h"
#include "util.h"

#include <string.h>

static const char *const owner_words[] = {"client", "provider", NULL};
static const char *const cost_type_words[] = {"external", "internal", NULL};
static const char *const risk_category_words[] = {"gap", "operational", "strategic", NULL};
static const char *const risk_status_words[] = {"open", "mitigating", "closed", NULL};

/* Order matches APP_SCREENED_AT .. APP_WITHDRAWN_AT, minus start_date (not a stage). */
const char *const rpo_stage_words[] = {"screened", "submitted", "interviewed", "offered",
                                       "offer_accepted", "offer_declined", "hired",
                                       "rejected", "withdrawn", NULL};

#define F(n, t) {n, t, 0, 0, 0, NULL}
#define R(n, t) {n, t, 1, 0, 0, NULL}
#define I(n, lo, hi) {n, RPO_FT_INT, 0, lo, hi, NULL}
#define E(n, w) {n, RPO_FT_ENUM, 0, 0, 0, w}
#define RE(n, w) {n, RPO_FT_ENUM, 1, 0, 0, w}

static const rpo_field_def requisition_fields[REQ__N] = {
    R("id", RPO_FT_ID), R("opened_at", RPO_FT_DATE), F("posted_at", RPO_FT_DATE),
    F("filled_at", RPO_FT_DATE), F("closed_at", RPO_FT_DATE), F("close_reason", RPO_FT_TEXT),
    I("hold_days", 0, 36500), I("openings", 1, 100000), F("department", RPO_FT_TEXT),
    F("location", RPO_FT_TEXT), F("level", RPO_FT_TEXT), F("job_family", RPO_FT_TEXT),
    F("hiring_manager", RPO_FT_ID), F("recruiter", RPO_FT_ID), F("critical", RPO_FT_BOOL),
    E("owner", owner_words), I("sla_days", 1, 3650), F("reopened_at", RPO_FT_DATE)};

static const rpo_field_def application_fields[APP__N] = {
    R("id", RPO_FT_ID), R("requisition_id", RPO_FT_ID), R("applied_at", RPO_FT_DATE),
    F("candidate_id", RPO_FT_PSEUDO), F("source", RPO_FT_TEXT), F("recruiter", RPO_FT_ID),
    F("screened_at", RPO_FT_DATE), F("submitted_at", RPO_FT_DATE),
    F("interviewed_at", RPO_FT_DATE), F("offered_at", RPO_FT_DATE),
    F("offer_accepted_at", RPO_FT_DATE), F("offer_declined_at", RPO_FT_DATE),
    F("hired_at", RPO_FT_DATE), F("start_date", RPO_FT_DATE), F("rejected_at", RPO_FT_DATE),
    F("withdrawn_at", RPO_FT_DATE), F("internal", RPO_FT_BOOL), F("diverse", RPO_FT_BOOL)};

static const rpo_field_def stage_event_fields[EVT__N] = {
    R("application_id", RPO_FT_ID), RE("stage", rpo_stage_words), R("at", RPO_FT_DATE)};

static const rpo_field_def hire_fields[HIRE__N] = {
    R("application_id", RPO_FT_ID), F("start_date", RPO_FT_DATE), F("left_at", RPO_FT_DATE),
    F("left_reason", RPO_FT_TEXT), F("performance", RPO_FT_NUM), I("ramp_days", 0, 3650),
    F("hm_rating_90d", RPO_FT_NUM), F("first_year_pay", RPO_FT_MONEY)};

static const rpo_field_def cost_fields[COST__N] = {
    R("date", RPO_FT_DATE), R("amount", RPO_FT_MONEY), RE("type", cost_type_words),
    F("category", RPO_FT_TEXT), F("comparable", RPO_FT_BOOL), F("requisition_id", RPO_FT_ID),
    F("source", RPO_FT_TEXT), F("currency", RPO_FT_TEXT)};

static const rpo_field_def survey_fields[SURVEY__N] = {
    R("instrument", RPO_FT_TEXT), R("date", RPO_FT_DATE), R("item", RPO_FT_TEXT),
    R("score", RPO_FT_NUM), F("respondent", RPO_FT_PSEUDO), F("group", RPO_FT_TEXT),
    F("requisition_id", RPO_FT_ID)};

static const rpo_field_def series_fields[SERIES__N] = {
    R("date", RPO_FT_DATE), R("name", RPO_FT_TEXT), R("value", RPO_FT_NUM)};

static const rpo_field_def risk_fields[RISK__N] = {
    R("id", RPO_FT_ID), R("raised_at", RPO_FT_DATE), R("title", RPO_FT_TEXT),
    E("category", risk_category_words), I("severity", 1, 5), E("status", risk_status_words),
    F("closed_at", RPO_FT_DATE), E("owner", owner_words)};

static const struct {
    const char *name;
    const rpo_field_def *fields;
    int n;
} kinds[RPO_REC_KIND_COUNT] = {
    {"requisition", requisition_fields, REQ__N}, {"application", application_fields, APP__N},
    {"stage_event", stage_event_fields, EVT__N}, {"hire", hire_fields, HIRE__N},
    {"cost", cost_fields, COST__N},              {"survey", survey_fields, SURVEY__N},
    {"lever", series_fields, SERIES__N},         {"outcome", series_fields, SERIES__N},
    {"risk", risk_fields, RISK__N}};

const char *rpo_record_kind_name(rpo_record_kind kind)
{
    return (unsigned)kind < RPO_REC_KIND_COUNT ? kinds[kind].name : NULL;
}

int rpo_record_kind_lookup(const char *name)
{
    for (int k = 0; k < RPO_REC_KIND_COUNT; k++)
        if (strcmp(kinds[k].name, name) == 0)
            return k;
    return -1;
}

int rpo_field_count(rpo_record_kind kind)
{
    return (unsigned)kind < RPO_REC_KIND_COUNT ? kinds[kind].n : 0;
}

const rpo_field_def *rpo_field_def_of(rpo_record_kind kind, int field)
{
    if ((unsigned)kind >= RPO_REC_KIND_COUNT || field < 0 || field >= kinds[kind].n)
        return NULL;
    return &kinds[kind].fields[field];
}

int rpo_field_lookup(rpo_record_kind kind, const char *name)
{
    for (int f = 0; f < rpo_field_count(kind); f++)
        if (strcmp(kinds[kind].fields[f].name, name) == 0)
            return f;
    return -1;
}

const char *rpo_field_name(rpo_record_kind kind, int field)
{
    const rpo_field_def *d = rpo_field_def_of(kind, field);
    return d ? d->name : NULL;
}

int rpo_field_is_date(rpo_record_kind kind, int field)
{
    const rpo_field_def *d = rpo_field_def_of(kind, field);
    return d && d->type == RPO_FT_DATE;
}

const char *rpo_field_nearest(rpo_record_kind kind, const char *name)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (int f = 0; f < rpo_field_count(kind); f++) {
        size_t d = rpo_edit_distance(name, kinds[kind].fields[f].name);
        if (d < bd)
            bd = d, best = kinds[kind].fields[f].name;
    }
    return best;
}
