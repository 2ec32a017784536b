/*
 * fake_framework_sdk.h — a test double of the SDK functions the framework
 * plugins call, so that their unit tests run without librpo: an instance
 * with key/value configuration and the rpo_config_* accessors, a log of what
 * rpo_log and rpo_config_error said, an rpo_assessment that records what
 * assess() builds, and an allocation budget for the plugin's own
 * allocations, so a test can make the Nth one fail.
 *
 * A test compiles the plugin's .c files into itself between
 * fake_framework_budget.h and fake_framework_budget_end.h (which route the
 * plugin's malloc, calloc, realloc, strdup, strndup and free through the
 * budget), links fake_framework_sdk.c, and gives every test fake_sdk_setup
 * as its cmocka setup.
 */
#ifndef FAKE_FRAMEWORK_SDK_H
#define FAKE_FRAMEWORK_SDK_H

#include <stddef.h>
#include <rpo/rpo.h>
#include "../common/fake_config.h"

/*
 * fake_sdk_reset — empties the log, lifts the budget (unlimited) and sets
 * the count of live blocks to 0. fake_sdk_setup is the same as a cmocka
 * setup function (STATE unused; returns 0).
 */
void fake_sdk_reset(void);
int fake_sdk_setup(void **state);

/* ---------------------------------------------------------------- instance */

/*
 * An instance: NAME (rpo_instance_name), the plugin's key table (the
 * defaults rpo_config_get falls back on; prefix keys have none; NULL: no
 * table) and the section's KEY, VALUE pairs, ended by a NULL key. The first
 * pair is on line 2 of the section (rpo_config_entry).
 */
/* struct rpo_instance: tests/common/fake_config.h */

/*
 * fake_create — sets INST up as an instance of PLUGIN (named after it, with
 * its key table) over KV, and calls PLUGIN's create() with *CTX NULL;
 * returns create()'s status. INST must outlive the context.
 */
int fake_create(const rpo_plugin *plugin, rpo_instance *inst, const char *const *kv,
                void **ctx);

/*
 * fake_survey — hands PLUGIN's survey() the response ITEM, SCORE, GROUP,
 * RESPONDENT, PERIOD of CTX's instrument (period label "P", from
 * surveys.csv line 2) and returns its status; *WHY is its reason, NULL
 * when it gave none.
 */
int fake_survey(const rpo_plugin *plugin, void *ctx, const char *item, double score,
                const char *group, const char *respondent, int period, const char **why);

/* --------------------------------------------------------------------- log */

/*
 * fake_log_text — everything logged since the last reset, one line a call:
 * "<LEVEL> MESSAGE" for rpo_log (LEVEL the rpo_log_level's number, one
 * trailing newline of the message dropped) and "config KEY: MESSAGE" for
 * rpo_config_error (KEY "-" when NULL). A message over 1023 bytes, a line
 * over 1199 or a log over 8191 fails the test.
 */
const char *fake_log_text(void);

/*
 * fake_log_last — the last line of the log without its "<LEVEL> " or
 * "config " prefix and its newline ("" when nothing was logged since the
 * last reset).
 */
const char *fake_log_last(void);

/* fake_log_reset — empties the log (and nothing else). */
void fake_log_reset(void);

/* -------------------------------------------------------------- the budget */

/*
 * The plugin's allocation functions, in place of the C library's: each
 * behaves as its namesake while the budget lasts, and spends one allocation
 * of it (fake_realloc too, whether or not it moves the block); once the
 * budget is spent it returns NULL without allocating. Blocks they return
 * count as live until fake_free frees them (a block fake_realloc replaces
 * stays one live block). fake_free(NULL) does nothing.
 */
void *fake_malloc(size_t size);
void *fake_calloc(size_t n, size_t size);
void *fake_realloc(void *p, size_t size);
char *fake_strdup(const char *s);
char *fake_strndup(const char *s, size_t n);
void fake_free(void *p);

/* fake_alloc_budget — lets the next N allocations succeed and fails the
 * rest; -1 for no limit. */
void fake_alloc_budget(long n);

/* fake_alloc_live — the blocks allocated through the budget and not freed
 * since the last fake_sdk_reset. */
long fake_alloc_live(void);

/* -------------------------------------------------------------- assessment */

/*
 * The assessment records each builder call (rpo_assessment_headline,
 * _group, _index, _dimension, _figure, _finding) twice: in call order with
 * the values as the plugin passed them (fake_call), and in its group as
 * the engine stores it (fake_group). Strings are copied. Groups are built
 * one at a time: a call for any group but the one started last fails the
 * test, as does a handle the double did not hand out (handles are not
 * group numbers) or a state outside rpo_value_state. Builders return
 * RPO_OK.
 */

typedef enum fake_call_kind {
    FAKE_HEADLINE,
    FAKE_GROUP,
    FAKE_INDEX,
    FAKE_DIMENSION,
    FAKE_FIGURE,
    FAKE_FINDING
} fake_call_kind;

/* One builder call, values unrounded; fields a call does not set are 0 or "". */
typedef struct fake_call {
    fake_call_kind kind;
    size_t group;          /* the group's number (fake_assessment_group); headline: SIZE_MAX */
    const char *name;      /* the index name (headline), group, dimension or figure name,
                              or the finding */
    const char *text;      /* the stage name (headline), the stage (index), the status
                              (dimension), the table (figure) or the action (finding) */
    int period;            /* group */
    unsigned long long n;  /* group, dimension, figure */
    rpo_value_state state; /* group, dimension */
    double value;          /* the index, the dimension's score, the figure's value */
    double spread;         /* dimension */
} fake_call;

/*
 * One group as the engine stores it: the index, scores and spreads rounded
 * to 2 decimals and figure values to 4 (fake_round), non-finite values and
 * the score and spread of a dimension not RPO_VALUE_OK stored as 0; stage
 * "" until an index is given.
 */
typedef struct fake_group {
    const char *group;
    int period;
    unsigned long long n;
    rpo_value_state state;
    int has_index;
    double index;
    const char *stage;
    size_t n_dims, n_figs, n_finds;
    const rpo_assessment_dimension_view *dims;
    const rpo_assessment_figure_view *figs;
    const rpo_assessment_finding_view *finds;
} fake_group;

/* fake_assessment_new — an empty assessment for assess() (fails the test
 * when out of memory); free it with fake_assessment_free (NULL: no-op). */
rpo_assessment *fake_assessment_new(void);
void fake_assessment_free(rpo_assessment *a);

/* fake_assessment_index_name / _stage_name — the names of A's last
 * headline call ("" when none). */
const char *fake_assessment_index_name(const rpo_assessment *a);
const char *fake_assessment_stage_name(const rpo_assessment *a);

/*
 * fake_assessment_groups / fake_assessment_group — how many groups A has,
 * and group I of them in the order they were started (I out of range fails
 * the test). The group is valid until A gets another group or is freed.
 */
size_t fake_assessment_groups(const rpo_assessment *a);
const fake_group *fake_assessment_group(const rpo_assessment *a, size_t i);

/*
 * fake_assessment_calls / fake_assessment_call — how many builder calls A
 * had, and call I of them in call order (I out of range fails the test).
 * The call is valid until A gets another one or is freed.
 */
size_t fake_assessment_calls(const rpo_assessment *a);
const fake_call *fake_assessment_call(const rpo_assessment *a, size_t i);

/* -------------------------------------------------------------------- text */

/*
 * fake_round — X rounded to 1/SCALE as the engine rounds assessment values:
 * half away from zero, a value within 1e-9 of a tie counting as the tie.
 * NaN and infinities are returned as they are (the engine stores 0), so
 * that a transcript shows them.
 */
double fake_round(double x, double scale);

/*
 * fake_appendf — appends FMT, printf-style, to the string in BUF (SIZE
 * bytes); fails the test when the result does not fit.
 */
void fake_appendf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
