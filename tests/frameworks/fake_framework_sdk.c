/*
 * fake_framework_sdk.c — the SDK functions the framework plugins call, over
 * the instance and assessment of fake_framework_sdk.h, for unit tests that
 * must not depend on librpo. Behaviour follows the contracts in include/rpo/
 * as closely as a test needs. Compiled on its own, so its own allocations
 * use the C library: only the plugin's go through the budget.
 */
#include "fake_framework_sdk.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ budget */

static long budget = -1; /* allocations left; -1: unlimited */
static long live;        /* blocks handed out and not freed */

/* Whether one more allocation may succeed; if so, spends it. */
static int budget_take(void)
{
    if (budget == 0)
        return 0;
    if (budget > 0)
        budget--;
    return 1;
}

/* P, counted as a live block unless NULL. */
static void *counted(void *p)
{
    live += p != NULL;
    return p;
}

/* fake_malloc — see fake_framework_sdk.h. */
void *fake_malloc(size_t size)
{
    return budget_take() ? counted(malloc(size)) : NULL;
}

/* fake_calloc — see fake_framework_sdk.h. */
void *fake_calloc(size_t n, size_t size)
{
    return budget_take() ? counted(calloc(n, size)) : NULL;
}

/* fake_realloc — see fake_framework_sdk.h. */
void *fake_realloc(void *p, size_t size)
{
    if (!budget_take())
        return NULL;
    void *q = realloc(p, size);
    return p ? q : counted(q);
}

/* fake_strdup — see fake_framework_sdk.h. */
char *fake_strdup(const char *s)
{
    return budget_take() ? counted(strdup(s)) : NULL;
}

/* fake_strndup — see fake_framework_sdk.h. */
char *fake_strndup(const char *s, size_t n)
{
    return budget_take() ? counted(strndup(s, n)) : NULL;
}

/* fake_free — see fake_framework_sdk.h. */
void fake_free(void *p)
{
    live -= p != NULL;
    free(p);
}

/* fake_alloc_budget — see fake_framework_sdk.h. */
void fake_alloc_budget(long n)
{
    budget = n;
}

/* fake_alloc_live — see fake_framework_sdk.h. */
long fake_alloc_live(void)
{
    return live;
}

/* --------------------------------------------------------------------- log */

static char log_text[8192];
static size_t log_len;
static char log_last[1200]; /* "KEY: " and a message of up to 1023 bytes */

/* Fails the test unless N, what a printf-style call into SIZE bytes
 * returned, says the text fitted. */
static void check_fits(int n, size_t size)
{
    if (n < 0 || (size_t)n >= size)
        fail_msg("fake_framework_sdk: text of %d bytes for a buffer of %zu", n, size);
}

/*
 * Formats FMT and AP, less one trailing newline, and appends it as a line of
 * the log after PREFIX and, unless KEY is NULL, "KEY: "; keeps all but
 * PREFIX as the last line. Fails the test when it does not fit.
 */
static void log_line(const char *prefix, const char *key, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void log_line(const char *prefix, const char *key, const char *fmt, va_list ap)
{
    char message[1024];
    int n = vsnprintf(message, sizeof message, fmt, ap);
    check_fits(n, sizeof message);
    size_t len = (size_t)n;
    if (len > 0 && message[len - 1] == '\n')
        len--;
    check_fits(snprintf(log_last, sizeof log_last, "%s%s%.*s", key ? key : "", key ? ": " : "",
                        (int)len, message),
               sizeof log_last);
    check_fits(snprintf(log_text + log_len, sizeof log_text - log_len, "%s%s\n", prefix, log_last),
               sizeof log_text - log_len);
    log_len += strlen(log_text + log_len);
}

/* fake_log_text — see fake_framework_sdk.h. */
const char *fake_log_text(void)
{
    return log_text;
}

/* fake_log_last — see fake_framework_sdk.h. */
const char *fake_log_last(void)
{
    return log_last;
}

/* fake_log_reset — see fake_framework_sdk.h. */
void fake_log_reset(void)
{
    log_text[0] = '\0';
    log_len = 0;
    log_last[0] = '\0';
}

/* rpo_log — see rpo/log.h; the double logs "<LEVEL> MESSAGE" (fake_log_text). */
void rpo_log(const rpo_instance *inst, rpo_log_level level, const char *fmt, ...)
{
    char prefix[16];
    va_list ap;
    (void)inst;
    snprintf(prefix, sizeof prefix, "<%d> ", (int)level);
    va_start(ap, fmt);
    log_line(prefix, NULL, fmt, ap);
    va_end(ap);
}

/* rpo_status_name — see rpo/status.h (the engine's names). */
const char *rpo_status_name(int status)
{
    static const char *const names[] = {"ok",   "internal", "config", "noinput",     "data",
                                        "io",   "nomem",    "retry",  "unavailable", "cantcreat"};
    int count = (int)(sizeof names / sizeof names[0]);
    return status <= 0 && status > -count ? names[-status] : "unknown";
}

/* rpo_value_state_name — see rpo/report.h. */
const char *rpo_value_state_name(rpo_value_state state)
{
    static const char *const names[] = {"ok", "insufficient", "empty"};
    return (unsigned)state < sizeof names / sizeof names[0] ? names[state] : "unknown";
}

/* fake_sdk_reset — see fake_framework_sdk.h. */
void fake_sdk_reset(void)
{
    fake_log_reset();
    budget = -1;
    live = 0;
}

/* fake_sdk_setup — see fake_framework_sdk.h. */
int fake_sdk_setup(void **state)
{
    (void)state;
    fake_sdk_reset();
    return 0;
}

/* ------------------------------------------------------------------ config */

/* fake_create — see fake_framework_sdk.h. */
int fake_create(const rpo_plugin *plugin, rpo_instance *inst, const char *const *kv,
                void **ctx)
{
    inst->name = plugin->name;
    inst->keys = plugin->keys;
    inst->kv = kv;
    *ctx = NULL;
    return plugin->create(inst, ctx);
}

/* fake_survey — see fake_framework_sdk.h. */
int fake_survey(const rpo_plugin *plugin, void *ctx, const char *item, double score,
                const char *group, const char *respondent, int period, const char **why)
{
    rpo_survey_item it = {item, score, group, respondent, period, "P", "surveys.csv", 2};
    *why = NULL;
    return plugin->survey(ctx, &it, why);
}

/* rpo_config_error — see rpo/config.h; the double logs "config KEY: MESSAGE"
 * (fake_log_text). */
int rpo_config_error(const rpo_instance *inst, const char *key, const char *fmt, ...)
{
    va_list ap;
    (void)inst;
    va_start(ap, fmt);
    log_line("config ", key ? key : "-", fmt, ap);
    va_end(ap);
    return RPO_ECONFIG;
}

/* -------------------------------------------------------------- assessment */

#define HANDLE_BASE 1000 /* a group's handle: HANDLE_BASE + its number */

/* A group and the arrays its view points to. */
typedef struct group_rec {
    fake_group view;
    rpo_assessment_dimension_view *dims;
    rpo_assessment_figure_view *figs;
    rpo_assessment_finding_view *finds;
    size_t dims_cap, figs_cap, finds_cap;
} group_rec;

struct rpo_assessment {
    const char *index_name, *stage_name;
    group_rec *groups;
    size_t n_groups, groups_cap;
    fake_call *calls;
    size_t n_calls, calls_cap;
    char **strings; /* every copy, for fake_assessment_free */
    size_t n_strings, strings_cap;
};

/* ITEMS (*CAP items of SIZE bytes) with room for item N, grown as needed;
 * fails the test when out of memory. */
static void *grow(void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return items;
    size_t cap2 = *cap ? 2 * *cap : 8;
    void *p = realloc(items, cap2 * size);
    if (!p)
        fail_msg("fake_framework_sdk: out of memory");
    *cap = cap2;
    return p;
}

/* A copy of S ("" for NULL) that lives as long as A. */
static const char *keep(rpo_assessment *a, const char *s)
{
    a->strings = grow(a->strings, &a->strings_cap, a->n_strings, sizeof *a->strings);
    char *copy = strdup(s ? s : "");
    if (!copy)
        fail_msg("fake_framework_sdk: out of memory");
    a->strings[a->n_strings++] = copy;
    return copy;
}

/* Appends a call of KIND about group number GROUP to A's calls; returns it,
 * its other fields 0 and "". */
static fake_call *add_call(rpo_assessment *a, fake_call_kind kind, size_t group)
{
    a->calls = grow(a->calls, &a->calls_cap, a->n_calls, sizeof *a->calls);
    fake_call *c = &a->calls[a->n_calls++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->group = group;
    c->name = c->text = "";
    return c;
}

/* The group of handle G, failing the test unless it is the one started last. */
static group_rec *current(rpo_assessment *a, size_t g)
{
    if (a->n_groups == 0 || g != HANDLE_BASE + a->n_groups - 1)
        fail_msg("fake_framework_sdk: group handle %zu is not that of the group started last "
                 "(%zu groups)",
                 g, a->n_groups);
    return &a->groups[a->n_groups - 1];
}

/* Fails the test unless STATE is one of rpo_value_state. */
static void check_state(rpo_value_state state)
{
    if ((unsigned)state > RPO_VALUE_EMPTY)
        fail_msg("fake_framework_sdk: state %d is not an rpo_value_state", (int)state);
}

/* X as the engine stores it: fake_round, 0 when not finite. */
static double stored(double x, double scale)
{
    return isfinite(x) ? fake_round(x, scale) : 0;
}

/* fake_assessment_new — see fake_framework_sdk.h. */
rpo_assessment *fake_assessment_new(void)
{
    rpo_assessment *a = calloc(1, sizeof *a);
    if (!a)
        fail_msg("fake_framework_sdk: out of memory");
    a->index_name = a->stage_name = "";
    return a;
}

/* fake_assessment_free — see fake_framework_sdk.h. */
void fake_assessment_free(rpo_assessment *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_groups; i++) {
        free(a->groups[i].dims);
        free(a->groups[i].figs);
        free(a->groups[i].finds);
    }
    for (size_t i = 0; i < a->n_strings; i++)
        free(a->strings[i]);
    free(a->groups);
    free(a->calls);
    free(a->strings);
    free(a);
}

/* fake_assessment_index_name — see fake_framework_sdk.h. */
const char *fake_assessment_index_name(const rpo_assessment *a)
{
    return a->index_name;
}

/* fake_assessment_stage_name — see fake_framework_sdk.h. */
const char *fake_assessment_stage_name(const rpo_assessment *a)
{
    return a->stage_name;
}

/* fake_assessment_groups — see fake_framework_sdk.h. */
size_t fake_assessment_groups(const rpo_assessment *a)
{
    return a->n_groups;
}

/* fake_assessment_group — see fake_framework_sdk.h. */
const fake_group *fake_assessment_group(const rpo_assessment *a, size_t i)
{
    if (i >= a->n_groups)
        fail_msg("fake_framework_sdk: no group %zu (%zu groups)", i, a->n_groups);
    return &a->groups[i].view;
}

/* fake_assessment_calls — see fake_framework_sdk.h. */
size_t fake_assessment_calls(const rpo_assessment *a)
{
    return a->n_calls;
}

/* fake_assessment_call — see fake_framework_sdk.h. */
const fake_call *fake_assessment_call(const rpo_assessment *a, size_t i)
{
    if (i >= a->n_calls)
        fail_msg("fake_framework_sdk: no call %zu (%zu calls)", i, a->n_calls);
    return &a->calls[i];
}

/* rpo_assessment_headline — see rpo/framework.h. */
int rpo_assessment_headline(rpo_assessment *a, const char *index_name, const char *stage_name)
{
    fake_call *c = add_call(a, FAKE_HEADLINE, SIZE_MAX);
    c->name = a->index_name = keep(a, index_name);
    c->text = a->stage_name = keep(a, stage_name);
    return RPO_OK;
}

/* rpo_assessment_group — see rpo/framework.h; *G is a handle, not the
 * group's number. */
int rpo_assessment_group(rpo_assessment *a, const char *group, int period, unsigned long long n,
                         rpo_value_state state, size_t *g)
{
    check_state(state);
    a->groups = grow(a->groups, &a->groups_cap, a->n_groups, sizeof *a->groups);
    group_rec *r = &a->groups[a->n_groups];
    memset(r, 0, sizeof *r);
    r->view.group = keep(a, group);
    r->view.period = period;
    r->view.n = n;
    r->view.state = state;
    r->view.stage = "";
    fake_call *c = add_call(a, FAKE_GROUP, a->n_groups);
    c->name = r->view.group;
    c->period = period;
    c->n = n;
    c->state = state;
    *g = HANDLE_BASE + a->n_groups++;
    return RPO_OK;
}

/* rpo_assessment_index — see rpo/framework.h. */
int rpo_assessment_index(rpo_assessment *a, size_t g, double index, const char *stage)
{
    group_rec *r = current(a, g);
    r->view.has_index = 1;
    r->view.index = stored(index, 100);
    r->view.stage = keep(a, stage);
    fake_call *c = add_call(a, FAKE_INDEX, a->n_groups - 1);
    c->text = r->view.stage;
    c->value = index;
    return RPO_OK;
}

/* rpo_assessment_dimension — see rpo/framework.h. */
int rpo_assessment_dimension(rpo_assessment *a, size_t g, const char *name, unsigned long long n,
                             rpo_value_state state, double score, double spread,
                             const char *status)
{
    group_rec *r = current(a, g);
    check_state(state);
    r->dims = grow(r->dims, &r->dims_cap, r->view.n_dims, sizeof *r->dims);
    rpo_assessment_dimension_view *d = &r->dims[r->view.n_dims++];
    d->name = keep(a, name);
    d->n = n;
    d->state = state;
    d->score = state == RPO_VALUE_OK ? stored(score, 100) : 0;
    d->spread = state == RPO_VALUE_OK ? stored(spread, 100) : 0;
    d->status = keep(a, status);
    r->view.dims = r->dims;
    fake_call *c = add_call(a, FAKE_DIMENSION, a->n_groups - 1);
    c->name = d->name;
    c->text = d->status;
    c->n = n;
    c->state = state;
    c->value = score;
    c->spread = spread;
    return RPO_OK;
}

/* rpo_assessment_figure — see rpo/framework.h. */
int rpo_assessment_figure(rpo_assessment *a, size_t g, const char *table, const char *name,
                          double value, unsigned long long n)
{
    group_rec *r = current(a, g);
    r->figs = grow(r->figs, &r->figs_cap, r->view.n_figs, sizeof *r->figs);
    rpo_assessment_figure_view *f = &r->figs[r->view.n_figs++];
    f->table = keep(a, table);
    f->name = keep(a, name);
    f->value = stored(value, 10000);
    f->n = n;
    r->view.figs = r->figs;
    fake_call *c = add_call(a, FAKE_FIGURE, a->n_groups - 1);
    c->name = f->name;
    c->text = f->table;
    c->n = n;
    c->value = value;
    return RPO_OK;
}

/* rpo_assessment_finding — see rpo/framework.h. */
int rpo_assessment_finding(rpo_assessment *a, size_t g, const char *finding, const char *action)
{
    group_rec *r = current(a, g);
    r->finds = grow(r->finds, &r->finds_cap, r->view.n_finds, sizeof *r->finds);
    rpo_assessment_finding_view *f = &r->finds[r->view.n_finds++];
    f->finding = keep(a, finding);
    f->action = keep(a, action);
    r->view.finds = r->finds;
    fake_call *c = add_call(a, FAKE_FINDING, a->n_groups - 1);
    c->name = f->finding;
    c->text = f->action;
    return RPO_OK;
}

/* -------------------------------------------------------------------- text */

/* fake_round — see fake_framework_sdk.h. */
double fake_round(double x, double scale)
{
    if (!isfinite(x))
        return x;
    double y = x * scale;
    return round(y + copysign(1e-9 * scale, y)) / scale;
}

/* fake_appendf — see fake_framework_sdk.h. */
void fake_appendf(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    check_fits(n, size - len);
}
