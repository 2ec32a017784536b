/*
 * test_presets.c — the item mapping of the rest source without HTTP: the
 * greenhouse and lever presets' hooks and the generic field mapping
 * (plugins/source_rest/{rest_map,greenhouse,lever}.c, compiled in) are fed
 * JSON items and emit through the engine's real emitter (core/emit.c, from
 * librpo), whose consumer writes every validated record as text. Checks the
 * edge cases the integration tests do not reach: offer versions (ties,
 * deprecated only, unresolved), openings without dates or of the wrong
 * shape, jobs without openings, interviews not yet held and all-day ones,
 * Lever's epoch milliseconds and stage names, objects where a value
 * belongs, and that number texts survive until the record ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "log.h"
#include "record_model.h"
#include "testutil.h" /* capture, assert_contains */

#include "../../plugins/source_rest/rest.h"

/* ------------------------------------------------------------- harness */

typedef struct result {
    char records[8192];
    capture log;
} result;

static result res; /* big: not on the stack */

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}

/* The consumer: one line per record, "LINE: field=[text] ...". */
static int consume(void *arg, const rpo_record *rec, const char **why, int *field)
{
    result *r = arg;
    (void)why;
    (void)field;
    append(r->records, sizeof r->records, "%lu:", rec->line);
    for (int f = 0; f < rpo_field_count(rec->kind); f++)
        if (RPO_HAS(rec, f))
            append(r->records, sizeof r->records, " %s=[%.*s]", rpo_field_name(rec->kind, f),
                   (int)rec->v[f].len, rec->v[f].text);
    append(r->records, sizeof r->records, "\n");
    return 0;
}

/* rest.c's rest_fetch_all, which lever.c's prepare hooks call: not used here
 * (the tests put the lookups into run->aux themselves). */
int rest_fetch_all(rest_run *run, const char *path, const char *query, const char *items,
                   json_t **out)
{
    (void)run, (void)path, (void)query, (void)items, (void)out;
    fail_msg("rest_fetch_all is not expected in these tests");
    return RPO_ERR;
}

/* The endpoint of preset P for RECORD (the first, or the one at PATH). */
static const rest_endpoint *endpoint(const rest_preset *p, const char *record, const char *path)
{
    for (const rest_endpoint *e = p->endpoints; e->record; e++)
        if (strcmp(e->record, record) == 0 && (!path || strcmp(e->path, path) == 0))
            return e;
    fail_msg("no endpoint %s for %s", path ? path : "", record);
    return NULL;
}

/* An instance of preset P (NULL: generic with FIELDS) for RECORD, with VALUES maps. */
static void make_source(rest_source *src, const rest_preset *p, const char *record,
                        const char *path, const rest_path *fields, const rest_value *values,
                        size_t nvalues)
{
    memset(src, 0, sizeof *src);
    src->kind = (rpo_record_kind)rpo_record_kind_lookup(record);
    src->preset = p;
    src->endpoint = p ? endpoint(p, record, path) : NULL;
    src->time = p ? p->time : REST_TIME_ISO;
    static char location[128]; /* as rest.c makes it: "GET <path>" */
    snprintf(location, sizeof location, "GET %s",
             src->endpoint ? src->endpoint->path : path ? path : "/");
    src->location = location;
    const rest_path *defaults = fields ? fields : src->endpoint ? src->endpoint->fields : NULL;
    src->fields = calloc(16, sizeof *src->fields);
    for (const rest_path *d = defaults; d && d->field; d++) {
        int id = rpo_field_lookup(src->kind, d->field);
        assert_true(id >= 0);
        src->fields[src->nfields++] = (rest_field){id, d->path, NULL};
    }
    src->values = (rest_value *)values;
    src->nvalues = nvalues;
}

/*
 * Feed the JSON list ITEMS (text) to SRC's item hook (or the generic mapping)
 * one by one, then its finish hook, with AUX as the prepare hook's lookup.
 */
static void feed(rest_source *src, const char *items, const char *aux)
{
    rpo_logger lg = {RPO_LOG_DEBUG, 0};
    struct rpo_emitter em;
    rest_run *run = calloc(1, sizeof *run);
    json_error_t err;
    json_t *list = json_loads(items, 0, &err);

    assert_non_null(run);
    if (!list)
        fail_msg("bad test JSON: %s", err.text);
    res.records[0] = '\0';
    capture_begin(&res.log);
    rpo_emitter_init(&em, src->kind, &lg, "[source:t]", consume, &res);
    run->src = src;
    run->em = &em;
    run->aux = aux ? json_loads(aux, 0, &err) : NULL;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *it = json_array_get(list, i);
        run->item++;
        if (src->endpoint && src->endpoint->item) {
            assert_int_equal(src->endpoint->item(run, it), RPO_OK);
        } else {
            rest_begin(run);
            if (rest_apply_fields(run, it) == 0)
                assert_int_equal(rest_end(run), RPO_OK);
        }
    }
    if (src->endpoint && src->endpoint->finish)
        assert_int_equal(src->endpoint->finish(run), RPO_OK);
    rpo_emitter_fini(&em);
    capture_end(&res.log);
    json_decref(run->kept);
    json_decref(run->aux);
    json_decref(list);
    free(run);
    free(src->fields);
}

/* --------------------------------------------------------------- tests */

static void test_greenhouse_jobs(void **state)
{
    rest_source src;
    (void)state;
    make_source(&src, &rest_preset_greenhouse, "requisition", NULL, NULL, NULL, 0);
    feed(&src,
         "[{\"id\": 11, \"departments\": [{\"name\": \"Sales\"}], \"offices\": [],"
         "  \"hiring_team\": {\"hiring_managers\": [{\"id\": 7}], \"recruiters\": []},"
         "  \"openings\": ["
         "   {\"id\": 1, \"opened_at\": \"2024-01-02T10:00:00.000Z\","
         "    \"closed_at\": \"2024-02-01T10:00:00.000Z\", \"application_id\": 99},"
         "   {\"id\": 2, \"opened_at\": \"2024-01-05T10:00:00.000Z\","
         "    \"closed_at\": \"2024-03-01T00:00:00.000Z\", \"application_id\": null,"
         "    \"close_reason\": {\"id\": 3, \"name\": \"Budget\"}},"
         "   {\"id\": 3, \"opened_at\": null},"
         "   \"not an opening\"]},"
         " {\"id\": 12, \"openings\": []},"
         " {\"id\": 13}]",
         NULL);
    /* The first opening keeps the job's id; a filled one has filled_at, a
     * closed one closed_at and its reason; the job's fields go on each. */
    assert_string_equal(res.records,
                        "1: id=[11] opened_at=[2024-01-02T10:00:00.000Z] "
                        "filled_at=[2024-02-01T10:00:00.000Z] department=[Sales] "
                        "hiring_manager=[7]\n"
                        "1: id=[11-2] opened_at=[2024-01-05T10:00:00.000Z] "
                        "closed_at=[2024-03-01T00:00:00.000Z] close_reason=[Budget] "
                        "department=[Sales] hiring_manager=[7]\n");
    assert_contains(res.log.text, "GET /v1/jobs:1: record rejected: missing required field opened_at");
    assert_contains(res.log.text, "GET /v1/jobs:1: record rejected: openings[3]: expected an object");
}

static void test_greenhouse_offers(void **state)
{
    const char *offers =
        "[{\"id\": 1, \"version\": 1, \"application_id\": 100, \"status\": \"deprecated\","
        "  \"sent_at\": \"2024-01-01\", \"created_at\": \"2023-12-30T09:00:00.000Z\"},"
        " {\"id\": 2, \"version\": 2, \"application_id\": 100, \"status\": \"accepted\","
        "  \"sent_at\": \"2024-01-10\", \"resolved_at\": \"2024-01-12T16:30:00.000Z\","
        "  \"starts_at\": \"2024-02-01\"},"
        " {\"id\": 3, \"version\": 1, \"application_id\": 200, \"status\": \"rejected\","
        "  \"sent_at\": \"2024-01-03\", \"resolved_at\": \"2024-01-04T10:00:00.000Z\"},"
        " {\"id\": 4, \"version\": 2, \"application_id\": 200, \"status\": \"unresolved\","
        "  \"sent_at\": null, \"created_at\": \"2024-01-20T08:00:00.000Z\"},"
        " {\"id\": 5, \"version\": 1, \"application_id\": 300, \"status\": \"deprecated\","
        "  \"sent_at\": \"2024-01-05\"},"
        " {\"id\": 7, \"version\": 1, \"application_id\": 400, \"status\": \"rejected\","
        "  \"sent_at\": \"2024-01-06\", \"resolved_at\": \"2024-01-07T10:00:00.000Z\"},"
        " {\"id\": 6, \"version\": 1, \"application_id\": 400, \"status\": \"accepted\","
        "  \"sent_at\": \"2024-01-06\", \"resolved_at\": \"2024-01-08T10:00:00.000Z\","
        "  \"starts_at\": \"2024-03-01\"},"
        " {\"id\": 8, \"version\": 1, \"status\": \"accepted\"}]";
    rest_source src;
    (void)state;

    make_source(&src, &rest_preset_greenhouse, "stage_event", NULL, NULL, NULL, 0);
    feed(&src, offers, NULL);
    /* 100: version 2 counts; 200: the unresolved version 2 (created_at as
     * it is unsent); 300: deprecated only, nothing; 400: equal versions,
     * the higher id (7, rejected) counts; 8: no application, rejected. */
    assert_string_equal(res.records,
                        "2: application_id=[100] stage=[offered] at=[2024-01-10]\n"
                        "2: application_id=[100] stage=[offer_accepted] "
                        "at=[2024-01-12T16:30:00.000Z]\n"
                        "4: application_id=[200] stage=[offered] at=[2024-01-20T08:00:00.000Z]\n"
                        "6: application_id=[400] stage=[offered] at=[2024-01-06]\n"
                        "6: application_id=[400] stage=[offer_declined] "
                        "at=[2024-01-07T10:00:00.000Z]\n");
    assert_contains(res.log.text, "GET /v1/offers:8: record rejected: offer without application_id");

    make_source(&src, &rest_preset_greenhouse, "hire", NULL, NULL, NULL, 0);
    feed(&src, offers, NULL);
    assert_string_equal(res.records, "2: application_id=[100] start_date=[2024-02-01]\n");
}

static void test_greenhouse_interviews(void **state)
{
    rest_source src;
    (void)state;
    make_source(&src, &rest_preset_greenhouse, "stage_event", "/v1/scheduled_interviews", NULL,
                NULL, 0);
    feed(&src,
         "[{\"id\": 1, \"application_id\": 5, \"status\": \"scheduled\","
         "  \"start\": {\"date_time\": \"2025-01-01T10:00:00.000Z\"}},"
         " {\"id\": 2, \"application_id\": 5, \"status\": \"complete\","
         "  \"start\": {\"date_time\": \"2024-05-01T10:00:00.000Z\"}},"
         " {\"id\": 3, \"application_id\": 6, \"status\": \"awaiting_feedback\","
         "  \"start\": {\"date\": \"2024-05-02\"}},"
         " {\"id\": 4, \"application_id\": 7, \"status\": \"complete\", \"start\": null}]",
         NULL);
    assert_string_equal(res.records,
                        "2: application_id=[5] stage=[interviewed] at=[2024-05-01T10:00:00.000Z]\n"
                        "3: application_id=[6] stage=[interviewed] at=[2024-05-02]\n");
    assert_contains(res.log.text, "/v1/scheduled_interviews:4: record rejected: missing required field at");
}

static void test_lever_stage_changes(void **state)
{
    static const rest_value values[] = {{-1, "Phone screen", "screened"},
                                        {-1, "On-site", "interviewed"}};
    rest_value v[2];
    rest_source src;
    (void)state;

    memcpy(v, values, sizeof v);
    v[0].field = v[1].field = rpo_field_lookup(RPO_REC_STAGE_EVENT, "stage");
    make_source(&src, &rest_preset_lever, "stage_event", NULL, NULL, v, 2);
    /* 1709294400000 ms = 2024-03-01T12:00:00Z (19783 days * 86400 s + 12 h). */
    feed(&src,
         "[{\"id\": \"o-1\", \"stageChanges\": ["
         "   {\"toStageId\": \"s-new\", \"updatedAt\": 1709290000000},"
         "   {\"toStageId\": \"s-phone\", \"updatedAt\": 1709294400000},"
         "   {\"toStageId\": \"s-onsite\", \"updatedAt\": 1709294400123},"
         "   {\"toStageId\": \"offered\", \"updatedAt\": 1709380800000}]},"
         " {\"id\": \"o-2\"}]",
         "{\"s-new\": \"New applicant\", \"s-phone\": \"Phone screen\", \"s-onsite\": \"On-site\"}");
    /* New applicant maps to none of ours: left out; a stage id without a
     * name is taken as it is ("offered" is one of ours). */
    assert_string_equal(res.records,
                        "1: application_id=[o-1] stage=[screened] at=[2024-03-01T12:00:00.000Z]\n"
                        "1: application_id=[o-1] stage=[interviewed] "
                        "at=[2024-03-01T12:00:00.123Z]\n"
                        "1: application_id=[o-1] stage=[offered] at=[2024-03-02T12:00:00.000Z]\n");
}

static void test_lever_opportunities(void **state)
{
    const char *opps =
        "[{\"id\": \"o-1\", \"contact\": \"c-1\", \"createdAt\": 1704067200000,"
        "  \"applications\": [{\"posting\": \"p-9\"}], \"sources\": [\"Referral\"],"
        "  \"archived\": {\"archivedAt\": 1709294400000, \"reason\": \"r-h\"}},"
        " {\"id\": \"o-2\", \"createdAt\": 1704067200000, \"applications\": [{\"posting\": \"p-9\"}],"
        "  \"archived\": {\"archivedAt\": 1709294400000, \"reason\": \"r-n\"}},"
        " {\"id\": \"o-3\", \"createdAt\": 1704067200000, \"applications\": [{\"posting\": \"p-9\"}],"
        "  \"archived\": null}]";
    const char *reasons = "{\"r-h\": \"hired\", \"r-n\": \"non-hired\"}";
    rest_source src;
    (void)state;

    make_source(&src, &rest_preset_lever, "application", NULL, NULL, NULL, 0);
    feed(&src, opps, reasons);
    /* 1704067200000 ms = 2024-01-01T00:00:00Z (19723 days). */
    assert_string_equal(res.records,
                        "1: id=[o-1] requisition_id=[p-9] applied_at=[2024-01-01T00:00:00.000Z] "
                        "candidate_id=[c-1] source=[Referral] "
                        "hired_at=[2024-03-01T12:00:00.000Z]\n"
                        "2: id=[o-2] requisition_id=[p-9] applied_at=[2024-01-01T00:00:00.000Z] "
                        "rejected_at=[2024-03-01T12:00:00.000Z]\n"
                        "3: id=[o-3] requisition_id=[p-9] applied_at=[2024-01-01T00:00:00.000Z]\n");

    make_source(&src, &rest_preset_lever, "hire", NULL, NULL, NULL, 0);
    feed(&src, opps, reasons);
    assert_string_equal(res.records, "1: application_id=[o-1]\n");
}

static void test_generic_fields(void **state)
{
    static const rest_path fields[] = {{"id", "id"},
                                       {"opened_at", "when"},
                                       {"department", "org.dept"},
                                       {"openings", "n"},
                                       {"critical", "flags.critical"},
                                       {NULL, NULL}};
    rest_value v[1] = {{-1, "ENG", "Engineering"}};
    rest_source src;
    (void)state;

    v[0].field = rpo_field_lookup(RPO_REC_REQUISITION, "department");
    make_source(&src, NULL, "requisition", "/reqs", fields, v, 1);
    /* Numbers become text that lives until the record ends (many of them:
     * each in its own place; a real 1.0 is "1"), booleans true/false, null
     * is absent, an object where a value belongs rejects the record. */
    feed(&src,
         "[{\"id\": 123456789012, \"when\": \"2024-01-02\", \"org\": {\"dept\": \"ENG\"},"
         "  \"n\": 3, \"flags\": {\"critical\": true}},"
         " {\"id\": 2, \"when\": \"2024-01-03\", \"org\": {\"dept\": null}, \"n\": 1.0},"
         " {\"id\": 3, \"when\": \"2024-01-04\", \"org\": {\"dept\": {\"x\": 1}}},"
         " [1, 2]]",
         NULL);
    assert_string_equal(res.records,
                        "1: id=[123456789012] opened_at=[2024-01-02] openings=[3] "
                        "department=[Engineering] critical=[true]\n"
                        "2: id=[2] opened_at=[2024-01-03] openings=[1]\n");
    assert_contains(res.log.text,
                    "GET /reqs:3: record rejected: field department (path org.dept): expected a "
                    "text, number or boolean, found an object");
    assert_contains(res.log.text, "GET /reqs:4: record rejected: missing required field id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_greenhouse_jobs),
        cmocka_unit_test(test_greenhouse_offers),
        cmocka_unit_test(test_greenhouse_interviews),
        cmocka_unit_test(test_lever_stage_changes),
        cmocka_unit_test(test_lever_opportunities),
        cmocka_unit_test(test_generic_fields),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
