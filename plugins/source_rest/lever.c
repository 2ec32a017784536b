/*
 * lever.c — the `lever` preset: the Lever API v1.
 *
 * Lever: HTTP Basic with the API key as the user name and an empty
 * password; lists are {"data": [...], "hasNext": bool, "next": "..."} with
 * `limit` up to 100 and `next` passed back as `offset`; times are epoch
 * milliseconds (converted to ISO-8601 here, as the engine takes them).
 *
 *   record        endpoint              incremental filter / change time
 *   requisition   /v1/postings          updated_at_start / updatedAt
 *   application   /v1/opportunities     updated_at_start / updatedAt
 *   stage_event   /v1/opportunities     updated_at_start / updatedAt
 *   hire          /v1/opportunities     updated_at_start / updatedAt
 *
 * The mapping (docs/source-rest.md has the tables):
 *   - a posting is a requisition opened at createdAt;
 *   - an opportunity is an application of its first application's posting
 *     (expand=applications), applied at createdAt; archived with a reason of
 *     type "hired" (GET /v1/archive_reasons) it is hired at archivedAt,
 *     archived with another reason rejected at archivedAt;
 *   - each of its stageChanges is a stage event: the stage is the stage's
 *     name (GET /v1/stages), mapped with value.stage.<name> = screened ...;
 *     changes into stages that map to no stage of ours are left out;
 *   - as hires, an opportunity archived with a hired reason is a hire.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_path.h"
#include "rest.h"

/* The canonical stage words of stage_event records (rpo(1) RECORDS). */
static const char *const stage_words[] = {"screened",       "submitted",      "interviewed",
                                          "offered",        "offer_accepted", "offer_declined",
                                          "hired",          "rejected",       "withdrawn",
                                          NULL};

/* Fetch the archive reasons: run->aux = {reason id: type}. */
static int prepare_reasons(rest_run *run)
{
    json_t *list = NULL, *map;
    int rc = rest_fetch_all(run, "/v1/archive_reasons", NULL, "data", &list);

    if (rc != RPO_OK)
        return rc;
    map = json_object();
    for (size_t i = 0; map && i < json_array_size(list); i++) {
        json_t *r = json_array_get(list, i);
        const char *id = json_string_value(json_object_get(r, "id"));
        json_t *type = json_object_get(r, "type");
        if (id && json_is_string(type))
            json_object_set(map, id, type);
    }
    json_decref(list);
    if (!map) {
        rpo_log(run->src->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    run->aux = map;
    return RPO_OK;
}

/* Fetch the stages: run->aux = {stage id: name}. */
static int prepare_stages(rest_run *run)
{
    json_t *list = NULL, *map;
    int rc = rest_fetch_all(run, "/v1/stages", NULL, "data", &list);

    if (rc != RPO_OK)
        return rc;
    map = json_object();
    for (size_t i = 0; map && i < json_array_size(list); i++) {
        json_t *s = json_array_get(list, i);
        const char *id = json_string_value(json_object_get(s, "id"));
        json_t *text = json_object_get(s, "text");
        if (id && json_is_string(text))
            json_object_set(map, id, text);
    }
    json_decref(list);
    if (!map) {
        rpo_log(run->src->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    run->aux = map;
    return RPO_OK;
}

/* 1 when OPP is archived with a hired-type reason, 0 when archived otherwise, -1 when not. */
static int archived_hired(rest_run *run, json_t *opp)
{
    json_t *archived = json_object_get(opp, "archived");
    const char *reason = json_string_value(json_object_get(archived, "reason"));
    const char *type;

    if (!json_is_object(archived) || !reason)
        return -1;
    type = json_string_value(json_object_get(run->aux, reason));
    return type && strcmp(type, "hired") == 0;
}

/* An opportunity as an application. */
static int application_item(rest_run *run, json_t *opp)
{
    int hired;

    rest_begin(run);
    if (!json_is_object(opp)) {
        rpo_record_reject(run->em, "expected an object as the item");
        return RPO_OK;
    }
    hired = archived_hired(run, opp);
    if (hired >= 0 && rest_set(run, hired ? "hired_at" : "rejected_at",
                               json_path_get(opp, "archived.archivedAt")) < 0)
        return RPO_OK;
    if (rest_apply_fields(run, opp) < 0)
        return RPO_OK;
    return rest_end(run);
}

/* An opportunity archived with a hired reason as a hire. */
static int hire_item(rest_run *run, json_t *opp)
{
    if (archived_hired(run, opp) != 1)
        return RPO_OK; /* not a hire: nothing to say */
    rest_begin(run);
    if (rest_set(run, "application_id", json_object_get(opp, "id")) < 0 ||
        rest_apply_fields(run, opp) < 0)
        return RPO_OK;
    return rest_end(run);
}

/* The stage changes of an opportunity as stage events. */
static int stage_item(rest_run *run, json_t *opp)
{
    json_t *changes = json_object_get(opp, "stageChanges");
    char app[256], to[256], at[64];
    int rc = RPO_OK;

    rest_text(json_object_get(opp, "id"), app, sizeof app);
    for (size_t i = 0; i < json_array_size(changes) && rc == RPO_OK; i++) {
        json_t *c = json_array_get(changes, i);
        rest_text(json_object_get(c, "toStageId"), to, sizeof to);
        json_t *name = json_object_get(run->aux, to);
        const char *stage = json_is_string(name) ? json_string_value(name) : to;
        const char *mapped = NULL;
        int field = rpo_field_lookup(RPO_REC_STAGE_EVENT, "stage"), known = 0;

        for (size_t k = 0; k < run->src->nvalues; k++)
            if (run->src->values[k].field == field && strcmp(run->src->values[k].raw, stage) == 0)
                mapped = run->src->values[k].mapped;
        for (size_t k = 0; stage_words[k]; k++)
            known |= strcmp(stage_words[k], mapped ? mapped : stage) == 0;
        if (!known) {
            run->skipped++; /* a stage of Lever's that is none of ours (new lead, ...) */
            continue;
        }
        rest_begin(run);
        if (rest_set_text(run, "application_id", app) < 0 ||
            rest_set_text(run, "stage", stage) < 0 ||
            rest_set(run, "at", json_object_get(c, "updatedAt")) < 0 ||
            rest_apply_fields(run, opp) < 0)
            continue;
        /* Keyed by application, stage and time: a change seen again replaces itself. */
        rest_text(json_object_get(c, "updatedAt"), at, sizeof at);
        rest_key(run, app, to, at);
        rc = rest_end(run);
    }
    return rc;
}

static const rest_path posting_fields[] = {
    {"id", "id"},
    {"opened_at", "createdAt"},
    {"department", "categories.department"},
    {"location", "categories.location"},
    {"level", "categories.level"},
    {"hiring_manager", "hiringManager"},
    {"recruiter", "owner"},
    {NULL, NULL}};

static const rest_path opportunity_fields[] = {
    {"id", "id"},
    {"requisition_id", "applications[0].posting"},
    {"candidate_id", "contact"},
    {"applied_at", "createdAt"},
    {"source", "sources[0]"},
    {"recruiter", "owner"},
    {NULL, NULL}};

static const rest_endpoint lever_endpoints[] = {
    {"requisition", "/v1/postings", NULL, "data", "updated_at_start", "updatedAt",
     posting_fields, NULL, NULL, NULL},
    {"application", "/v1/opportunities", "expand=applications", "data", "updated_at_start",
     "updatedAt", opportunity_fields, prepare_reasons, application_item, NULL},
    {"stage_event", "/v1/opportunities", NULL, "data", "updated_at_start", "updatedAt", NULL,
     prepare_stages, stage_item, NULL},
    {"hire", "/v1/opportunities", NULL, "data", "updated_at_start", "updatedAt", NULL,
     prepare_reasons, hire_item, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}};

const rest_preset rest_preset_lever = {
    .name = "lever",
    .paging = REST_PAGE_CURSOR,
    .auth = HTTP_AUTH_BASIC,
    .per_page = 100,
    .per_page_max = 100,
    .per_page_param = "limit",
    .cursor_param = "offset",
    .next_path = "next",
    .has_more_path = "hasNext",
    .time = REST_TIME_EPOCH_MS,
    .endpoints = lever_endpoints,
};
