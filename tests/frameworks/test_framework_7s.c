/*
 * test_framework_7s — unit tests of the 7s framework plugin
 * (docs/framework-7s.md): the scoring of score.c on hand-made statistics,
 * and the plugin's callbacks over the SDK test double of
 * fake_framework_sdk.h (no librpo involved): configuration, survey()
 * answers and reasons, and the assessment assess() builds, read call by
 * call as text.
 *
 * The plugin sources are compiled into this file with malloc, calloc,
 * realloc, strdup, strndup and free routed through the double's budget, so
 * a test can make the Nth allocation fail.
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

#include "../unit/testutil.h" /* assert_contains, assert_lacks */
#include "fake_framework_sdk.h"

#include "fake_framework_budget.h"
#include "../../plugins/framework_common/book.c"
#include "../../plugins/framework_7s/score.c"
#include "../../plugins/framework_7s/seven_s.c"
#include "fake_framework_budget_end.h"

#define PLUGIN framework_7s_LTX_rpo_plugin

/* ------------------------------------------------------------- helpers */

/* A and B within EPS (cmocka's own double assertions are not in every version). */
#define assert_near(a, b, eps)                                                        \
    do {                                                                              \
        double a_ = (a), b_ = (b);                                                    \
        if (!(fabs(a_ - b_) <= (eps)))                                                \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                       \
    } while (0)

/*
 * A's builder calls as text, one line each, in call order: values to 4
 * decimals as the plugin passed them (unrounded), actions in full. The
 * text lives until the next call.
 */
static const char *transcript(const rpo_assessment *a)
{
    static char text[65536];
    text[0] = '\0';
    for (size_t i = 0; i < fake_assessment_calls(a); i++) {
        const fake_call *c = fake_assessment_call(a, i);
        const char *state = rpo_value_state_name(c->state);
        switch (c->kind) {
        case FAKE_HEADLINE:
            fake_appendf(text, sizeof text, "headline %s / %s\n", c->name, c->text);
            break;
        case FAKE_GROUP:
            if (c->period == RPO_PERIOD_OVERALL)
                fake_appendf(text, sizeof text, "group '%s' overall n=%llu %s\n", c->name, c->n,
                             state);
            else
                fake_appendf(text, sizeof text, "group '%s' p%d n=%llu %s\n", c->name, c->period,
                             c->n, state);
            break;
        case FAKE_INDEX:
            fake_appendf(text, sizeof text, "index %.4f %s\n", c->value, c->text);
            break;
        case FAKE_DIMENSION:
            fake_appendf(text, sizeof text, "dim %s n=%llu %s %.4f %.4f '%s'\n", c->name, c->n,
                         state, c->value, c->spread, c->text);
            break;
        case FAKE_FIGURE:
            fake_appendf(text, sizeof text, "fig %s: %s %.4f n=%llu\n", c->text, c->name,
                         c->value, c->n);
            break;
        case FAKE_FINDING:
            fake_appendf(text, sizeof text, "finding %s | %s\n", c->name, c->text);
            break;
        }
    }
    return text;
}

/* One response set: all seven elements now (NOW[e]) and, when TARGET, as target. */
static void answer_all(void *ctx, const double now[7], const double *target, const char *group,
                       const char *respondent, int period)
{
    const char *why;
    for (int e = 0; e < 7; e++) {
        assert_int_equal(fake_survey(&PLUGIN, ctx, item_names[2 * e], now[e], group, respondent,
                                     period, &why),
                         0);
        if (target)
            assert_int_equal(fake_survey(&PLUGIN, ctx, item_names[2 * e + 1], target[e], group,
                                         respondent, period, &why),
                             0);
    }
}

static s7_stats stat_of(double now, double target)
{
    s7_stats s = {12, 12, now, 0.5, target};
    return s;
}

/* --------------------------------------------------------------- score.c */

/* The fixture's all-respondents overall means (docs/framework-7s.md). */
static void test_score_fixture(void **state)
{
    (void)state;
    const double now[7] = {3.75, 3.25, 2.75, 2.25, 3.0, 3.5, 4.0};
    const double tgt[7] = {4.25, 3.75, 3.5, 4.0, 3.75, 3.75, 4.25};
    s7_stats st[7];
    for (int e = 0; e < 7; e++)
        st[e] = stat_of(now[e], tgt[e]);
    s7_score sc;
    s7_score_cell(st, 2, &sc);
    assert_int_equal(sc.n_pairs, 21);
    assert_true(sc.has_index);
    assert_near(sc.index, 21.4375 / 27 * 100, 1e-9); /* 79.398148... */
    char name[64];
    const char *weakest[4] = {"shared_values\xe2\x80\x93skills", "strategy\xe2\x80\x93shared_values",
                              "shared_values\xe2\x80\x93staff", "systems\xe2\x80\x93skills"};
    for (int k = 0; k < 4; k++)
        assert_string_equal(s7_pair_name(&sc.pairs[sc.weakest[k]], name, sizeof name), weakest[k]);
    assert_near(sc.pairs[sc.weakest[0]].alignment, 0.5625, 1e-12);
    assert_true(sc.has_sub[0] && sc.has_sub[1]);
    assert_near(sc.sub[0], 56.25, 1e-9);
    assert_near(sc.sub[1], 54.6875, 1e-9);
    assert_int_equal(sc.n_sub[0], 12);
    assert_int_equal(sc.largest_gap, 3);
}

/* Equal alignments: the heavier (shared-values) pairs first, then element order. */
static void test_score_ties(void **state)
{
    (void)state;
    s7_stats st[7];
    for (int e = 0; e < 7; e++)
        st[e] = stat_of(3, 4); /* every gap 1: the first element wins */
    s7_score sc;
    s7_score_cell(st, 2, &sc);
    assert_near(sc.index, 100, 1e-9);
    const int order[8][2] = {{0, 3}, {1, 3}, {2, 3}, {3, 4}, {3, 5}, {3, 6}, {0, 1}, {0, 2}};
    for (int k = 0; k < 8; k++) {
        assert_int_equal(sc.pairs[sc.weakest[k]].a, order[k][0]);
        assert_int_equal(sc.pairs[sc.weakest[k]].b, order[k][1]);
    }
    assert_int_equal(sc.largest_gap, 0);
    /* With weight 1 the shared-values pairs have no precedence. */
    s7_score_cell(st, 1, &sc);
    assert_int_equal(sc.weakest[0], 0);
    assert_int_equal(sc.weakest[20], 20);
    /* A weight below 1 puts them last. */
    s7_score_cell(st, 0.5, &sc);
    assert_int_equal(sc.pairs[sc.weakest[20]].a, 3);
    assert_int_equal(sc.pairs[sc.weakest[20]].b, 6);
}

/* Alignments equal in exact arithmetic but not in doubles still tie; values
 * half-way round away from zero even when computed with noise. */
static void test_score_noise(void **state)
{
    (void)state;
    s7_pair pairs[3] = {{0, 1, 0.1 * 3, 1, 5}, {2, 3, 0.3, 2, 5}, {4, 5, 0.3 + 1e-6, 2, 5}};
    assert_true(pairs[0].alignment > pairs[1].alignment); /* 0.30000000000000004 */
    assert_true(weaker(pairs, 1, 0));                     /* a tie: the heavier first */
    assert_false(weaker(pairs, 0, 1));
    assert_true(weaker(pairs, 0, 2)); /* 1e-6 is no tie */
    pairs[1].weight = 1;
    assert_true(weaker(pairs, 0, 1)); /* a tie of equal weights: element order */
    assert_near(s7_round2(20.0 / 6 - 11.0 / 6), 1.5, 1e-12);
    assert_near(s7_round2(1 - fabs(20.0 / 6 - 11.0 / 6) / 4), 0.63, 1e-12);
    assert_near(s7_round2(0.625), 0.63, 1e-12);
    assert_near(s7_round2(0.6249999999999999), 0.63, 1e-12);
    assert_near(s7_round2(-0.625), -0.63, 1e-12);
    assert_near(s7_round2(0.624), 0.62, 1e-12);
    assert_false(signbit(s7_round2(-0.001)));
    assert_near(s7_snap(2.0 / 3), 0.666666667, 1e-15);
}

/* Elements without now answers leave their pairs out. */
static void test_score_missing(void **state)
{
    (void)state;
    s7_stats st[7];
    for (int e = 0; e < 7; e++)
        st[e] = stat_of(2 + 0.5 * e, 2);
    st[3].n_now = 0; /* shared_values */
    st[4].n_now = 3;
    s7_score sc;
    s7_score_cell(st, 2, &sc);
    assert_int_equal(sc.n_pairs, 15);
    for (size_t i = 0; i < sc.n_pairs; i++) {
        assert_int_not_equal(sc.pairs[i].a, 3);
        assert_int_not_equal(sc.pairs[i].b, 3);
        assert_near(sc.pairs[i].weight, 1, 0);
    }
    assert_int_equal(sc.pairs[9].n, 3); /* systems–style: the smaller count */
    assert_near(sc.sub[1], ((4 + 4.5 + 5) / 3.0 - 1) / 4 * 100, 1e-9);
    assert_int_equal(sc.n_sub[1], 3);
    assert_int_equal(sc.largest_gap, -1); /* no target above now */
    /* One element with now answers: no pair, no index; hard only. */
    for (int e = 1; e < 7; e++)
        st[e].n_now = 0;
    s7_score_cell(st, 2, &sc);
    assert_int_equal(sc.n_pairs, 0);
    assert_false(sc.has_index);
    assert_true(sc.has_sub[0]);
    assert_false(sc.has_sub[1]);
    assert_near(sc.sub[0], 25, 1e-9);
}

/* ------------------------------------------------------------- plugin */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(PLUGIN.kind, RPO_PLUGIN_FRAMEWORK);
    assert_string_equal(PLUGIN.name, "7s");
    assert_string_equal(PLUGIN.description,
                        "McKinsey 7-S alignment: the seven elements now and as target, pairwise alignment");
    assert_true(RPO_PLUGIN_HAS(&PLUGIN, assess));
    const char *want[] = {"min_n", "groups", "item.<name>", "shared_values_weight", "weakest"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(PLUGIN.keys[i].name, want[i]);
    assert_null(PLUGIN.keys[5].name);
}

/* Each bad setting: create() fails with RPO_ECONFIG and one line naming the key. */
static void test_config_errors(void **state)
{
    (void)state;
    static const struct {
        const char *kv[5];
        const char *message;
    } cases[] = {
        {{"item.vision.now", "v1", NULL}, "item.vision.now: unknown 7-S item 'vision.now'"},
        {{"item.strategy", "v1", NULL}, "item.strategy: unknown 7-S item 'strategy'"},
        {{"item.style.now", "", NULL}, "item.style.now: names no survey item"},
        {{"item.style.now", "q", "item.staff.now", "q", NULL},
         "item.staff.now: survey item 'q' is already item.style.now"},
        {{"shared_values_weight", "heavy", NULL}, "shared_values_weight: must be a number greater than 0"},
        {{"shared_values_weight", "0", NULL}, "not \"0\""},
        {{"shared_values_weight", "-1", NULL}, "not \"-1\""},
        {{"shared_values_weight", "2x", NULL}, "not \"2x\""},
        {{"shared_values_weight", "inf", NULL}, "not \"inf\""},
        {{"shared_values_weight", "nan", NULL}, "not \"nan\""},
        {{"weakest", "22", NULL}, "weakest: must be from 0 to 21 (the pairs), not 22"},
        {{"weakest", "-1", NULL}, "weakest: must be from 0 to 21 (the pairs), not -1"},
        {{"min_n", "0", NULL}, "min_n: must be 1 or more, not 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rpo_instance inst;
        void *ctx;
        fake_log_reset();
        assert_int_equal(fake_create(&PLUGIN, &inst, cases[i].kv, &ctx), RPO_ECONFIG);
        assert_null(ctx);
        const char *logged = fake_log_text();
        assert_contains(logged, cases[i].message);
        assert_int_equal(strchr(logged, '\n') - logged + 1, strlen(logged)); /* one line */
    }
}

static void test_survey(void **state)
{
    (void)state;
    static const char *const kv[] = {"item.shared_values.now", "values_now", "item.staff.now",
                                     "skills.now", NULL};
    rpo_instance inst;
    void *ctx;
    const char *why;
    assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_OK);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 1, "", "r1", 0, &why), 0);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.target", 5, "", "r1", 0, &why), 0);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "values_now", 3.5, "", "r1", 0, &why), 0);
    /* own name too */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "shared_values.now", 3, "", "r1", 0, &why), 0);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "vision.now", 3, "", "r1", 0, &why), 1);
    assert_string_equal(why, "not a 7-S item: expected <element>.now or <element>.target for "
                             "strategy, structure, systems, shared_values, style, staff or "
                             "skills, or a name mapped with item.<name>");
    assert_int_equal(fake_survey(&PLUGIN, ctx, "Strategy.now", 3, "", "r1", 0, &why), 1);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 5.01, "", "r1", 0, &why), 2);
    assert_string_equal(why, "out of range: 7-S items take scores from 1 to 5");
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 0.99, "", "r1", 0, &why), 2);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", NAN, "", "r1", 0, &why), 2);
    /* skills.now is mapped onto staff.now; the mapping wins over the name. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "skills.now", 2, "", "r1", 0, &why), 0);
    seven_s *s = ctx;
    assert_int_equal(s->book.n_cells, 2); /* "" in period 0 and overall */
    const fw_cell *c = &s->book.cells[1];
    assert_int_equal(c->dims[2 * 5].n, 1);   /* staff.now */
    assert_int_equal(c->dims[2 * 6].n, 0);   /* skills.now */
    assert_int_equal(c->dims[2 * 3].n, 2);   /* shared_values.now: 3.5 and 3 */
    assert_near(c->dims[2 * 3].sum, 6.5, 0);
    assert_int_equal(c->n_resp, 1);
    PLUGIN.destroy(ctx);
}

static void test_survey_groups(void **state)
{
    (void)state;
    static const char *const kv[] = {"groups", " ops , hr,", NULL};
    rpo_instance inst;
    void *ctx;
    const char *why;
    assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_OK);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 3, "ops", "r1", 0, &why), 0);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 3, "sales", "r2", 0, &why), 3);
    assert_string_equal(why, "its group is not in the framework's groups list");
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 3, "", "r3", 0, &why), 3);
    assert_string_equal(why, "it has no group, and the framework's groups key lists the groups");
    /* The item is checked first. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "nope", 3, "sales", "r2", 0, &why), 1);
    assert_contains(why, "not a 7-S item");
    /* An unlisted group with a bad score: the group is named. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 9, "sales", "r2", 0, &why), 3);
    PLUGIN.destroy(ctx);
}

/* The assessment of a small data set, call by call. */
static void test_assess(void **state)
{
    (void)state;
    static const char *const kv[] = {"min_n", "2", "weakest", "1", "groups", "b, a, z", NULL};
    rpo_instance inst;
    void *ctx;
    const char *why;
    assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_OK);
    const double low[7] = {4, 3, 3, 2, 3, 3, 4}, high[7] = {4, 4, 3, 3, 3, 4, 4};
    const double target[7] = {5, 4, 4, 4, 3, 3, 4};
    /* Group b first in the input: cells still come sorted. */
    answer_all(ctx, low, target, "b", "x", 1);
    answer_all(ctx, high, NULL, "b", "y", 1);
    answer_all(ctx, high, target, "a", "x", 0); /* one respondent: insufficient */
    /* Two anonymous answers in period 2 are two respondents; only strategy
     * and style, style as target only. */
    assert_int_equal(fake_survey(&PLUGIN, ctx, "strategy.now", 2, "b", "", 2, &why), 0);
    assert_int_equal(fake_survey(&PLUGIN, ctx, "style.target", 5, "b", "", 2, &why), 0);
    rpo_assessment *a = fake_assessment_new();
    assert_int_equal(PLUGIN.assess(ctx, a), RPO_OK);
    const char *t = transcript(a);
    /* Cells: all respondents (periods 0, 1, 2, overall), a, b, then z (listed, no answers). */
    const char *groups[] = {"group '' p0 n=1 insufficient\n", "group '' p1 n=2 ok\n",
                            "group '' p2 n=2 ok\n",          "group '' overall n=4 ok\n",
                            "group 'a' p0 n=1 insufficient\n", "group 'a' overall n=1 insufficient\n",
                            "group 'b' p1 n=2 ok\n",          "group 'b' p2 n=2 ok\n",
                            "group 'b' overall n=4 ok\n",     "group 'z' overall n=0 insufficient\n"};
    const char *at = t;
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        const char *next = strstr(at, groups[i]);
        if (!next)
            fail_msg("group line %zu \"%s\" missing or out of order in:\n%s", i, groups[i], t);
        at = next + 1;
    }
    assert_contains(t, "headline alignment index / weakest pair\n");
    /* b in period 1: means now {4, 3.5, 3, 2.5, 3, 3.5, 4}, one target each. */
    const char *b1 = strstr(t, "group 'b' p1 n=2 ok\n");
    const char *b1_end = strstr(b1, "group 'b' p2");
    char cell[8192];
    snprintf(cell, sizeof cell, "%.*s", (int)(b1_end - b1), b1);
    assert_contains(cell, "dim strategy n=2 ok 4.0000 0.0000 'gap 1.00'\n");
    assert_contains(cell, "dim structure n=2 ok 3.5000 0.7071 'gap 0.50'\n");
    assert_contains(cell, "dim shared_values n=2 ok 2.5000 0.7071 'gap 1.50'\n");
    assert_contains(cell, "dim staff n=2 ok 3.5000 0.7071 'gap -0.50'\n");
    assert_contains(cell, "fig target: strategy 5.0000 n=1\n");
    assert_contains(cell, "fig gap: staff -0.5000 n=1\n");
    assert_contains(cell, "fig pair alignment: shared_values\xe2\x80\x93skills 0.6250 n=2\n");
    assert_contains(cell, "fig sub-indices: hard 62.5000 n=2\n"); /* (3.5 - 1) / 4 */
    assert_contains(cell, "fig sub-indices: soft 56.2500 n=2\n"); /* (3.25 - 1) / 4 */
    /* strategy–shared_values and shared_values–skills tie at 0.625 with the
     * same weight: element order makes the first the weakest. */
    assert_contains(cell, "fig pair alignment: strategy\xe2\x80\x93shared_values 0.6250 n=2\n");
    assert_contains(cell, "index ");
    assert_contains(cell, " strategy\xe2\x80\x93shared_values\n");
    /* weakest = 1: one pair, then the largest gap (shared_values, 1.5). */
    assert_contains(cell, "finding Weak alignment: strategy\xe2\x80\x93shared_values (0.63) | Bring "
                          "strategy and shared_values into line: agree which must change, then plan "
                          "the change of the other elements it touches, shared values first.\n");
    assert_contains(cell, "finding Largest gap: shared_values (now 2.50, target 4.00) | Close the "
                          "gap on shared_values first: the elements aligned to it are held back by "
                          "it.\n");
    assert_lacks(cell, "Weak alignment: shared_values");
    /* b in period 2: strategy alone has now answers: no index, no pairs;
     * style has a target but no now answers: empty, no gap, a target figure. */
    const char *b2 = strstr(t, "group 'b' p2 n=2 ok\n");
    const char *b2_end = strstr(b2, "group 'b' overall");
    snprintf(cell, sizeof cell, "%.*s", (int)(b2_end - b2), b2);
    assert_lacks(cell, "index ");
    assert_lacks(cell, "pair alignment");
    assert_lacks(cell, "finding");
    assert_contains(cell, "dim strategy n=1 ok 2.0000 0.0000 ''\n");
    assert_contains(cell, "dim style n=0 empty 0.0000 0.0000 ''\n");
    assert_contains(cell, "fig target: style 5.0000 n=1\n");
    assert_lacks(cell, "fig gap");
    assert_contains(cell, "fig sub-indices: hard 25.0000 n=1\n");
    assert_lacks(cell, "soft");
    /* Insufficient cells have no scores. */
    const char *z = strstr(t, "group 'z' overall n=0 insufficient\n");
    assert_string_equal(z, "group 'z' overall n=0 insufficient\n");
    const char *a0 = strstr(t, "group 'a' p0 n=1 insufficient\n");
    assert_true(strncmp(a0 + strlen("group 'a' p0 n=1 insufficient\n"), "group", 5) == 0);
    fake_assessment_free(a);
    PLUGIN.destroy(ctx);
}

/* Every allocation failure: create, survey or assess fails with RPO_ENOMEM
 * (logged) and nothing leaks (run under valgrind). */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char *const kv[] = {"groups", "a, b, c", NULL};
    const double now[7] = {1, 2, 3, 4, 5, 4, 3};
    int completed = 0, failed = 0;
    for (long budget = 0; !completed && budget < 1000; budget++) {
        rpo_instance inst;
        void *ctx;
        const char *why;
        fake_log_reset();
        fake_alloc_budget(budget);
        int rc = fake_create(&PLUGIN, &inst, kv, &ctx);
        for (int r = 0; rc == RPO_OK && r < 20; r++) {
            char who[16];
            snprintf(who, sizeof who, "r%d", r);
            for (int e = 0; e < 7 && rc == RPO_OK; e++)
                rc = fake_survey(&PLUGIN, ctx, item_names[2 * e], now[e], r % 2 ? "a" : "b", who,
                                 r % 3, &why);
        }
        rpo_assessment *a = NULL;
        if (rc == RPO_OK) {
            a = fake_assessment_new();
            rc = PLUGIN.assess(ctx, a);
            completed = rc == RPO_OK;
        }
        if (!completed) {
            failed++;
            assert_int_equal(rc, RPO_ENOMEM);
            assert_contains(fake_log_text(), "out of memory");
        }
        fake_alloc_budget(-1);
        fake_assessment_free(a);
        if (ctx)
            PLUGIN.destroy(ctx);
    }
    assert_true(completed);
    assert_true(failed > 30); /* every allocation of the run failed once */
    PLUGIN.destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_score_fixture, fake_sdk_setup),
        cmocka_unit_test_setup(test_score_ties, fake_sdk_setup),
        cmocka_unit_test_setup(test_score_noise, fake_sdk_setup),
        cmocka_unit_test_setup(test_score_missing, fake_sdk_setup),
        cmocka_unit_test_setup(test_descriptor, fake_sdk_setup),
        cmocka_unit_test_setup(test_config_errors, fake_sdk_setup),
        cmocka_unit_test_setup(test_survey, fake_sdk_setup),
        cmocka_unit_test_setup(test_survey_groups, fake_sdk_setup),
        cmocka_unit_test_setup(test_assess, fake_sdk_setup),
        cmocka_unit_test_setup(test_out_of_memory, fake_sdk_setup),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
