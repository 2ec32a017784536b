/*
 * sink_html/metrics.c — the sections about metrics: key metrics, a trend
 * chart per metric, the funnel, stage durations by process area and the
 * cost breakdown (html.h).
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "../sink_common/text.h"

/* The funnel's stages (counts) and its conversion rates, in funnel order:
 * the built-in metrics of docs/metrics.md; those the report lacks are left
 * out. */
static const char *const funnel_counts[] = { "applications", "reached_screening",
                                             "reached_submittal", "reached_interview",
                                             "reached_offer", "hires" };
static const char *const funnel_rates[] = { "screen_rate", "submittal_to_interview",
                                            "interview_to_offer", "offer_acceptance_rate",
                                            "applicant_to_hire_yield" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The process areas in the order a requisition goes through them
 * (DESIGN.md); areas not listed follow in report order. */
static const char *const area_order[] = { "before a role is live", "role live",
                                          "post-application", "selection", "pre-day-one",
                                          "first 90 days" };

/* The period the single-column views use: overall, else the latest shown. */
static int summary_period(const html_page *pg, size_t *p)
{
    if (pg->has_overall)
        *p = pg->overall;
    else if (pg->ncols > 0)
        *p = pg->cols[pg->ncols - 1];
    else
        return 0;
    return 1;
}

/* <th> cells of the shown periods and overall (in-progress periods say so). */
static void period_heads(const html_page *pg)
{
    html_out *o = pg->o;

    for (size_t k = 0; k < pg->ncols; k++) {
        const rpo_period *p = rpo_report_period_at(pg->r, pg->cols[k]);
        html_raw(o, "<th scope=\"col\">");
        html_text(o, html_period_label(pg->r, pg->cols[k]));
        if (p != NULL && !p->complete)
            html_raw(o, " (to date)");
        html_raw(o, "</th>");
    }
    if (pg->has_overall) {
        html_raw(o, "<th scope=\"col\">");
        html_text(o, html_period_label(pg->r, pg->overall));
        html_raw(o, "</th>");
    }
}

/* The row of metric MI: its label, then a value cell per shown period and
 * overall. */
static void metric_row(const html_page *pg, size_t mi)
{
    html_out *o = pg->o;
    const rpo_metric_info *m = rpo_report_metric_at(pg->r, mi);

    html_raw(o, "<tr data-metric=\"");
    html_text(o, m->id);
    html_raw(o, "\"><th scope=\"row\">");
    html_take(o, sink_text_metric_label(m, pg->h, NULL));
    html_raw(o, "</th>");
    for (size_t k = 0; k < pg->ncols; k++)
        html_value_cell(pg, m, rpo_report_value(pg->r, mi, pg->cols[k]),
                        html_period_label(pg->r, pg->cols[k]));
    if (pg->has_overall)
        html_value_cell(pg, m, rpo_report_value(pg->r, mi, pg->overall),
                        html_period_label(pg->r, pg->overall));
    html_raw(o, "</tr>\n");
}

/* A table of the metrics MIS (N of them) over the shown periods. */
static void metric_table(const html_page *pg, const char *caption, const long *mis, size_t n)
{
    html_out *o = pg->o;

    html_raw(o, "<table class=\"metrics\"><caption>");
    html_text(o, caption);
    html_raw(o, "</caption>\n<thead><tr><th scope=\"col\">Metric</th>");
    period_heads(pg);
    html_raw(o, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++)
        if (mis[i] >= 0)
            metric_row(pg, (size_t)mis[i]);
    html_raw(o, "</tbody></table>\n");
}

/* A <td> with the change of V against the previous period or run. */
static void change_cell(const html_page *pg, const rpo_metric_info *m, const rpo_metric_value *v,
                        int vs_run)
{
    html_out *o = pg->o;

    html_raw(o, "<td class=\"num\">");
    if (v != NULL && !vs_run && v->has_change_previous) {
        html_take(o, html_change_text(m, v->change_vs_previous));
    } else if (v != NULL && vs_run && v->has_previous_run) {
        if (v->state == RPO_VALUE_OK)
            html_take(o, html_change_text(m, v->change_vs_run));
        html_raw(o, v->state == RPO_VALUE_OK ? " <span class=\"note\">(was " : "<span class=\"note\">was ");
        html_take(o, sink_text_number(m->unit, v->previous_run));
        html_raw(o, v->state == RPO_VALUE_OK ? ")</span>" : "</span>");
    } else {
        html_raw(o, "<span class=\"note\">-</span>");
    }
    html_raw(o, "</td>");
}

void section_key_metrics(const html_page *pg)
{
    html_out *o = pg->o;
    size_t nkey = 0, latest = 0;
    int has_latest = pg->ncols > 0, has_run = sink_text_or_empty(pg->h->previous_run_as_of)[0] != 0;
    const rpo_period *lp;

    if (has_latest)
        latest = pg->cols[pg->ncols - 1];
    lp = has_latest ? rpo_report_period_at(pg->r, latest) : NULL;
    html_section_open(o, "key-metrics", "Key metrics");
    for (size_t i = 0; i < rpo_report_metric_count(pg->r); i++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, i);
        nkey += m != NULL && m->key;
    }
    if (nkey == 0) {
        html_raw(o, "<p>No key metrics are configured (<code>key = true</code> in a "
                    "<code>[metric.ID]</code> section).</p>\n</section>\n");
        return;
    }
    html_raw(o, "<table class=\"key\"><caption>Key metrics: ");
    if (has_latest) {
        html_text(o, lp ? lp->label : "");
        html_raw(o, lp && !lp->complete ? " (to date)" : "");
        html_raw(o, " against its previous period");
    }
    if (has_run) {
        html_raw(o, has_latest ? ", and " : "");
        html_raw(o, "against the previous run (as of ");
        html_text(o, pg->h->previous_run_as_of);
        html_raw(o, ")");
    }
    html_raw(o, "</caption>\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Target</th>"
                "<th scope=\"col\">Baseline</th>");
    if (has_latest) {
        html_raw(o, "<th scope=\"col\">");
        html_text(o, lp ? lp->label : "");
        html_raw(o, "</th><th scope=\"col\">vs previous period</th>"
                    "<th scope=\"col\">vs previous run</th>");
    }
    if (pg->has_overall)
        html_raw(o, "<th scope=\"col\">Overall</th><th scope=\"col\">vs previous run</th>");
    html_raw(o, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < rpo_report_metric_count(pg->r); i++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, i);
        const rpo_metric_value *lv, *ov, *any;

        if (m == NULL || !m->key)
            continue;
        lv = has_latest ? rpo_report_value(pg->r, i, latest) : NULL;
        ov = pg->has_overall ? rpo_report_value(pg->r, i, pg->overall) : NULL;
        any = ov != NULL ? ov : lv;
        html_raw(o, "<tr data-metric=\"");
        html_text(o, m->id);
        html_raw(o, "\"><th scope=\"row\">");
        html_take(o, sink_text_metric_label(m, pg->h, NULL));
        html_raw(o, "</th><td class=\"num\">");
        if (any != NULL && any->has_target)
            html_take(o, sink_text_target(m, any->target));
        else
            html_raw(o, "<span class=\"note\">none</span>");
        html_raw(o, "</td><td class=\"num\">");
        if (any != NULL && any->has_baseline)
            html_take(o, sink_text_number(m->unit, any->baseline));
        else
            html_raw(o, "<span class=\"note\">none</span>");
        html_raw(o, "</td>");
        if (has_latest) {
            html_value_cell(pg, m, lv, lp ? lp->label : "");
            change_cell(pg, m, lv, 0);
            change_cell(pg, m, lv, 1);
        }
        if (pg->has_overall) {
            html_value_cell(pg, m, ov, html_period_label(pg->r, pg->overall));
            change_cell(pg, m, ov, 1);
        }
        html_raw(o, "</tr>\n");
    }
    html_raw(o, "</tbody></table>\n");
    html_printf(o, "<p class=\"note\">n&lt;%u: fewer than %u observations, value withheld; "
                   "-: no observations. Status: \xE2\x9C\x94 met; \xE2\x89\x88 near (missed "
                   "within the tolerance); \xE2\x9C\x98 missed; ? no value to judge. "
                   "Percentage changes are in percentage points (pp).</p>\n",
                pg->h->min_n, pg->h->min_n);
    html_raw(o, "</section>\n");
}

void section_trends(const html_page *pg)
{
    html_out *o = pg->o;

    html_section_open(o, "trends", "Trends");
    if (rpo_report_metric_count(pg->r) == 0 || pg->ncols == 0) {
        html_raw(o, "<p>No metrics or periods to chart.</p>\n</section>\n");
        return;
    }
    html_raw(o, "<p class=\"note\">Per period, key metrics first. Targets are dashed lines, "
                "baselines dotted lines; periods without a value are marked n&lt;MIN or -.</p>\n"
                "<div class=\"grid\">\n");
    for (size_t i = 0; i < rpo_report_metric_count(pg->r) && o->rc == RPO_OK; i++)
        if (rpo_report_metric_at(pg->r, i) != NULL)
            chart_trend(pg, i);
    html_raw(o, "</div>\n</section>\n");
}

/* Bars of the metrics MIS (N) in period P; NULL entries are skipped. */
static int bars_of(const html_page *pg, const long *mis, size_t n, size_t p, html_bar *bars,
                   char **texts, size_t *nbars)
{
    *nbars = 0;
    for (size_t i = 0; i < n; i++) {
        const rpo_metric_info *m;
        const rpo_metric_value *v;

        if (mis[i] < 0)
            continue;
        m = rpo_report_metric_at(pg->r, (size_t)mis[i]);
        v = rpo_report_value(pg->r, (size_t)mis[i], p);
        texts[*nbars] = html_value_text(m, v, pg->h->min_n);
        if (texts[*nbars] == NULL)
            return RPO_ENOMEM;
        bars[*nbars] = (html_bar){ m->name, v != NULL && v->state == RPO_VALUE_OK,
                                   v != NULL ? v->value : 0, texts[*nbars], 0 };
        (*nbars)++;
    }
    return RPO_OK;
}

/* A bar chart of the metrics MIS (N) in the summary period. */
static void metric_bars(const html_page *pg, const char *title, const long *mis, size_t n,
                        double scale)
{
    html_bar *bars = NULL;
    char **texts = NULL, *t = NULL;
    size_t nbars = 0, p;

    if (!summary_period(pg, &p))
        return;
    bars = calloc(n + 1, sizeof(*bars));
    texts = calloc(n + 1, sizeof(*texts));
    if (bars == NULL || texts == NULL || bars_of(pg, mis, n, p, bars, texts, &nbars) != RPO_OK ||
        (t = sink_text_printf("%s, %s", title, html_period_label(pg->r, p))) == NULL)
        pg->o->rc = pg->o->rc != RPO_OK ? pg->o->rc : RPO_ENOMEM;
    else if (nbars > 0)
        chart_bars(pg->o, t, bars, nbars, scale, "");
    for (size_t i = 0; texts != NULL && i < nbars; i++)
        free(texts[i]);
    free(texts);
    free(bars);
    free(t);
}

void section_funnel(const html_page *pg)
{
    html_out *o = pg->o;
    long counts[NELEM(funnel_counts)], rates[NELEM(funnel_rates)];
    size_t nc = 0, nr = 0;

    for (size_t i = 0; i < NELEM(funnel_counts); i++)
        if ((counts[nc] = html_find_metric(pg->r, funnel_counts[i])) >= 0)
            nc++;
    for (size_t i = 0; i < NELEM(funnel_rates); i++)
        if ((rates[nr] = html_find_metric(pg->r, funnel_rates[i])) >= 0)
            nr++;
    html_section_open(o, "funnel", "Funnel");
    if (nc + nr == 0) {
        html_raw(o, "<p>The report has no funnel metrics.</p>\n</section>\n");
        return;
    }
    html_raw(o, "<div class=\"row\">\n");
    if (nc > 0)
        metric_bars(pg, "Candidates reaching each stage", counts, nc, 0);
    if (nr > 0)
        metric_bars(pg, "Conversion rates (%)", rates, nr, 100);
    html_raw(o, "</div>\n");
    if (nc > 0)
        metric_table(pg, "Candidates reaching each stage per period", counts, nc);
    if (nr > 0)
        metric_table(pg, "Conversion rates per period", rates, nr);
    html_raw(o, "</section>\n");
}

/* Whether metric M is a stage duration: a distribution of days. */
static int is_duration(const rpo_metric_info *m)
{
    return m != NULL && m->unit == RPO_UNIT_DAYS && m->distribution;
}

/* The durations of process area AREA: chart and table. */
static void duration_area(const html_page *pg, const char *area)
{
    html_out *o = pg->o;
    size_t nm = rpo_report_metric_count(pg->r), n = 0, p;
    long *mis = calloc(nm + 1, sizeof(*mis));
    int latest = pg->ncols > 0;

    if (mis == NULL) {
        o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
        return;
    }
    for (size_t i = 0; i < nm; i++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, i);
        if (is_duration(m) && strcmp(sink_text_or_empty(m->process_area), area) == 0)
            mis[n++] = (long)i;
    }
    if (n == 0 || !summary_period(pg, &p)) {
        free(mis);
        return;
    }
    html_raw(o, "<h3>");
    html_text(o, area[0] ? area : "(no process area)");
    html_raw(o, "</h3>\n");
    metric_bars(pg, "Median days", mis, n, 0);
    html_raw(o, "<table class=\"metrics\"><thead><tr><th scope=\"col\">Duration</th>");
    if (latest) {
        html_raw(o, "<th scope=\"col\">");
        html_text(o, html_period_label(pg->r, pg->cols[pg->ncols - 1]));
        html_raw(o, " median</th>");
    }
    html_raw(o, "<th scope=\"col\">");
    html_text(o, html_period_label(pg->r, p));
    html_raw(o, " median</th><th scope=\"col\">mean</th><th scope=\"col\">p90</th>"
                "<th scope=\"col\">n</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, (size_t)mis[i]);
        const rpo_metric_value *v = rpo_report_value(pg->r, (size_t)mis[i], p);
        int ok = v != NULL && v->state == RPO_VALUE_OK;

        html_raw(o, "<tr data-metric=\"");
        html_text(o, m->id);
        html_raw(o, "\"><th scope=\"row\">");
        html_text(o, m->name);
        html_raw(o, "</th>");
        if (latest)
            html_value_cell(pg, m, rpo_report_value(pg->r, (size_t)mis[i],
                                                    pg->cols[pg->ncols - 1]),
                            html_period_label(pg->r, pg->cols[pg->ncols - 1]));
        html_value_cell(pg, m, v, html_period_label(pg->r, p));
        html_raw(o, "<td class=\"num\">");
        html_take(o, ok ? sink_text_number(m->unit, v->mean) : sink_text_printf("-"));
        html_raw(o, "</td><td class=\"num\">");
        html_take(o, ok ? sink_text_number(m->unit, v->p90) : sink_text_printf("-"));
        html_printf(o, "</td><td class=\"num\">%llu</td></tr>\n", v != NULL ? v->n : 0ULL);
    }
    html_raw(o, "</tbody></table>\n");
    free(mis);
}

void section_durations(const html_page *pg)
{
    html_out *o = pg->o;
    size_t nm = rpo_report_metric_count(pg->r), any = 0;

    html_section_open(o, "durations", "Stage durations by process area");
    for (size_t i = 0; i < nm; i++)
        any += is_duration(rpo_report_metric_at(pg->r, i));
    if (any == 0) {
        html_raw(o, "<p>The report has no durations.</p>\n</section>\n");
        return;
    }
    html_raw(o, "<p class=\"note\">Calendar days; the value is the median, with mean and "
                "90th percentile.</p>\n");
    for (size_t a = 0; a < NELEM(area_order); a++)
        duration_area(pg, area_order[a]);
    /* Areas outside the standard list, each once, in report order. */
    for (size_t i = 0; i < nm; i++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, i);
        const char *area;
        int seen = 0;

        if (!is_duration(m))
            continue;
        area = sink_text_or_empty(m->process_area);
        for (size_t a = 0; a < NELEM(area_order) && !seen; a++)
            seen = strcmp(area, area_order[a]) == 0;
        for (size_t j = 0; j < i && !seen; j++) {
            const rpo_metric_info *e = rpo_report_metric_at(pg->r, j);
            seen = is_duration(e) && strcmp(sink_text_or_empty(e->process_area), area) == 0;
        }
        if (!seen)
            duration_area(pg, area);
    }
    html_raw(o, "</section>\n");
}

/* The cost of metric MI per value of the "source" segment, in the summary
 * period: a chart and a table. */
static void cost_by_source(const html_page *pg, size_t mi)
{
    html_out *o = pg->o;
    const rpo_metric_info *m = rpo_report_metric_at(pg->r, mi);
    size_t ns = rpo_report_segment_count(pg->r), n = 0, p;
    html_bar *bars;
    char **texts;

    if (!summary_period(pg, &p))
        return;
    bars = calloc(ns + 1, sizeof(*bars));
    texts = calloc(ns + 1, sizeof(*texts));
    if (bars == NULL || texts == NULL)
        goto oom;
    for (size_t s = 1; s < ns; s++) {
        const rpo_segment *seg = rpo_report_segment_at(pg->r, s);
        const rpo_metric_value *v;

        if (seg == NULL || strcmp(sink_text_or_empty(seg->dimension), "source") != 0 ||
            (v = rpo_report_cell(pg->r, mi, p, s)) == NULL)
            continue;
        if ((texts[n] = html_value_text(m, v, pg->h->min_n)) == NULL)
            goto oom;
        bars[n] = (html_bar){ seg->value, v->state == RPO_VALUE_OK, v->value, texts[n], 0 };
        n++;
    }
    if (n > 0) {
        char *t = sink_text_printf("%s by source, %s", m->name, html_period_label(pg->r, p));
        if (t == NULL)
            goto oom;
        chart_bars(o, t, bars, n, 0, "");
        html_raw(o, "<table class=\"metrics\"><caption>");
        html_text(o, t);
        free(t);
        html_raw(o, "</caption>\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">");
        html_take(o, sink_text_metric_label(m, pg->h, NULL));
        html_raw(o, "</th><th scope=\"col\">n</th></tr></thead><tbody>\n");
        for (size_t s = 1, k = 0; s < ns; s++) {
            const rpo_segment *seg = rpo_report_segment_at(pg->r, s);
            const rpo_metric_value *v;
            if (seg == NULL || strcmp(sink_text_or_empty(seg->dimension), "source") != 0 ||
                (v = rpo_report_cell(pg->r, mi, p, s)) == NULL)
                continue;
            html_raw(o, "<tr><th scope=\"row\">");
            html_text(o, bars[k++].label);
            html_raw(o, "</th>");
            html_value_cell(pg, m, v, NULL);
            html_printf(o, "<td class=\"num\">%llu</td></tr>\n", v->n);
        }
        html_raw(o, "</tbody></table>\n");
    }
    goto out;
oom:
    o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
out:
    for (size_t i = 0; texts != NULL && i < n; i++)
        free(texts[i]);
    free(texts);
    free(bars);
}

void section_costs(const html_page *pg)
{
    html_out *o = pg->o;
    size_t nm = rpo_report_metric_count(pg->r), n = 0;
    long *mis = calloc(nm + 1, sizeof(*mis));

    if (mis == NULL) {
        o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
        return;
    }
    for (size_t i = 0; i < nm; i++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, i);
        if (m != NULL && m->unit == RPO_UNIT_CURRENCY)
            mis[n++] = (long)i;
    }
    html_section_open(o, "costs", "Cost breakdown");
    if (n == 0) {
        html_raw(o, "<p>The report has no cost metrics.</p>\n");
    } else {
        if (sink_text_or_empty(pg->h->currency)[0] != '\0') {
            html_raw(o, "<p class=\"note\">Amounts in ");
            html_text(o, pg->h->currency);
            html_raw(o, ".</p>\n");
        }
        metric_table(pg, "Costs per period", mis, n);
        for (size_t i = 0; i < n; i++)
            cost_by_source(pg, (size_t)mis[i]);
    }
    html_raw(o, "</section>\n");
    free(mis);
}
