/*
 * test_framework_lewin — unit tests of the lewin framework plugin, calling
 * its callbacks directly. lewin.c and the shared book.c are compiled into
 * this file, over the SDK test double of fake_framework_sdk.h (never linked
 * with librpo): a config of key/value pairs, a logger that keeps the last
 * line, and an assessment recorder that rounds as the engine does (2
 * decimals for scores, spreads and the index; 4 for figures; half away
 * from zero).
 *
 * Every expected number is worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpo/rpo.h>

#include "fake_framework_sdk.h"

/* Allocation failures: the plugin's allocations go through the double's
 * budget, so a test can make the Nth allocation fail. */
#include "fake_framework_budget.h"
#include "../../plugins/framework_lewin/lewin.c"
#include "../../plugins/framework_common/book.c"
#include "fake_framework_budget_end.h"

#define PLUGIN framework_lewin_LTX_rpo_plugin

/* ---------------------------------------------------------------- helpers */

/* Asserts that GOT equals WANT (both already rounded) within 1e-9. */
#define assert_near(got, want)                                                              \
    do {                                                                                    \
        double got_ = (got), want_ = (want);                                                \
        if (!(fabs(got_ - want_) < 1e-9))                                                   \
            fail_msg("%s is %.10g, expected %.10g", #got, got_, want_);                     \
    } while (0)

/* Creates an instance over KV, asserting success. */
static void *make(const char *const *kv)
{
    rpo_instance *inst = malloc(sizeof *inst);
    assert_non_null(inst);
    void *ctx;
    assert_int_equal(fake_create(&PLUGIN, inst, kv, &ctx), RPO_OK);
    assert_non_null(ctx);
    return ctx;
}

/* Destroys CTX and the instance make() gave it. */
static void unmake(void *ctx)
{
    rpo_instance *inst = (rpo_instance *)((lewin *)ctx)->inst;
    PLUGIN.destroy(ctx);
    free(inst);
}

static void answer(void *ctx, const char *item, double score, const char *group,
                   const char *respondent, int period)
{
    const char *why;
    assert_int_equal(fake_survey(&PLUGIN, ctx, item, score, group, respondent, period, &why), 0);
}

static rpo_assessment *assess(void *ctx)
{
    rpo_assessment *a = fake_assessment_new();
    assert_int_equal(PLUGIN.assess(ctx, a), RPO_OK);
    return a;
}

static void expect_dim(const fake_group *g, size_t k, const char *name, unsigned long long n,
                       double score, double spread, const char *status)
{
    assert_true(k < g->n_dims);
    assert_string_equal(g->dims[k].name, name);
    assert_int_equal(g->dims[k].n, n);
    assert_int_equal(g->dims[k].state, n ? RPO_VALUE_OK : RPO_VALUE_EMPTY);
    assert_near(g->dims[k].score, score);
    assert_near(g->dims[k].spread, spread);
    assert_string_equal(g->dims[k].status, status);
}

static void expect_fig(const fake_group *g, size_t k, const char *table, const char *name,
                       double value, unsigned long long n)
{
    assert_true(k < g->n_figs);
    assert_string_equal(g->figs[k].table, table);
    assert_string_equal(g->figs[k].name, name);
    assert_near(g->figs[k].value, value);
    assert_int_equal(g->figs[k].n, n);
}

static void expect_group(const fake_group *g, const char *group, int period,
                         unsigned long long n, rpo_value_state state)
{
    assert_string_equal(g->group, group);
    assert_int_equal(g->period, period);
    assert_int_equal(g->n, n);
    assert_int_equal(g->state, state);
}

#define OVERALL RPO_PERIOD_OVERALL
static const char force_action[] =
    "Weaken this force before pushing harder on the driving forces: reducing resistance moves "
    "the equilibrium with less tension (Lewin).";

/* ------------------------------------------------------------------ tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(PLUGIN.abi_major, RPO_ABI_MAJOR);
    assert_int_equal(PLUGIN.kind, RPO_PLUGIN_FRAMEWORK);
    assert_string_equal(PLUGIN.name, "lewin");
    assert_string_equal(PLUGIN.description,
                        "Lewin's unfreeze-change-refreeze stages and force-field analysis");
    assert_true(RPO_PLUGIN_HAS(&PLUGIN, assess));
    static const char *const want[][2] = {{"threshold", "3"},     {"min_n", "5"},
                                          {"groups", NULL},       {"top_restraining", "3"},
                                          {"item.<name>", NULL}};
    size_t k = 0;
    for (; PLUGIN.keys[k].name; k++) {
        assert_true(k < 5);
        assert_string_equal(PLUGIN.keys[k].name, want[k][0]);
        if (want[k][1])
            assert_string_equal(PLUGIN.keys[k].default_value, want[k][1]);
        else
            assert_null(PLUGIN.keys[k].default_value);
        assert_true(strlen(PLUGIN.keys[k].help) > 10);
    }
    assert_int_equal(k, 5);
    assert_int_equal(PLUGIN.keys[4].flags, RPO_KEY_PREFIX);
}

/* Creates over KV, expecting RPO_ECONFIG and a message containing TEXT. */
static void expect_config_error(const char *const *kv, const char *text)
{
    rpo_instance inst;
    void *ctx;
    fake_log_reset();
    assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_ECONFIG);
    assert_null(ctx);
    if (!strstr(fake_log_last(), text))
        fail_msg("'%s' lacks '%s'", fake_log_last(), text);
}

static void test_config_errors(void **state)
{
    (void)state;
    static const char *const t1[] = {"threshold", "abc", NULL};
    expect_config_error(t1, "threshold: must be a number from 1 to 5");
    static const char *const t2[] = {"threshold", "0.5", NULL};
    expect_config_error(t2, "threshold: must be a number from 1 to 5");
    static const char *const t3[] = {"threshold", "5.5", NULL};
    expect_config_error(t3, "threshold: must be a number from 1 to 5");
    static const char *const t4[] = {"threshold", "3x", NULL};
    expect_config_error(t4, "threshold: must be a number from 1 to 5");
    static const char *const t5[] = {"threshold", "nan", NULL};
    expect_config_error(t5, "threshold: must be a number from 1 to 5");
    static const char *const m1[] = {"min_n", "0", NULL};
    expect_config_error(m1, "min_n: must be a whole number from 1");
    static const char *const r1[] = {"top_restraining", "-1", NULL};
    expect_config_error(r1, "top_restraining: must be a whole number from 0");
    static const char *const i1[] = {"item.awareness", "q1", NULL};
    expect_config_error(i1, "item.awareness: not a Lewin item");
    static const char *const i2[] = {"item.driving.", "q1", NULL};
    expect_config_error(i2, "item.driving.: not a Lewin item");
    static const char *const i3[] = {"item.change.training", "", NULL};
    expect_config_error(i3, "item.change.training: names no survey item");
    static const char *const i4[] = {"item.change.training", "q1", "item.unfreeze.urgency", "q1",
                                     NULL};
    expect_config_error(i4, "item.unfreeze.urgency: survey item q1 is already mapped to "
                            "change.training");
    /* A threshold with trailing blanks, and the edges of the range, are fine. */
    static const char *const ok1[] = {"threshold", "5 ", "min_n", "1", "top_restraining", "0",
                                      NULL};
    unmake(make(ok1));
    static const char *const ok2[] = {"threshold", "1", NULL};
    unmake(make(ok2));
}

static void test_survey_rejects(void **state)
{
    (void)state;
    static const char *const kv[] = {"plugin", "lewin", "groups", "ops, hr",
                                     "item.unfreeze.urgency", "q1", NULL};
    void *ctx = make(kv);
    const char *why;
    /* Unknown items: the reason names the prefixes and the item.<name> key. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "awareness", 3, "ops", "a", 0, &why), 1);
    assert_non_null(strstr(why, "unfreeze.<indicator>"));
    assert_non_null(strstr(why, "restraining.<force>"));
    assert_non_null(strstr(why, "item.<name>"));
    assert_int_equal(fake_survey(&PLUGIN, ctx, "driving.", 3, "ops", "a", 0, &why), 1);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "Unfreeze.urgency", 3, "ops", "a", 0, &why), 1);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "q2", 3, "ops", "a", 0, &why), 1);
    /* Scores outside 1-5 (and NaN) are rejected for the score. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "q1", 0.5, "ops", "a", 0, &why), 2);
    assert_string_equal(why, "score must be a number from 1 to 5");
    assert_int_equal(fake_survey(&PLUGIN, ctx, "change.training", 5.5, "ops", "a", 0, &why), 2);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "change.training", NAN, "ops", "a", 0, &why), 2);
    /* Groups outside the list, or none, are rejected. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "change.training", 3, "sales", "a", 0, &why), 3);
    assert_string_equal(why, "group not listed in the framework's groups key");
    assert_int_equal(fake_survey(&PLUGIN, ctx, "change.training", 3, "", "a", 0, &why), 3);
    assert_non_null(strstr(why, "without a group"));
    /* Mapped and own names, 1 and 5 and halves are fine. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "q1", 1, "ops", "a", 0, &why), 0);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "unfreeze.urgency", 5, "hr", "b", 0, &why), 0);
    assert_int_equal(
        fake_survey(&PLUGIN, ctx, "restraining.fear of change", 2.5, "ops", "a", 0, &why), 0);
    lewin *L = ctx;
    assert_int_equal(L->n_answers, 3);
    assert_int_equal(L->n_forces, 1);
    assert_string_equal(L->forces[0].name, "fear of change");
    unmake(ctx);
}

/*
 * The worked example (min_n 2, threshold 3):
 *   a (ops, period 0): unfreeze 2, 3; change 4; refreeze 3; driving.leadership 4;
 *                      restraining.workload 5, restraining.fear 3
 *   b (ops, period 0): unfreeze 3; change 2, 3; refreeze 4; driving.tools 2;
 *                      restraining.fear 4
 *   c (hr, period 1):  unfreeze 4; change 4; refreeze 5; driving.pay 3
 */
static void feed_worked(void *ctx)
{
    answer(ctx, "q1", 2, "ops", "a", 0);
    answer(ctx, "unfreeze.vision", 3, "ops", "a", 0);
    answer(ctx, "change.training", 4, "ops", "a", 0);
    answer(ctx, "refreeze.rewards", 3, "ops", "a", 0);
    answer(ctx, "driving.leadership", 4, "ops", "a", 0);
    answer(ctx, "restraining.workload", 5, "ops", "a", 0);
    answer(ctx, "restraining.fear", 3, "ops", "a", 0);
    answer(ctx, "q1", 3, "ops", "b", 0);
    answer(ctx, "change.training", 2, "ops", "b", 0);
    answer(ctx, "change.support", 3, "ops", "b", 0);
    answer(ctx, "refreeze.rewards", 4, "ops", "b", 0);
    answer(ctx, "driving.tools", 2, "ops", "b", 0);
    answer(ctx, "restraining.fear", 4, "ops", "b", 0);
    answer(ctx, "q1", 4, "hr", "c", 1);
    answer(ctx, "change.training", 4, "hr", "c", 1);
    answer(ctx, "refreeze.rewards", 5, "hr", "c", 1);
    answer(ctx, "driving.pay", 3, "hr", "c", 1);
}

static void test_worked_example(void **state)
{
    (void)state;
    static const char *const kv[] = {"min_n", "2", "item.unfreeze.urgency", "q1", NULL};
    void *ctx = make(kv);
    feed_worked(ctx);
    rpo_assessment *a = assess(ctx);
    assert_string_equal(fake_assessment_index_name(a), "change index");
    assert_string_equal(fake_assessment_stage_name(a), "current stage");
    /* Cells: all respondents (periods 0, 1, overall), hr (1, overall), ops (0, overall). */
    assert_int_equal(fake_assessment_groups(a), 7);

    /*
     * All respondents, period 0 (a and b): n 2.
     *   unfreeze 2, 3, 3: mean 8/3 = 2.67; SD sqrt(((2/3)^2 + 2 (1/3)^2) / 2) = sqrt(1/3) = 0.58
     *   change 4, 2, 3: mean 3; SD 1
     *   refreeze 3, 4: mean 3.5; SD sqrt(0.5) = 0.71
     *   unfreeze is below 3: the current stage; change and refreeze are ahead.
     *   index ((8/3 + 3 + 3.5) / 3 - 1) / 4 x 100 = (55/18 - 1) x 25 = 3700/72 = 51.39
     *   driving: leadership 4 (1), tools 2 (1); restraining: workload 5 (1), fear 3.5 (2)
     *   totals 6 and 8.5, net -2.5, n 2
     */
    const fake_group *g = fake_assessment_group(a, 0);
    expect_group(g, "", 0, 2, RPO_VALUE_OK);
    assert_true(g->has_index);
    assert_near(g->index, 51.39);
    assert_string_equal(g->stage, "unfreeze");
    assert_int_equal(g->n_dims, 3);
    expect_dim(g, 0, "unfreeze", 3, 2.67, 0.58, "current stage");
    expect_dim(g, 1, "change", 3, 3, 1, "ahead");
    expect_dim(g, 2, "refreeze", 2, 3.5, 0.71, "ahead");
    assert_int_equal(g->n_figs, 7);
    expect_fig(g, 0, "driving forces", "leadership", 4, 1);
    expect_fig(g, 1, "driving forces", "tools", 2, 1);
    expect_fig(g, 2, "restraining forces", "workload", 5, 1);
    expect_fig(g, 3, "restraining forces", "fear", 3.5, 2);
    expect_fig(g, 4, "force field", "driving total", 6, 2);
    expect_fig(g, 5, "force field", "restraining total", 8.5, 2);
    expect_fig(g, 6, "force field", "net", -2.5, 2);
    assert_int_equal(g->n_finds, 3);
    assert_string_equal(g->finds[0].finding, "Current stage: unfreeze (mean 2.67 below 3)");
    assert_string_equal(g->finds[0].action,
                        "Unfreeze: create the motivation to change: make the case, show the "
                        "gap, and reduce the fear of failing.");
    assert_string_equal(g->finds[1].finding, "Restraining force: workload (mean 5.00)");
    assert_string_equal(g->finds[1].action, force_action);
    assert_string_equal(g->finds[2].finding, "Restraining force: fear (mean 3.50)");

    /* All respondents, period 1: c alone, below min_n: no scores. */
    g = fake_assessment_group(a, 1);
    expect_group(g, "", 1, 1, RPO_VALUE_INSUFFICIENT);
    assert_false(g->has_index);
    assert_int_equal(g->n_dims + g->n_figs + g->n_finds, 0);

    /*
     * All respondents overall (a, b, c): n 3.
     *   unfreeze 2, 3, 3, 4: mean 3 (not below 3); SD sqrt(2/3) = 0.82
     *   change 4, 2, 3, 4: mean 3.25; SD sqrt(2.75/3) = 0.96
     *   refreeze 3, 4, 5: mean 4; SD 1
     *   none below 3: refrozen, all done; index ((3 + 3.25 + 4) / 3 - 1) x 25 = 60.42
     *   driving: leadership 4, tools 2, pay 3 (first seen); totals 9 and 8.5; net 0.5
     */
    g = fake_assessment_group(a, 2);
    expect_group(g, "", OVERALL, 3, RPO_VALUE_OK);
    assert_near(g->index, 60.42);
    assert_string_equal(g->stage, "refrozen");
    expect_dim(g, 0, "unfreeze", 4, 3, 0.82, "done");
    expect_dim(g, 1, "change", 4, 3.25, 0.96, "done");
    expect_dim(g, 2, "refreeze", 3, 4, 1, "done");
    assert_int_equal(g->n_figs, 8);
    expect_fig(g, 0, "driving forces", "leadership", 4, 1);
    expect_fig(g, 1, "driving forces", "tools", 2, 1);
    expect_fig(g, 2, "driving forces", "pay", 3, 1);
    expect_fig(g, 3, "restraining forces", "workload", 5, 1);
    expect_fig(g, 4, "restraining forces", "fear", 3.5, 2);
    expect_fig(g, 5, "force field", "driving total", 9, 3);
    expect_fig(g, 6, "force field", "restraining total", 8.5, 3);
    expect_fig(g, 7, "force field", "net", 0.5, 3);
    assert_int_equal(g->n_finds, 2); /* refrozen: no stage finding */
    assert_string_equal(g->finds[0].finding, "Restraining force: workload (mean 5.00)");
    assert_string_equal(g->finds[1].finding, "Restraining force: fear (mean 3.50)");

    expect_group(fake_assessment_group(a, 3), "hr", 1, 1, RPO_VALUE_INSUFFICIENT);
    expect_group(fake_assessment_group(a, 4), "hr", OVERALL, 1, RPO_VALUE_INSUFFICIENT);
    expect_group(fake_assessment_group(a, 5), "ops", 0, 2, RPO_VALUE_OK);
    expect_group(fake_assessment_group(a, 6), "ops", OVERALL, 2, RPO_VALUE_OK);
    assert_near(fake_assessment_group(a, 6)->index, 51.39); /* ops is a and b: as period 0 */
    assert_string_equal(fake_assessment_group(a, 6)->stage, "unfreeze");
    fake_assessment_free(a);
    unmake(ctx);
}

/* threshold 3.5: change at exactly 3.5 is not below it; refreeze at 3 is. */
static void test_threshold(void **state)
{
    (void)state;
    static const char *const kv[] = {"threshold", "3.5", "min_n", "1", NULL};
    void *ctx = make(kv);
    answer(ctx, "unfreeze.urgency", 4, "", "a", 0);
    answer(ctx, "change.training", 3.5, "", "a", 0);
    answer(ctx, "refreeze.rewards", 3, "", "a", 0);
    rpo_assessment *a = assess(ctx);
    assert_int_equal(fake_assessment_groups(a), 2); /* all respondents: period 0, overall */
    const fake_group *g = fake_assessment_group(a, 0);
    expect_group(g, "", 0, 1, RPO_VALUE_OK);
    /* index ((4 + 3.5 + 3) / 3 - 1) x 25 = (3.5 - 1) x 25 = 62.5 */
    assert_near(g->index, 62.5);
    assert_string_equal(g->stage, "refreeze");
    expect_dim(g, 0, "unfreeze", 1, 4, 0, "done");
    expect_dim(g, 1, "change", 1, 3.5, 0, "done");
    expect_dim(g, 2, "refreeze", 1, 3, 0, "current stage");
    assert_int_equal(g->n_figs, 0); /* no forces: no force field */
    assert_int_equal(g->n_finds, 1);
    assert_string_equal(g->finds[0].finding, "Current stage: refreeze (mean 3.00 below 3.5)");
    assert_string_equal(g->finds[0].action,
                        "Refreeze: anchor the new ways in structures, rewards, standards and "
                        "measures so they stick.");
    fake_assessment_free(a);
    unmake(ctx);
}

/* A stage without answers: no index and no stage, statuses empty; the other
 * stages still scored. Change is the current one otherwise. */
static void test_missing_stage(void **state)
{
    (void)state;
    static const char *const kv[] = {"min_n", "1", NULL};
    void *ctx = make(kv);
    answer(ctx, "unfreeze.urgency", 4, "", "a", 0);
    answer(ctx, "change.training", 2, "", "a", 0);
    answer(ctx, "change.support", 1, "", "b", 0);
    rpo_assessment *a = assess(ctx);
    const fake_group *g = fake_assessment_group(a, 0);
    expect_group(g, "", 0, 2, RPO_VALUE_OK);
    assert_false(g->has_index);
    assert_string_equal(g->stage, "");
    expect_dim(g, 0, "unfreeze", 1, 4, 0, "");
    expect_dim(g, 1, "change", 2, 1.5, 0.71, "");
    expect_dim(g, 2, "refreeze", 0, 0, 0, "");
    assert_int_equal(g->n_finds, 0);
    fake_assessment_free(a);
    unmake(ctx);

    /* The move action, for completeness. */
    ctx = make(kv);
    answer(ctx, "unfreeze.urgency", 4, "", "a", 0);
    answer(ctx, "change.training", 2, "", "a", 0);
    answer(ctx, "refreeze.rewards", 1, "", "a", 0);
    a = assess(ctx);
    g = fake_assessment_group(a, 0);
    assert_string_equal(g->stage, "change");
    expect_dim(g, 0, "unfreeze", 1, 4, 0, "done");
    expect_dim(g, 1, "change", 1, 2, 0, "current stage");
    expect_dim(g, 2, "refreeze", 1, 1, 0, "ahead");
    assert_string_equal(g->finds[0].finding, "Current stage: change (mean 2.00 below 3)");
    assert_string_equal(g->finds[0].action,
                        "Move: provide the new processes, training and support, and keep "
                        "communicating while people adopt them.");
    fake_assessment_free(a);
    unmake(ctx);
}

/*
 * Ranking restraining forces: highest mean first, ties by name bytewise,
 * at most top_restraining. Anonymous responses (respondent "") are a
 * respondent each. Only forces: no stage, no index.
 */
static void test_restraining_ranking(void **state)
{
    (void)state;
    static const char *const kv[] = {"min_n", "4", "top_restraining", "3", NULL};
    void *ctx = make(kv);
    answer(ctx, "restraining.b", 4, "", "", 0);
    answer(ctx, "restraining.a", 4, "", "", 0);
    answer(ctx, "restraining.c", 2, "", "", 0);
    answer(ctx, "restraining.d", 5, "", "", 0);
    answer(ctx, "driving.b", 1, "", "", 0);
    rpo_assessment *a = assess(ctx);
    const fake_group *g = fake_assessment_group(a, 0);
    expect_group(g, "", 0, 5, RPO_VALUE_OK);
    assert_false(g->has_index);
    expect_dim(g, 0, "unfreeze", 0, 0, 0, "");
    assert_int_equal(g->n_figs, 8);
    expect_fig(g, 0, "driving forces", "b", 1, 1);
    expect_fig(g, 1, "restraining forces", "b", 4, 1);
    expect_fig(g, 4, "restraining forces", "d", 5, 1);
    expect_fig(g, 5, "force field", "driving total", 1, 5);
    expect_fig(g, 6, "force field", "restraining total", 15, 5);
    expect_fig(g, 7, "force field", "net", -14, 5);
    assert_int_equal(g->n_finds, 3);
    assert_string_equal(g->finds[0].finding, "Restraining force: d (mean 5.00)");
    assert_string_equal(g->finds[1].finding, "Restraining force: a (mean 4.00)");
    assert_string_equal(g->finds[2].finding, "Restraining force: b (mean 4.00)");
    fake_assessment_free(a);
    unmake(ctx);

    static const char *const none[] = {"min_n", "1", "top_restraining", "0", NULL};
    ctx = make(none);
    answer(ctx, "restraining.b", 4, "", "x", 0);
    a = assess(ctx);
    assert_int_equal(fake_assessment_group(a, 0)->n_finds, 0);
    fake_assessment_free(a);
    unmake(ctx);
}

/* groups: listed groups without responses are reported with n 0. */
static void test_listed_groups(void **state)
{
    (void)state;
    static const char *const kv[] = {"min_n", "1", "groups", " ops ,legal,", NULL};
    void *ctx = make(kv);
    answer(ctx, "unfreeze.urgency", 4, "ops", "a", 3);
    rpo_assessment *a = assess(ctx);
    assert_int_equal(fake_assessment_groups(a), 5);
    expect_group(fake_assessment_group(a, 0), "", 3, 1, RPO_VALUE_OK);
    expect_group(fake_assessment_group(a, 1), "", OVERALL, 1, RPO_VALUE_OK);
    expect_group(fake_assessment_group(a, 2), "legal", OVERALL, 0, RPO_VALUE_INSUFFICIENT);
    assert_int_equal(fake_assessment_group(a, 2)->n_dims, 0);
    expect_group(fake_assessment_group(a, 3), "ops", 3, 1, RPO_VALUE_OK);
    expect_group(fake_assessment_group(a, 4), "ops", OVERALL, 1, RPO_VALUE_OK);
    fake_assessment_free(a);
    unmake(ctx);
}

/* No responses at all: only the listed groups, none otherwise. */
static void test_no_responses(void **state)
{
    (void)state;
    static const char *const kv[] = {NULL};
    void *ctx = make(kv);
    rpo_assessment *a = assess(ctx);
    assert_int_equal(fake_assessment_groups(a), 0);
    assert_string_equal(fake_assessment_index_name(a), "change index");
    fake_assessment_free(a);
    unmake(ctx);
}

/* Every allocation of create, survey and assess may fail: the plugin then
 * returns RPO_ENOMEM after logging, and leaks nothing (run under valgrind). */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char *const kv[] = {"min_n", "2", "groups", "ops,hr,legal",
                                     "item.unfreeze.urgency", "q1", NULL};
    int done = 0;
    for (long budget = 0; budget < 10000 && !done; budget++) {
        rpo_instance inst;
        void *ctx;
        fake_log_reset();
        fake_alloc_budget(budget);
        int rc = fake_create(&PLUGIN, &inst, kv, &ctx);
        if (rc != RPO_OK) {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_null(ctx);
            assert_string_equal(fake_log_last(), "out of memory");
            continue;
        }
        /* feed_worked, with the verdicts checked here instead */
        static const struct {
            const char *item;
            double score;
            const char *group, *who;
            int period;
        } rows[] = {{"q1", 2, "ops", "a", 0},           {"restraining.workload", 5, "ops", "a", 0},
                    {"change.training", 4, "ops", "a", 0}, {"refreeze.rewards", 3, "ops", "b", 0},
                    {"driving.tools", 2, "ops", "b", 0}, {"restraining.fear", 4, "ops", "b", 0},
                    {"q1", 4, "hr", "c", 1},            {"driving.pay", 3, "hr", "c", 1}};
        for (size_t i = 0; i < sizeof rows / sizeof rows[0] && rc == RPO_OK; i++) {
            const char *why;
            rc = fake_survey(&PLUGIN, ctx, rows[i].item, rows[i].score, rows[i].group,
                             rows[i].who, rows[i].period, &why);
        }
        if (rc == RPO_OK) {
            rpo_assessment *a = fake_assessment_new();
            rc = PLUGIN.assess(ctx, a);
            if (rc == RPO_OK) {
                done = 1;
                assert_int_equal(fake_assessment_groups(a), 8);
                assert_string_equal(fake_assessment_group(a, 0)->stage, "unfreeze");
            }
            fake_assessment_free(a);
        }
        if (rc != RPO_OK) {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(fake_log_last(), "out of memory");
        }
        PLUGIN.destroy(ctx);
    }
    fake_alloc_budget(-1);
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, fake_sdk_setup),
        cmocka_unit_test_setup(test_config_errors, fake_sdk_setup),
        cmocka_unit_test_setup(test_survey_rejects, fake_sdk_setup),
        cmocka_unit_test_setup(test_worked_example, fake_sdk_setup),
        cmocka_unit_test_setup(test_threshold, fake_sdk_setup),
        cmocka_unit_test_setup(test_missing_stage, fake_sdk_setup),
        cmocka_unit_test_setup(test_restraining_ranking, fake_sdk_setup),
        cmocka_unit_test_setup(test_listed_groups, fake_sdk_setup),
        cmocka_unit_test_setup(test_no_responses, fake_sdk_setup),
        cmocka_unit_test_setup(test_out_of_memory, fake_sdk_setup),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("framework_lewin", tests, NULL, NULL);
}
