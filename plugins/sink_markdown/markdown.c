/*
 * sink_markdown — the report as GitHub Flavoured Markdown, for e-mail and
 * wikis: the content of the HTML report, as tables.
 *
 * Sections, in order (each left out when the report has nothing for it):
 *   # Scorecard: ENGAGEMENT      header table: client, provider, phase,
 *                                as-of date, the previous run compared with,
 *                                generator, the periods shown
 *   ## Key metrics               | Metric | Target | LATEST | Status | overall | Status |
 *   ## Funnel                    applications → hires, counts per period
 *   ## Stage durations by process area   one table per process area: the
 *                                medians of every metric in days
 *   ## Cost                      currency metrics and the recruiting cost ratio
 *   ## Metrics                   per metric (report order: key metrics first)
 *                                a heading "### LABEL (`ID`)", its definition,
 *                                and | Period | Value | [Mean | p90 |] n |
 *                                Target | Baseline | Status | vs previous
 *                                period | vs previous run |
 *   ## Incentive                 attainment per metric, weighted, tier, payout
 *   ## Achievements              a list; new ones (since the last run) marked **New**
 *   ## Goal alignment            per goal: | Link | Lag | n | Pearson | Spearman |
 *   ## Framework assessments     per framework, the groups of the latest shown
 *                                period and overall: elements, figures, findings
 *   ## Risk log                  every risk, highest severity first; new ones marked
 *   ## Data quality              sources and flags
 *
 * Numbers, targets and statuses are the console's (sink_common/text.h), so
 * both print the same digits: counts "14", percentages "87.50%", everything
 * else two decimals; "n<MIN" for an insufficient value, "-" for none;
 * statuses in words with a symbol ("✔ met"), so colour never carries them.
 * Changes are signed ("+2.00", "-5.50", percentages in points: "+8.75 pp").
 *
 * Text from the report (names, titles, segment values) is escaped so that
 * it stays text: control characters become spaces, Markdown punctuation
 * (\ ` * _ [ ] < > | # ~ ! & { } and a leading - + = or "1.") gets a
 * backslash, so a "|" in a risk title cannot split a table cell; an
 * underscore inside a word is left alone (GFM never emphasises it).
 *
 * Columns: the last `periods` periods that are not overall (0 = all), then
 * overall. The document is built in memory and written through rpo_outfile_*
 * (atomically to `file`; standard output only when complete).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpo/rpo.h>

#include "../sink_common/publish.h"
#include "../sink_common/text.h"

typedef struct md_ctx {
    const rpo_instance *inst;
    const char *file; /* NULL: standard output; owned by the engine */
    long periods;     /* non-overall periods shown; 0 = all */
} md_ctx;

/* State of one rendering. */
typedef struct doc {
    const md_ctx *ctx;
    const rpo_report *r;
    const rpo_report_header *h;
    FILE *fp;
    size_t *cols, ncols; /* shown periods, report order */
    size_t shown, total; /* non-overall periods shown, existing */
    int status;          /* first failure */
} doc;

static const rpo_config_key md_keys[] = {
    { "file", RPO_KEY_PATH, 0, NULL,
      "write the Markdown here (atomically) instead of standard output" },
    { "periods", RPO_KEY_INT, 0, "4",
      "how many of the latest periods to show besides overall (0 = all)" },
    { NULL, 0, 0, NULL, NULL }
};

/* The canonical process areas, in process order (DESIGN.md §5). */
static const char *const process_areas[] = { "before a role is live", "role live",
                                             "post-application",      "selection",
                                             "pre-day-one",           "first 90 days" };

/* The funnel's stages: metric ids of the built-in catalogue. */
static const char *const funnel_ids[] = { "applications",      "reached_screening",
                                          "reached_submittal", "reached_interview",
                                          "reached_offer",     "hires" };

static void record_failure(doc *d, int status)
{
    if (d->status == RPO_OK)
        d->status = status;
}

/* ---------------------------------------------------------------- text */

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Write S as Markdown text: see the top of the file. */
static void put_text(doc *d, const char *s)
{
    const char *p = sink_text_or_empty(s);

    /* Block syntax at the start of a cell, item or heading: "- x", "1. x". */
    if (*p == '-' || *p == '+' || *p == '=')
        fputc('\\', d->fp);
    else if (*p >= '0' && *p <= '9') {
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == '.' || *q == ')') {
            fwrite(p, 1, (size_t)(q - p), d->fp);
            fputc('\\', d->fp);
            p = q;
        }
    }
    for (const char *start = p; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7F) {
            fputc(' ', d->fp);
            continue;
        }
        /* An underscore inside a word never emphasises (GFM): "recruiter_count"
         * stays readable in a plain-text mail. */
        if (c == '_' && p > start && is_alnum(p[-1]) && is_alnum(p[1])) {
            fputc(c, d->fp);
            continue;
        }
        if (strchr("\\`*_[]<>|#~!&{}", c) != NULL)
            fputc('\\', d->fp);
        fputc(c, d->fp);
    }
}

/* Write S (malloc'd, taken over; NULL = out of memory) as it is. */
static void put_own(doc *d, char *s)
{
    if (s == NULL) {
        record_failure(d, RPO_ENOMEM);
        return;
    }
    fputs(s, d->fp);
    free(s);
}

/* Write S (malloc'd, taken over) escaped. */
static void put_own_text(doc *d, char *s)
{
    if (s == NULL) {
        record_failure(d, RPO_ENOMEM);
        return;
    }
    put_text(d, s);
    free(s);
}

/* The text of value V of metric INFO: its number, "n<MIN" or "-". */
static char *value_text(const doc *d, const rpo_metric_value *v, const rpo_metric_info *info,
                        double figure)
{
    if (v->state == RPO_VALUE_INSUFFICIENT)
        return sink_text_printf("n<%u", d->h->min_n);
    if (v->state != RPO_VALUE_OK)
        return sink_text_printf("-");
    return sink_text_number(info->unit, figure);
}

/* A signed change of UNIT: "+2.00", "-5.50", "+8.75 pp" for percentages. */
static char *change_text(rpo_unit unit, double delta)
{
    const char *sign = delta > 0 ? "+" : "";

    if (delta == 0.0)
        delta = 0.0;
    if (unit == RPO_UNIT_PERCENT)
        return sink_text_printf("%s%.2f pp", sign, delta);
    if (unit == RPO_UNIT_COUNT)
        return sink_text_printf("%s%.0f", sign, delta);
    return sink_text_printf("%s%.2f", sign, delta);
}

/* ------------------------------------------------------------- columns */

/* Choose the shown periods: the last CTX->periods non-overall ones (0 =
 * all) and every overall one, in report order. */
static int pick_columns(doc *d)
{
    size_t np = rpo_report_period_count(d->r), regular = 0, skip;

    if ((d->cols = calloc(np + 1, sizeof(*d->cols))) == NULL)
        return RPO_ENOMEM;
    for (size_t p = 0; p < np; p++) {
        const rpo_period *per = rpo_report_period_at(d->r, p);
        if (per == NULL) {
            rpo_log(d->ctx->inst, RPO_LOG_ERROR, "report has no period %zu of %zu", p, np);
            return RPO_ERR;
        }
        regular += !per->overall;
    }
    skip = d->ctx->periods > 0 && (size_t)d->ctx->periods < regular
               ? regular - (size_t)d->ctx->periods
               : 0;
    for (size_t p = 0, seen = 0; p < np; p++) {
        if (rpo_report_period_at(d->r, p)->overall || seen++ >= skip)
            d->cols[d->ncols++] = p;
    }
    d->shown = regular - skip;
    d->total = regular;
    return RPO_OK;
}

static const rpo_period *col_period(const doc *d, size_t k)
{
    return rpo_report_period_at(d->r, d->cols[k]);
}

/* The latest shown period that is not overall, as an index into cols, or
 * ncols when there is none. */
static size_t latest_col(const doc *d)
{
    for (size_t k = d->ncols; k-- > 0;)
        if (!col_period(d, k)->overall)
            return k;
    return d->ncols;
}

/* The first overall column, or ncols. */
static size_t overall_col(const doc *d)
{
    for (size_t k = 0; k < d->ncols; k++)
        if (col_period(d, k)->overall)
            return k;
    return d->ncols;
}

/* The index of the metric whose id is ID, or the metric count. */
static size_t find_metric(const rpo_report *r, const char *id)
{
    size_t nm = rpo_report_metric_count(r);

    for (size_t m = 0; id != NULL && m < nm; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        if (info != NULL && info->id != NULL && strcmp(info->id, id) == 0)
            return m;
    }
    return nm;
}

/* ------------------------------------------------------------ sections */

static void put_header(doc *d)
{
    const rpo_report_header *h = d->h;

    fputs("# Scorecard: ", d->fp);
    put_text(d, h->engagement);
    fputs("\n\n| | |\n|---|---|\n", d->fp);
    if (sink_text_or_empty(h->client)[0] != '\0') {
        fputs("| Client | ", d->fp);
        put_text(d, h->client);
        fputs(" |\n", d->fp);
    }
    if (sink_text_or_empty(h->provider)[0] != '\0') {
        fputs("| Provider | ", d->fp);
        put_text(d, h->provider);
        fputs(" |\n", d->fp);
    }
    if (sink_text_or_empty(h->phase)[0] != '\0') {
        fputs("| Phase | ", d->fp);
        put_text(d, h->phase);
        fputs(" |\n", d->fp);
    }
    fputs("| As of | ", d->fp);
    put_text(d, h->as_of);
    fputs(" |\n", d->fp);
    if (sink_text_or_empty(h->previous_run_as_of)[0] != '\0') {
        fputs("| Previous run | as of ", d->fp);
        put_text(d, h->previous_run_as_of);
        fputs(" |\n", d->fp);
    }
    if (sink_text_or_empty(h->currency)[0] != '\0') {
        fputs("| Currency | ", d->fp);
        put_text(d, h->currency);
        fputs(" |\n", d->fp);
    }
    fputs("| Generator | ", d->fp);
    put_text(d, h->generator);
    fputs(" |\n", d->fp);
    if (d->shown < d->total)
        fprintf(d->fp, "| Periods | the last %zu of %zu, and overall |\n", d->shown, d->total);
    fputc('\n', d->fp);
}

/* The head of a table whose first column is FIRST and then one column per
 * shown period (and a Status column after each when STATUS). */
static void put_period_head(doc *d, const char *first, int status)
{
    fprintf(d->fp, "| %s |", first);
    for (size_t k = 0; k < d->ncols; k++) {
        fputc(' ', d->fp);
        put_text(d, col_period(d, k)->label);
        fputs(status ? " | Status |" : " |", d->fp);
    }
    fputs("\n|---|", d->fp);
    for (size_t k = 0; k < d->ncols; k++)
        fputs(status ? "---:|---|" : "---:|", d->fp);
    fputc('\n', d->fp);
}

/* One row of a period table: metric M's label, then its value (and
 * status) in every shown period. */
static void put_period_row(doc *d, size_t m, int status)
{
    const rpo_metric_info *info = rpo_report_metric_at(d->r, m);

    fputs("| ", d->fp);
    put_own_text(d, sink_text_metric_label(info, d->h, NULL));
    fputs(" |", d->fp);
    for (size_t k = 0; k < d->ncols && d->status == RPO_OK; k++) {
        const rpo_metric_value *v = rpo_report_value(d->r, m, d->cols[k]);
        if (v == NULL) {
            rpo_log(d->ctx->inst, RPO_LOG_ERROR, "report has no value for metric %s, period %zu",
                    sink_text_or_empty(info->id), d->cols[k]);
            record_failure(d, RPO_ERR);
            return;
        }
        fputc(' ', d->fp);
        put_own(d, value_text(d, v, info, v->value));
        fputs(" |", d->fp);
        if (status) {
            fputc(' ', d->fp);
            put_own(d, sink_text_status(v, d->h->min_n));
            fputs(" |", d->fp);
        }
    }
    fputc('\n', d->fp);
}

/* The key metrics with the status of the latest shown period and overall. */
static void put_key_metrics(doc *d)
{
    size_t nm = rpo_report_metric_count(d->r), latest = latest_col(d), overall = overall_col(d);
    size_t shown[2], n = 0;
    int any = 0;

    for (size_t m = 0; m < nm; m++)
        any |= rpo_report_metric_at(d->r, m)->key;
    if (!any)
        return;
    if (latest < d->ncols)
        shown[n++] = latest;
    if (overall < d->ncols)
        shown[n++] = overall;
    fputs("## Key metrics\n\n| Metric | Target |", d->fp);
    for (size_t k = 0; k < n; k++) {
        fputc(' ', d->fp);
        put_text(d, col_period(d, shown[k])->label);
        fputs(" | Status |", d->fp);
    }
    fputs("\n|---|---:|", d->fp);
    for (size_t k = 0; k < n; k++)
        fputs("---:|---|", d->fp);
    fputc('\n', d->fp);
    for (size_t m = 0; m < nm && d->status == RPO_OK; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(d->r, m);
        const rpo_metric_value *target = NULL;
        if (!info->key)
            continue;
        for (size_t k = 0; k < n && target == NULL; k++) {
            const rpo_metric_value *v = rpo_report_value(d->r, m, d->cols[shown[k]]);
            if (v != NULL && v->has_target)
                target = v;
        }
        fputs("| ", d->fp);
        put_own_text(d, sink_text_metric_label(info, d->h, NULL));
        fputs(" | ", d->fp);
        if (target != NULL)
            put_own(d, sink_text_target(info, target->target));
        fputs(" |", d->fp);
        for (size_t k = 0; k < n; k++) {
            const rpo_metric_value *v = rpo_report_value(d->r, m, d->cols[shown[k]]);
            if (v == NULL) {
                record_failure(d, RPO_ERR);
                rpo_log(d->ctx->inst, RPO_LOG_ERROR, "report has no value for metric %s",
                        sink_text_or_empty(info->id));
                return;
            }
            fputc(' ', d->fp);
            put_own(d, value_text(d, v, info, v->value));
            fputs(" | ", d->fp);
            put_own(d, sink_text_status(v, d->h->min_n));
            fputs(" |", d->fp);
        }
        fputc('\n', d->fp);
    }
    fputc('\n', d->fp);
}

static void put_funnel(doc *d)
{
    size_t nm = rpo_report_metric_count(d->r), n = 0;
    size_t stages[sizeof funnel_ids / sizeof funnel_ids[0]];

    for (size_t i = 0; i < sizeof funnel_ids / sizeof funnel_ids[0]; i++)
        if ((stages[n] = find_metric(d->r, funnel_ids[i])) < nm)
            n++;
    if (n == 0)
        return;
    fputs("## Funnel\n\n", d->fp);
    put_period_head(d, "Stage", 0);
    for (size_t i = 0; i < n && d->status == RPO_OK; i++)
        put_period_row(d, stages[i], 0);
    fputc('\n', d->fp);
}

/* Whether metric INFO's process area is AREA (NULL: none of the canonical). */
static int in_area(const rpo_metric_info *info, const char *area)
{
    const char *a = sink_text_or_empty(info->process_area);

    if (area != NULL)
        return strcmp(a, area) == 0;
    for (size_t i = 0; i < sizeof process_areas / sizeof process_areas[0]; i++)
        if (strcmp(a, process_areas[i]) == 0)
            return 0;
    return 1;
}

/* One table of the duration metrics of AREA; AREA NULL: the metrics of any
 * other area, in a table per area in order of appearance. */
static void put_area_durations(doc *d, const char *area)
{
    size_t nm = rpo_report_metric_count(d->r);

    for (size_t m = 0; m < nm && d->status == RPO_OK; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(d->r, m);
        const char *name = area;
        size_t first;

        if (info->unit != RPO_UNIT_DAYS || !in_area(info, area))
            continue;
        if (area == NULL) {
            /* other areas: one table each, at its first metric */
            int before = 0;
            for (size_t e = 0; e < m; e++) {
                const rpo_metric_info *x = rpo_report_metric_at(d->r, e);
                before |= x->unit == RPO_UNIT_DAYS && in_area(x, NULL) &&
                          strcmp(sink_text_or_empty(x->process_area),
                                 sink_text_or_empty(info->process_area)) == 0;
            }
            if (before)
                continue;
            name = sink_text_or_empty(info->process_area);
        }
        fputs("### ", d->fp);
        put_text(d, name[0] ? name : "no process area");
        fputs("\n\n", d->fp);
        put_period_head(d, "Metric", 0);
        for (first = m; first < nm && d->status == RPO_OK; first++) {
            const rpo_metric_info *x = rpo_report_metric_at(d->r, first);
            if (x->unit == RPO_UNIT_DAYS &&
                strcmp(sink_text_or_empty(x->process_area), sink_text_or_empty(name[0] ? name : "")) == 0)
                put_period_row(d, first, 0);
        }
        fputc('\n', d->fp);
        if (area != NULL)
            return;
    }
}

static void put_durations(doc *d)
{
    size_t nm = rpo_report_metric_count(d->r);
    int any = 0;

    for (size_t m = 0; m < nm; m++)
        any |= rpo_report_metric_at(d->r, m)->unit == RPO_UNIT_DAYS;
    if (!any)
        return;
    fputs("## Stage durations by process area\n\nIn days; the median for distributions.\n\n", d->fp);
    for (size_t i = 0; i < sizeof process_areas / sizeof process_areas[0]; i++)
        put_area_durations(d, process_areas[i]);
    put_area_durations(d, NULL);
}

/* Whether metric INFO belongs in the cost table. */
static int is_cost(const rpo_metric_info *info)
{
    return info->unit == RPO_UNIT_CURRENCY ||
           strcmp(sink_text_or_empty(info->id), "recruiting_cost_ratio") == 0;
}

static void put_cost(doc *d)
{
    size_t nm = rpo_report_metric_count(d->r);
    int any = 0;

    for (size_t m = 0; m < nm; m++)
        any |= is_cost(rpo_report_metric_at(d->r, m));
    if (!any)
        return;
    fputs("## Cost\n\n", d->fp);
    put_period_head(d, "Metric", 1);
    for (size_t m = 0; m < nm && d->status == RPO_OK; m++)
        if (is_cost(rpo_report_metric_at(d->r, m)))
            put_period_row(d, m, 1);
    fputc('\n', d->fp);
}

/* The per-metric table of metric M. */
static void put_metric(doc *d, size_t m)
{
    const rpo_metric_info *info = rpo_report_metric_at(d->r, m);
    const char *id = sink_text_or_empty(info->id);

    fputs("### ", d->fp);
    put_own_text(d, sink_text_metric_label(info, d->h, NULL));
    fputs(" (`", d->fp);
    for (const char *p = id; *p; p++) /* a backtick would end the code span */
        fputc(*p == '`' || (unsigned char)*p < 0x20 ? '\'' : *p, d->fp);
    fputs("`)\n\n", d->fp);
    if (sink_text_or_empty(info->definition)[0] != '\0') {
        put_text(d, info->definition);
        fputs("\n\n", d->fp);
    }
    fprintf(d->fp, "%s", info->direction == RPO_LOWER_IS_BETTER    ? "Lower is better. "
                         : info->direction == RPO_HIGHER_IS_BETTER ? "Higher is better. "
                                                                   : "");
    if (sink_text_or_empty(info->process_area)[0] != '\0') {
        fputs("Process area: ", d->fp);
        put_text(d, info->process_area);
        fputs(". ", d->fp);
    }
    if (sink_text_or_empty(info->period_event)[0] != '\0') {
        fputs("Counted in the period of: ", d->fp);
        put_text(d, info->period_event);
        fputs(".", d->fp);
    }
    fputs(info->distribution
              ? "\n\n| Period | Value | Mean | p90 | n | Target | Baseline | Status | vs previous period | vs previous run |\n"
                "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n"
              : "\n\n| Period | Value | n | Target | Baseline | Status | vs previous period | vs previous run |\n"
                "|---|---:|---:|---:|---:|---|---:|---:|\n",
          d->fp);
    for (size_t k = 0; k < d->ncols && d->status == RPO_OK; k++) {
        const rpo_metric_value *v = rpo_report_value(d->r, m, d->cols[k]);
        int ok;

        if (v == NULL) {
            rpo_log(d->ctx->inst, RPO_LOG_ERROR, "report has no value for metric %s, period %zu",
                    id, d->cols[k]);
            record_failure(d, RPO_ERR);
            return;
        }
        ok = v->state == RPO_VALUE_OK;
        fputs("| ", d->fp);
        put_text(d, col_period(d, k)->label);
        fputs(" | ", d->fp);
        put_own(d, value_text(d, v, info, v->value));
        if (info->distribution) {
            fputs(" | ", d->fp);
            if (ok)
                put_own(d, sink_text_number(info->unit, v->mean));
            fputs(" | ", d->fp);
            if (ok)
                put_own(d, sink_text_number(info->unit, v->p90));
        }
        fprintf(d->fp, " | %llu | ", v->n);
        if (v->has_target)
            put_own(d, sink_text_target(info, v->target));
        fputs(" | ", d->fp);
        if (v->has_baseline)
            put_own(d, sink_text_number(info->unit, v->baseline));
        fputs(" | ", d->fp);
        put_own(d, sink_text_status(v, d->h->min_n));
        fputs(" | ", d->fp);
        if (v->has_change_previous)
            put_own(d, change_text(info->unit, v->change_vs_previous));
        fputs(" | ", d->fp);
        if (v->has_previous_run && ok) {
            char *was = sink_text_number(info->unit, v->previous_run);
            char *delta = change_text(info->unit, v->change_vs_run);
            if (was != NULL && delta != NULL)
                put_own(d, sink_text_printf("%s (was %s)", delta, was));
            else
                record_failure(d, RPO_ENOMEM);
            free(was);
            free(delta);
        } else if (v->has_previous_run) {
            char *was = sink_text_number(info->unit, v->previous_run);
            put_own(d, was ? sink_text_printf("was %s", was) : NULL);
            free(was);
        }
        fputs(" |\n", d->fp);
    }
    fputc('\n', d->fp);
}

static void put_metrics(doc *d)
{
    size_t nm = rpo_report_metric_count(d->r);

    fputs("## Metrics\n\n", d->fp);
    if (nm == 0) {
        fputs("No metrics in this report.\n\n", d->fp);
        return;
    }
    for (size_t m = 0; m < nm && d->status == RPO_OK; m++)
        put_metric(d, m);
    fprintf(d->fp,
            "n<%u: fewer than %u observations, value withheld; -: no observations. "
            "Status: \xE2\x9C\x94 met; \xE2\x89\x88 near (missed within the tolerance); "
            "\xE2\x9C\x98 missed; ? no value to judge.\n\n",
            d->h->min_n, d->h->min_n);
}

/* Whether period index P is shown. */
static int shown_period(const doc *d, size_t p)
{
    for (size_t k = 0; k < d->ncols; k++)
        if (d->cols[k] == p)
            return 1;
    return 0;
}

static void put_incentive(doc *d)
{
    const rpo_incentive *inc = rpo_report_incentive(d->r);
    size_t lines = 0;

    if (inc == NULL)
        return;
    fputs("## Incentive\n\nAttainment per metric and period.\n\n| Metric (weight) |", d->fp);
    for (size_t i = 0; i < inc->n_periods; i++)
        if (shown_period(d, inc->periods[i].period)) {
            const rpo_period *per = rpo_report_period_at(d->r, inc->periods[i].period);
            fputc(' ', d->fp);
            put_text(d, per ? per->label : "?");
            fputs(" |", d->fp);
        }
    fputs("\n|---|", d->fp);
    for (size_t i = 0; i < inc->n_periods; i++)
        if (shown_period(d, inc->periods[i].period))
            fputs("---:|", d->fp);
    fputc('\n', d->fp);
    for (size_t i = 0; i < inc->n_periods; i++)
        if (inc->periods[i].n_lines > lines)
            lines = inc->periods[i].n_lines;
    /* Lines: every period lists the same metrics, in the same order. */
    for (size_t l = 0; l < lines && d->status == RPO_OK; l++) {
        const rpo_incentive_line *first = NULL;
        for (size_t i = 0; i < inc->n_periods && first == NULL; i++)
            if (l < inc->periods[i].n_lines)
                first = &inc->periods[i].lines[l];
        const rpo_metric_info *info = rpo_report_metric_at(d->r, first->metric);
        char *w = sink_text_trimmed(first->weight, 2);
        fputs("| ", d->fp);
        put_text(d, info ? info->name : "?");
        fputs(" (", d->fp);
        put_own(d, w);
        fputs(") |", d->fp);
        for (size_t i = 0; i < inc->n_periods; i++) {
            if (!shown_period(d, inc->periods[i].period))
                continue;
            const rpo_incentive_line *ln =
                l < inc->periods[i].n_lines ? &inc->periods[i].lines[l] : NULL;
            fputc(' ', d->fp);
            if (ln != NULL && ln->has_attainment)
                put_own(d, sink_text_number(RPO_UNIT_PERCENT, ln->attainment));
            else if (ln != NULL && ln->state == RPO_VALUE_INSUFFICIENT)
                put_own(d, sink_text_printf("n<%u", d->h->min_n));
            else
                fputc('-', d->fp);
            fputs(" |", d->fp);
        }
        fputc('\n', d->fp);
    }
    fputs("| Weighted attainment |", d->fp);
    for (size_t i = 0; i < inc->n_periods; i++)
        if (shown_period(d, inc->periods[i].period)) {
            fputc(' ', d->fp);
            if (inc->periods[i].has_weighted)
                put_own(d, sink_text_number(RPO_UNIT_PERCENT, inc->periods[i].weighted));
            else
                fputc('-', d->fp);
            fputs(" |", d->fp);
        }
    fputs("\n| Tier (attainment \xE2\x86\x92 payout) |", d->fp);
    for (size_t i = 0; i < inc->n_periods; i++)
        if (shown_period(d, inc->periods[i].period)) {
            const rpo_incentive_period *ip = &inc->periods[i];
            fputc(' ', d->fp);
            if (ip->has_tier) {
                char *t = sink_text_trimmed(ip->tier_threshold, 2),
                     *p = sink_text_trimmed(ip->tier_payout, 2);
                if (t != NULL && p != NULL)
                    fprintf(d->fp, "%s%% \xE2\x86\x92 %s%%", t, p);
                else
                    record_failure(d, RPO_ENOMEM);
                free(t);
                free(p);
            } else {
                fputs("none", d->fp);
            }
            fputs(" |", d->fp);
        }
    fputs("\n| Payout", d->fp);
    if (sink_text_or_empty(d->h->currency)[0] != '\0') {
        fputs(", ", d->fp);
        put_text(d, d->h->currency);
    }
    fputs(" |", d->fp);
    for (size_t i = 0; i < inc->n_periods; i++)
        if (shown_period(d, inc->periods[i].period)) {
            fputc(' ', d->fp);
            put_own(d, sink_text_number(RPO_UNIT_CURRENCY, inc->periods[i].payout));
            fputs(" |", d->fp);
        }
    fputs("\n\nPool ", d->fp);
    put_own(d, sink_text_number(RPO_UNIT_CURRENCY, inc->pool));
    if (sink_text_or_empty(d->h->currency)[0] != '\0') {
        fputc(' ', d->fp);
        put_text(d, d->h->currency);
    }
    fputs(" per period; attainment capped at ", d->fp);
    put_own(d, sink_text_trimmed(inc->cap, 2));
    fputs("%. Metrics without a value are left out of the weighted attainment.\n\n", d->fp);
}

static void put_achievements(doc *d)
{
    size_t n = rpo_report_achievement_count(d->r);

    if (n == 0)
        return;
    fputs("## Achievements\n\n", d->fp);
    for (size_t i = 0; i < n; i++) {
        const rpo_achievement *a = rpo_report_achievement_at(d->r, i);
        if (a == NULL)
            continue;
        fputs(a->is_new ? "- **New:** " : "- ", d->fp);
        put_text(d, a->text);
        fputc('\n', d->fp);
    }
    fputc('\n', d->fp);
}

/* A correlation coefficient, 4 decimals. */
static void put_coefficient(doc *d, double v)
{
    fprintf(d->fp, "%.4f", v == 0.0 ? 0.0 : v);
}

static void put_goals(doc *d)
{
    size_t n = rpo_report_goal_count(d->r);

    if (n == 0)
        return;
    fputs("## Goal alignment\n\n", d->fp);
    for (size_t g = 0; g < n; g++) {
        const rpo_goal *goal = rpo_report_goal_at(d->r, g);
        if (goal == NULL)
            continue;
        fputs("### ", d->fp);
        put_text(d, goal->name);
        fputs("\n\n", d->fp);
        if (sink_text_or_empty(goal->description)[0] != '\0') {
            put_text(d, goal->description);
            fputs("\n\n", d->fp);
        }
        if (goal->n_links == 0) {
            fputs("No links.\n\n", d->fp);
            continue;
        }
        fputs("| Link | Lag | n | Pearson | Spearman |\n|---|---:|---:|---:|---:|\n", d->fp);
        for (size_t k = 0; k < goal->n_links; k++) {
            const rpo_alignment_link *l = &goal->links[k];
            fputs("| ", d->fp);
            put_text(d, l->from);
            fputs(" \xE2\x86\x92 ", d->fp);
            put_text(d, l->to);
            fprintf(d->fp, " | %d | %zu | ", l->lag, l->n);
            if (l->state == RPO_CORR_OK) {
                put_coefficient(d, l->pearson);
                fputs(" | ", d->fp);
                put_coefficient(d, l->spearman);
            } else if (l->state == RPO_CORR_TOO_FEW) {
                fputs("too few periods | ", d->fp);
            } else {
                fputs("no variation | ", d->fp);
            }
            fputs(" |\n", d->fp);
        }
        fputc('\n', d->fp);
    }
}

/* Whether framework groups of period LABEL are shown: the latest shown
 * period and overall (the JSON report has all). */
static int group_shown(const doc *d, const char *label)
{
    size_t latest = latest_col(d);

    if (strcmp(label, "overall") == 0)
        return 1;
    return latest < d->ncols &&
           strcmp(sink_text_or_empty(col_period(d, latest)->label), label) == 0;
}

static void put_group(doc *d, const rpo_framework_view *f, const rpo_assessment_group_view *g)
{
    fputs("#### ", d->fp);
    put_text(d, sink_text_or_empty(g->group)[0] ? g->group : "All respondents");
    fputs(", ", d->fp);
    put_text(d, g->period);
    fprintf(d->fp, "\n\nn = %llu", g->n);
    if (g->state != RPO_VALUE_OK) {
        fputs(g->n ? "; too few respondents to score.\n\n" : "; no responses.\n\n", d->fp);
        return;
    }
    if (g->has_index) {
        fputs("; ", d->fp);
        put_text(d, sink_text_or_empty(f->index_name)[0] ? f->index_name : "index");
        fprintf(d->fp, " %.2f", g->index);
    }
    if (sink_text_or_empty(g->stage)[0] != '\0') {
        fputs("; ", d->fp);
        put_text(d, sink_text_or_empty(f->stage_name)[0] ? f->stage_name : "stage");
        fputs(": **", d->fp);
        put_text(d, g->stage);
        fputs("**", d->fp);
    }
    fputs(".\n\n", d->fp);
    if (g->n_dimensions > 0) {
        fputs("| Element | n | Score | Spread | Status |\n|---|---:|---:|---:|---|\n", d->fp);
        for (size_t k = 0; k < g->n_dimensions; k++) {
            const rpo_assessment_dimension_view *x = &g->dimensions[k];
            fputs("| ", d->fp);
            put_text(d, x->name);
            fprintf(d->fp, " | %llu | ", x->n);
            if (x->state == RPO_VALUE_OK)
                fprintf(d->fp, "%.2f | %.2f | ", x->score, x->spread);
            else
                fputs("- | - | ", d->fp);
            put_text(d, x->status);
            fputs(" |\n", d->fp);
        }
        fputc('\n', d->fp);
    }
    if (g->n_figures > 0) {
        fputs("| Figure | Name | Value | n |\n|---|---|---:|---:|\n", d->fp);
        for (size_t k = 0; k < g->n_figures; k++) {
            const rpo_assessment_figure_view *x = &g->figures[k];
            fputs("| ", d->fp);
            put_text(d, x->table);
            fputs(" | ", d->fp);
            put_text(d, x->name);
            fputs(" | ", d->fp);
            put_own(d, sink_text_trimmed(x->value, 4));
            fprintf(d->fp, " | %llu |\n", x->n);
        }
        fputc('\n', d->fp);
    }
    for (size_t k = 0; k < g->n_findings; k++) {
        fputs("- ", d->fp);
        put_text(d, g->findings[k].finding);
        if (sink_text_or_empty(g->findings[k].action)[0] != '\0') {
            fputs(" \xE2\x86\x92 ", d->fp);
            put_text(d, g->findings[k].action);
        }
        fputc('\n', d->fp);
    }
    if (g->n_findings > 0)
        fputc('\n', d->fp);
}

static void put_frameworks(doc *d)
{
    size_t n = rpo_report_framework_count(d->r);

    if (n == 0)
        return;
    fputs("## Framework assessments\n\n", d->fp);
    for (size_t i = 0; i < n; i++) {
        const rpo_framework_view *f = rpo_report_framework_at(d->r, i);
        if (f == NULL)
            continue;
        fputs("### ", d->fp);
        put_text(d, f->instance);
        fputs(" (", d->fp);
        put_text(d, f->framework);
        fputs(", instrument ", d->fp);
        put_text(d, f->instrument);
        fprintf(d->fp, ")\n\nResponses: %llu taken, %llu refused.\n\n", f->accepted,
                f->rejected);
        for (size_t g = 0; g < f->n_groups; g++)
            if (group_shown(d, sink_text_or_empty(f->groups[g].period)))
                put_group(d, f, &f->groups[g]);
    }
}

static void put_risks(doc *d)
{
    size_t n = rpo_report_risk_count(d->r);

    if (n == 0)
        return;
    fputs("## Risk log\n\n| ID | Risk | Category | Severity | Status | Owner | Raised | Closed "
          "| New |\n|---|---|---|---:|---|---|---|---|---|\n",
          d->fp);
    for (size_t i = 0; i < n; i++) {
        const rpo_risk *k = rpo_report_risk_at(d->r, i);
        if (k == NULL)
            continue;
        fputs("| ", d->fp);
        put_text(d, k->id);
        fputs(" | ", d->fp);
        put_text(d, k->title);
        fputs(" | ", d->fp);
        put_text(d, k->category);
        fputs(" | ", d->fp);
        if (k->severity > 0)
            fprintf(d->fp, "%d", k->severity);
        fputs(" | ", d->fp);
        put_text(d, sink_text_or_empty(k->status)[0] ? k->status : (k->open ? "open" : "closed"));
        fputs(" | ", d->fp);
        put_text(d, k->owner);
        fputs(" | ", d->fp);
        put_text(d, k->raised_at);
        fputs(" | ", d->fp);
        put_text(d, k->closed_at);
        fputs(k->is_new ? " | **New** |\n" : " |  |\n", d->fp);
    }
    fputc('\n', d->fp);
}

static void put_quality(doc *d)
{
    size_t ns = rpo_report_source_count(d->r), nf = rpo_report_flag_count(d->r);

    fputs("## Data quality\n\n", d->fp);
    if (ns == 0) {
        fputs("No sources.\n\n", d->fp);
    } else {
        fputs("| Source | Plugin | Record | Read | Accepted | Rejected |\n"
              "|---|---|---|---:|---:|---:|\n",
              d->fp);
        for (size_t i = 0; i < ns; i++) {
            const rpo_source_summary *s = rpo_report_source_at(d->r, i);
            if (s == NULL)
                continue;
            fputs("| ", d->fp);
            put_text(d, s->instance);
            fputs(" | ", d->fp);
            put_text(d, s->plugin);
            fputs(" | ", d->fp);
            put_text(d, s->record);
            fprintf(d->fp, " | %llu | %llu | %llu |\n", s->read, s->accepted, s->rejected);
        }
        fputc('\n', d->fp);
    }
    if (nf == 0) {
        fputs("No data-quality flags.\n", d->fp);
        return;
    }
    fputs("| Flag | Cases | First case |\n|---|---:|---|\n", d->fp);
    for (size_t i = 0; i < nf; i++) {
        const rpo_quality_flag *f = rpo_report_flag_at(d->r, i);
        if (f == NULL)
            continue;
        fputs("| ", d->fp);
        put_text(d, f->description);
        fprintf(d->fp, " | %llu | ", f->count);
        put_text(d, f->example);
        fputs(" |\n", d->fp);
    }
}

/* Check what the sections take for granted: every metric is there. */
static int check_report(doc *d)
{
    size_t nm = rpo_report_metric_count(d->r);

    for (size_t m = 0; m < nm; m++)
        if (rpo_report_metric_at(d->r, m) == NULL) {
            rpo_log(d->ctx->inst, RPO_LOG_ERROR, "report has no metric %zu of %zu", m, nm);
            return RPO_ERR;
        }
    return RPO_OK;
}

/* The whole document into D->fp. */
static int render(doc *d)
{
    int rc;

    if ((d->h = rpo_report_get_header(d->r)) == NULL) {
        rpo_log(d->ctx->inst, RPO_LOG_ERROR, "report has no header");
        return RPO_ERR;
    }
    if ((rc = check_report(d)) != RPO_OK || (rc = pick_columns(d)) != RPO_OK)
        return rc;
    put_header(d);
    put_key_metrics(d);
    put_funnel(d);
    put_durations(d);
    put_cost(d);
    put_metrics(d);
    put_incentive(d);
    put_achievements(d);
    put_goals(d);
    put_frameworks(d);
    put_risks(d);
    put_quality(d);
    return d->status;
}

/* ------------------------------------------------------------ callbacks */

static int md_create(rpo_instance *inst, void **ctxp)
{
    const char *file = rpo_config_get(inst, "file");
    long periods = rpo_config_long(inst, "periods", 4);
    md_ctx *ctx;

    if (periods < 0)
        return rpo_config_error(inst, "periods", "must be 0 (all) or more, not %ld", periods);
    if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    /* "-" (or nothing) means standard output and must not be resolved
     * into a path beside the configuration file. */
    ctx->file = file == NULL || file[0] == '\0' || strcmp(file, "-") == 0
                    ? NULL
                    : rpo_config_path(inst, "file");
    ctx->periods = periods;
    *ctxp = ctx;
    return RPO_OK;
}

static void md_destroy(void *ctx)
{
    free(ctx);
}

static int md_write(void *vctx, const rpo_report *report)
{
    const md_ctx *ctx = vctx;
    doc d;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    memset(&d, 0, sizeof(d));
    d.ctx = ctx;
    d.r = report;
    /* Built in memory first: nothing is written, not even to standard
     * output, unless the whole document could be made. */
    if ((d.fp = open_memstream(&buf, &len)) == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    rc = render(&d);
    if (rc == RPO_OK && ferror(d.fp))
        rc = RPO_ENOMEM;
    if (fclose(d.fp) != 0 && rc == RPO_OK)
        rc = RPO_ENOMEM;
    free(d.cols);
    if (rc == RPO_OK) {
        rc = sink_publish(ctx->inst, ctx->file, buf, len);
    } else if (rc == RPO_ENOMEM) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
    }
    free(buf);
    return rc;
}

RPO_PLUGIN_EXPORT(sink_markdown) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "markdown",
    .version = "1.0.0",
    .description = "the report as GitHub Flavoured Markdown tables, for e-mail and wikis",
    .keys = md_keys,
    .create = md_create,
    .destroy = md_destroy,
    .read = NULL,
    .write = md_write,
};
