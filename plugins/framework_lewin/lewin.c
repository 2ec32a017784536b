/*
 * framework_lewin — Lewin's unfreeze-change-refreeze stages and force-field
 * analysis over the responses of one survey instrument. The scoring rules
 * are in docs/framework-lewin.md; in short:
 *
 *   items    unfreeze.<indicator>, change.<indicator>, refreeze.<indicator>
 *            (stage indicators) and driving.<force>, restraining.<force>
 *            (forces), scored 1-5; item.<name> = RAW maps a client's item
 *   stages   mean and sample SD of all indicator answers of each stage; the
 *            current stage is the first whose mean is below `threshold`,
 *            "refrozen" when none is (judged only when all three have answers)
 *   index    (mean of the three stage means - 1) / 4 x 100
 *   forces   each force's mean; driving and restraining totals and the net
 *   findings the current stage, then the `top_restraining` strongest
 *            restraining forces
 *
 * Responses are kept as they arrive and booked in assess(): force names are
 * free, so the number of dimensions of the book (three stages plus one per
 * force) is known only once every response was read.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpo/rpo.h>

#include "../framework_common/book.h"

enum { LW_UNFREEZE, LW_CHANGE, LW_REFREEZE, LW_STAGES, LW_DRIVING = LW_STAGES, LW_RESTRAINING,
       LW_KINDS };

/* The item prefixes, by kind; the stage names are the prefixes without the dot. */
static const char *const lw_prefixes[LW_KINDS] = {"unfreeze.", "change.", "refreeze.",
                                                  "driving.", "restraining."};
static const char *const lw_stage_names[LW_STAGES] = {"unfreeze", "change", "refreeze"};

static const char *const lw_stage_actions[LW_STAGES] = {
    "Unfreeze: create the motivation to change: make the case, show the gap, and reduce the "
    "fear of failing.",
    "Move: provide the new processes, training and support, and keep communicating while "
    "people adopt them.",
    "Refreeze: anchor the new ways in structures, rewards, standards and measures so they "
    "stick."};

static const char lw_force_action[] =
    "Weaken this force before pushing harder on the driving forces: reducing resistance moves "
    "the equilibrium with less tension (Lewin).";

static const char lw_why_item[] =
    "unknown item: expected unfreeze.<indicator>, change.<indicator>, refreeze.<indicator>, "
    "driving.<force> or restraining.<force>, or a key item.<name> that maps it";
static const char lw_why_group[] = "group not listed in the framework's groups key";
static const char lw_why_nogroup[] = "response without a group, and the framework's groups key is set";
static const char lw_why_score[] = "score must be a number from 1 to 5";

static const rpo_config_key lewin_keys[] = {
    {"threshold", RPO_KEY_STRING, 0, "3",
     "a stage whose mean (1-5) is below this number is the current stage (a number from 1 to 5)"},
    {"min_n", RPO_KEY_INT, 0, "5",
     "groups with fewer respondents are reported insufficient, with n and no scores"},
    {"groups", RPO_KEY_STRING, 0, NULL,
     "comma list of the groups to assess; responses of other groups or of none are rejected"},
    {"top_restraining", RPO_KEY_INT, 0, "3",
     "how many of the strongest restraining forces get a finding (0: none)"},
    {"item.<name>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "the survey item that feeds framework item <name> (unfreeze.X, change.X, refreeze.X, "
     "driving.X, restraining.X), e.g. item.unfreeze.urgency = q1"},
    {NULL, 0, 0, NULL, NULL}};

/* An item.<name> key: survey item RAW is framework item ITEM (strings of the engine). */
typedef struct lw_map {
    const char *raw, *item;
} lw_map;

/* A force, in first-seen order; its dimension in the book is LW_STAGES + its index. */
typedef struct lw_force {
    char *name; /* without the prefix */
    int kind;   /* LW_DRIVING or LW_RESTRAINING */
} lw_force;

/* An accepted response, kept until assess(). */
typedef struct lw_answer {
    double score;
    int period;
    size_t dim;
    char *who; /* the group, '\0', the respondent key, '\0' */
} lw_answer;

typedef struct lewin {
    const rpo_instance *inst;
    double threshold;
    unsigned long long min_n;
    size_t top_restraining;
    fw_groups groups;
    lw_map *maps;
    size_t n_maps;
    lw_force *forces;
    size_t n_forces, cap_forces;
    lw_answer *answers;
    size_t n_answers, cap_answers;
} lewin;

/* The kind of framework item NAME (LW_UNFREEZE ... LW_RESTRAINING), the
 * part after its prefix in *REST; -1 when NAME is none of them. */
static int lw_kind(const char *name, const char **rest)
{
    for (int k = 0; k < LW_KINDS; k++) {
        size_t lp = strlen(lw_prefixes[k]);
        if (strncmp(name, lw_prefixes[k], lp) == 0 && name[lp] != '\0') {
            *rest = name + lp;
            return k;
        }
    }
    return -1;
}

/* X rounded to 2 decimals, half away from zero, as the engine rounds scores. */
static double lw_round2(double x)
{
    return round(x * 100) / 100;
}

static void lewin_destroy(void *vctx)
{
    lewin *L = vctx;
    if (!L)
        return;
    fw_groups_free(&L->groups);
    free(L->maps);
    for (size_t i = 0; i < L->n_forces; i++)
        free(L->forces[i].name);
    free(L->forces);
    for (size_t i = 0; i < L->n_answers; i++)
        free(L->answers[i].who);
    free(L->answers);
    free(L);
}

/* Reads threshold, min_n and top_restraining into L; RPO_OK or RPO_ECONFIG (logged). */
static int lw_read_numbers(lewin *L)
{
    const char *t = rpo_config_get(L->inst, "threshold");
    char *end;
    L->threshold = strtod(t, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == t || *end || !(L->threshold >= 1 && L->threshold <= 5))
        return rpo_config_error(L->inst, "threshold", "must be a number from 1 to 5, e.g. 3 or 3.5");
    long min_n = rpo_config_long(L->inst, "min_n", 5);
    if (min_n < 1 || min_n > 1000000)
        return rpo_config_error(L->inst, "min_n", "must be a whole number from 1 to 1000000");
    L->min_n = (unsigned long long)min_n;
    long top = rpo_config_long(L->inst, "top_restraining", 3);
    if (top < 0 || top > 1000)
        return rpo_config_error(L->inst, "top_restraining", "must be a whole number from 0 to 1000");
    L->top_restraining = (size_t)top;
    return RPO_OK;
}

/* Reads the item.<name> keys into L->maps; RPO_OK, RPO_ECONFIG or RPO_ENOMEM (logged). */
static int lw_read_maps(lewin *L)
{
    size_t n = rpo_config_count(L->inst);
    L->maps = calloc(n ? n : 1, sizeof *L->maps);
    if (!L->maps) {
        rpo_log(L->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const char *key, *value, *rest;
        if (rpo_config_entry(L->inst, i, &key, &value, NULL) != RPO_OK ||
            strncmp(key, "item.", 5) != 0)
            continue;
        if (lw_kind(key + 5, &rest) < 0)
            return rpo_config_error(L->inst, key,
                                    "not a Lewin item: name unfreeze.<indicator>, "
                                    "change.<indicator>, refreeze.<indicator>, driving.<force> "
                                    "or restraining.<force> after item.");
        if (!value[0])
            return rpo_config_error(L->inst, key, "names no survey item");
        for (size_t k = 0; k < L->n_maps; k++)
            if (strcmp(L->maps[k].raw, value) == 0)
                return rpo_config_error(L->inst, key, "survey item %s is already mapped to %s",
                                        value, L->maps[k].item);
        L->maps[L->n_maps].raw = value;
        L->maps[L->n_maps].item = key + 5;
        L->n_maps++;
    }
    return RPO_OK;
}

/*
 * lewin_create — an instance from its [framework.NAME] section: threshold,
 * min_n, top_restraining, groups and item.<name> keys. RPO_OK, or
 * RPO_ECONFIG / RPO_ENOMEM after logging why.
 */
static int lewin_create(rpo_instance *inst, void **ctx)
{
    lewin *L = calloc(1, sizeof *L);
    if (!L) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    L->inst = inst;
    int rc = lw_read_numbers(L);
    if (rc == RPO_OK)
        rc = lw_read_maps(L);
    if (rc == RPO_OK && (rc = fw_groups_read(inst, &L->groups)) != RPO_OK)
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
    if (rc != RPO_OK) {
        lewin_destroy(L);
        return rc;
    }
    *ctx = L;
    return RPO_OK;
}

/* The index of force NAME of KIND, added when new; SIZE_MAX when out of memory. */
static size_t lw_force_of(lewin *L, int kind, const char *name)
{
    for (size_t i = 0; i < L->n_forces; i++)
        if (L->forces[i].kind == kind && strcmp(L->forces[i].name, name) == 0)
            return i;
    if (L->n_forces == L->cap_forces) {
        size_t cap = L->cap_forces ? 2 * L->cap_forces : 8;
        lw_force *f = realloc(L->forces, cap * sizeof *f);
        if (!f)
            return SIZE_MAX;
        L->forces = f;
        L->cap_forces = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return SIZE_MAX;
    L->forces[L->n_forces].name = copy;
    L->forces[L->n_forces].kind = kind;
    return L->n_forces++;
}

/* Keeps ITEM's score under dimension DIM; RPO_OK or RPO_ENOMEM. */
static int lw_keep(lewin *L, const rpo_survey_item *item, size_t dim)
{
    if (L->n_answers == L->cap_answers) {
        size_t cap = L->cap_answers ? 2 * L->cap_answers : 64;
        lw_answer *a = realloc(L->answers, cap * sizeof *a);
        if (!a)
            return RPO_ENOMEM;
        L->answers = a;
        L->cap_answers = cap;
    }
    size_t lg = strlen(item->group), lr = strlen(item->respondent);
    char *who = malloc(lg + lr + 2);
    if (!who)
        return RPO_ENOMEM;
    memcpy(who, item->group, lg + 1);
    memcpy(who + lg + 1, item->respondent, lr + 1);
    L->answers[L->n_answers++] = (lw_answer){item->score, item->period, dim, who};
    return RPO_OK;
}

/*
 * lewin_survey — take one response: its item (mapped through item.<name>)
 * must be a stage indicator or a force (else 1), its group allowed by
 * `groups` (else 1), its score a number from 1 to 5 (else 2); *WHY then
 * names the problem. RPO_OK when kept, RPO_ENOMEM (logged) to stop the run.
 */
static int lewin_survey(void *vctx, const rpo_survey_item *item, const char **why)
{
    lewin *L = vctx;
    const char *name = item->item, *rest;
    for (size_t i = 0; i < L->n_maps; i++)
        if (strcmp(L->maps[i].raw, name) == 0) {
            name = L->maps[i].item;
            break;
        }
    int kind = lw_kind(name, &rest);
    if (kind < 0) {
        *why = lw_why_item;
        return 1;
    }
    if (!fw_group_allowed(&L->groups, item->group)) {
        *why = item->group[0] ? lw_why_group : lw_why_nogroup;
        return 3;
    }
    if (!(item->score >= 1 && item->score <= 5)) {
        *why = lw_why_score;
        return 2;
    }
    size_t dim = (size_t)kind;
    if (kind >= LW_STAGES) {
        size_t f = lw_force_of(L, kind, rest);
        if (f == SIZE_MAX) {
            rpo_log(L->inst, RPO_LOG_ERROR, "out of memory");
            return RPO_ENOMEM;
        }
        dim = LW_STAGES + f;
    }
    if (lw_keep(L, item, dim) != RPO_OK) {
        rpo_log(L->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    return RPO_OK;
}

/* A finding of group G from a printf format (the text may be long: force
 * names are free). RPO_OK, RPO_ENOMEM, or what the engine returned. */
__attribute__((format(printf, 5, 6)))
static int lw_finding(rpo_assessment *a, size_t g, const char *action, size_t size,
                      const char *fmt, ...)
{
    char *text = malloc(size);
    if (!text)
        return RPO_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, size, fmt, ap);
    va_end(ap);
    int rc = rpo_assessment_finding(a, g, text, action);
    free(text);
    return rc;
}

/* A restraining force of a cell, for ranking. */
typedef struct lw_rank {
    double mean;
    const char *name;
} lw_rank;

/* Highest mean first; equal means by name, bytewise. */
static int lw_rank_cmp(const void *x, const void *y)
{
    const lw_rank *a = x, *b = y;
    if (a->mean != b->mean)
        return a->mean > b->mean ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* The force tables and force-field figures of cell C (group G), and in
 * RANKS (room for every force) its restraining forces; *N_RANKS their count. */
static int lw_forces(const lewin *L, const fw_cell *c, rpo_assessment *a, size_t g,
                     lw_rank *ranks, size_t *n_ranks)
{
    static const char *const tables[2] = {"driving forces", "restraining forces"};
    double total[2] = {0, 0};
    int any = 0, rc = RPO_OK;
    *n_ranks = 0;
    for (int t = 0; t < 2; t++) {
        for (size_t f = 0; f < L->n_forces && rc == RPO_OK; f++) {
            if (L->forces[f].kind != LW_DRIVING + t || !c->dims[LW_STAGES + f].n)
                continue;
            double mean, sd;
            unsigned long long n = fw_stats(&c->dims[LW_STAGES + f], &mean, &sd);
            rc = rpo_assessment_figure(a, g, tables[t], L->forces[f].name, mean, n);
            total[t] += mean;
            any = 1;
            if (t == 1)
                ranks[(*n_ranks)++] = (lw_rank){mean, L->forces[f].name};
        }
    }
    if (any && rc == RPO_OK)
        rc = rpo_assessment_figure(a, g, "force field", "driving total", total[0], c->n_resp);
    if (any && rc == RPO_OK)
        rc = rpo_assessment_figure(a, g, "force field", "restraining total", total[1], c->n_resp);
    if (any && rc == RPO_OK)
        rc = rpo_assessment_figure(a, g, "force field", "net", total[0] - total[1], c->n_resp);
    return rc;
}

/* The assessment of one cell of book B. RPO_OK or RPO_ENOMEM / the engine's status. */
static int lw_assess_cell(const lewin *L, const fw_cell *c, rpo_assessment *a, lw_rank *ranks)
{
    int ok = c->n_resp >= L->min_n;
    size_t g;
    int rc = rpo_assessment_group(a, c->group, c->period, c->n_resp,
                                  ok ? RPO_VALUE_OK : RPO_VALUE_INSUFFICIENT, &g);
    if (rc != RPO_OK || !ok)
        return rc;

    double mean[LW_STAGES], sd[LW_STAGES];
    unsigned long long n[LW_STAGES];
    int all = 1;
    for (int s = 0; s < LW_STAGES; s++) {
        n[s] = fw_stats(&c->dims[s], &mean[s], &sd[s]);
        all = all && n[s] > 0;
    }
    int current = -1; /* -1: not judged; LW_STAGES: refrozen */
    if (all) {
        current = LW_STAGES;
        for (int s = LW_STAGES - 1; s >= 0; s--)
            if (mean[s] < L->threshold)
                current = s;
        double index = ((mean[0] + mean[1] + mean[2]) / 3 - 1) / 4 * 100;
        rc = rpo_assessment_index(a, g, index,
                                  current == LW_STAGES ? "refrozen" : lw_stage_names[current]);
    }
    for (int s = 0; s < LW_STAGES && rc == RPO_OK; s++) {
        const char *status = current < 0 ? ""
                             : s < current ? "done"
                             : s == current ? "current stage"
                                            : "ahead";
        rc = rpo_assessment_dimension(a, g, lw_stage_names[s], n[s],
                                      n[s] ? RPO_VALUE_OK : RPO_VALUE_EMPTY, mean[s], sd[s],
                                      status);
    }

    size_t n_ranks = 0;
    if (rc == RPO_OK)
        rc = lw_forces(L, c, a, g, ranks, &n_ranks);
    if (rc == RPO_OK && current >= 0 && current < LW_STAGES)
        rc = lw_finding(a, g, lw_stage_actions[current], 128,
                        "Current stage: %s (mean %.2f below %g)", lw_stage_names[current],
                        lw_round2(mean[current]), L->threshold);
    if (n_ranks > 1)
        qsort(ranks, n_ranks, sizeof *ranks, lw_rank_cmp);
    for (size_t i = 0; i < n_ranks && i < L->top_restraining && rc == RPO_OK; i++)
        rc = lw_finding(a, g, lw_force_action, strlen(ranks[i].name) + 64,
                        "Restraining force: %s (mean %.2f)", ranks[i].name,
                        lw_round2(ranks[i].mean));
    return rc;
}

/*
 * lewin_assess — book the kept responses by group and period and assess
 * every cell: all respondents first, then the groups (listed groups without
 * responses with n 0). RPO_OK, or RPO_ENOMEM (logged) / the engine's status.
 */
static int lewin_assess(void *vctx, rpo_assessment *out)
{
    lewin *L = vctx;
    fw_book b;
    fw_book_init(&b, LW_STAGES + L->n_forces);
    lw_rank *ranks = malloc((L->n_forces ? L->n_forces : 1) * sizeof *ranks);
    int rc = ranks ? RPO_OK : RPO_ENOMEM;
    for (size_t i = 0; i < L->n_answers && rc == RPO_OK; i++) {
        const lw_answer *x = &L->answers[i];
        rpo_survey_item item = {.item = "",
                                .score = x->score,
                                .group = x->who,
                                .respondent = x->who + strlen(x->who) + 1,
                                .period = x->period,
                                .period_label = "",
                                .file = "",
                                .line = 0};
        rc = fw_book_add(&b, &item, x->dim, x->score);
    }
    if (rc == RPO_OK)
        rc = fw_add_listed_groups(&b, &L->groups);
    if (rc == RPO_OK) {
        fw_book_sort(&b);
        rc = rpo_assessment_headline(out, "change index", "current stage");
    }
    for (size_t i = 0; i < b.n_cells && rc == RPO_OK; i++)
        rc = lw_assess_cell(L, &b.cells[i], out, ranks);
    if (rc == RPO_ENOMEM)
        rpo_log(L->inst, RPO_LOG_ERROR, "out of memory");
    free(ranks);
    fw_book_free(&b);
    return rc;
}

RPO_PLUGIN_EXPORT(framework_lewin) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_FRAMEWORK,
    .name = "lewin",
    .version = "1.0.0",
    .description = "Lewin's unfreeze-change-refreeze stages and force-field analysis",
    .keys = lewin_keys,
    .create = lewin_create,
    .destroy = lewin_destroy,
    .survey = lewin_survey,
    .assess = lewin_assess,
};
