/*
 * test_framework_adkar — unit tests of the ADKAR framework plugin, calling
 * its callbacks directly over the SDK test double of fake_framework_sdk.h
 * (configuration, logging and the assessment builder), without librpo.
 *
 * The tests read what the plugin builds as a transcript, one line per
 * builder call, with numbers rounded as the engine rounds them (scores and
 * index to 2 decimals, figures to 4, half away from zero); they compare it
 * with values worked out by hand in the comments.
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

/* ------------------------------------------------- the plugin, budgeted */

/* The plugin's allocations go through the double's budget (a test can make
 * the Nth fail) and its count of live blocks (every run must end with none). */
#include "fake_framework_budget.h"
#include "../../plugins/framework_common/book.c"
#include "../../plugins/framework_adkar/adkar.c"
#include "../../plugins/framework_adkar/assess.c"
#include "fake_framework_budget_end.h"

#define PLUGIN framework_adkar_LTX_rpo_plugin

/* ---------------------------------------------------------------- helpers */

/* X rounded as the engine does, as the shortest text of it, in OUT. */
static const char *num(char *out, double x, double scale)
{
    snprintf(out, 32, "%.15g", fake_round(x, scale));
    return out;
}

/*
 * A's builder calls as text, one line each: the headline, then each group
 * and the index, dimensions, figures and findings given for it, in call
 * order. The text lives until the next call.
 */
static const char *transcript(const rpo_assessment *a)
{
    static char text[16384];
    char x[32], y[32];
    text[0] = '\0';
    for (size_t i = 0; i < fake_assessment_calls(a); i++) {
        const fake_call *c = fake_assessment_call(a, i);
        switch (c->kind) {
        case FAKE_HEADLINE:
            fake_appendf(text, sizeof text, "headline %s | %s\n", c->name, c->text);
            break;
        case FAKE_GROUP:
            if (c->period == RPO_PERIOD_OVERALL)
                strcpy(x, "overall");
            else
                snprintf(x, sizeof x, "P%d", c->period);
            fake_appendf(text, sizeof text, "group '%s' %s n=%llu %s\n", c->name, x, c->n,
                         rpo_value_state_name(c->state));
            break;
        case FAKE_INDEX:
            fake_appendf(text, sizeof text, "  index %s stage %s\n", num(x, c->value, 100),
                         c->text);
            break;
        case FAKE_DIMENSION:
            if (c->state == RPO_VALUE_OK)
                fake_appendf(text, sizeof text, "  %s n=%llu %s sd %s [%s]\n", c->name, c->n,
                             num(x, c->value, 100), num(y, c->spread, 100), c->text);
            else
                fake_appendf(text, sizeof text, "  %s n=%llu %s [%s]\n", c->name, c->n,
                             rpo_value_state_name(c->state), c->text);
            break;
        case FAKE_FIGURE:
            fake_appendf(text, sizeof text, "  fig %s: %s = %s n=%llu\n", c->text, c->name,
                         num(x, c->value, 10000), c->n);
            break;
        case FAKE_FINDING:
            /* The action by its first word: the texts are checked once, in test_actions. */
            fake_appendf(text, sizeof text, "  finding %s => %.*s\n", c->name,
                         (int)strcspn(c->text, " :;"), c->text);
            break;
        }
    }
    return text;
}

/* One response: item, score, group, respondent ("" anonymous), period. */
typedef struct resp {
    const char *item;
    double score;
    const char *group, *respondent;
    int period;
} resp;

/* Feeds R[0..N) to CTX; the first non-OK status (0 when all were kept). */
static int feed(void *ctx, const resp *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *why;
        int rc = fake_survey(&PLUGIN, ctx, r[i].item, r[i].score, r[i].group, r[i].respondent,
                             r[i].period, &why);
        if (rc != RPO_OK)
            return rc;
    }
    return RPO_OK;
}

/* Runs KV and R through create, survey and assess; asserts success and that
 * nothing leaks; returns the transcript of the assessment. */
static const char *run(const char *const *kv, const resp *r, size_t n)
{
    rpo_instance inst;
    void *ctx;
    rpo_assessment *a = fake_assessment_new();
    assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_OK);
    assert_int_equal(feed(ctx, r, n), RPO_OK);
    assert_int_equal(PLUGIN.assess(ctx, a), RPO_OK);
    PLUGIN.destroy(ctx);
    assert_int_equal(fake_alloc_live(), 0);
    const char *text = transcript(a);
    fake_assessment_free(a);
    return text;
}

/* Whether the transcript TEXT contains LINES (consecutive lines). */
static void expect_text(const char *text, const char *lines)
{
    if (!strstr(text, lines))
        fail_msg("transcript lacks:\n%s\n--- transcript:\n%s", lines, text);
}

/* ------------------------------------------------------------------ tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(PLUGIN.kind, RPO_PLUGIN_FRAMEWORK);
    assert_string_equal(PLUGIN.name, "adkar");
    assert_string_equal(PLUGIN.description,
                        "ADKAR readiness (Prosci): barrier points per respondent and group");
    assert_true(RPO_PLUGIN_HAS(&PLUGIN, assess));
    assert_non_null(PLUGIN.survey);
    const char *want[] = {"threshold", "min_n", "groups", "item.<element>"};
    for (size_t i = 0; i < 4; i++) {
        assert_non_null(PLUGIN.keys[i].name);
        assert_string_equal(PLUGIN.keys[i].name, want[i]);
        assert_non_null(PLUGIN.keys[i].help);
    }
    assert_null(PLUGIN.keys[4].name);
    assert_string_equal(PLUGIN.keys[0].default_value, "3");
    assert_string_equal(PLUGIN.keys[1].default_value, "5");
    assert_int_equal(PLUGIN.keys[3].flags, RPO_KEY_PREFIX);
}

/* Every threshold that is not a number from 1 to 5 is a config error. */
static void test_threshold(void **state)
{
    (void)state;
    const char *bad[] = {"abc", "", "0.99", "5.01", "3x", "nan", "inf", "-3", "1e9"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *kv[] = {"threshold", bad[i], NULL};
        rpo_instance inst;
        void *ctx;
        fake_log_reset();
        assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_ECONFIG);
        assert_null(ctx);
        assert_string_equal(fake_log_text(), "config threshold: must be a number from 1 to 5 "
                                             "(an element whose mean is at or below it is a "
                                             "barrier), e.g. 3\n");
        assert_int_equal(fake_alloc_live(), 0);
    }
    const char *good[] = {"1", "5", "2.5", " 4 ", "3.0"};
    const double want[] = {1, 5, 2.5, 4, 3};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *kv[] = {"threshold", good[i], NULL};
        rpo_instance inst;
        void *ctx;
        assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_OK);
        assert_true(((adkar *)ctx)->threshold == want[i]);
        PLUGIN.destroy(ctx);
    }
    const char *none[] = {NULL};
    rpo_instance inst;
    void *ctx;
    assert_int_equal(fake_create(&PLUGIN, &inst, none, &ctx), RPO_OK);
    assert_true(((adkar *)ctx)->threshold == 3);
    assert_int_equal(((adkar *)ctx)->min_n, 5);
    PLUGIN.destroy(ctx);
    assert_int_equal(fake_alloc_live(), 0);
}

static void test_min_n_and_groups(void **state)
{
    (void)state;
    rpo_instance inst;
    void *ctx;
    const char *zero[] = {"min_n", "0", NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, zero, &ctx), RPO_ECONFIG);
    assert_string_equal(fake_log_text(), "config min_n: must be a whole number of at least 1\n");
    fake_log_reset();
    const char *empty[] = {"groups", " , ", NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, empty, &ctx), RPO_ECONFIG);
    assert_string_equal(fake_log_text(), "config groups: names no group: list the groups to "
                                         "assess, separated by commas, or leave the key out to "
                                         "assess every group\n");
    const char *two[] = {"groups", "recruiters, hiring managers ", NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, two, &ctx), RPO_OK);
    assert_int_equal(((adkar *)ctx)->groups.n, 2);
    assert_string_equal(((adkar *)ctx)->groups.names[1], "hiring managers");
    PLUGIN.destroy(ctx);
    assert_int_equal(fake_alloc_live(), 0);
}

/* item.<element> keys: their config errors, and the unknown-item reason. */
static void test_item_keys(void **state)
{
    (void)state;
    rpo_instance inst;
    void *ctx;
    struct {
        const char *kv[7];
        const char *log;
    } bad[] = {
        {{"item.awarenes", "aw", NULL},
         "config item.awarenes: no such ADKAR element; the keys are item.awareness, "
         "item.desire, item.knowledge, item.ability and item.reinforcement\n"},
        {{"item.desire", " , ", NULL}, "config item.desire: names no survey item\n"},
        {{"item.awareness", "q1, q2", "item.desire", "q3,q1", NULL},
         "config item.desire: item \"q1\" is already mapped by item.awareness\n"},
        /* desire's item would be "awareness", awareness keeps its own name */
        {{"item.desire", "awareness", NULL},
         "config item.desire: \"awareness\" is the item of element awareness unless "
         "item.awareness maps another one\n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fake_log_reset();
        assert_int_equal(fake_create(&PLUGIN, &inst, bad[i].kv, &ctx), RPO_ECONFIG);
        assert_string_equal(fake_log_text(), bad[i].log);
        assert_int_equal(fake_alloc_live(), 0);
    }
    /* Swapped names are fine once both are mapped. */
    const char *swap[] = {"item.desire", "awareness", "item.awareness", "desire", NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, swap, &ctx), RPO_OK);
    assert_int_equal(element_of(ctx, "awareness"), ADKAR_DESIRE);
    assert_int_equal(element_of(ctx, "desire"), ADKAR_AWARENESS);
    PLUGIN.destroy(ctx);

    const char *none[] = {NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, none, &ctx), RPO_OK);
    assert_string_equal(((adkar *)ctx)->unknown_why,
                        "not an ADKAR item; expected awareness, desire, knowledge, ability or "
                        "reinforcement; map the instrument's items with item.<element>");
    PLUGIN.destroy(ctx);
    const char *mapped[] = {"plugin", "adkar", "item.awareness", " aw_q1 ,aw_q2", "item.ability",
                            "can_do", NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, mapped, &ctx), RPO_OK);
    assert_string_equal(((adkar *)ctx)->unknown_why,
                        "not an ADKAR item; expected aw_q1 or aw_q2 (awareness), desire, "
                        "knowledge, can_do (ability) or reinforcement; map the instrument's "
                        "items with item.<element>");
    assert_int_equal(element_of(ctx, "aw_q2"), ADKAR_AWARENESS);
    assert_int_equal(element_of(ctx, "awareness"), ADKAR_N);
    assert_int_equal(element_of(ctx, "ability"), ADKAR_N);
    assert_int_equal(element_of(ctx, "can_do"), ADKAR_ABILITY);
    assert_int_equal(element_of(ctx, "reinforcement"), ADKAR_REINFORCEMENT);
    PLUGIN.destroy(ctx);
    assert_int_equal(fake_alloc_live(), 0);
}

/* survey(): what is kept, and why the rest is refused (1: item or group, 2: score). */
static void test_survey_rejects(void **state)
{
    (void)state;
    rpo_instance inst;
    void *ctx;
    const char *kv[] = {"groups", "recruiters", NULL};
    assert_int_equal(fake_create(&PLUGIN, &inst, kv, &ctx), RPO_OK);
    struct {
        resp r;
        int rc;
        const char *why;
    } cases[] = {
        {{"awareness", 1, "recruiters", "a", 0}, RPO_OK, NULL},
        {{"reinforcement", 5, "recruiters", "a", 0}, RPO_OK, NULL},
        {{"knowledge", 2.5, "recruiters", "", 0}, RPO_OK, NULL},
        {{"Awareness", 3, "recruiters", "a", 0}, 1, "not an ADKAR item; expected awareness, "
                                                    "desire, knowledge, ability or reinforcement; "
                                                    "map the instrument's items with "
                                                    "item.<element>"},
        {{"desire", 3, "sales", "a", 0}, 3, "group not among the framework's `groups`"},
        {{"desire", 3, "", "a", 0}, 3, "no group, and the framework assesses only its `groups`"},
        {{"desire", 0.99, "recruiters", "a", 0}, 2, "score outside the ADKAR scale 1-5"},
        {{"desire", 5.01, "recruiters", "a", 0}, 2, "score outside the ADKAR scale 1-5"},
        {{"desire", 7, "recruiters", "a", 0}, 2, "score outside the ADKAR scale 1-5"},
        {{"desire", NAN, "recruiters", "a", 0}, 2, "score outside the ADKAR scale 1-5"},
        {{"desire", -INFINITY, "recruiters", "a", 0}, 2, "score outside the ADKAR scale 1-5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *why;
        assert_int_equal(fake_survey(&PLUGIN, ctx, cases[i].r.item, cases[i].r.score,
                                     cases[i].r.group, cases[i].r.respondent, 0, &why),
                         cases[i].rc);
        if (cases[i].why)
            assert_string_equal(why, cases[i].why);
    }
    /* Kept: 3 responses, in 4 cells each ("" and recruiters, P0 and overall). */
    const adkar *a = ctx;
    assert_int_equal(a->book.n_cells, 4);
    assert_int_equal(a->book.cells[0].responses, 3);
    assert_int_equal(a->book.cells[0].n_resp, 2); /* "a", and the anonymous one */
    PLUGIN.destroy(ctx);
    assert_int_equal(fake_alloc_live(), 0);
}

/*
 * One group g in period 0, min_n 2:
 *   r1: A5 D2 K4 Ab4 R4   own barrier desire (2 <= 3)
 *   r2: A4 D3 K2 Ab3 R5   own barrier desire (3 <= 3: "at or below")
 *   r3: A2 D5 K5 Ab5 R5   own barrier awareness
 *   anonymous: K3          incomplete
 * Means: A 11/3 = 3.67, D 10/3 = 3.33, K 14/4 = 3.5, Ab 12/3 = 4, R 14/3 = 4.67:
 * none at or below 3, so no barrier point.
 * SDs: A: squares about 11/3: 16/9 + 1/9 + 25/9 = 42/9, /2 = 7/3, sqrt = 1.53;
 *   D: 10/3: 16/9 + 1/9 + 25/9 → 1.53; K: 3.5: 0.25 + 2.25 + 2.25 + 0.25 = 5,
 *   /3, sqrt = 1.29; Ab: 4: 0 + 1 + 1 = 2, /2 = 1; R: 14/3: 4/9 + 1/9 + 1/9
 *   = 6/9, /2 = 1/3, sqrt = 0.58.
 * Index: means sum to (22 + 20 + 21 + 24 + 28) / 6 = 115/6, mean 23/6;
 *   (23/6 - 1) / 4 * 100 = 17/24 * 100 = 70.83.
 * Barrier points of the 3 complete respondents: awareness 1, desire 2.
 */
static const resp small[] = {
    {"awareness", 5, "g", "r1", 0},  {"desire", 2, "g", "r1", 0},
    {"knowledge", 4, "g", "r1", 0},  {"ability", 4, "g", "r1", 0},
    {"reinforcement", 4, "g", "r1", 0}, {"awareness", 4, "g", "r2", 0},
    {"awareness", 2, "g", "r3", 0},  {"desire", 3, "g", "r2", 0},
    {"desire", 5, "g", "r3", 0},     {"knowledge", 2, "g", "r2", 0},
    {"knowledge", 5, "g", "r3", 0},  {"knowledge", 3, "g", "", 0},
    {"ability", 3, "g", "r2", 0},    {"ability", 5, "g", "r3", 0},
    {"reinforcement", 5, "g", "r2", 0}, {"reinforcement", 5, "g", "r3", 0},
};

static const char small_cell[] =
    "  index 70.83 stage none\n"
    "  awareness n=3 3.67 sd 1.53 [ok]\n"
    "  desire n=3 3.33 sd 1.53 [ok]\n"
    "  knowledge n=4 3.5 sd 1.29 [ok]\n"
    "  ability n=3 4 sd 1 [ok]\n"
    "  reinforcement n=3 4.67 sd 0.58 [ok]\n"
    "  fig barrier points: awareness = 1 n=3\n"
    "  fig barrier points: desire = 2 n=3\n"
    "  fig barrier points: knowledge = 0 n=3\n"
    "  fig barrier points: ability = 0 n=3\n"
    "  fig barrier points: reinforcement = 0 n=3\n"
    "  fig barrier points: none = 0 n=3\n"
    "  finding Most common individual barrier: desire (2 of 3 respondents) => Build\n";

static void test_assess_small(void **state)
{
    (void)state;
    const char *kv[] = {"min_n", "2", NULL};
    const char *text = run(kv, small, sizeof small / sizeof small[0]);
    /* Four cells with the same responses, in book order. */
    char want[4096] = "headline readiness index | barrier point\n";
    const char *heads[] = {"group '' P0 n=4 ok\n", "group '' overall n=4 ok\n",
                           "group 'g' P0 n=4 ok\n", "group 'g' overall n=4 ok\n"};
    for (size_t i = 0; i < 4; i++) {
        fake_appendf(want, sizeof want, "%s%s", heads[i], small_cell);
    }
    assert_string_equal(text, want);
}

/*
 * The same responses with threshold 3.5: desire (3.33) is the barrier point;
 * knowledge (3.5, equal) is at or below it; r1 and r2 (desire 2 and 3) and r3
 * (awareness 2) keep their own barriers.
 */
static void test_assess_threshold(void **state)
{
    (void)state;
    const char *kv[] = {"min_n", "2", "threshold", "3.5", NULL};
    const char *text = run(kv, small, sizeof small / sizeof small[0]);
    expect_text(text, "group 'g' overall n=4 ok\n"
                      "  index 70.83 stage desire\n"
                      "  awareness n=3 3.67 sd 1.53 [ok]\n"
                      "  desire n=3 3.33 sd 1.53 [barrier]\n"
                      "  knowledge n=4 3.5 sd 1.29 [at or below threshold]\n"
                      "  ability n=3 4 sd 1 [ok]\n"
                      "  reinforcement n=3 4.67 sd 0.58 [ok]\n");
    expect_text(text, "  finding Barrier point: desire (mean 3.33 at or below 3.5) => Build\n"
                      "  finding Most common individual barrier: desire (2 of 3 respondents) => "
                      "Build\n");
}

/*
 * Two periods of group g and an insufficient group h (min_n 2):
 *   P0: p1 A2 D4 K4 Ab4 R4; p2 A4 D4 K4 Ab4 R4 → A 3 (barrier, sd 1.41), others 4;
 *       index: (3 + 4*4)/5 = 3.8 → 70; own barriers: p1 awareness, p2 none.
 *   P1: p1 A4 D3 K5 Ab1 R2; p2 A4 D5 K3 Ab3 R2 → A 4, D 4, K 4, Ab 2 (barrier),
 *       R 2 (at or below); index (4+4+4+2+2)/5 = 3.2 → 55; own barriers:
 *       p1 desire (3), p2 knowledge (3): a tie, desire comes first in ADKAR.
 *   change P1 - P0: index 55 - 70 = -15; A +1, D 0, K 0, Ab -2, R -2.
 *   P3 (a gap after P1): p1 answers all five with 5 → no change table.
 *   h: one respondent in P0 → insufficient, n 1, nothing else.
 */
static const resp two[] = {
    {"awareness", 2, "g", "p1", 0}, {"desire", 4, "g", "p1", 0},
    {"knowledge", 4, "g", "p1", 0}, {"ability", 4, "g", "p1", 0},
    {"reinforcement", 4, "g", "p1", 0}, {"awareness", 4, "g", "p2", 0},
    {"desire", 4, "g", "p2", 0},    {"knowledge", 4, "g", "p2", 0},
    {"ability", 4, "g", "p2", 0},   {"reinforcement", 4, "g", "p2", 0},
    {"awareness", 4, "g", "p1", 1}, {"desire", 3, "g", "p1", 1},
    {"knowledge", 5, "g", "p1", 1}, {"ability", 1, "g", "p1", 1},
    {"reinforcement", 2, "g", "p1", 1}, {"awareness", 4, "g", "p2", 1},
    {"desire", 5, "g", "p2", 1},    {"knowledge", 3, "g", "p2", 1},
    {"ability", 3, "g", "p2", 1},   {"reinforcement", 2, "g", "p2", 1},
    {"awareness", 5, "g", "p1", 3}, {"desire", 5, "g", "p1", 3},
    {"knowledge", 5, "g", "p1", 3}, {"ability", 5, "g", "p1", 3},
    {"reinforcement", 5, "g", "p1", 3}, {"awareness", 5, "g", "p3", 3},
    {"desire", 5, "h", "h1", 0},
};

static void test_assess_periods(void **state)
{
    (void)state;
    const char *kv[] = {"min_n", "2", NULL};
    const char *text = run(kv, two, sizeof two / sizeof two[0]);
    expect_text(text, "group 'g' P0 n=2 ok\n"
                      "  index 70 stage awareness\n"
                      "  awareness n=2 3 sd 1.41 [barrier]\n"
                      "  desire n=2 4 sd 0 [ok]\n"
                      "  knowledge n=2 4 sd 0 [ok]\n"
                      "  ability n=2 4 sd 0 [ok]\n"
                      "  reinforcement n=2 4 sd 0 [ok]\n"
                      "  fig barrier points: awareness = 1 n=2\n"
                      "  fig barrier points: desire = 0 n=2\n"
                      "  fig barrier points: knowledge = 0 n=2\n"
                      "  fig barrier points: ability = 0 n=2\n"
                      "  fig barrier points: reinforcement = 0 n=2\n"
                      "  fig barrier points: none = 1 n=2\n"
                      "  finding Barrier point: awareness (mean 3.00 at or below 3) => "
                      "Communicate\n"
                      "  finding Most common individual barrier: awareness (1 of 2 respondents) => "
                      "Communicate\n"
                      "group 'g' P1 n=2 ok\n"
                      "  index 55 stage ability\n"
                      "  awareness n=2 4 sd 0 [ok]\n"
                      "  desire n=2 4 sd 1.41 [ok]\n"
                      "  knowledge n=2 4 sd 1.41 [ok]\n"
                      "  ability n=2 2 sd 1.41 [barrier]\n"
                      "  reinforcement n=2 2 sd 0 [at or below threshold]\n"
                      "  fig barrier points: awareness = 0 n=2\n"
                      "  fig barrier points: desire = 1 n=2\n"
                      "  fig barrier points: knowledge = 1 n=2\n"
                      "  fig barrier points: ability = 0 n=2\n"
                      "  fig barrier points: reinforcement = 0 n=2\n"
                      "  fig barrier points: none = 0 n=2\n"
                      "  fig change vs previous period: readiness index = -15 n=2\n"
                      "  fig change vs previous period: awareness = 1 n=2\n"
                      "  fig change vs previous period: desire = 0 n=2\n"
                      "  fig change vs previous period: knowledge = 0 n=2\n"
                      "  fig change vs previous period: ability = -2 n=2\n"
                      "  fig change vs previous period: reinforcement = -2 n=2\n"
                      "  finding Barrier point: ability (mean 2.00 at or below 3) => Coach\n"
                      "  finding Most common individual barrier: desire (1 of 2 respondents) => "
                      "Build\n"
                      "group 'g' P3 n=2 ok\n"
                      "  index 100 stage none\n");
    /* P3 follows P1: no change table; p3 answered awareness only (incomplete). */
    expect_text(text, "  fig barrier points: none = 1 n=1\n"
                      "group 'g' overall n=3 ok\n");
    expect_text(text, "group 'h' P0 n=1 insufficient\n"
                      "group 'h' overall n=1 insufficient\n");
    assert_null(strstr(strstr(text, "group 'h' P0"), "  "));
}

/* An unanswered element is empty: no index, no stage, no status. */
static void test_assess_empty_element(void **state)
{
    (void)state;
    const char *kv[] = {"min_n", "1", NULL};
    const resp r[] = {{"awareness", 4, "", "x", 0}, {"desire", 2, "", "x", 0},
                      {"knowledge", 4, "", "x", 0}, {"ability", 4, "", "x", 0}};
    const char *text = run(kv, r, sizeof r / sizeof r[0]);
    expect_text(text, "group '' P0 n=1 ok\n"
                      "  awareness n=1 4 sd 0 [ok]\n"
                      "  desire n=1 2 sd 0 [barrier]\n"
                      "  knowledge n=1 4 sd 0 [ok]\n"
                      "  ability n=1 4 sd 0 [ok]\n"
                      "  reinforcement n=0 empty []\n"
                      "  fig barrier points: awareness = 0 n=0\n");
    expect_text(text, "  fig barrier points: none = 0 n=0\n"
                      "  finding Barrier point: desire (mean 2.00 at or below 3) => Build\n"
                      "group '' overall");
    assert_null(strstr(text, "  index"));
}

/* Listed groups without responses are insufficient with n 0. */
static void test_listed_groups(void **state)
{
    (void)state;
    const char *kv[] = {"min_n", "1", "groups", "b, a, zz", NULL};
    const resp r[] = {{"awareness", 4, "a", "x", 0}};
    const char *text = run(kv, r, sizeof r / sizeof r[0]);
    expect_text(text, "group 'a' overall n=1 ok\n");
    expect_text(text, "group 'b' overall n=0 insufficient\n"
                      "group 'zz' overall n=0 insufficient\n");
    assert_null(strstr(text, "'b' P0"));
}

/* Each action, in full, with its element. */
static void test_actions(void **state)
{
    (void)state;
    const char *want[ADKAR_N] = {
        "Communicate why the change is needed: the business reasons and the risk of not "
        "changing, from senior sponsors and direct managers.",
        "Build desire: engage sponsors and people managers, address what is in it for each "
        "person, and manage resistance.",
        "Train and educate on how to change: the new process, tools and roles, with practice "
        "material.",
        "Coach and support hands-on practice; give people time and remove obstacles so they "
        "can perform the new way.",
        "Reinforce: recognise and reward adoption, measure it, and correct reversion to the old "
        "ways."};
    for (size_t e = 0; e < ADKAR_N; e++)
        assert_string_equal(actions[e], want[e]);
    assert_string_equal(adkar_element_name(ADKAR_REINFORCEMENT), "reinforcement");
    assert_string_equal(adkar_element_name(ADKAR_N), "");
}

/*
 * Out of memory: the Nth allocation fails, for every N until the run needs
 * no more; each run fails with RPO_ENOMEM and a log line, and leaks nothing.
 */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *kv[] = {"min_n", "2", "groups", "g, h, k", "item.awareness", "awareness, aw2",
                        NULL};
    int done = 0;
    for (long budget = 0; budget < 10000 && !done; budget++) {
        rpo_instance inst;
        void *ctx;
        rpo_assessment *a = fake_assessment_new();
        fake_sdk_reset();
        fake_alloc_budget(budget);
        int rc = fake_create(&PLUGIN, &inst, kv, &ctx);
        if (rc == RPO_OK) {
            rc = feed(ctx, two, sizeof two / sizeof two[0]);
            if (rc == RPO_OK)
                rc = PLUGIN.assess(ctx, a);
            PLUGIN.destroy(ctx);
        }
        fake_alloc_budget(-1);
        if (rc == RPO_OK) {
            done = 1;
            expect_text(transcript(a), "group 'k' overall n=0 insufficient\n");
        } else {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(fake_log_text(), "<3> out of memory\n");
        }
        assert_int_equal(fake_alloc_live(), 0);
        fake_assessment_free(a);
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, fake_sdk_setup),
        cmocka_unit_test_setup(test_threshold, fake_sdk_setup),
        cmocka_unit_test_setup(test_min_n_and_groups, fake_sdk_setup),
        cmocka_unit_test_setup(test_item_keys, fake_sdk_setup),
        cmocka_unit_test_setup(test_survey_rejects, fake_sdk_setup),
        cmocka_unit_test_setup(test_assess_small, fake_sdk_setup),
        cmocka_unit_test_setup(test_assess_threshold, fake_sdk_setup),
        cmocka_unit_test_setup(test_assess_periods, fake_sdk_setup),
        cmocka_unit_test_setup(test_assess_empty_element, fake_sdk_setup),
        cmocka_unit_test_setup(test_listed_groups, fake_sdk_setup),
        cmocka_unit_test_setup(test_actions, fake_sdk_setup),
        cmocka_unit_test_setup(test_out_of_memory, fake_sdk_setup),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("framework_adkar", tests, NULL, NULL);
}
