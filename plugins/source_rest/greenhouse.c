/*
 * greenhouse.c — the `greenhouse` preset: Greenhouse Harvest API v1.
 *
 * Harvest v1: HTTP Basic with the API token as the user name and an empty
 * password; lists are JSON arrays at the top level, paged by the Link
 * header (rel="next") with per_page up to 500; times are ISO-8601 with
 * milliseconds and Z ("2024-03-01T12:00:00.000Z"), some fields date-only
 * (an offer's sent_at and starts_at).
 *
 *   record        endpoint                  incremental filter / change time
 *   requisition   /v1/jobs                  updated_after / updated_at
 *   application   /v1/applications          last_activity_after / last_activity_at
 *   stage_event   /v1/offers (default)      updated_after / updated_at
 *   stage_event   /v1/scheduled_interviews  updated_after / updated_at
 *   hire          /v1/offers                updated_after / updated_at
 *
 * The mapping (docs/source-rest.md has the tables):
 *   - a job is one requisition per opening: the first opening listed keeps
 *     the job's id (applications name the job, so they attach to it), each
 *     further opening is "<job id>-<opening id>"; opened_at is the opening's,
 *     and a closed opening with an application is filled at closed_at, one
 *     without is closed at closed_at with its close reason;
 *   - prospects (applications without a job) are left out;
 *   - offers: per application the non-deprecated version with the highest
 *     version number counts: offered at sent_at (created_at when unsent),
 *     accepted → offer_accepted, rejected → offer_declined at resolved_at;
 *     as hires, an accepted offer is a hire starting at starts_at;
 *   - a scheduled interview that took place (status awaiting_feedback or
 *     complete) is an `interviewed` stage event at its start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_path.h"
#include "rest.h"

/* -------------------------------------------------------------- helpers */

/* The text of ITEM's member at PATH, in BUF; "" when absent. */
static const char *text_at(json_t *item, const char *path, char *buf, size_t size)
{
    return rest_text(json_path_get(item, path), buf, size);
}

/* Emit one stage event STAGE at AT for application APP, keyed by KEY parts. */
static int stage_event(rest_run *run, json_t *item, const char *app, const char *stage,
                       json_t *at, const char *k1, const char *k2, const char *k3)
{
    rest_begin(run);
    if (rest_set_text(run, "application_id", app) < 0 || rest_set_text(run, "stage", stage) < 0 ||
        rest_set(run, "at", at) < 0 || rest_apply_fields(run, item) < 0)
        return RPO_OK; /* rejected */
    rest_key(run, k1, k2, k3);
    return rest_end(run);
}

/* ------------------------------------------------------------------ jobs */

/* A job: one requisition per opening. */
static int job_item(rest_run *run, json_t *job)
{
    json_t *openings = json_object_get(job, "openings");
    char jid[256], oid[256], rid[520];
    int rc = RPO_OK;

    text_at(job, "id", jid, sizeof jid);
    if (!json_is_array(openings) || json_array_size(openings) == 0) {
        run->skipped++; /* a job without openings has no requisition to measure */
        return RPO_OK;
    }
    for (size_t i = 0; i < json_array_size(openings) && rc == RPO_OK; i++) {
        json_t *o = json_array_get(openings, i);
        json_t *closed = json_object_get(o, "closed_at");
        json_t *app = json_object_get(o, "application_id");

        rest_begin(run);
        if (!json_is_object(o)) {
            rpo_record_reject(run->em, "openings[%zu]: expected an object", i);
            continue;
        }
        if (i == 0)
            snprintf(rid, sizeof rid, "%s", jid);
        else
            snprintf(rid, sizeof rid, "%s-%s", jid, text_at(o, "id", oid, sizeof oid));
        if (rest_set_text(run, "id", rid) < 0 ||
            rest_set(run, "opened_at", json_object_get(o, "opened_at")) < 0)
            continue;
        if (closed && !json_is_null(closed)) {
            int filled = app && !json_is_null(app);
            if (rest_set(run, filled ? "filled_at" : "closed_at", closed) < 0 ||
                (!filled &&
                 rest_set(run, "close_reason", json_path_get(o, "close_reason.name")) < 0))
                continue;
        }
        if (rest_apply_fields(run, job) < 0)
            continue;
        rc = rest_end(run);
    }
    return rc;
}

/* ---------------------------------------------------------- applications */

/* An application; prospects (no job yet) are left out. */
static int application_item(rest_run *run, json_t *app)
{
    if (json_is_true(json_object_get(app, "prospect"))) {
        run->skipped++;
        return RPO_OK;
    }
    rest_begin(run);
    if (!json_is_object(app)) {
        rpo_record_reject(run->em, "expected an object as the item");
        return RPO_OK;
    }
    if (rest_apply_fields(run, app) < 0)
        return RPO_OK;
    return rest_end(run);
}

/* ---------------------------------------------------------------- offers */

/* Keep every offer version; the latest per application is chosen at the end. */
static int offer_item(rest_run *run, json_t *offer)
{
    if (!run->kept && !(run->kept = json_array()))
        return RPO_ENOMEM;
    return json_array_append(run->kept, offer) == 0 ? RPO_OK : RPO_ENOMEM;
}

/* Whether offer A supersedes offer B of the same application (higher version, then id). */
static int newer(json_t *a, json_t *b)
{
    json_int_t va = json_integer_value(json_object_get(a, "version"));
    json_int_t vb = json_integer_value(json_object_get(b, "version"));

    if (va != vb)
        return va > vb;
    return json_integer_value(json_object_get(a, "id")) >
           json_integer_value(json_object_get(b, "id"));
}

/* The latest non-deprecated offer per application: an object app id → offer (borrowed). */
static json_t *latest_offers(rest_run *run)
{
    json_t *latest = json_object();
    char app[256];

    for (size_t i = 0; latest && i < json_array_size(run->kept); i++) {
        json_t *o = json_array_get(run->kept, i), *cur;
        const char *status = json_string_value(json_object_get(o, "status"));

        if (!status || strcmp(status, "deprecated") == 0)
            continue;
        text_at(o, "application_id", app, sizeof app);
        if (!*app)
            continue;
        cur = json_object_get(latest, app);
        if (!cur || newer(o, cur))
            json_object_set(latest, app, o);
    }
    return latest;
}

/* Emit the stage events (or the hires) of the offers that count. */
static int offers_finish(rest_run *run)
{
    json_t *latest = latest_offers(run);
    int hires = run->src->kind == RPO_REC_HIRE, rc = RPO_OK;
    size_t n = json_array_size(run->kept);

    if (!latest) {
        rpo_log(run->src->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    /* In the order the server listed them, each counted once. */
    for (size_t i = 0; i < n && rc == RPO_OK; i++) {
        json_t *o = json_array_get(run->kept, i);
        const char *status = json_string_value(json_object_get(o, "status"));
        char app[256];

        run->item = i + 1;
        if (!json_is_object(o)) {
            rest_begin(run);
            rpo_record_reject(run->em, "expected an offer object");
            continue;
        }
        text_at(o, "application_id", app, sizeof app);
        if (!status || strcmp(status, "deprecated") == 0 || json_object_get(latest, app) != o) {
            if (!*app) {
                rest_begin(run);
                rpo_record_reject(run->em, "offer without application_id");
            }
            continue; /* superseded by a later version */
        }
        if (hires) {
            if (strcmp(status, "accepted") != 0)
                continue;
            rest_begin(run);
            if (rest_set_text(run, "application_id", app) < 0 ||
                rest_set(run, "start_date", json_object_get(o, "starts_at")) < 0 ||
                rest_apply_fields(run, o) < 0)
                continue;
            rc = rest_end(run);
            continue;
        }
        json_t *sent = json_object_get(o, "sent_at");
        if (!sent || json_is_null(sent))
            sent = json_object_get(o, "created_at");
        rc = stage_event(run, o, app, "offered", sent, "offer", app, "offered");
        if (rc == RPO_OK && strcmp(status, "accepted") == 0)
            rc = stage_event(run, o, app, "offer_accepted", json_object_get(o, "resolved_at"),
                             "offer", app, "resolved");
        else if (rc == RPO_OK && strcmp(status, "rejected") == 0)
            rc = stage_event(run, o, app, "offer_declined", json_object_get(o, "resolved_at"),
                             "offer", app, "resolved");
    }
    json_decref(latest);
    return rc;
}

/* ---------------------------------------------------- scheduled interviews */

/* An interview that took place is an `interviewed` stage event at its start. */
static int interview_item(rest_run *run, json_t *iv)
{
    const char *status = json_string_value(json_object_get(iv, "status"));
    json_t *at = json_path_get(iv, "start.date_time");
    char app[256], id[256];

    if (!status || (strcmp(status, "awaiting_feedback") != 0 && strcmp(status, "complete") != 0)) {
        run->skipped++; /* still scheduled: not an interview yet */
        return RPO_OK;
    }
    if (!at || json_is_null(at))
        at = json_path_get(iv, "start.date"); /* an all-day interview */
    text_at(iv, "application_id", app, sizeof app);
    text_at(iv, "id", id, sizeof id);
    return stage_event(run, iv, app, "interviewed", at, "interview", id, NULL);
}

/* ---------------------------------------------------------------- tables */

static const rest_path job_fields[] = {
    {"department", "departments[0].name"},
    {"location", "offices[0].name"},
    {"hiring_manager", "hiring_team.hiring_managers[0].id"},
    {"recruiter", "hiring_team.recruiters[0].id"},
    {NULL, NULL}};

static const rest_path application_fields[] = {
    {"id", "id"},
    {"requisition_id", "jobs[0].id"},
    {"candidate_id", "candidate_id"},
    {"applied_at", "applied_at"},
    {"source", "source.public_name"},
    {"recruiter", "credited_to.id"},
    {"rejected_at", "rejected_at"},
    {NULL, NULL}};

static const rest_endpoint greenhouse_endpoints[] = {
    {"requisition", "/v1/jobs", NULL, "", "updated_after", "updated_at", job_fields, NULL,
     job_item, NULL},
    {"application", "/v1/applications", NULL, "", "last_activity_after", "last_activity_at",
     application_fields, NULL, application_item, NULL},
    {"stage_event", "/v1/offers", NULL, "", "updated_after", "updated_at", NULL, NULL,
     offer_item, offers_finish},
    {"stage_event", "/v1/scheduled_interviews", NULL, "", "updated_after", "updated_at", NULL,
     NULL, interview_item, NULL},
    {"hire", "/v1/offers", NULL, "", "updated_after", "updated_at", NULL, NULL, offer_item,
     offers_finish},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}};

const rest_preset rest_preset_greenhouse = {
    .name = "greenhouse",
    .paging = REST_PAGE_LINK,
    .auth = HTTP_AUTH_BASIC,
    .per_page = 500,
    .per_page_max = 500,
    .per_page_param = "per_page",
    .time = REST_TIME_ISO,
    .endpoints = greenhouse_endpoints,
};
