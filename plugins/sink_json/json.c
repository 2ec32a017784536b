/*
 * sink_json — the report as JSON, schema "rpo-report" version
 * RPO_REPORT_SCHEMA_VERSION (documented field by field in SCHEMA.md beside
 * this file).
 *
 * The whole document is built in memory first, so nothing is written unless
 * the report could be converted completely; then it goes to standard output,
 * or to `file` through rpo_outfile_*, which replaces the target atomically
 * and leaves the old file in place on any error. Keys keep insertion order
 * and reals are printed with up to 15 significant digits, so 28.33 prints as
 * 28.33 and the same report always gives the same bytes.
 */
#include <math.h> /* isfinite, a macro: no libm needed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <rpo/rpo.h>

#include "../sink_common/text.h"

typedef struct json_ctx {
    const rpo_instance *inst;
    const char *file; /* NULL: standard output; owned by the engine */
    int pretty;
    const char *segments; /* "all", "none", or a list of dimensions; the engine's */
} json_ctx;

/* State of one conversion. */
typedef struct builder {
    const rpo_instance *inst;
    const char *segments; /* json_ctx.segments */
    int warned_utf8; /* the invalid-UTF-8 warning was logged */
    int status;      /* first failure, RPO_OK while all went well */
} builder;

static const rpo_config_key json_keys[] = {
    { "file", RPO_KEY_PATH, 0, NULL,
      "write the report here (atomically) instead of standard output" },
    { "pretty", RPO_KEY_BOOL, 0, "true",
      "indent by 2 spaces (true) or write everything on one line (false)" },
    { "segments", RPO_KEY_STRING, 0, "all",
      "per-segment values to write: all, none, or dimensions such as department, source" },
    { NULL, 0, 0, NULL, NULL }
};

/* ---------------------------------------------------------------- values */

/* A copy of S with every byte that is not valid UTF-8 replaced by U+FFFD. */
static char *utf8_repair(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char *out = malloc(3 * strlen(s) + 1), *o = out;

    if (out == NULL)
        return NULL;
    while (*p != '\0') {
        size_t n = sink_text_utf8_sequence(p);
        if (n == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

/* Record the first failure of the conversion. */
static void build_fail(builder *b, int status)
{
    if (b->status == RPO_OK)
        b->status = status;
}

/* Log, once per report, that some text had to be repaired. */
static void warn_utf8(builder *b)
{
    if (!b->warned_utf8) {
        rpo_log(b->inst, RPO_LOG_WARN,
                "some text in the report is not valid UTF-8; invalid bytes written as U+FFFD");
        b->warned_utf8 = 1;
    }
}

/*
 * A JSON string for S ("" for NULL). JSON must be UTF-8, and the texts come
 * from configuration and data files that may not be: invalid bytes are
 * replaced by U+FFFD (with one warning) rather than failing the whole report.
 */
static json_t *jstr(builder *b, const char *s)
{
    json_t *j;
    char *fixed;

    if (s == NULL)
        s = "";
    if ((j = json_string(s)) != NULL)
        return j;
    if ((fixed = utf8_repair(s)) == NULL) {
        build_fail(b, RPO_ENOMEM);
        return NULL;
    }
    j = json_string(fixed);
    free(fixed);
    if (j == NULL) {
        build_fail(b, RPO_ENOMEM);
        return NULL;
    }
    warn_utf8(b);
    return j;
}

/*
 * S as an object key: S itself when it is valid UTF-8, else a repaired copy
 * stored in *FIXED for the caller to free (NULL when out of memory). Keys
 * come from the data too (segment values), and jansson refuses invalid ones.
 */
static const char *jkey(builder *b, const char *s, char **fixed)
{
    const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
    size_t n;

    *fixed = NULL;
    for (const unsigned char *q = p; *q != '\0'; q += n)
        if ((n = sink_text_utf8_sequence(q)) == 0) {
            if ((*fixed = utf8_repair((const char *)p)) == NULL) {
                build_fail(b, RPO_ENOMEM);
                return NULL;
            }
            warn_utf8(b);
            return *fixed;
        }
    return (const char *)p;
}

/*
 * A JSON integer for a count. Counts never come near 2^63 in practice; the
 * clamp only keeps a corrupt count from turning negative.
 */
static json_t *jcount(builder *b, unsigned long long n)
{
    const unsigned long long max = (unsigned long long)(json_int_t)(~0ULL >> 1);
    json_t *j = json_integer((json_int_t)(n > max ? max : n));
    if (j == NULL)
        build_fail(b, RPO_ENOMEM);
    return j;
}

/*
 * A JSON number for V, a value of UNIT: an integer for counts (rounded to
 * the nearest, should the engine ever pass 13.9999...), a real otherwise.
 * JSON has no NaN or infinity; such a value would be an engine bug, and is
 * written as null with a warning rather than as an invalid document.
 */
static json_t *jnumber(builder *b, double v, int integer)
{
    json_t *j;

    if (!isfinite(v)) {
        rpo_log(b->inst, RPO_LOG_WARN, "the report holds a value that is not a number; "
                                       "written as null");
        return json_null();
    }
    if (integer && v > -9e15 && v < 9e15) /* exact as a double */
        j = json_integer((json_int_t)(v < 0 ? v - 0.5 : v + 0.5));
    else
        j = json_real(v == 0.0 ? 0.0 : v); /* -0.0 would print as "-0.0" */
    if (j == NULL)
        build_fail(b, RPO_ENOMEM);
    return j;
}

/*
 * Set KEY of OBJ to VAL (a new reference, taken over). A NULL VAL or OBJ
 * means a construction failed; json_object_set_new drops VAL's reference on
 * every failure, including a NULL OBJ, so nothing leaks.
 */
static void set(builder *b, json_t *obj, const char *key, json_t *val)
{
    if (json_object_set_new(obj, key, val) != 0)
        build_fail(b, RPO_ENOMEM);
}

/* Append VAL to ARR, like set(). */
static void append(builder *b, json_t *arr, json_t *val)
{
    if (json_array_append_new(arr, val) != 0)
        build_fail(b, RPO_ENOMEM);
}

/* -------------------------------------------------------------- sections */

static json_t *build_engagement(builder *b, const rpo_report_header *h)
{
    json_t *o = json_object();

    set(b, o, "name", jstr(b, h->engagement));
    set(b, o, "client", jstr(b, h->client));
    set(b, o, "provider", jstr(b, h->provider));
    set(b, o, "currency", jstr(b, h->currency));
    set(b, o, "as_of", jstr(b, h->as_of));
    set(b, o, "min_n", jcount(b, h->min_n));
    /* Schema 2, additions of ABI 1.2. */
    set(b, o, "phase", jstr(b, h->phase));
    set(b, o, "previous_run_as_of",
        h->previous_run_as_of && *h->previous_run_as_of ? jstr(b, h->previous_run_as_of)
                                                         : json_null());
    return o;
}

static json_t *build_periods(builder *b, const rpo_report *r)
{
    json_t *arr = json_array();

    for (size_t p = 0; p < rpo_report_period_count(r); p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        json_t *o = json_object();

        if (per == NULL) {
            json_decref(o);
            rpo_log(b->inst, RPO_LOG_ERROR, "report has no period %zu", p);
            build_fail(b, RPO_ERR);
            break;
        }
        set(b, o, "label", jstr(b, per->label));
        set(b, o, "first_day", jstr(b, per->first_day));
        set(b, o, "last_day", jstr(b, per->last_day));
        set(b, o, "complete", json_boolean(per->complete));
        append(b, arr, o);
    }
    return arr;
}

/* A number of METRIC's unit (an integer for counts), or null when !HAVE. */
static json_t *jfigure(builder *b, int have, double v, const rpo_metric_info *info)
{
    return have ? jnumber(b, v, info->unit == RPO_UNIT_COUNT) : json_null();
}

/* A real, or null when !HAVE. */
static json_t *jreal(builder *b, int have, double v)
{
    return have ? jnumber(b, v, 0) : json_null();
}

/* The value object of V, a value of metric INFO. */
static json_t *build_value(builder *b, const rpo_metric_value *v, const rpo_metric_info *info)
{
    int ok = v->state == RPO_VALUE_OK;
    json_t *o = json_object();

    set(b, o, "state", jstr(b, rpo_value_state_name(v->state)));
    set(b, o, "n", jcount(b, v->n));
    set(b, o, "value", jfigure(b, ok, v->value, info));
    if (info->distribution) {
        set(b, o, "mean", jreal(b, ok, v->mean));
        set(b, o, "p90", jreal(b, ok, v->p90));
    }
    /* Schema 2: targets and trends. */
    set(b, o, "status", jstr(b, rpo_target_status_name(v->status)));
    set(b, o, "target", jfigure(b, v->has_target, v->target, info));
    set(b, o, "baseline", jfigure(b, v->has_baseline, v->baseline, info));
    set(b, o, "change_vs_baseline",
        jfigure(b, v->has_change_baseline, v->change_vs_baseline, info));
    set(b, o, "change_vs_previous",
        jfigure(b, v->has_change_previous, v->change_vs_previous, info));
    /* Additions of ABI 1.2: the last committed run (needs a store). */
    set(b, o, "previous_run", jfigure(b, v->has_previous_run, v->previous_run, info));
    set(b, o, "change_vs_run",
        jfigure(b, v->has_previous_run && ok, v->change_vs_run, info));
    set(b, o, "previous_status",
        v->has_previous_status ? jstr(b, rpo_target_status_name(v->previous_status)) : json_null());
    return o;
}

/*
 * The object of metric M's values in segment S (SEG, NULL for "all"): one
 * member per period, keyed by its label, in period order.
 */
static json_t *build_values(builder *b, const rpo_report *r, size_t m,
                            const rpo_metric_info *info, size_t s, const rpo_segment *seg)
{
    json_t *values = json_object();

    for (size_t p = 0; p < rpo_report_period_count(r) && b->status == RPO_OK; p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        const rpo_metric_value *v = rpo_report_cell(r, m, p, s);
        const char *label;
        char *fixed;

        if (per == NULL || v == NULL) {
            rpo_log(b->inst, RPO_LOG_ERROR,
                    "report has no value for metric %s, period %zu%s%s%s%s",
                    info->id ? info->id : "?", p, seg ? ", segment " : "",
                    seg && seg->dimension ? seg->dimension : "", seg ? " = " : "",
                    seg && seg->value ? seg->value : "");
            build_fail(b, RPO_ERR);
            break;
        }
        if ((label = jkey(b, per->label, &fixed)) == NULL)
            break;
        /* A second period of the same label would silently replace the
         * first one's value: refuse rather than publish a wrong figure. */
        if (values != NULL && json_object_get(values, label) != NULL) {
            rpo_log(b->inst, RPO_LOG_ERROR, "report has two periods labelled \"%s\"", label);
            build_fail(b, RPO_ERR);
        } else {
            set(b, values, label, build_value(b, v, info));
        }
        free(fixed);
    }
    return values;
}

/* Whether LIST ("all", "none" or comma-separated names) names DIM. */
static int dim_listed(const char *list, const char *dim)
{
    size_t n = strlen(dim);
    if (strcmp(list, "all") == 0)
        return 1;
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *t = e;
        while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        if ((size_t)(t - p) == n && strncmp(p, dim, n) == 0)
            return 1;
        p = e;
    }
    return 0;
}

/*
 * The "segments" object of metric M: for every segment but "all" (0) whose
 * dimension M supports (rpo_report_cell is not NULL), in report order, its
 * values under segments.DIMENSION.VALUE. Dimensions appear in the order of
 * their first segment.
 */
static json_t *build_segments(builder *b, const rpo_report *r, size_t m,
                              const rpo_metric_info *info)
{
    json_t *segs = json_object();

    /* Without periods there are no cells to tell support by: nothing. */
    if (rpo_report_period_count(r) == 0)
        return segs;
    for (size_t s = 1; s < rpo_report_segment_count(r) && b->status == RPO_OK; s++) {
        const rpo_segment *seg = rpo_report_segment_at(r, s);
        const char *dim, *val;
        char *fixed_dim = NULL, *fixed_val = NULL;
        json_t *d;

        if (seg == NULL) {
            rpo_log(b->inst, RPO_LOG_ERROR, "report has no segment %zu", s);
            build_fail(b, RPO_ERR);
            break;
        }
        if (rpo_report_cell(r, m, 0, s) == NULL || !dim_listed(b->segments, seg->dimension))
            continue; /* a dimension M does not support, or not asked for */
        if ((dim = jkey(b, seg->dimension, &fixed_dim)) == NULL ||
            (val = jkey(b, seg->value, &fixed_val)) == NULL) {
            free(fixed_dim);
            break;
        }
        if ((d = json_object_get(segs, dim)) == NULL) {
            d = json_object();
            set(b, segs, dim, d); /* segs keeps the reference; D stays valid */
        }
        if (b->status != RPO_OK) {
            /* set() failed: D is gone */
        } else if (json_object_get(d, val) != NULL) {
            /* Two segments of one name would merge silently, as labels would. */
            rpo_log(b->inst, RPO_LOG_ERROR, "report has two segments %s = \"%s\"", dim, val);
            build_fail(b, RPO_ERR);
        } else {
            set(b, d, val, build_values(b, r, m, info, s, seg));
        }
        free(fixed_dim);
        free(fixed_val);
    }
    return segs;
}

/* The dimension names of INFO as an array (empty for NULL). */
static json_t *build_dimensions(builder *b, const rpo_metric_info *info)
{
    json_t *arr = json_array();

    for (const char *const *d = info->dimensions; d != NULL && *d != NULL; d++)
        append(b, arr, jstr(b, *d));
    return arr;
}

/* The object of metric M, or NULL after logging (B->status says why). */
static json_t *build_metric(builder *b, const rpo_report *r, size_t m)
{
    const rpo_metric_info *info = rpo_report_metric_at(r, m);
    json_t *o;

    if (info == NULL) {
        rpo_log(b->inst, RPO_LOG_ERROR, "report has no metric %zu", m);
        build_fail(b, RPO_ERR);
        return NULL;
    }
    o = json_object();
    set(b, o, "id", jstr(b, info->id));
    set(b, o, "name", jstr(b, info->name));
    set(b, o, "unit", jstr(b, rpo_unit_name(info->unit)));
    set(b, o, "direction", jstr(b, rpo_direction_name(info->direction)));
    set(b, o, "period_event", jstr(b, info->period_event));
    set(b, o, "process_area", jstr(b, info->process_area));
    set(b, o, "definition", jstr(b, info->definition));
    set(b, o, "distribution", json_boolean(info->distribution));
    set(b, o, "dimensions", build_dimensions(b, info));
    set(b, o, "key", json_boolean(info->key));
    set(b, o, "origin", jstr(b, info->origin));
    set(b, o, "values", build_values(b, r, m, info, 0, NULL));
    set(b, o, "segments", build_segments(b, r, m, info));
    if (b->status != RPO_OK) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The label of period P, or NULL after logging (the report is broken). */
static const char *period_label(builder *b, const rpo_report *r, size_t p)
{
    const rpo_period *per = rpo_report_period_at(r, p);

    if (per == NULL) {
        rpo_log(b->inst, RPO_LOG_ERROR, "report has no period %zu", p);
        build_fail(b, RPO_ERR);
        return NULL;
    }
    return per->label;
}

static json_t *build_incentive_lines(builder *b, const rpo_report *r,
                                     const rpo_incentive_period *ip)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < ip->n_lines && b->status == RPO_OK; i++) {
        const rpo_incentive_line *l = &ip->lines[i];
        const rpo_metric_info *info = rpo_report_metric_at(r, l->metric);
        json_t *o;

        if (info == NULL) {
            rpo_log(b->inst, RPO_LOG_ERROR, "report's incentive names no metric %zu", l->metric);
            build_fail(b, RPO_ERR);
            break;
        }
        o = json_object();
        set(b, o, "metric", jstr(b, info->id));
        set(b, o, "weight", jnumber(b, l->weight, 0));
        set(b, o, "state", jstr(b, rpo_value_state_name(l->state)));
        set(b, o, "value", jfigure(b, l->state == RPO_VALUE_OK, l->value, info));
        set(b, o, "target", jfigure(b, 1, l->target, info));
        set(b, o, "attainment", jreal(b, l->has_attainment, l->attainment));
        append(b, arr, o);
    }
    return arr;
}

/* "incentive": null when the engagement has none. */
static json_t *build_incentive(builder *b, const rpo_report *r)
{
    const rpo_incentive *inc = rpo_report_incentive(r);
    json_t *o, *periods;

    if (inc == NULL)
        return json_null();
    o = json_object();
    periods = json_array();
    set(b, o, "pool", jnumber(b, inc->pool, 0));
    set(b, o, "cap", jnumber(b, inc->cap, 0));
    for (size_t i = 0; i < inc->n_periods && b->status == RPO_OK; i++) {
        const rpo_incentive_period *ip = &inc->periods[i];
        const char *label = period_label(b, r, ip->period);
        json_t *po;

        if (label == NULL)
            break;
        po = json_object();
        set(b, po, "period", jstr(b, label));
        set(b, po, "weighted", jreal(b, ip->has_weighted, ip->weighted));
        set(b, po, "tier_threshold", jreal(b, ip->has_tier, ip->tier_threshold));
        set(b, po, "tier_payout", jreal(b, ip->has_tier, ip->tier_payout));
        set(b, po, "payout", jnumber(b, ip->payout, 0));
        set(b, po, "lines", build_incentive_lines(b, r, ip));
        append(b, periods, po);
    }
    set(b, o, "periods", periods);
    return o;
}

/* The metric whose id is ID, or NULL. */
static const rpo_metric_info *find_metric(const rpo_report *r, const char *id)
{
    for (size_t m = 0; id != NULL && m < rpo_report_metric_count(r); m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        if (info != NULL && info->id != NULL && strcmp(info->id, id) == 0)
            return info;
    }
    return NULL;
}

/*
 * An achievement's value: a whole number of periods (streak) or the hire
 * number (milestone); for a best period, a figure of its metric (an integer
 * for counts); the improvement, a real percent.
 */
static json_t *achievement_value(builder *b, const rpo_report *r, const rpo_achievement *a)
{
    const rpo_metric_info *info;

    switch (a->kind) {
    case RPO_ACH_STREAK:
    case RPO_ACH_MILESTONE:
        return jnumber(b, a->value, 1);
    case RPO_ACH_BEST_PERIOD:
        info = find_metric(r, a->metric);
        return jnumber(b, a->value, info != NULL && info->unit == RPO_UNIT_COUNT);
    default:
        return jnumber(b, a->value, 0);
    }
}

static json_t *build_achievements(builder *b, const rpo_report *r)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < rpo_report_achievement_count(r); i++) {
        const rpo_achievement *a = rpo_report_achievement_at(r, i);
        json_t *o;

        if (a == NULL)
            continue;
        o = json_object();
        set(b, o, "kind", jstr(b, rpo_achievement_kind_name(a->kind)));
        set(b, o, "metric", jstr(b, a->metric));
        set(b, o, "first", jstr(b, a->first));
        set(b, o, "last", jstr(b, a->last));
        set(b, o, "value", achievement_value(b, r, a));
        set(b, o, "text", jstr(b, a->text));
        set(b, o, "new", json_boolean(a->is_new));
        append(b, arr, o);
    }
    return arr;
}

/* The risk log (ABI 1.2), as the engine ordered it. */
static json_t *build_risks(builder *b, const rpo_report *r)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < rpo_report_risk_count(r); i++) {
        const rpo_risk *k = rpo_report_risk_at(r, i);
        json_t *o;

        if (k == NULL)
            continue;
        o = json_object();
        set(b, o, "id", jstr(b, k->id));
        set(b, o, "title", jstr(b, k->title));
        set(b, o, "category", jstr(b, k->category));
        set(b, o, "severity", k->severity ? jcount(b, (unsigned)k->severity) : json_null());
        set(b, o, "status", jstr(b, k->status));
        set(b, o, "raised_at", jstr(b, k->raised_at));
        set(b, o, "closed_at", k->closed_at && *k->closed_at ? jstr(b, k->closed_at) : json_null());
        set(b, o, "owner", jstr(b, k->owner));
        set(b, o, "open", json_boolean(k->open));
        set(b, o, "new", json_boolean(k->is_new));
        append(b, arr, o);
    }
    return arr;
}

static json_t *build_goals(builder *b, const rpo_report *r)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < rpo_report_goal_count(r); i++) {
        const rpo_goal *g = rpo_report_goal_at(r, i);
        json_t *o, *links;

        if (g == NULL)
            continue;
        o = json_object();
        links = json_array();
        set(b, o, "name", jstr(b, g->name));
        set(b, o, "description", jstr(b, g->description));
        for (size_t k = 0; k < g->n_links; k++) {
            const rpo_alignment_link *l = &g->links[k];
            int ok = l->state == RPO_CORR_OK;
            json_t *lo = json_object();

            set(b, lo, "from", jstr(b, l->from));
            set(b, lo, "to", jstr(b, l->to));
            set(b, lo, "lag", jnumber(b, l->lag, 1));
            set(b, lo, "n", jcount(b, l->n));
            set(b, lo, "state", jstr(b, rpo_corr_state_name(l->state)));
            set(b, lo, "pearson", jreal(b, ok, l->pearson));
            set(b, lo, "spearman", jreal(b, ok, l->spearman));
            append(b, links, lo);
        }
        set(b, o, "links", links);
        append(b, arr, o);
    }
    return arr;
}

/* One assessed group of a framework: its n, index, stage, dimensions,
 * figures and findings. */
static json_t *build_assessment_group(builder *b, const rpo_assessment_group_view *g)
{
    json_t *o = json_object(), *dims = json_array(), *figs = json_array(),
           *finds = json_array();
    int ok = g->state == RPO_VALUE_OK;

    set(b, o, "group", jstr(b, g->group));
    set(b, o, "period", jstr(b, g->period));
    set(b, o, "n", jcount(b, g->n));
    set(b, o, "state", jstr(b, rpo_value_state_name(g->state)));
    set(b, o, "index", jreal(b, ok && g->has_index, g->index));
    set(b, o, "stage", jstr(b, g->stage));
    for (size_t k = 0; k < g->n_dimensions; k++) {
        const rpo_assessment_dimension_view *d = &g->dimensions[k];
        int dok = d->state == RPO_VALUE_OK;
        json_t *x = json_object();
        set(b, x, "name", jstr(b, d->name));
        set(b, x, "n", jcount(b, d->n));
        set(b, x, "state", jstr(b, rpo_value_state_name(d->state)));
        set(b, x, "score", jreal(b, dok, d->score));
        set(b, x, "spread", jreal(b, dok, d->spread));
        set(b, x, "status", jstr(b, d->status));
        append(b, dims, x);
    }
    for (size_t k = 0; k < g->n_figures; k++) {
        const rpo_assessment_figure_view *f = &g->figures[k];
        json_t *x = json_object();
        set(b, x, "table", jstr(b, f->table));
        set(b, x, "name", jstr(b, f->name));
        set(b, x, "value", jnumber(b, f->value, 0));
        set(b, x, "n", jcount(b, f->n));
        append(b, figs, x);
    }
    for (size_t k = 0; k < g->n_findings; k++) {
        json_t *x = json_object();
        set(b, x, "finding", jstr(b, g->findings[k].finding));
        set(b, x, "action", jstr(b, g->findings[k].action));
        append(b, finds, x);
    }
    set(b, o, "dimensions", dims);
    set(b, o, "figures", figs);
    set(b, o, "findings", finds);
    return o;
}

/* The framework assessments, one object per [framework.NAME]. */
static json_t *build_frameworks(builder *b, const rpo_report *r)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < rpo_report_framework_count(r); i++) {
        const rpo_framework_view *f = rpo_report_framework_at(r, i);
        json_t *o, *groups;

        if (f == NULL)
            continue;
        o = json_object();
        groups = json_array();
        set(b, o, "instance", jstr(b, f->instance));
        set(b, o, "framework", jstr(b, f->framework));
        set(b, o, "instrument", jstr(b, f->instrument));
        set(b, o, "index_name", jstr(b, f->index_name));
        set(b, o, "stage_name", jstr(b, f->stage_name));
        set(b, o, "accepted", jcount(b, f->accepted));
        set(b, o, "rejected", jcount(b, f->rejected));
        for (size_t g = 0; g < f->n_groups; g++)
            append(b, groups, build_assessment_group(b, &f->groups[g]));
        set(b, o, "groups", groups);
        append(b, arr, o);
    }
    return arr;
}

static json_t *build_quality(builder *b, const rpo_report *r)
{
    json_t *dq = json_object(), *sources = json_array(), *flags = json_array();

    for (size_t i = 0; i < rpo_report_source_count(r); i++) {
        const rpo_source_summary *s = rpo_report_source_at(r, i);
        json_t *o;

        if (s == NULL)
            continue;
        o = json_object();
        set(b, o, "instance", jstr(b, s->instance));
        set(b, o, "plugin", jstr(b, s->plugin));
        set(b, o, "record", jstr(b, s->record));
        set(b, o, "read", jcount(b, s->read));
        set(b, o, "accepted", jcount(b, s->accepted));
        set(b, o, "rejected", jcount(b, s->rejected));
        append(b, sources, o);
    }
    for (size_t i = 0; i < rpo_report_flag_count(r); i++) {
        const rpo_quality_flag *f = rpo_report_flag_at(r, i);
        json_t *o;

        if (f == NULL)
            continue;
        o = json_object();
        set(b, o, "code", jstr(b, f->code));
        set(b, o, "description", jstr(b, f->description));
        set(b, o, "count", jcount(b, f->count));
        set(b, o, "example", jstr(b, f->example));
        append(b, flags, o);
    }
    set(b, dq, "sources", sources);
    set(b, dq, "flags", flags);
    return dq;
}

#define METRICS_MARK "\001metrics\001"

/*
 * The whole document for R but its metrics, or NULL after logging why (B->status says what
 * kind of failure it was).
 */
static json_t *build_report(builder *b, const rpo_report *r)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    json_t *root;

    if (h == NULL) {
        rpo_log(b->inst, RPO_LOG_ERROR, "report has no header");
        build_fail(b, RPO_ERR);
        return NULL;
    }
    root = json_object();
    set(b, root, "schema", jstr(b, "rpo-report"));
    set(b, root, "schema_version", json_integer(RPO_REPORT_SCHEMA_VERSION));
    set(b, root, "generator", jstr(b, h->generator));
    set(b, root, "engagement", build_engagement(b, h));
    set(b, root, "periods", build_periods(b, r));
    /* A placeholder: json_sink_write streams the metrics in its place, one
     * at a time, so that a report with thousands of segment values never
     * sits in memory as one tree. */
    set(b, root, "metrics", jstr(b, METRICS_MARK));
    set(b, root, "incentive", build_incentive(b, r));
    set(b, root, "achievements", build_achievements(b, r));
    set(b, root, "goals", build_goals(b, r));
    set(b, root, "frameworks", build_frameworks(b, r));
    set(b, root, "risks", build_risks(b, r));
    set(b, root, "data_quality", build_quality(b, r));
    if (b->status != RPO_OK) {
        if (b->status == RPO_ENOMEM)
            rpo_log(b->inst, RPO_LOG_ERROR, "out of memory");
        json_decref(root);
        return NULL;
    }
    return root;
}

/* ------------------------------------------------------------ callbacks */

static int json_sink_create(rpo_instance *inst, void **ctxp)
{
    const char *file = rpo_config_get(inst, "file");
    json_ctx *ctx = calloc(1, sizeof(*ctx));

    if (ctx == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    /* Check the raw value first: "-" (or nothing) means standard output and
     * must not be resolved into a path beside the configuration file. */
    ctx->file = file == NULL || file[0] == '\0' || strcmp(file, "-") == 0
                    ? NULL
                    : rpo_config_path(inst, "file");
    ctx->pretty = rpo_config_bool(inst, "pretty", 1);
    ctx->segments = rpo_config_get(inst, "segments");
    if (strcmp(ctx->segments, "none") == 0)
        ctx->segments = "";
    static const char *const dims[] = {"department", "location", "level", "source",
                                       "recruiter", "hiring_manager", "owner"};
    size_t listed = 0;
    for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
        listed += (size_t)dim_listed(ctx->segments, dims[i]);
    size_t commas = 0;
    for (const char *p = ctx->segments; *p; p++)
        commas += *p == ',';
    if (strcmp(ctx->segments, "all") != 0 && *ctx->segments && listed != commas + 1) {
        free(ctx);
        return rpo_config_error(inst, "segments",
                                "write all, none, or dimensions among department, location, "
                                "level, source, recruiter, hiring_manager, owner");
    }
    *ctxp = ctx;
    return RPO_OK;
}

static void json_sink_destroy(void *ctx)
{
    free(ctx);
}

/*
 * Writes V's text to FP. Pretty: every line after the first is indented by
 * INDENT more spaces, as if V had been dumped in place at that depth (how
 * jansson indents nested values).
 */
static int dump_at(FILE *fp, const json_t *v, size_t flags, int pretty, int indent)
{
    char *text = json_dumps(v, flags);
    if (text == NULL)
        return RPO_ENOMEM;
    int ok = 1;
    for (const char *p = text; *p && ok; p++) {
        ok = fputc(*p, fp) != EOF;
        if (*p == '\n' && pretty)
            ok = ok && fprintf(fp, "%*s", indent, "") >= 0;
    }
    free(text);
    return ok ? RPO_OK : RPO_EIO;
}

/* Writes the "metrics" array of R, each metric built and freed in turn. */
static int write_metrics(builder *b, FILE *fp, const rpo_report *r, size_t flags, int pretty)
{
    size_t n = rpo_report_metric_count(r);
    int rc = RPO_OK;

    if (n == 0)
        return fputs("[]", fp) == EOF ? RPO_EIO : RPO_OK;
    if (fputs(pretty ? "[\n    " : "[", fp) == EOF)
        return RPO_EIO;
    for (size_t m = 0; m < n && rc == RPO_OK; m++) {
        json_t *o = build_metric(b, r, m);
        if (o == NULL)
            return b->status; /* RPO_ENOMEM is logged by the caller */
        if (m && fputs(pretty ? ",\n    " : ",", fp) == EOF)
            rc = RPO_EIO;
        if (rc == RPO_OK)
            rc = dump_at(fp, o, flags, pretty, 4);
        json_decref(o);
    }
    if (rc == RPO_OK && fputs(pretty ? "\n  ]" : "]", fp) == EOF)
        rc = RPO_EIO;
    return rc;
}

/* Writes the document: ROOT's text with the metrics streamed in at the mark. */
static int write_document(builder *b, FILE *fp, const json_t *root, const rpo_report *r,
                          size_t flags, int pretty)
{
    char *text = json_dumps(root, flags);
    if (text == NULL)
        return RPO_ENOMEM;
    /* jansson escapes the mark's control characters */
    char *mark = strstr(text, "\"\\u0001metrics\\u0001\"");
    int rc = RPO_OK;
    if (mark == NULL) {
        rpo_log(b->inst, RPO_LOG_ERROR, "internal error: no place for the metrics");
        rc = RPO_ERR;
    } else {
        *mark = '\0';
        const char *rest = mark + strlen("\"\\u0001metrics\\u0001\"");
        if (fputs(text, fp) == EOF)
            rc = RPO_EIO;
        if (rc == RPO_OK)
            rc = write_metrics(b, fp, r, flags, pretty);
        if (rc == RPO_OK && (fputs(rest, fp) == EOF || fputc('\n', fp) == EOF))
            rc = RPO_EIO;
    }
    free(text);
    return rc;
}

static int json_sink_write(void *vctx, const rpo_report *report)
{
    const json_ctx *ctx = vctx;
    builder b = { ctx->inst, ctx->segments, 0, RPO_OK };
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
                   (ctx->pretty ? JSON_INDENT(2) : JSON_COMPACT);
    rpo_outfile *of = NULL;
    json_t *root;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp;
    int rc;

    if ((root = build_report(&b, report)) == NULL)
        return b.status;
    /* A file is written under a temporary name and renamed when complete, so
     * the document streams into it. Standard output cannot be taken back:
     * the document is made in memory first, and a failure half-way (out of
     * memory, a broken report) prints nothing. */
    if (ctx->file) {
        rc = rpo_outfile_open(ctx->inst, ctx->file, &of);
        if (rc != RPO_OK) { /* logged */
            json_decref(root);
            return rc;
        }
        fp = rpo_outfile_stream(of);
    } else {
        fp = open_memstream(&buf, &len);
        rc = fp ? RPO_OK : RPO_ENOMEM;
    }
    if (rc == RPO_OK)
        rc = write_document(&b, fp, root, report, flags, ctx->pretty);
    json_decref(root);
    if (rc == RPO_OK && ferror(fp))
        rc = RPO_EIO;
    if (!ctx->file && fp) {
        if (fclose(fp) != 0 && rc == RPO_OK)
            rc = RPO_ENOMEM;
        if (rc == RPO_OK) {
            rc = rpo_outfile_open(ctx->inst, NULL, &of);
            if (rc != RPO_OK) { /* logged */
                free(buf);
                return rc;
            }
            if (fwrite(buf, 1, len, rpo_outfile_stream(of)) != len)
                rc = RPO_EIO;
        }
        free(buf);
    }
    if (rc == RPO_ENOMEM)
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
    else if (rc == RPO_EIO)
        rpo_log(ctx->inst, RPO_LOG_ERROR, "cannot write %s",
                ctx->file ? ctx->file : "to standard output");
    if (rc != RPO_OK) {
        if (of)
            rpo_outfile_abort(of);
        return rc;
    }
    return rpo_outfile_commit(of);
}

RPO_PLUGIN_EXPORT(sink_json) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "json",
    .version = "2.0.0",
    .description = "the report as JSON (schema rpo-report, version 2) for other programs",
    .keys = json_keys,
    .create = json_sink_create,
    .destroy = json_sink_destroy,
    .read = NULL,
    .write = json_sink_write,
};
