/*
 * test_model.c — validation (emit.c), the engagement model and the first
 * metrics on a fixture small enough to check by hand. Every expected number
 * is worked out in the comments from the rows above it.
 */
#include "testutil.h"
#include "emit.h"
#include "metrics.h"
#include "model.h"
#include "report_build.h"

/* Emits one record of EM's kind from "field=value|field=value". */
static int emit(struct rpo_emitter *em, unsigned long line, const char *spec)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    rpo_record_begin(em, "fixture.csv", line);
    for (char *tok = strtok(buf, "|"); tok; tok = strtok(NULL, "|")) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        *eq = '\0';
        int f = rpo_field_lookup(em->kind, tok);
        if (f < 0)
            fail_msg("no field %s", tok);
        if (strcmp(eq + 1, "@reached") == 0)
            assert_int_equal(rpo_record_reached(em, f, 1), RPO_OK);
        else
            assert_int_equal(rpo_record_field(em, f, eq + 1, strlen(eq + 1)), RPO_OK);
    }
    return rpo_record_end(em);
}

typedef struct fixture {
    rpo_model m;
    rpo_shard shard;
    rpo_registry reg;
    rpo_report *r;
    capture log;
    unsigned long long rejected[RPO_REC_KIND_COUNT];
} fixture;

static struct rpo_emitter em;

static void begin(fixture *fx, rpo_record_kind kind)
{
    rpo_shard_init(&fx->shard, &fx->m, &fx->m.tally);
    rpo_emitter_init(&em, kind, NULL, "[source:test]", rpo_model_consume, &fx->shard);
}

static void end(fixture *fx)
{
    fx->rejected[em.kind] += em.rejected;
    rpo_emitter_fini(&em);
}

static void build(fixture *fx, unsigned min_n)
{
    rpo_model_finish(&fx->m);
    rpo_report_header h = {"t", "", "", "EUR", "2024-06-30", "rpo test", min_n, "", ""};
    assert_int_equal(rpo_registry_load(&fx->reg, NULL, NULL, NULL, 0), RPO_OK);
    assert_int_equal(rpo_report_build(&fx->m, &fx->reg, &h, NULL, 0, &fx->r), RPO_OK);
}

static const rpo_metric_value *value(fixture *fx, const char *metric, const char *period)
{
    size_t mi, pi;
    for (mi = 0; mi < rpo_report_metric_count(fx->r); mi++)
        if (strcmp(rpo_report_metric_at(fx->r, mi)->id, metric) == 0)
            break;
    for (pi = 0; pi < rpo_report_period_count(fx->r); pi++)
        if (strcmp(rpo_report_period_at(fx->r, pi)->label, period) == 0)
            break;
    const rpo_metric_value *v = rpo_report_value(fx->r, mi, pi);
    if (!v)
        fail_msg("no value for %s in %s", metric, period);
    return v;
}

#define assert_value(fx, metric, period, expected)                                 \
    do {                                                                           \
        const rpo_metric_value *v_ = value(fx, metric, period);                    \
        assert_int_equal(v_->state, RPO_VALUE_OK);                                 \
        if (v_->value != (expected))                                               \
            fail_msg("%s %s: got %.17g, expected %.17g", metric, period, v_->value, \
                     (double)(expected));                                          \
    } while (0)

static uint64_t flag_count(fixture *fx, const char *code)
{
    for (size_t i = 0; i < rpo_report_flag_count(fx->r); i++)
        if (strcmp(rpo_report_flag_at(fx->r, i)->code, code) == 0)
            return rpo_report_flag_at(fx->r, i)->count;
    return 0;
}

/* The hand-checked engagement; as of 2024-06-30. */
static void load_small(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    rpo_model_init(&fx->m, rpo_days_from_civil(2024, 6, 30), "EUR", NULL);
    capture_begin(&fx->log);
    begin(fx, RPO_REC_REQUISITION);
    emit(&em, 2, "id=R1|opened_at=2024-01-02|hold_days=0");
    emit(&em, 3, "id=R2|opened_at=2024-01-15|hold_days=5");
    emit(&em, 4, "id=R3|opened_at=2024-04-01");
    emit(&em, 5, "id=R1|opened_at=2024-01-09");             /* duplicate: rejected */
    emit(&em, 6, "id=R4|opened_at=2024-07-01");             /* after as-of: flagged, skipped */
    end(fx);
    begin(fx, RPO_REC_APPLICATION);
    /* A1: hire 2024-02-05 (Q1). TTF 34 (Jan 2 → Feb 5), TTH 31 (Jan 5 → Feb 5). */
    emit(&em, 2, "id=A1|requisition_id=R1|applied_at=2024-01-05|screened_at=2024-01-08|interviewed_at=2024-01-20|offered_at=2024-02-01|offer_accepted_at=2024-02-05");
    /* A2: declined 2024-02-12 (Q1). */
    emit(&em, 3, "id=A2|requisition_id=R1|applied_at=2024-01-10|screened_at=2024-01-12|interviewed_at=2024-01-25|offered_at=2024-02-10|offer_declined_at=2024-02-12");
    /* A3: hire 2024-02-25 (Q1). TTF 41 − 5 hold = 36, TTH 36. Date-time with zone. */
    emit(&em, 4, "id=A3|requisition_id=R2|applied_at=2024-01-20T09:00:00+01:00|screened_at=2024-01-22|interviewed_at=2024-02-01|offered_at=2024-02-20|offer_accepted_at=2024-02-25");
    /* A4: screened only. */
    emit(&em, 5, "id=A4|requisition_id=R2|applied_at=2024-02-01|screened_at=2024-02-03|rejected_at=2024-02-10");
    /* A5: hire 2024-05-03 (Q2). TTF 32, TTH 31. */
    /* Its start date lies after the as-of date: no stage, so not flagged. */
    emit(&em, 6, "id=A5|requisition_id=R3|applied_at=2024-04-02|screened_at=2024-04-05|interviewed_at=2024-04-15|offered_at=2024-05-01|offer_accepted_at=2024-05-03|start_date=2024-07-15");
    /* A6: applied in Q1, hired 2024-04-25 (Q2). TTF 24, TTH 28. */
    emit(&em, 7, "id=A6|requisition_id=R3|applied_at=2024-03-28|screened_at=2024-04-01|interviewed_at=2024-04-10|offered_at=2024-04-20|offer_accepted_at=2024-04-25");
    /* A7: no stage. */
    emit(&em, 8, "id=A7|requisition_id=R3|applied_at=2024-04-10");
    /* A8: unknown requisition R9: flagged, still counted. */
    emit(&em, 9, "id=A8|requisition_id=R9|applied_at=2024-05-01|screened_at=2024-05-02");
    /* A9: 30 February: rejected. */
    emit(&em, 10, "id=A9|requisition_id=R1|applied_at=2024-02-30");
    /* A10: no requisition: rejected. */
    emit(&em, 11, "id=A10|applied_at=2024-02-01");
    /* A11: offered before applying: kept, flagged; reached offer (and so interview, screening). */
    emit(&em, 12, "id=A11|requisition_id=R3|applied_at=2024-06-01|offered_at=2024-05-20");
    /* A12: accepted after the as-of date: the acceptance has not happened yet. */
    emit(&em, 13, "id=A12|requisition_id=R3|applied_at=2024-06-10|offered_at=2024-06-20|offer_accepted_at=2024-07-02");
    /* A13: bad boolean: rejected. */
    emit(&em, 14, "id=A13|requisition_id=R3|applied_at=2024-06-10|internal=maybe");
    end(fx);
    begin(fx, RPO_REC_COST);
    emit(&em, 2, "date=2024-01-31|amount=5000.00|type=external");
    emit(&em, 3, "date=2024-02-15|amount=1234.56|type=internal|currency=EUR");
    emit(&em, 4, "date=2024-03-31|amount=2000|type=external");
    emit(&em, 5, "date=2024-04-30|amount=3000.10|type=internal");
    emit(&em, 6, "date=2024-06-30|amount=999.99|type=external");
    emit(&em, 7, "date=2024-05-01|amount=1,000.00|type=external");      /* rejected */
    emit(&em, 8, "date=2024-05-01|amount=10|type=external|currency=USD"); /* rejected */
    emit(&em, 9, "date=2024-05-01|amount=10|type=agency");              /* rejected */
    end(fx);
    capture_end(&fx->log);
}

static void test_counts_and_funnel(void **state)
{
    (void)state;
    fixture fx;
    load_small(&fx);
    build(&fx, 1);
    /* Q1: A1 A2 A3 A4 A6; Q2: A5 A7 A8 A11 A12. */
    assert_value(&fx, "applications", "2024Q1", 5);
    assert_value(&fx, "applications", "2024Q2", 5);
    assert_value(&fx, "applications", "overall", 10);
    /* Screening reached: Q1 all five; Q2 A5 A8 A11 A12 (offer implies screening). */
    assert_value(&fx, "reached_screening", "2024Q1", 5);
    assert_value(&fx, "reached_screening", "2024Q2", 4);
    assert_value(&fx, "reached_interview", "2024Q1", 4);
    assert_value(&fx, "reached_interview", "2024Q2", 3);
    assert_value(&fx, "reached_offer", "2024Q1", 4);
    assert_value(&fx, "reached_offer", "2024Q2", 3);
    assert_value(&fx, "reached_submittal", "2024Q1", 4);
    /* Hires: Q1 A1 A3; Q2 A5 A6 (A12's acceptance is after the as-of date). */
    assert_value(&fx, "hires", "2024Q1", 2);
    assert_value(&fx, "hires", "2024Q2", 2);
    assert_value(&fx, "hires", "overall", 4);
    assert_int_equal(rpo_report_period_count(fx.r), 3);
    assert_string_equal(rpo_report_period_at(fx.r, 1)->last_day, "2024-06-30");
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_durations(void **state)
{
    (void)state;
    fixture fx;
    load_small(&fx);
    build(&fx, 1);
    const rpo_metric_value *v = value(&fx, "time_to_fill", "2024Q1"); /* {34, 36} */
    assert_true(v->value == 35.0 && v->mean == 35.0 && v->p90 == 35.8);
    assert_int_equal(v->n, 2);
    v = value(&fx, "time_to_fill", "2024Q2"); /* {24, 32}: p90 = 24 + 0.9 × 8 */
    assert_true(v->value == 28.0 && v->mean == 28.0 && v->p90 == 31.2);
    v = value(&fx, "time_to_fill", "overall"); /* {24, 32, 34, 36}: h = 2.7 → 34 + 0.7 × 2 */
    assert_true(v->value == 33.0 && v->mean == 31.5 && v->p90 == 35.4);
    v = value(&fx, "time_to_hire", "2024Q1"); /* {31, 36} */
    assert_true(v->value == 33.5 && v->mean == 33.5 && v->p90 == 35.5);
    v = value(&fx, "time_to_hire", "2024Q2"); /* {28, 31}: 28 + 0.9 × 3 */
    assert_true(v->value == 29.5 && v->mean == 29.5 && v->p90 == 30.7);
    v = value(&fx, "time_to_hire", "overall"); /* {28, 31, 31, 36}: 31 + 0.7 × 5 */
    assert_true(v->value == 31.0 && v->mean == 31.5 && v->p90 == 34.5);
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_rates_and_cost(void **state)
{
    (void)state;
    fixture fx;
    load_small(&fx);
    build(&fx, 1);
    /* Q1: accepted A1 A3, declined A2 → 2/3 = 66.666… → 66.67 %. */
    assert_value(&fx, "offer_acceptance_rate", "2024Q1", 66.67);
    assert_int_equal(value(&fx, "offer_acceptance_rate", "2024Q1")->n, 3);
    assert_value(&fx, "offer_acceptance_rate", "2024Q2", 100.0);
    assert_value(&fx, "offer_acceptance_rate", "overall", 80.0);
    /* Q1: (5000 + 1234.56 + 2000) / 2 = 4117.28. */
    assert_value(&fx, "cost_per_hire", "2024Q1", 4117.28);
    /* Q2: (3000.10 + 999.99) / 2 = 2000.045 → half away from zero → 2000.05. */
    assert_value(&fx, "cost_per_hire", "2024Q2", 2000.05);
    /* Overall: 12234.65 / 4 = 3058.6625 → 3058.66. */
    assert_value(&fx, "cost_per_hire", "overall", 3058.66);
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_rejections_and_flags(void **state)
{
    (void)state;
    fixture fx;
    load_small(&fx);
    build(&fx, 1);
    assert_int_equal(fx.rejected[RPO_REC_REQUISITION], 1);
    assert_int_equal(fx.rejected[RPO_REC_APPLICATION], 3);
    assert_int_equal(fx.rejected[RPO_REC_COST], 3);
    const char *log = fx.log.text;
    assert_contains(log, "[source:test] fixture.csv:5: record rejected: field id: duplicate requisition id");
    assert_contains(log, "fixture.csv:10: record rejected: field applied_at: day out of range for its month '2024-02-30'");
    assert_contains(log, "fixture.csv:11: record rejected: missing required field requisition_id");
    assert_contains(log, "fixture.csv:14: record rejected: field internal: not a boolean (true/false, yes/no, 1/0) 'maybe'");
    assert_contains(log, "fixture.csv:7: record rejected: field amount: not an amount (use '.' as decimal point");
    assert_contains(log, "fixture.csv:8: record rejected: field currency: currency differs");
    assert_contains(log, "fixture.csv:9: record rejected: field type: not one of the allowed words");
    assert_null(strstr(log, "A10")); /* ids are never shown */
    assert_int_equal(flag_count(&fx, "unknown_requisition"), 1);
    assert_int_equal(flag_count(&fx, "stage_before_application"), 1);
    assert_int_equal(flag_count(&fx, "after_as_of"), 2); /* R4, A12's acceptance */
    assert_int_equal(flag_count(&fx, "negative_time_to_fill"), 0);
    assert_string_equal(rpo_report_flag_at(fx.r, 0)->example, "fixture.csv:6");
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_min_n_insufficient_and_empty(void **state)
{
    (void)state;
    fixture fx;
    load_small(&fx);
    build(&fx, 3);
    const rpo_metric_value *v = value(&fx, "time_to_fill", "2024Q1");
    assert_int_equal(v->state, RPO_VALUE_INSUFFICIENT);
    assert_int_equal(v->n, 2);
    assert_int_equal(value(&fx, "time_to_fill", "overall")->state, RPO_VALUE_OK);
    assert_int_equal(value(&fx, "cost_per_hire", "2024Q1")->state, RPO_VALUE_INSUFFICIENT);
    /* Counts are exact and never insufficient. */
    assert_value(&fx, "hires", "2024Q1", 2);
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);

    /* A quarter with costs but no hires: cost per hire is insufficient (n = 0), not a
     * division by zero. */
    memset(&fx, 0, sizeof fx);
    rpo_model_init(&fx.m, rpo_days_from_civil(2024, 12, 31), "", NULL);
    begin(&fx, RPO_REC_COST);
    emit(&em, 2, "date=2024-01-31|amount=5000|type=external");
    end(&fx);
    build(&fx, 1);
    v = value(&fx, "cost_per_hire", "2024Q1");
    assert_int_equal(v->state, RPO_VALUE_INSUFFICIENT);
    assert_int_equal(v->n, 0);
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_stage_events_and_flags(void **state)
{
    (void)state;
    fixture fx;
    memset(&fx, 0, sizeof fx);
    rpo_model_init(&fx.m, rpo_days_from_civil(2024, 12, 31), "", NULL);
    capture_begin(&fx.log);
    begin(&fx, RPO_REC_STAGE_EVENT);
    emit(&em, 2, "application_id=A1|stage=interviewed|at=2024-01-20");
    emit(&em, 3, "application_id=A1|stage=interviewed|at=2024-01-15"); /* earlier entry wins */
    emit(&em, 4, "application_id=A1|stage=offer_accepted|at=2024-02-05");
    emit(&em, 5, "application_id=A9|stage=screened|at=2024-01-10");    /* no such application */
    emit(&em, 6, "application_id=A1|stage=phone_screen|at=2024-01-10"); /* unmapped word: rejected */
    end(&fx);
    begin(&fx, RPO_REC_APPLICATION);
    emit(&em, 2, "id=A1|requisition_id=R1|applied_at=2024-01-05");
    /* Flag-only stages, as in exports with 0/1 stage columns. */
    emit(&em, 3, "id=A2|requisition_id=R1|applied_at=2024-01-06|screened_at=@reached|hired_at=@reached");
    end(&fx);
    capture_end(&fx.log);
    build(&fx, 1);
    assert_int_equal(fx.rejected[RPO_REC_STAGE_EVENT], 1);
    assert_value(&fx, "reached_interview", "2024Q1", 2); /* A1 via its events, A2 implied by its hire */
    assert_value(&fx, "reached_offer", "2024Q1", 2);     /* A1 accepted, A2 hired (flag) */
    assert_value(&fx, "hires", "2024Q1", 1);             /* only A1 has a date */
    assert_value(&fx, "hires", "overall", 2);            /* A2 counts overall */
    const rpo_metric_value *v = value(&fx, "time_to_hire", "2024Q1");
    assert_true(v->value == 31.0);
    assert_int_equal(flag_count(&fx, "hire_without_date"), 1);
    assert_int_equal(flag_count(&fx, "stage_event_unknown_application"), 1);
    /* The undated hire is not an accepted offer with an unknown date: only A1 counts. */
    assert_int_equal(value(&fx, "offer_acceptance_rate", "overall")->n, 1);
    /* No cost records at all: cost per hire is empty, not 0.00. */
    assert_int_equal(value(&fx, "cost_per_hire", "2024Q1")->state, RPO_VALUE_EMPTY);
    assert_int_equal(value(&fx, "cost_per_hire", "overall")->state, RPO_VALUE_EMPTY);
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_as_of_edges_and_date_format(void **state)
{
    (void)state;
    fixture fx;
    memset(&fx, 0, sizeof fx);
    rpo_model_init(&fx.m, rpo_days_from_civil(2024, 6, 30), "", NULL);
    capture_begin(&fx.log);
    begin(&fx, RPO_REC_REQUISITION);
    emit(&em, 2, "id=R1|opened_at=2024-07-10"); /* opens after the as-of date */
    end(&fx);
    begin(&fx, RPO_REC_STAGE_EVENT);
    emit(&em, 2, "application_id=A2|stage=screened|at=2024-06-01");
    end(&fx);
    begin(&fx, RPO_REC_APPLICATION);
    emit(&em, 2, "id=A1|requisition_id=R1|applied_at=2024-06-20"); /* not an orphan */
    emit(&em, 3, "id=A2|requisition_id=R1|applied_at=2024-07-02"); /* after as-of, has an event */
    rpo_emitter_date_format(&em, "%d/%m/%Y");
    emit(&em, 4, "id=A3|requisition_id=R1|applied_at=31/12/1899"); /* a typo'd year: rejected */
    emit(&em, 5, "id=A4|requisition_id=R1|applied_at=15/06/2024");
    emit(&em, 6, "id=A5|requisition_id=R1|applied_at=2024-06-16"); /* ISO still parses */
    end(&fx);
    capture_end(&fx.log);
    build(&fx, 1);
    assert_int_equal(flag_count(&fx, "unknown_requisition"), 0);
    assert_int_equal(flag_count(&fx, "stage_event_unknown_application"), 0);
    assert_int_equal(flag_count(&fx, "after_as_of"), 2); /* R1, A2 */
    assert_int_equal(fx.rejected[RPO_REC_APPLICATION], 1);
    assert_contains(fx.log.text, "fixture.csv:4: record rejected: field applied_at: year out of range 1900..2999");
    assert_value(&fx, "applications", "2024Q2", 3);
    rpo_report_free(fx.r);
    rpo_registry_free(&fx.reg);
    rpo_model_free(&fx.m);
}

static void test_field_lookup(void **state)
{
    (void)state;
    assert_int_equal(rpo_field_lookup(RPO_REC_APPLICATION, "applied_at"), APP_APPLIED_AT);
    assert_int_equal(rpo_field_lookup(RPO_REC_APPLICATION, "appliedat"), -1);
    assert_string_equal(rpo_field_nearest(RPO_REC_APPLICATION, "appliedat"), "applied_at");
    assert_int_equal(rpo_record_kind_lookup("stage_event"), RPO_REC_STAGE_EVENT);
    assert_int_equal(rpo_record_kind_lookup("stage"), -1);
    assert_int_equal(rpo_field_count(RPO_REC_RISK), RISK__N);
    for (int k = 0; k < RPO_REC_KIND_COUNT; k++)
        for (int f = 0; f < rpo_field_count((rpo_record_kind)k); f++)
            assert_int_equal(rpo_field_lookup((rpo_record_kind)k, rpo_field_name((rpo_record_kind)k, f)), f);
    assert_true(rpo_field_count(RPO_REC_APPLICATION) <= RPO_MAX_FIELDS);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_counts_and_funnel),     cmocka_unit_test(test_durations),
    cmocka_unit_test(test_rates_and_cost),        cmocka_unit_test(test_rejections_and_flags),
    cmocka_unit_test(test_min_n_insufficient_and_empty), cmocka_unit_test(test_stage_events_and_flags),
    cmocka_unit_test(test_as_of_edges_and_date_format), cmocka_unit_test(test_field_lookup)};
RUN_TAP(tests)
