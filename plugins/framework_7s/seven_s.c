/*
 * seven_s.c — framework plugin `7s`: the McKinsey 7-S model
 * (docs/framework-7s.md). Takes <element>.now and <element>.target answers
 * on 1-5 for the seven elements, books them by group and period
 * (framework_common/book.c) and reports per cell the elements now, the
 * targets and gaps, the 21 pairwise alignments, the hard and soft
 * sub-indices, the weighted alignment index with its weakest pair, and
 * findings for the weakest pairs and the largest gap. The scoring itself is
 * in score.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpo/rpo.h>

#include "../framework_common/book.h"
#include "score.h"

#define S7_ITEMS (2 * S7_ELEMENTS) /* book dimension 2e: <element e>.now, 2e + 1: .target */
#define S7_NO_ITEM ((size_t)-1)

static const char *const item_names[S7_ITEMS] = {
    "strategy.now",      "strategy.target",
    "structure.now",     "structure.target",
    "systems.now",       "systems.target",
    "shared_values.now", "shared_values.target",
    "style.now",         "style.target",
    "staff.now",         "staff.target",
    "skills.now",        "skills.target"};

static const rpo_config_key seven_s_keys[] = {
    {"min_n", RPO_KEY_INT, 0, "5",
     "groups with fewer respondents are reported insufficient, with n and no scores"},
    {"groups", RPO_KEY_STRING, 0, NULL,
     "assess only these groups (a comma list); others are rejected, listed ones without "
     "answers get n 0"},
    {"item.<name>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "the survey item that means <name> (strategy.now ... skills.target), "
     "e.g. item.style.now = q7"},
    {"shared_values_weight", RPO_KEY_STRING, 0, "2",
     "weight of the six pairs with shared_values in the alignment index (a number > 0)"},
    {"weakest", RPO_KEY_INT, 0, "3", "how many of the weakest pairs to report as findings (0-21)"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct seven_s {
    const rpo_instance *inst;
    long min_n, weakest;
    double sv_weight;
    const char *map[S7_ITEMS]; /* item.<name> values (the engine's strings), or NULL */
    fw_groups groups;
    fw_book book;
} seven_s;

/* The book dimension of survey item NAME: a mapped name first, then the
 * framework's own names; S7_NO_ITEM when neither. */
static size_t item_of(const seven_s *s, const char *name)
{
    for (size_t d = 0; d < S7_ITEMS; d++)
        if (s->map[d] && strcmp(s->map[d], name) == 0)
            return d;
    for (size_t d = 0; d < S7_ITEMS; d++)
        if (strcmp(item_names[d], name) == 0)
            return d;
    return S7_NO_ITEM;
}

/* Reads the item.<name> keys into S->map; RPO_ECONFIG after logging why. */
static int read_items(seven_s *s)
{
    size_t count = rpo_config_count(s->inst);
    for (size_t i = 0; i < count; i++) {
        const char *key, *value;
        if (rpo_config_entry(s->inst, i, &key, &value, NULL) != RPO_OK ||
            strncmp(key, "item.", 5) != 0)
            continue;
        size_t d = 0;
        while (d < S7_ITEMS && strcmp(item_names[d], key + 5) != 0)
            d++;
        if (d == S7_ITEMS)
            return rpo_config_error(s->inst, key,
                                    "unknown 7-S item '%s'; expected <element>.now or "
                                    "<element>.target with element strategy, structure, "
                                    "systems, shared_values, style, staff or skills",
                                    key + 5);
        if (!*value)
            return rpo_config_error(s->inst, key, "names no survey item");
        for (size_t o = 0; o < S7_ITEMS; o++)
            if (s->map[o] && strcmp(s->map[o], value) == 0)
                return rpo_config_error(s->inst, key, "survey item '%s' is already item.%s", value,
                                        item_names[o]);
        s->map[d] = value;
    }
    return RPO_OK;
}

/* Reads min_n, weakest and shared_values_weight; RPO_ECONFIG after logging why. */
static int read_numbers(seven_s *s)
{
    s->min_n = rpo_config_long(s->inst, "min_n", 5);
    if (s->min_n < 1)
        return rpo_config_error(s->inst, "min_n", "must be 1 or more, not %ld", s->min_n);
    s->weakest = rpo_config_long(s->inst, "weakest", 3);
    if (s->weakest < 0 || s->weakest > S7_PAIRS)
        return rpo_config_error(s->inst, "weakest", "must be from 0 to %d (the pairs), not %ld",
                                S7_PAIRS, s->weakest);
    const char *w = rpo_config_get(s->inst, "shared_values_weight");
    char *end = NULL;
    s->sv_weight = w ? strtod(w, &end) : 2;
    if (w && (end == w || *end || !isfinite(s->sv_weight) || s->sv_weight <= 0))
        return rpo_config_error(s->inst, "shared_values_weight",
                                "must be a number greater than 0 (e.g. 2), not \"%s\"", w);
    return RPO_OK;
}

/* destroy — frees the book, the group list and the context; NULL is fine. */
static void seven_s_destroy(void *ctx)
{
    seven_s *s = ctx;
    if (!s)
        return;
    fw_book_free(&s->book);
    fw_groups_free(&s->groups);
    free(s);
}

/* create — reads and checks the keys into a new context; RPO_ECONFIG or
 * RPO_ENOMEM after logging why. */
static int seven_s_create(rpo_instance *inst, void **ctx)
{
    seven_s *s = calloc(1, sizeof *s);
    if (!s) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    s->inst = inst;
    fw_book_init(&s->book, S7_ITEMS);
    int rc = read_numbers(s);
    if (rc == RPO_OK)
        rc = read_items(s);
    if (rc == RPO_OK && (rc = fw_groups_read(inst, &s->groups)) != RPO_OK)
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
    if (rc != RPO_OK) {
        seven_s_destroy(s);
        return rc;
    }
    *ctx = s;
    return RPO_OK;
}

/* survey — books one response under its item; 1 for an unknown item or a
 * group outside `groups`, 2 for a score outside 1-5 (static reasons in *WHY),
 * RPO_ENOMEM after logging. */
static int seven_s_survey(void *ctx, const rpo_survey_item *item, const char **why)
{
    seven_s *s = ctx;
    size_t d = item_of(s, item->item);
    if (d == S7_NO_ITEM) {
        *why = "not a 7-S item: expected <element>.now or <element>.target for strategy, "
               "structure, systems, shared_values, style, staff or skills, or a name mapped "
               "with item.<name>";
        return 1;
    }
    if (!fw_group_allowed(&s->groups, item->group)) {
        *why = item->group[0] ? "its group is not in the framework's groups list"
                              : "it has no group, and the framework's groups key lists the groups";
        return 3;
    }
    if (!(item->score >= 1 && item->score <= 5)) {
        *why = "out of range: 7-S items take scores from 1 to 5";
        return 2;
    }
    if (fw_book_add(&s->book, item, d, item->score) != RPO_OK) {
        rpo_log(s->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    return RPO_OK;
}

/* Group G's dimensions: each element's now answers, with its gap as status. */
static int put_dimensions(rpo_assessment *a, size_t g, const s7_stats st[S7_ELEMENTS])
{
    int rc = RPO_OK;
    for (int e = 0; e < S7_ELEMENTS && rc == RPO_OK; e++) {
        char status[32] = "";
        if (st[e].n_now && st[e].n_target)
            snprintf(status, sizeof status, "gap %.2f", s7_round2(st[e].target - st[e].now));
        rc = rpo_assessment_dimension(a, g, s7_element[e], st[e].n_now,
                                      st[e].n_now ? RPO_VALUE_OK : RPO_VALUE_EMPTY,
                                      s7_snap(st[e].now), s7_snap(st[e].sd), status);
    }
    return rc;
}

/* Group G's figure tables: target, gap, pair alignment, sub-indices. */
static int put_figures(rpo_assessment *a, size_t g, const s7_stats st[S7_ELEMENTS],
                       const s7_score *sc)
{
    int rc = RPO_OK;
    for (int e = 0; e < S7_ELEMENTS && rc == RPO_OK; e++)
        if (st[e].n_target)
            rc = rpo_assessment_figure(a, g, "target", s7_element[e], s7_snap(st[e].target),
                                       st[e].n_target);
    for (int e = 0; e < S7_ELEMENTS && rc == RPO_OK; e++)
        if (st[e].n_now && st[e].n_target)
            rc = rpo_assessment_figure(a, g, "gap", s7_element[e],
                                       s7_snap(st[e].target - st[e].now),
                                       st[e].n_now < st[e].n_target ? st[e].n_now : st[e].n_target);
    for (size_t i = 0; i < sc->n_pairs && rc == RPO_OK; i++) {
        char name[64];
        rc = rpo_assessment_figure(a, g, "pair alignment",
                                   s7_pair_name(&sc->pairs[i], name, sizeof name),
                                   s7_snap(sc->pairs[i].alignment), sc->pairs[i].n);
    }
    static const char *const sub_names[2] = {"hard", "soft"};
    for (int k = 0; k < 2 && rc == RPO_OK; k++)
        if (sc->has_sub[k])
            rc = rpo_assessment_figure(a, g, "sub-indices", sub_names[k], s7_snap(sc->sub[k]),
                                       sc->n_sub[k]);
    return rc;
}

/* Group G's findings: the weakest pairs, then the largest gap. */
static int put_findings(const seven_s *s, rpo_assessment *a, size_t g,
                        const s7_stats st[S7_ELEMENTS], const s7_score *sc)
{
    int rc = RPO_OK;
    for (size_t k = 0; k < sc->n_pairs && k < (size_t)s->weakest && rc == RPO_OK; k++) {
        const s7_pair *p = &sc->pairs[sc->weakest[k]];
        char name[64], finding[128], action[256];
        snprintf(finding, sizeof finding, "Weak alignment: %s (%.2f)",
                 s7_pair_name(p, name, sizeof name), s7_round2(p->alignment));
        snprintf(action, sizeof action,
                 "Bring %s and %s into line: agree which must change, then plan the change of "
                 "the other elements it touches, shared values first.",
                 s7_element[p->a], s7_element[p->b]);
        rc = rpo_assessment_finding(a, g, finding, action);
    }
    if (rc == RPO_OK && sc->largest_gap >= 0) {
        int e = sc->largest_gap;
        char finding[128], action[192];
        snprintf(finding, sizeof finding, "Largest gap: %s (now %.2f, target %.2f)", s7_element[e],
                 s7_round2(st[e].now), s7_round2(st[e].target));
        snprintf(action, sizeof action,
                 "Close the gap on %s first: the elements aligned to it are held back by it.",
                 s7_element[e]);
        rc = rpo_assessment_finding(a, g, finding, action);
    }
    return rc;
}

/* The assessment of cell C, whose n is at least min_n. */
static int assess_cell(const seven_s *s, rpo_assessment *a, const fw_cell *c)
{
    s7_stats st[S7_ELEMENTS];
    for (int e = 0; e < S7_ELEMENTS; e++) {
        double sd;
        st[e].n_now = fw_stats(&c->dims[2 * e], &st[e].now, &st[e].sd);
        st[e].n_target = fw_stats(&c->dims[2 * e + 1], &st[e].target, &sd);
    }
    s7_score sc;
    s7_score_cell(st, s->sv_weight, &sc);
    size_t g;
    int rc = rpo_assessment_group(a, c->group, c->period, c->n_resp, RPO_VALUE_OK, &g);
    if (rc == RPO_OK && sc.has_index) {
        char weakest[64];
        rc = rpo_assessment_index(a, g, s7_snap(sc.index),
                                  s7_pair_name(&sc.pairs[sc.weakest[0]], weakest, sizeof weakest));
    }
    if (rc == RPO_OK)
        rc = put_dimensions(a, g, st);
    if (rc == RPO_OK)
        rc = put_figures(a, g, st, &sc);
    if (rc == RPO_OK)
        rc = put_findings(s, a, g, st, &sc);
    return rc;
}

/* assess — one group per cell of the book, in its sorted order: insufficient
 * below min_n, else scored (assess_cell). */
static int seven_s_assess(void *ctx, rpo_assessment *a)
{
    seven_s *s = ctx;
    int rc = fw_add_listed_groups(&s->book, &s->groups);
    if (rc != RPO_OK) {
        rpo_log(s->inst, RPO_LOG_ERROR, "out of memory");
        return rc;
    }
    fw_book_sort(&s->book);
    rc = rpo_assessment_headline(a, "alignment index", "weakest pair");
    for (size_t i = 0; i < s->book.n_cells && rc == RPO_OK; i++) {
        const fw_cell *c = &s->book.cells[i];
        if (c->n_resp < (unsigned long long)s->min_n) {
            size_t g;
            rc = rpo_assessment_group(a, c->group, c->period, c->n_resp,
                                      RPO_VALUE_INSUFFICIENT, &g);
        } else {
            rc = assess_cell(s, a, c);
        }
    }
    if (rc != RPO_OK)
        rpo_log(s->inst, RPO_LOG_ERROR, "cannot build the assessment (%s)", rpo_status_name(rc));
    return rc;
}

RPO_PLUGIN_EXPORT(framework_7s) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_FRAMEWORK,
    .name = "7s",
    .version = "1.0.0",
    .description =
        "McKinsey 7-S alignment: the seven elements now and as target, pairwise alignment",
    .keys = seven_s_keys,
    .create = seven_s_create,
    .destroy = seven_s_destroy,
    .survey = seven_s_survey,
    .assess = seven_s_assess,
};
