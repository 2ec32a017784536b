/*
 * registry.c — reading the metric registry's configuration (registry.h).
 */
#include "registry.h"
#include "parse.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys every [metric.ID] takes. */
#define TARGET_KEYS                                                                         \
    {"target", RPO_KEY_STRING, 0, NULL, "the value to meet, in the metric's unit"},         \
    {"target.<dimension>.<value>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,                    \
     "a target for one segment value, e.g. target.department.Sales = 40"},                 \
    {"baseline", RPO_KEY_STRING, 0, NULL,                                                   \
     "the pre-implementation value (a number), for change vs baseline"},                    \
    {"baseline_period", RPO_KEY_STRING, 0, NULL,                                            \
     "a period label (e.g. 2024Q1) whose value is the baseline, per segment"},              \
    {"tolerance", RPO_KEY_STRING, 0, "0",                                                   \
     "how far on the wrong side of the target is still 'near': in the unit (2) or % of "   \
     "the target (10%)"},                                                                   \
    {"key", RPO_KEY_BOOL, 0, "false", "a key metric: reports put it first (three at most)"}

static const rpo_config_key metric_keys[] = {TARGET_KEYS, {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key qoh_keys[] = {
    TARGET_KEYS,
    {"weight.<component>", RPO_KEY_INT, RPO_KEY_PREFIX, NULL,
     "weight of performance (40), hm_rating (30), ramp (15), retention (15); 0 drops it"},
    {"performance_max", RPO_KEY_INT, 0, "5", "top of the performance scale (bottom is 1)"},
    {"hm_rating_max", RPO_KEY_INT, 0, "5", "top of the 90-day hiring-manager rating scale"},
    {"ramp_days_max", RPO_KEY_INT, 0, "180", "ramp time scoring 0; a ramp of 0 days scores 100"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key slate_keys[] = {
    TARGET_KEYS,
    {"min_diverse", RPO_KEY_INT, 0, "2", "diverse submitted candidates a slate needs"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key survey_keys[] = {
    TARGET_KEYS,
    {"instrument", RPO_KEY_STRING, 0, NULL, "the survey instrument whose responses count"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key risk_keys[] = {
    TARGET_KEYS,
    {"min_severity", RPO_KEY_INT, 0, "4", "severity from which an open risk is high"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key custom_keys[] = {
    TARGET_KEYS,
    {"formula", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL,
     "the metric over other metrics of the same period and segment, e.g. hires / "
     "requisitions_opened"},
    {"name", RPO_KEY_STRING, 0, NULL, "the name reports show (default: the id)"},
    {"unit", RPO_KEY_STRING, 0, "ratio", "count, days, percent, currency, ratio or score"},
    {"direction", RPO_KEY_STRING, 0, "none", "higher_is_better, lower_is_better or none"},
    {"definition", RPO_KEY_STRING, 0, NULL, "one paragraph on what it measures"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key incentive_keys[] = {
    {"metric.<id>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "weight of a metric with a target in the incentive"},
    {"cap", RPO_KEY_STRING, 0, "120", "attainment cap per metric, in %"},
    {"tiers", RPO_KEY_STRING, 0, "80:50, 100:100, 110:120",
     "ATTAINMENT:PAYOUT pairs in %, ascending"},
    {"pool", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL, "amount at stake per period"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key achievement_keys[] = {
    {"streak", RPO_KEY_INT, 0, "3", "periods in a row with the target met that make a streak"},
    {"min_periods", RPO_KEY_INT, 0, "3", "complete periods with values before a best period counts"},
    {"hire_milestones", RPO_KEY_STRING, 0, "10, 25, 50, 100, 250, 500, 1000",
     "hire counts to celebrate"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key goal_keys[] = {
    {"description", RPO_KEY_STRING, 0, NULL, "the business goal in words"},
    {"levers", RPO_KEY_STRING, 0, NULL, "lever record names the partnership controls"},
    {"metrics", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL, "delivery metric ids"},
    {"outcomes", RPO_KEY_STRING, 0, NULL, "outcome record names (business results)"},
    {"min_periods", RPO_KEY_INT, 0, "3", "periods with both values needed for a correlation"},
    {NULL, 0, 0, NULL, NULL}};

static const rpo_config_key *keys_for(const char *id)
{
    if (strcmp(id, "quality_of_hire") == 0)
        return qoh_keys;
    if (strcmp(id, "diverse_slate_rate") == 0)
        return slate_keys;
    if (strcmp(id, "candidate_nps") == 0 || strcmp(id, "hiring_manager_satisfaction") == 0)
        return survey_keys;
    if (strcmp(id, "risks_open_high") == 0)
        return risk_keys;
    return metric_keys;
}

typedef struct loader {
    rpo_registry *reg;
    const rpo_cfg *cfg;
    const rpo_logger *lg;
    int problems;
} loader;

static void problem(loader *L, const rpo_cfg_section *s, const rpo_cfg_entry *e, const char *fmt,
                    const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    if (L->cfg && s)
        rpo_cfg_error(L->lg, L->cfg, s, e ? e->key : NULL, e ? e->line : 0, "%s", msg);
    else /* a plugin's metric: no section to point at */
        rpo_logf(L->lg, NULL, RPO_LOG_ERROR, "%s", msg);
    L->problems++;
}

static int number(loader *L, const rpo_cfg_section *s, const rpo_cfg_entry *e, double *out)
{
    const char *why;
    if (rpo_parse_number(e->value, strlen(e->value), out, &why) == 0)
        return 0;
    problem(L, s, e, "'%s' is not a number", e->value);
    return -1;
}

static int whole(loader *L, const rpo_cfg_section *s, const rpo_cfg_entry *e, long lo, long hi,
                 long *out)
{
    const char *why;
    if (rpo_parse_integer(e->value, strlen(e->value), lo, hi, out, &why) == 0)
        return 0;
    char msg[160];
    snprintf(msg, sizeof msg, "must be a whole number from %ld to %ld", lo, hi);
    problem(L, s, e, "%s", msg);
    return -1;
}

/* Splits a comma-separated list into trimmed items (owned array of owned strings). */
static char **split_list(const char *text, size_t *n)
{
    char **items = NULL;
    *n = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *a = p, *b = p + len;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        items = rpo_xrealloc(items, (*n + 1) * sizeof *items);
        items[(*n)++] = rpo_xstrndup(a, (size_t)(b - a));
        p = end ? end + 1 : p + len;
    }
    return items;
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

long rpo_registry_find(const rpo_registry *reg, const char *id)
{
    for (size_t i = 0; i < reg->n; i++)
        if (strcmp(reg->m[i].info.id, id) == 0)
            return (long)i;
    return -1;
}

static rpo_reg_metric *add_metric(rpo_registry *reg)
{
    reg->m = rpo_xrealloc(reg->m, (reg->n + 1) * sizeof *reg->m);
    rpo_reg_metric *m = &reg->m[reg->n++];
    memset(m, 0, sizeof *m);
    return m;
}

static int word_index(const char *w, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strcmp(w, words[i]) == 0)
            return i;
    return -1;
}

/* Whether TEXT is a label the calendar gives some period (2025Q1, FY2026Q3,
 * 2025-07): it is, when the period of its own first day has that label. */
static int period_label_ok(const rpo_calendar *cal, const char *text)
{
    int y, n, len = 0;
    rpo_day first;
    if (cal->months_per_period == 1) {
        if (sscanf(text, "%4d-%2d%n", &y, &n, &len) != 2 || n < 1 || n > 12)
            return 0;
        first = rpo_days_from_civil(y, n, 1);
    } else if (cal->fy_start_month == 1) {
        if (sscanf(text, "%4dQ%1d%n", &y, &n, &len) != 2 || n < 1 || n > 4)
            return 0;
        first = rpo_days_from_civil(y, 3 * (n - 1) + 1, 1);
    } else {
        if (sscanf(text, "FY%4dQ%1d%n", &y, &n, &len) != 2 || n < 1 || n > 4)
            return 0;
        int m0 = cal->fy_start_month + 3 * (n - 1); /* the fiscal year ends in year y */
        int year = y - 1 + (m0 > 12);
        first = rpo_days_from_civil(year, (m0 - 1) % 12 + 1, 1);
    }
    char label[16];
    rpo_period_label(cal, rpo_period_of(cal, first), label);
    return text[len] == '\0' && strcmp(label, text) == 0;
}

/* Reads target, segment targets, baseline, tolerance and key of S into M. */
static void read_targets(loader *L, const rpo_cfg_section *s, rpo_reg_metric *m)
{
    for (size_t i = 0; i < s->n_entries; i++) {
        const rpo_cfg_entry *e = &s->entries[i];
        if (strcmp(e->key, "target") == 0) {
            m->has_target = number(L, s, e, &m->target) == 0;
        } else if (strncmp(e->key, "target.", 7) == 0) {
            const char *dim = e->key + 7, *dot = strchr(dim, '.');
            int d = -1;
            for (int k = 0; dot && k < DIM__N; k++)
                if ((size_t)(dot - dim) == strlen(rpo_dim_name(k)) &&
                    strncmp(dim, rpo_dim_name(k), (size_t)(dot - dim)) == 0)
                    d = k;
            double t;
            if (d < 0 || !dot[1]) {
                problem(L, s, e, "%s", "write target.DIMENSION.VALUE with a dimension of "
                                       "department, location, level, source, recruiter, "
                                       "hiring_manager, owner");
            } else if (!(m->dims & (1u << d))) {
                problem(L, s, e, "this metric has no '%s' segments", rpo_dim_name(d));
            } else if (number(L, s, e, &t) == 0) {
                m->seg_targets = rpo_xrealloc(m->seg_targets,
                                              (m->n_seg_targets + 1) * sizeof *m->seg_targets);
                rpo_seg_target *st = &m->seg_targets[m->n_seg_targets++];
                st->dim = d;
                st->value = rpo_xstrdup(dot + 1);
                st->target = t;
            }
        } else if (strcmp(e->key, "baseline") == 0) {
            if (number(L, s, e, &m->baseline) == 0)
                m->baseline_kind = 1;
        } else if (strcmp(e->key, "baseline_period") == 0) {
            m->baseline_kind = 2;
            m->baseline_period = rpo_xstrdup(e->value);
            if (!period_label_ok(&L->reg->opt.cal, e->value))
                problem(L, s, e, "'%s' is not a period label of this engagement's calendar "
                                 "(e.g. 2025Q1, FY2026Q1 with a fiscal year, 2025-03 with months)",
                        e->value);
        } else if (strcmp(e->key, "tolerance") == 0) {
            size_t len = strlen(e->value);
            const char *why;
            m->tolerance_pct = len && e->value[len - 1] == '%';
            if (rpo_parse_number(e->value, len - (size_t)m->tolerance_pct, &m->tolerance, &why) != 0 ||
                m->tolerance < 0)
                problem(L, s, e, "'%s' is not a tolerance: write a number (2) or a percentage (10%%)",
                        e->value);
        } else if (strcmp(e->key, "key") == 0) {
            const char *why;
            rpo_parse_bool(e->value, strlen(e->value), &m->info.key, &why);
        }
    }
    if (rpo_cfg_entry_find(s, "baseline") && rpo_cfg_entry_find(s, "baseline_period"))
        problem(L, s, rpo_cfg_entry_find(s, "baseline_period"), "%s",
                "set baseline or baseline_period, not both");
    if ((m->has_target || m->n_seg_targets) && m->info.direction == RPO_DIRECTION_NONE) {
        const rpo_cfg_entry *t = rpo_cfg_entry_find(s, "target");
        for (size_t i = 0; !t && i < s->n_entries; i++)
            if (strncmp(s->entries[i].key, "target.", 7) == 0)
                t = &s->entries[i];
        problem(L, s, t, "%s",
                "this metric has no better direction, so a target cannot be met or missed");
    }
}

/* Reads the metric-specific keys of built-in ID into the model options. */
static void read_builtin_options(loader *L, const rpo_cfg_section *s)
{
    rpo_model_options *o = &L->reg->opt;
    const char *id = s->instance;
    long v;
    for (size_t i = 0; i < s->n_entries; i++) {
        const rpo_cfg_entry *e = &s->entries[i];
        if (strncmp(e->key, "weight.", 7) == 0) {
            static const char *const comp[] = {"performance", "hm_rating", "ramp", "retention", NULL};
            int c = word_index(e->key + 7, comp);
            if (c < 0)
                problem(L, s, e, "%s", "components are performance, hm_rating, ramp, retention");
            else if (whole(L, s, e, 0, 100, &v) == 0)
                o->qoh_weight[c] = (unsigned)v;
        } else if (strcmp(e->key, "performance_max") == 0 && whole(L, s, e, 2, 10, &v) == 0) {
            o->performance_max = (unsigned)v;
        } else if (strcmp(e->key, "hm_rating_max") == 0 && whole(L, s, e, 2, 10, &v) == 0) {
            o->hm_rating_max = (unsigned)v;
        } else if (strcmp(e->key, "ramp_days_max") == 0 && whole(L, s, e, 1, 730, &v) == 0) {
            o->ramp_days_max = (unsigned)v;
        } else if (strcmp(e->key, "min_diverse") == 0 && whole(L, s, e, 1, 1000, &v) == 0) {
            o->min_diverse = (unsigned)v;
        } else if (strcmp(e->key, "min_severity") == 0 && whole(L, s, e, 1, 5, &v) == 0) {
            o->risk_min_severity = (unsigned)v;
        } else if (strcmp(e->key, "instrument") == 0) {
            int k = strcmp(id, "candidate_nps") == 0 ? 0 : 1;
            free(L->reg->instrument[k]);
            L->reg->instrument[k] = rpo_xstrdup(e->value);
        }
    }
    unsigned w = 0;
    for (int c = 0; c < QOH__N; c++)
        w += o->qoh_weight[c];
    if (strcmp(id, "quality_of_hire") == 0 && !w)
        problem(L, s, NULL, "%s", "every quality-of-hire weight is 0; give one a weight");
}

static void read_custom(loader *L, const rpo_cfg_section *s)
{
    rpo_reg_metric *m = add_metric(L->reg);
    m->own[0] = rpo_xstrdup(s->instance);
    m->info.id = m->own[0];
    m->own[1] = rpo_xstrdup(rpo_cfg_value(s, "name", s->instance));
    m->info.name = m->own[1];
    m->own[2] = rpo_xstrdup(rpo_cfg_value(s, "definition", "A custom metric of this engagement."));
    m->info.definition = m->own[2];
    m->info.period_event = "as its inputs";
    m->info.process_area = "custom";
    m->info.origin = "config";
    static const char *const units[] = {"count", "days", "percent", "currency", "ratio", "score", NULL};
    static const char *const dirs[] = {"none", "higher_is_better", "lower_is_better", NULL};
    const rpo_cfg_entry *e = rpo_cfg_entry_find(s, "unit");
    int u = word_index(e ? e->value : "ratio", units);
    if (u < 0)
        problem(L, s, e, "unknown unit '%s'; units are count, days, percent, currency, ratio, score",
                e->value);
    m->info.unit = (rpo_unit)(u < 0 ? RPO_UNIT_RATIO : u);
    e = rpo_cfg_entry_find(s, "direction");
    int d = word_index(e ? e->value : "none", dirs);
    if (d < 0)
        problem(L, s, e, "unknown direction '%s'; use higher_is_better, lower_is_better or none",
                e->value);
    m->info.direction = (rpo_direction)(d < 0 ? 0 : d);
    e = rpo_cfg_entry_find(s, "formula");
    if (!e)
        return; /* reported by the key check */
    size_t col;
    const char *msg;
    if (rpo_formula_parse(e->value, &m->formula, &col, &msg) != 0) {
        char buf[256];
        snprintf(buf, sizeof buf, "column %zu: %s", col, msg);
        problem(L, s, e, "%s", buf);
    }
}

/* Resolves the inputs of formula and plugin metrics, and orders evaluation. */
static void resolve_inputs(loader *L)
{
    rpo_registry *reg = L->reg;
    for (size_t i = 0; i < reg->n; i++) {
        rpo_reg_metric *m = &reg->m[i];
        size_t n = 0;
        if (m->formula)
            n = rpo_formula_ref_count(m->formula);
        else if (m->spec && m->spec->inputs)
            while (m->spec->inputs[n])
                n++;
        if (!n)
            continue;
        m->n_refs = n;
        m->ref_metric = rpo_xcalloc(n, sizeof *m->ref_metric);
        m->ref_part = rpo_xcalloc(n, sizeof *m->ref_part);
        m->ref_name = rpo_xcalloc(n, sizeof *m->ref_name);
        unsigned dims = 0;
        for (size_t k = 0; k < n; k++) {
            const char *name = m->formula ? rpo_formula_ref(m->formula, k) : m->spec->inputs[k];
            m->ref_name[k] = name;
            char id[128];
            snprintf(id, sizeof id, "%s", name);
            char *dot = strchr(id, '.');
            int part = REF_VALUE;
            if (dot) {
                *dot = '\0';
                static const char *const parts[] = {"value", "n", "mean", "p90", NULL};
                part = word_index(dot + 1, parts);
            }
            long ix = rpo_registry_find(reg, id);
            const rpo_cfg_section *s = NULL;
            char sec[160];
            snprintf(sec, sizeof sec, "metric.%s", m->info.id);
            s = rpo_cfg_find(L->cfg, sec);
            if (ix >= 0 && (part == REF_MEAN || part == REF_P90) && !reg->m[ix].info.distribution)
                part = -2; /* .mean and .p90 exist for distributions only */
            if (ix < 0 || part < 0) {
                const char *what = ix < 0       ? "is not a metric (`rpo metrics` lists them)"
                                   : part == -2 ? "is no distribution: .mean and .p90 exist "
                                                  "for days metrics only"
                                                : "has an unknown part; use .n, .mean or .p90";
                char buf[400];
                if (s)
                    snprintf(buf, sizeof buf, "'%s' %s", name, what);
                else
                    snprintf(buf, sizeof buf, "plugin metric '%s': '%s' %s", m->info.id, name, what);
                problem(L, s, s ? rpo_cfg_entry_find(s, "formula") : NULL, "%s", buf);
                continue;
            }
            m->ref_metric[k] = (size_t)ix;
            m->ref_part[k] = part;
        }
        (void)dims;
    }
    /* Depth-first order with cycle detection: 0 new, 1 on the path, 2 done. */
    unsigned char *mark = rpo_xcalloc(reg->n ? reg->n : 1, 1);
    size_t *stack = rpo_xcalloc(reg->n ? reg->n : 1, sizeof *stack);
    size_t *next = rpo_xcalloc(reg->n ? reg->n : 1, sizeof *next);
    reg->order = rpo_xcalloc(reg->n ? reg->n : 1, sizeof *reg->order);
    size_t n_order = 0;
    for (size_t root = 0; root < reg->n; root++) {
        if (mark[root])
            continue;
        size_t depth = 0;
        stack[depth++] = root;
        next[root] = 0;
        mark[root] = 1;
        while (depth) {
            size_t v = stack[depth - 1];
            rpo_reg_metric *m = &reg->m[v];
            if (next[v] < m->n_refs) {
                size_t w = m->ref_metric[next[v]++];
                if (mark[w] == 1) {
                    char path[512] = "";
                    size_t from = 0;
                    while (stack[from] != w)
                        from++;
                    for (size_t k = from; k < depth; k++) {
                        strncat(path, reg->m[stack[k]].info.id, sizeof path - strlen(path) - 1);
                        strncat(path, " → ", sizeof path - strlen(path) - 1);
                    }
                    strncat(path, reg->m[w].info.id, sizeof path - strlen(path) - 1);
                    char sec[160];
                    snprintf(sec, sizeof sec, "metric.%s", m->info.id);
                    const rpo_cfg_section *s = rpo_cfg_find(L->cfg, sec);
                    problem(L, s, s ? rpo_cfg_entry_find(s, "formula") : NULL,
                            "formulas refer to each other in a cycle: %s", path);
                } else if (!mark[w]) {
                    mark[w] = 1;
                    next[w] = 0;
                    stack[depth++] = w;
                }
            } else {
                mark[v] = 2;
                reg->order[n_order++] = v;
                depth--;
            }
        }
    }
    free(mark);
    free(stack);
    free(next);
    /* A derived metric has the segments all its inputs have (inputs first). */
    for (size_t k = 0; k < n_order; k++) {
        rpo_reg_metric *m = &reg->m[reg->order[k]];
        if (m->builtin || (m->spec && m->spec->info.dimensions))
            continue;
        unsigned dims = reg->opt.dims;
        for (size_t r = 0; r < m->n_refs; r++)
            dims &= reg->m[m->ref_metric[r]].dims;
        m->dims = dims;
    }
}

/* Sets M's dimensions to DIMS and info.dimensions to their names. */
static void set_dims(rpo_reg_metric *m, unsigned dims)
{
    int k = 0;
    m->dims = dims;
    for (int d = 0; d < DIM__N; d++)
        if ((dims >> d) & 1u)
            m->dim_names[k++] = rpo_dim_name(d);
    m->dim_names[k] = NULL;
    m->info.dimensions = m->dim_names;
}

/* Reads [engagement] period, fiscal_year_start, sla_days and segments. */
static void read_engagement(loader *L)
{
    const rpo_cfg_section *s = rpo_cfg_find(L->cfg, "engagement");
    rpo_model_options *o = &L->reg->opt;
    const rpo_cfg_entry *e = rpo_cfg_entry_find(s, "period");
    long v;
    if (e) {
        if (strcmp(e->value, "quarter") == 0)
            o->cal.months_per_period = 3;
        else if (strcmp(e->value, "month") == 0)
            o->cal.months_per_period = 1;
        else
            problem(L, s, e, "'%s' is not a period; use quarter or month", e->value);
    }
    if ((e = rpo_cfg_entry_find(s, "fiscal_year_start")) && whole(L, s, e, 1, 12, &v) == 0)
        o->cal.fy_start_month = (int)v;
    if ((e = rpo_cfg_entry_find(s, "sla_days")) && whole(L, s, e, 1, 3650, &v) == 0)
        o->sla_days = (int32_t)v;
    if ((e = rpo_cfg_entry_find(s, "segments"))) {
        size_t n;
        char **items = split_list(e->value, &n);
        o->dims = 0;
        for (size_t i = 0; i < n; i++) {
            int d = -1;
            for (int k = 0; k < DIM__N; k++)
                if (strcmp(items[i], rpo_dim_name(k)) == 0)
                    d = k;
            if (d < 0)
                problem(L, s, e, "'%s' is not a dimension; use department, location, level, "
                                 "source, recruiter, hiring_manager, owner",
                        items[i]);
            else
                o->dims |= 1u << d;
        }
        free_list(items, n);
    }
}

static void read_incentive(loader *L, const rpo_cfg_section *s)
{
    rpo_incentive_cfg *inc = &L->reg->inc;
    L->problems += rpo_cfg_check_keys(L->lg, L->cfg, s, incentive_keys, NULL);
    inc->on = 1;
    inc->cap = 120;
    const rpo_cfg_entry *e;
    if ((e = rpo_cfg_entry_find(s, "pool")) && number(L, s, e, &inc->pool) == 0 && inc->pool < 0)
        problem(L, s, e, "%s", "the pool is an amount of money, not below 0");
    if ((e = rpo_cfg_entry_find(s, "cap")) && number(L, s, e, &inc->cap) == 0 && inc->cap < 100)
        problem(L, s, e, "%s", "the cap is a % of attainment of at least 100");
    for (size_t i = 0; i < s->n_entries; i++) {
        e = &s->entries[i];
        if (strncmp(e->key, "metric.", 7) != 0)
            continue;
        long ix = rpo_registry_find(L->reg, e->key + 7);
        double w;
        if (ix < 0) {
            problem(L, s, e, "'%s' is not a metric (`rpo metrics` lists them)", e->key + 7);
        } else if (number(L, s, e, &w) == 0) {
            if (w <= 0)
                problem(L, s, e, "%s", "a weight must be above 0");
            else if (!L->reg->m[ix].has_target)
                problem(L, s, e, "metric %s has no target in its [metric.ID] section",
                        e->key + 7);
            inc->metric = rpo_xrealloc(inc->metric, (inc->n + 1) * sizeof *inc->metric);
            inc->weight = rpo_xrealloc(inc->weight, (inc->n + 1) * sizeof *inc->weight);
            inc->metric[inc->n] = (size_t)ix;
            inc->weight[inc->n++] = w;
        }
    }
    if (!inc->n)
        problem(L, s, NULL, "%s", "no metric.ID = WEIGHT key: the incentive has nothing to pay on");
    e = rpo_cfg_entry_find(s, "tiers");
    size_t n;
    char **items = split_list(e ? e->value : "80:50, 100:100, 110:120", &n);
    for (size_t i = 0; i < n; i++) {
        char *colon = strchr(items[i], ':');
        double at, pay;
        const char *why;
        if (!colon || rpo_parse_number(items[i], (size_t)(colon - items[i]), &at, &why) != 0 ||
            rpo_parse_number(colon + 1, strlen(colon + 1), &pay, &why) != 0 || at < 0 ||
            pay < 0 || (inc->n_tiers && at <= inc->tier_at[inc->n_tiers - 1])) {
            problem(L, s, e, "'%s' is not an ATTAINMENT:PAYOUT pair (in %%, not below 0) above "
                             "the one before",
                    items[i]);
            continue;
        }
        inc->tier_at = rpo_xrealloc(inc->tier_at, (inc->n_tiers + 1) * sizeof *inc->tier_at);
        inc->tier_pay = rpo_xrealloc(inc->tier_pay, (inc->n_tiers + 1) * sizeof *inc->tier_pay);
        inc->tier_at[inc->n_tiers] = at;
        inc->tier_pay[inc->n_tiers++] = pay;
    }
    free_list(items, n);
    if (!inc->n_tiers)
        problem(L, s, e, "%s", "no tier: write ATTAINMENT:PAYOUT pairs, e.g. 80:50, 100:100");
}

static void read_achievements(loader *L, const rpo_cfg_section *s)
{
    rpo_registry *reg = L->reg;
    const rpo_cfg_entry *e;
    long v;
    if (s) {
        L->problems += rpo_cfg_check_keys(L->lg, L->cfg, s, achievement_keys, NULL);
        if ((e = rpo_cfg_entry_find(s, "streak")) && whole(L, s, e, 2, 100, &v) == 0)
            reg->streak = (unsigned)v;
        if ((e = rpo_cfg_entry_find(s, "min_periods")) && whole(L, s, e, 2, 100, &v) == 0)
            reg->min_periods = (unsigned)v;
    }
    e = rpo_cfg_entry_find(s, "hire_milestones");
    size_t n;
    char **items = split_list(e ? e->value : "10, 25, 50, 100, 250, 500, 1000", &n);
    for (size_t i = 0; i < n; i++) {
        const char *why;
        long x;
        if (rpo_parse_integer(items[i], strlen(items[i]), 1, 100000000, &x, &why) != 0 ||
            (reg->n_milestones && x <= reg->milestones[reg->n_milestones - 1])) {
            problem(L, s, e, "'%s' is not a hire count above the one before", items[i]);
            continue;
        }
        reg->milestones = rpo_xrealloc(reg->milestones, (reg->n_milestones + 1) * sizeof(long));
        reg->milestones[reg->n_milestones++] = x;
    }
    free_list(items, n);
}

static void read_goal(loader *L, const rpo_cfg_section *s)
{
    rpo_registry *reg = L->reg;
    L->problems += rpo_cfg_check_keys(L->lg, L->cfg, s, goal_keys, NULL);
    reg->goals = rpo_xrealloc(reg->goals, (reg->n_goals + 1) * sizeof *reg->goals);
    rpo_goal_cfg *g = &reg->goals[reg->n_goals++];
    memset(g, 0, sizeof *g);
    g->name = rpo_xstrdup(s->instance);
    g->description = rpo_xstrdup(rpo_cfg_value(s, "description", ""));
    g->min_periods = 3;
    long v;
    const rpo_cfg_entry *e = rpo_cfg_entry_find(s, "min_periods");
    if (e && whole(L, s, e, 2, 1000, &v) == 0)
        g->min_periods = (unsigned)v;
    static const char *const keys[3] = {"levers", "metrics", "outcomes"};
    for (int k = 0; k < 3; k++)
        g->from_kind_name[k] = split_list(rpo_cfg_value(s, keys[k], ""), &g->n[k]);
    g->metric_ix = rpo_xcalloc(g->n[1] ? g->n[1] : 1, sizeof *g->metric_ix);
    for (size_t i = 0; i < g->n[1]; i++) {
        long ix = rpo_registry_find(reg, g->from_kind_name[1][i]);
        if (ix < 0)
            problem(L, s, rpo_cfg_entry_find(s, "metrics"),
                    "'%s' is not a metric (`rpo metrics` lists them)", g->from_kind_name[1][i]);
        g->metric_ix[i] = ix < 0 ? 0 : (size_t)ix;
    }
    if (!g->n[0] && !g->n[2])
        problem(L, s, NULL, "%s", "a goal needs levers or outcomes to link its metrics to");
}

/* Puts key metrics first (stable), remapping every stored index. */
static void key_metrics_first(rpo_registry *reg)
{
    size_t *to = rpo_xcalloc(reg->n ? reg->n : 1, sizeof *to);
    rpo_reg_metric *sorted = rpo_xcalloc(reg->n ? reg->n : 1, sizeof *sorted);
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < reg->n; i++)
            if (!!reg->m[i].info.key == !pass) {
                to[i] = k;
                sorted[k++] = reg->m[i];
            }
    free(reg->m);
    reg->m = sorted;
    for (size_t i = 0; i < reg->n; i++)
        for (size_t r = 0; r < reg->m[i].n_refs; r++)
            reg->m[i].ref_metric[r] = to[reg->m[i].ref_metric[r]];
    for (size_t i = 0; i < reg->n; i++)
        reg->order[i] = to[reg->order[i]];
    for (size_t i = 0; i < reg->inc.n; i++)
        reg->inc.metric[i] = to[reg->inc.metric[i]];
    for (size_t g = 0; g < reg->n_goals; g++)
        for (size_t i = 0; i < reg->goals[g].n[1]; i++)
            reg->goals[g].metric_ix[i] = to[reg->goals[g].metric_ix[i]];
    free(to);
}

int rpo_registry_load(rpo_registry *reg, const rpo_cfg *cfg, const rpo_logger *lg,
                      const struct rpo_instance *inst, size_t n_inst)
{
    memset(reg, 0, sizeof *reg);
    rpo_model_options_default(&reg->opt);
    reg->streak = 3;
    reg->min_periods = 3;
    loader L = {reg, cfg, lg, 0};
    read_engagement(&L);
    for (size_t i = 0; i < rpo_metric_catalogue_size; i++) {
        rpo_reg_metric *m = add_metric(reg);
        m->builtin = &rpo_metric_catalogue[i];
        m->info = m->builtin->info;
        m->dims = m->builtin->dims & reg->opt.dims;
    }
    for (size_t i = 0; i < n_inst; i++) {
        const rpo_plugin *p = inst[i].plugin;
        if (!RPO_PLUGIN_HAS(p, metrics) || !p->metrics)
            continue;
        for (const rpo_metric_spec *sp = p->metrics; sp->info.id; sp++) {
            if (rpo_registry_find(reg, sp->info.id) >= 0) {
                int first_instance = 0;
                for (size_t j = 0; j < i; j++)
                    first_instance |= inst[j].plugin == p;
                if (!first_instance) {
                    rpo_logf(lg, inst[i].prefix, RPO_LOG_ERROR,
                             "%s: plugin %s adds metric '%s', which already exists; rename it",
                             inst[i].file, p->name, sp->info.id);
                    L.problems++;
                }
                continue;
            }
            rpo_reg_metric *m = add_metric(reg);
            m->info = sp->info;
            m->info.key = 0;
            m->own[3] = rpo_xstrdup("plugin ");
            m->own[3] = rpo_xrealloc(m->own[3], 8 + strlen(p->name));
            strcat(m->own[3], p->name);
            m->info.origin = m->own[3];
            m->dims = sp->info.dimensions ? rpo_dims_of_names(sp->info.dimensions) & reg->opt.dims
                                          : DIMS_ALL & reg->opt.dims;
            m->spec = sp->formula ? NULL : sp;
            m->plugin_ctx = inst[i].ctx;
            size_t col;
            const char *msg;
            if (sp->formula && rpo_formula_parse(sp->formula, &m->formula, &col, &msg) != 0) {
                rpo_logf(lg, inst[i].prefix, RPO_LOG_ERROR,
                         "%s: metric '%s': formula column %zu: %s", inst[i].file, sp->info.id, col, msg);
                L.problems++;
            } else if (!sp->formula && !sp->compute) {
                rpo_logf(lg, inst[i].prefix, RPO_LOG_ERROR,
                         "%s: metric '%s' has neither a formula nor compute()", inst[i].file,
                         sp->info.id);
                L.problems++;
            }
        }
    }
    /* Custom metrics first, so that targets and formulas may name them. */
    for (size_t i = 0; cfg && i < cfg->n_sections; i++) {
        const rpo_cfg_section *s = &cfg->sections[i];
        if (s->kind != RPO_SEC_METRIC || rpo_registry_find(reg, s->instance) >= 0)
            continue;
        if (!rpo_cfg_entry_find(s, "formula")) {
            const char *best = NULL;
            size_t bd = (size_t)-1;
            for (size_t k = 0; k < reg->n; k++) {
                size_t d = rpo_edit_distance(s->instance, reg->m[k].info.id);
                if (d < bd)
                    bd = d, best = reg->m[k].info.id;
            }
            char msg[400];
            snprintf(msg, sizeof msg,
                     "unknown metric '%s'; did you mean '%s'? (`rpo metrics` lists them; a "
                     "custom metric needs a formula)",
                     s->instance, best);
            problem(&L, s, NULL, "%s", msg);
            continue;
        }
        read_custom(&L, s);
    }
    resolve_inputs(&L);
    unsigned keys = 0;
    for (size_t i = 0; cfg && i < cfg->n_sections; i++) {
        const rpo_cfg_section *s = &cfg->sections[i];
        long ix;
        if (s->kind != RPO_SEC_METRIC || (ix = rpo_registry_find(reg, s->instance)) < 0)
            continue;
        rpo_reg_metric *m = &reg->m[ix];
        const rpo_config_key *table = m->builtin ? keys_for(s->instance) : custom_keys;
        if (!m->builtin && !m->own[0]) { /* a plugin's metric: targets only */
            table = metric_keys;
        }
        L.problems += rpo_cfg_check_keys(lg, cfg, s, table, NULL);
        if (m->builtin)
            read_builtin_options(&L, s);
        read_targets(&L, s, m);
        keys += (unsigned)!!m->info.key;
    }
    if (keys > 3)
        rpo_logf(lg, NULL, RPO_LOG_WARN,
                 "%s: %u key metrics; more than three dilute the scorecard's focus", cfg->path, keys);
    if (reg->instrument[0])
        reg->opt.nps_instrument = reg->instrument[0];
    if (reg->instrument[1])
        reg->opt.hm_instrument = reg->instrument[1];
    if (strcmp(reg->opt.nps_instrument, reg->opt.hm_instrument) == 0) {
        const rpo_cfg_section *hs = rpo_cfg_find(cfg, "metric.hiring_manager_satisfaction");
        problem(&L, hs ? hs : rpo_cfg_find(cfg, "metric.candidate_nps"),
                rpo_cfg_entry_find(hs ? hs : rpo_cfg_find(cfg, "metric.candidate_nps"),
                                   "instrument"),
                "candidate NPS and hiring-manager satisfaction cannot read the same instrument "
                "'%s'",
                reg->opt.nps_instrument);
    }
    for (size_t i = 0; cfg && i < cfg->n_sections; i++) {
        const rpo_cfg_section *s = &cfg->sections[i];
        if (s->kind == RPO_SEC_INCENTIVE)
            read_incentive(&L, s);
        else if (s->kind == RPO_SEC_GOAL)
            read_goal(&L, s);
    }
    read_achievements(&L, rpo_cfg_find(cfg, "achievements"));
    if (!L.problems)
        key_metrics_first(reg);
    for (size_t i = 0; i < reg->n; i++) /* after the sort: info points into the entry */
        set_dims(&reg->m[i], reg->m[i].dims);
    return L.problems ? RPO_ECONFIG : RPO_OK;
}

void rpo_registry_free(rpo_registry *reg)
{
    for (size_t i = 0; i < reg->n; i++) {
        rpo_reg_metric *m = &reg->m[i];
        for (int k = 0; k < 4; k++)
            free(m->own[k]);
        rpo_formula_free(m->formula);
        free(m->ref_metric);
        free(m->ref_part);
        free(m->ref_name);
        for (size_t k = 0; k < m->n_seg_targets; k++)
            free(m->seg_targets[k].value);
        free(m->seg_targets);
        free(m->baseline_period);
    }
    free(reg->m);
    free(reg->order);
    free(reg->instrument[0]);
    free(reg->instrument[1]);
    free(reg->inc.metric);
    free(reg->inc.weight);
    free(reg->inc.tier_at);
    free(reg->inc.tier_pay);
    free(reg->milestones);
    for (size_t g = 0; g < reg->n_goals; g++) {
        free(reg->goals[g].name);
        free(reg->goals[g].description);
        for (int k = 0; k < 3; k++)
            free_list(reg->goals[g].from_kind_name[k], reg->goals[g].n[k]);
        free(reg->goals[g].metric_ix);
    }
    free(reg->goals);
    memset(reg, 0, sizeof *reg);
}
