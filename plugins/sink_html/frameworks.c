/*
 * sink_html/frameworks.c — the framework assessments (html.h): per
 * framework instance, the groups of the latest shown period and overall,
 * each with its index and stage, its dimensions as bars (the barrier or
 * current stage hatched and named) and a table, Lewin's force field and
 * 7-S's pair heat map where the figures are there, every figure table, and
 * the findings with their actions. Rendering goes by the figure tables'
 * names, so any framework that uses those names gets the same charts.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "../sink_common/text.h"

/* Whether a framework group of period LABEL is shown: overall and the
 * latest shown period. */
static int period_shown(const html_page *pg, const char *label)
{
    if (strcmp(label, "overall") == 0)
        return 1;
    return pg->ncols > 0 &&
           strcmp(html_period_label(pg->r, pg->cols[pg->ncols - 1]), label) == 0;
}

/* Whether dimension D is the one G points out (its barrier or stage). */
static int is_marked(const rpo_assessment_group_view *g, const rpo_assessment_dimension_view *d)
{
    return strcmp(sink_text_or_empty(d->status), "barrier") == 0 ||
           (sink_text_or_empty(g->stage)[0] != '\0' &&
            strcmp(sink_text_or_empty(d->name), g->stage) == 0);
}

/* The dimensions of G as bars on their score scale (5 unless a score is
 * above it). */
static void dimension_bars(html_out *o, const rpo_framework_view *f,
                           const rpo_assessment_group_view *g)
{
    html_bar *bars = calloc(g->n_dimensions + 1, sizeof(*bars));
    char **texts = calloc(g->n_dimensions + 1, sizeof(*texts));
    double scale = 5;
    size_t n = 0;
    char *title = NULL;

    if (bars == NULL || texts == NULL)
        goto oom;
    for (size_t i = 0; i < g->n_dimensions; i++) {
        const rpo_assessment_dimension_view *d = &g->dimensions[i];
        int ok = d->state == RPO_VALUE_OK;

        texts[n] = ok ? sink_text_printf("%.2f", d->score) : sink_text_printf("-");
        if (texts[n] == NULL)
            goto oom;
        if (ok && d->score > scale)
            scale = d->score;
        bars[n] = (html_bar){ d->name, ok, d->score, texts[n], is_marked(g, d) };
        n++;
    }
    title = sink_text_printf("%s: mean score per %s", sink_text_or_empty(f->instance),
                             strcmp(sink_text_or_empty(f->framework), "adkar") == 0 ? "element"
                                                                                  : "dimension");
    if (title == NULL)
        goto oom;
    chart_bars(o, title, bars, n, scale,
               sink_text_or_empty(f->stage_name)[0] ? f->stage_name : "barrier");
    goto out;
oom:
    o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
out:
    for (size_t i = 0; texts != NULL && i < n; i++)
        free(texts[i]);
    free(texts);
    free(bars);
    free(title);
}

static void dimension_table(html_out *o, const rpo_assessment_group_view *g)
{
    html_raw(o, "<table class=\"metrics\"><thead><tr><th scope=\"col\">Dimension</th>"
                "<th scope=\"col\">n</th><th scope=\"col\">Score</th><th scope=\"col\">Spread</th>"
                "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < g->n_dimensions; i++) {
        const rpo_assessment_dimension_view *d = &g->dimensions[i];
        html_raw(o, is_marked(g, d) ? "<tr class=\"marked\"><th scope=\"row\">"
                                    : "<tr><th scope=\"row\">");
        html_text(o, d->name);
        html_printf(o, "</th><td class=\"num\">%llu</td>", d->n);
        if (d->state == RPO_VALUE_OK)
            html_printf(o, "<td class=\"num\">%.2f</td><td class=\"num\">%.2f</td>", d->score,
                        d->spread);
        else
            html_raw(o, "<td class=\"num\">-</td><td class=\"num\">-</td>");
        html_raw(o, "<td>");
        html_text(o, d->status);
        html_raw(o, "</td></tr>\n");
    }
    html_raw(o, "</tbody></table>\n");
}

/* Every figure table of G, one HTML table per run of equal table names. */
static void figure_tables(html_out *o, const rpo_assessment_group_view *g)
{
    for (size_t i = 0; i < g->n_figures; i++) {
        const rpo_assessment_figure_view *x = &g->figures[i];
        int first = i == 0 || strcmp(sink_text_or_empty(g->figures[i - 1].table),
                                     sink_text_or_empty(x->table)) != 0;
        int last = i + 1 == g->n_figures ||
                   strcmp(sink_text_or_empty(g->figures[i + 1].table),
                          sink_text_or_empty(x->table)) != 0;
        if (first) {
            html_raw(o, "<table class=\"figures\"><caption>");
            html_text(o, x->table);
            html_raw(o, "</caption>\n<thead><tr><th scope=\"col\">Name</th>"
                        "<th scope=\"col\">Value</th><th scope=\"col\">n</th></tr></thead><tbody>\n");
        }
        html_raw(o, "<tr><th scope=\"row\">");
        html_text(o, x->name);
        html_raw(o, "</th><td class=\"num\">");
        html_take(o, sink_text_trimmed(x->value, 4));
        html_printf(o, "</td><td class=\"num\">%llu</td></tr>\n", x->n);
        if (last)
            html_raw(o, "</tbody></table>\n");
    }
}

static void assessment_group(const html_page *pg, const rpo_framework_view *f,
                             const rpo_assessment_group_view *g)
{
    html_out *o = pg->o;

    html_raw(o, "<div class=\"group\"><h4>");
    html_text(o, sink_text_or_empty(g->group)[0] ? g->group : "All respondents");
    html_raw(o, ", ");
    html_text(o, g->period);
    html_printf(o, " <span class=\"note\">(n=%llu)</span></h4>\n", g->n);
    if (g->state != RPO_VALUE_OK) {
        html_raw(o, g->n ? "<p>Insufficient: too few respondents to score.</p>\n</div>\n"
                         : "<p>No responses.</p>\n</div>\n");
        return;
    }
    if (g->has_index || sink_text_or_empty(g->stage)[0] != '\0') {
        html_raw(o, "<p class=\"headline\">");
        if (g->has_index) {
            html_text(o, sink_text_or_empty(f->index_name)[0] ? f->index_name : "index");
            html_printf(o, ": <strong>%.2f</strong>", g->index);
        }
        if (sink_text_or_empty(g->stage)[0] != '\0') {
            html_raw(o, g->has_index ? "; " : "");
            html_text(o, sink_text_or_empty(f->stage_name)[0] ? f->stage_name : "stage");
            html_raw(o, ": <strong>");
            html_text(o, g->stage);
            html_raw(o, "</strong>");
        }
        html_raw(o, "</p>\n");
    }
    html_raw(o, "<div class=\"row\">\n");
    if (g->n_dimensions > 0) {
        dimension_bars(o, f, g);
        dimension_table(o, g);
    }
    chart_force_field(o, g);
    chart_heat_map(o, f, g);
    figure_tables(o, g);
    html_raw(o, "</div>\n");
    if (g->n_findings > 0) {
        html_raw(o, "<ul class=\"findings\">\n");
        for (size_t i = 0; i < g->n_findings; i++) {
            html_raw(o, "<li>");
            html_text(o, g->findings[i].finding);
            if (sink_text_or_empty(g->findings[i].action)[0] != '\0') {
                html_raw(o, "<br><span class=\"action\">\xE2\x86\x92 ");
                html_text(o, g->findings[i].action);
                html_raw(o, "</span>");
            }
            html_raw(o, "</li>\n");
        }
        html_raw(o, "</ul>\n");
    }
    html_raw(o, "</div>\n");
}

void section_frameworks(const html_page *pg)
{
    html_out *o = pg->o;
    size_t nf = rpo_report_framework_count(pg->r);

    html_section_open(o, "frameworks", "Change-management assessments");
    if (nf == 0)
        html_raw(o, "<p>No framework is configured.</p>\n");
    for (size_t i = 0; i < nf; i++) {
        const rpo_framework_view *f = rpo_report_framework_at(pg->r, i);
        if (f == NULL)
            continue;
        html_raw(o, "<article class=\"framework\"><h3>");
        html_text(o, f->instance);
        html_raw(o, " <span class=\"note\">(");
        html_text(o, f->framework);
        html_raw(o, ", instrument ");
        html_text(o, f->instrument);
        html_printf(o, ")</span></h3>\n<p>Responses: %llu taken, %llu refused.</p>\n",
                    f->accepted, f->rejected);
        for (size_t g = 0; g < f->n_groups; g++)
            if (period_shown(pg, sink_text_or_empty(f->groups[g].period)))
                assessment_group(pg, f, &f->groups[g]);
        html_raw(o, "</article>\n");
    }
    html_raw(o, "</section>\n");
}
