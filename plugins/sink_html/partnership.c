/*
 * sink_html/partnership.c — the sections about the partnership (html.h):
 * the incentive table, achievements (new ones marked), goal alignment, the
 * risk log and the data-quality summary.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "../sink_common/text.h"

/* Whether period P is one of the shown columns. */
static int shown(const html_page *pg, size_t p)
{
    for (size_t k = 0; k < pg->ncols; k++)
        if (pg->cols[k] == p)
            return 1;
    return 0;
}

/* The cell of metric MI in incentive period IP. */
static void attainment_cell(const html_page *pg, const rpo_incentive_period *ip, size_t mi)
{
    html_out *o = pg->o;

    for (size_t i = 0; i < ip->n_lines; i++) {
        const rpo_incentive_line *l = &ip->lines[i];
        if (l->metric != mi)
            continue;
        html_raw(o, "<td class=\"num\">");
        if (l->has_attainment)
            html_take(o, sink_text_number(RPO_UNIT_PERCENT, l->attainment));
        else if (l->state == RPO_VALUE_INSUFFICIENT)
            html_printf(o, "<span class=\"note\">n&lt;%u</span>", pg->h->min_n);
        else
            html_raw(o, "<span class=\"note\">-</span>");
        html_raw(o, "</td>");
        return;
    }
    html_raw(o, "<td class=\"num\"><span class=\"note\">-</span></td>");
}

void section_incentive(const html_page *pg)
{
    html_out *o = pg->o;
    const rpo_incentive *inc = rpo_report_incentive(pg->r);
    size_t *metrics = NULL, nmet = 0, nlines = 0;
    double *weights = NULL;

    html_section_open(o, "incentive", "Incentive");
    if (inc == NULL) {
        html_raw(o, "<p>No incentive is configured.</p>\n</section>\n");
        return;
    }
    for (size_t k = 0; k < inc->n_periods; k++)
        nlines += inc->periods[k].n_lines;
    metrics = calloc(nlines + 1, sizeof(*metrics));
    weights = calloc(nlines + 1, sizeof(*weights));
    if (metrics == NULL || weights == NULL) {
        o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
        goto out;
    }
    /* The metrics in order of first appearance. */
    for (size_t k = 0; k < inc->n_periods; k++)
        for (size_t i = 0; i < inc->periods[k].n_lines; i++) {
            const rpo_incentive_line *l = &inc->periods[k].lines[i];
            size_t j = 0;
            while (j < nmet && metrics[j] != l->metric)
                j++;
            if (j == nmet) {
                metrics[nmet] = l->metric;
                weights[nmet++] = l->weight;
            }
        }
    html_raw(o, "<table class=\"metrics\"><caption>Attainment per period (capped at ");
    html_take(o, sink_text_trimmed(inc->cap, 2));
    html_raw(o, "%); pool ");
    html_take(o, sink_text_number(RPO_UNIT_CURRENCY, inc->pool));
    if (sink_text_or_empty(pg->h->currency)[0] != '\0') {
        html_raw(o, " ");
        html_text(o, pg->h->currency);
    }
    html_raw(o, " per period</caption>\n<thead><tr><th scope=\"col\">Metric</th>");
    for (size_t k = 0; k < inc->n_periods; k++)
        if (shown(pg, inc->periods[k].period)) {
            html_raw(o, "<th scope=\"col\">");
            html_text(o, html_period_label(pg->r, inc->periods[k].period));
            html_raw(o, "</th>");
        }
    html_raw(o, "</tr></thead><tbody>\n");
    for (size_t j = 0; j < nmet; j++) {
        const rpo_metric_info *m = rpo_report_metric_at(pg->r, metrics[j]);
        html_raw(o, "<tr><th scope=\"row\">");
        html_text(o, m != NULL ? m->name : "?");
        html_raw(o, " (weight ");
        html_take(o, sink_text_trimmed(weights[j], 2));
        html_raw(o, ")</th>");
        for (size_t k = 0; k < inc->n_periods; k++)
            if (shown(pg, inc->periods[k].period))
                attainment_cell(pg, &inc->periods[k], metrics[j]);
        html_raw(o, "</tr>\n");
    }
    html_raw(o, "<tr class=\"sum\"><th scope=\"row\">Weighted attainment</th>");
    for (size_t k = 0; k < inc->n_periods; k++) {
        const rpo_incentive_period *ip = &inc->periods[k];
        if (!shown(pg, ip->period))
            continue;
        html_raw(o, "<td class=\"num\">");
        if (ip->has_weighted)
            html_take(o, sink_text_number(RPO_UNIT_PERCENT, ip->weighted));
        else
            html_raw(o, "<span class=\"note\">-</span>");
        html_raw(o, "</td>");
    }
    html_raw(o, "</tr>\n<tr><th scope=\"row\">Tier (attainment \xE2\x86\x92 payout)</th>");
    for (size_t k = 0; k < inc->n_periods; k++) {
        const rpo_incentive_period *ip = &inc->periods[k];
        if (!shown(pg, ip->period))
            continue;
        html_raw(o, "<td class=\"num\">");
        if (ip->has_tier) {
            html_take(o, sink_text_trimmed(ip->tier_threshold, 2));
            html_raw(o, "% \xE2\x86\x92 ");
            html_take(o, sink_text_trimmed(ip->tier_payout, 2));
            html_raw(o, "%");
        } else {
            html_raw(o, "<span class=\"note\">none</span>");
        }
        html_raw(o, "</td>");
    }
    html_raw(o, "</tr>\n<tr class=\"sum\"><th scope=\"row\">Payout");
    if (sink_text_or_empty(pg->h->currency)[0] != '\0') {
        html_raw(o, ", ");
        html_text(o, pg->h->currency);
    }
    html_raw(o, "</th>");
    for (size_t k = 0; k < inc->n_periods; k++) {
        const rpo_incentive_period *ip = &inc->periods[k];
        if (!shown(pg, ip->period))
            continue;
        html_raw(o, "<td class=\"num\">");
        html_take(o, sink_text_number(RPO_UNIT_CURRENCY, ip->payout));
        html_raw(o, "</td>");
    }
    html_raw(o, "</tr>\n</tbody></table>\n<p class=\"note\">Metrics without a value are left out "
                "of the weighted attainment.</p>\n");
out:
    html_raw(o, "</section>\n");
    free(metrics);
    free(weights);
}

void section_achievements(const html_page *pg)
{
    html_out *o = pg->o;
    size_t n = rpo_report_achievement_count(pg->r);

    html_section_open(o, "achievements", "Achievements");
    if (n == 0) {
        html_raw(o, "<p>No achievements yet.</p>\n</section>\n");
        return;
    }
    html_raw(o, "<ul class=\"achievements\">\n");
    for (size_t i = 0; i < n; i++) {
        const rpo_achievement *a = rpo_report_achievement_at(pg->r, i);
        if (a == NULL)
            continue;
        html_printf(o, "<li data-kind=\"%s\"%s>", rpo_achievement_kind_name(a->kind),
                    a->is_new ? " class=\"new\"" : "");
        if (a->is_new)
            html_raw(o, "<span class=\"badge\">\xE2\x98\x85 New</span> "); /* ★ */
        html_text(o, a->text);
        html_raw(o, "</li>\n");
    }
    html_raw(o, "</ul>\n</section>\n");
}

void section_goals(const html_page *pg)
{
    html_out *o = pg->o;
    size_t n = rpo_report_goal_count(pg->r);

    if (n == 0)
        return;
    html_section_open(o, "goals", "Goal alignment");
    for (size_t i = 0; i < n; i++) {
        const rpo_goal *g = rpo_report_goal_at(pg->r, i);
        if (g == NULL)
            continue;
        html_raw(o, "<table class=\"metrics\"><caption>");
        html_text(o, g->name);
        if (sink_text_or_empty(g->description)[0] != '\0') {
            html_raw(o, ": ");
            html_text(o, g->description);
        }
        html_raw(o, "</caption>\n<thead><tr><th scope=\"col\">Link</th><th scope=\"col\">Lag</th>"
                    "<th scope=\"col\">n</th><th scope=\"col\">Pearson</th>"
                    "<th scope=\"col\">Spearman</th></tr></thead><tbody>\n");
        for (size_t k = 0; k < g->n_links; k++) {
            const rpo_alignment_link *l = &g->links[k];
            html_raw(o, "<tr><th scope=\"row\">");
            html_text(o, l->from);
            html_raw(o, " \xE2\x86\x92 ");
            html_text(o, l->to);
            html_printf(o, "</th><td class=\"num\">%d</td><td class=\"num\">%zu</td>", l->lag,
                        l->n);
            if (l->state == RPO_CORR_OK)
                html_printf(o, "<td class=\"num\">%.4f</td><td class=\"num\">%.4f</td>",
                            l->pearson == 0 ? 0.0 : l->pearson,
                            l->spearman == 0 ? 0.0 : l->spearman);
            else
                html_printf(o, "<td colspan=\"2\" class=\"note\">%s</td>",
                            l->state == RPO_CORR_TOO_FEW ? "too few periods" : "no variation");
            html_raw(o, "</tr>\n");
        }
        html_raw(o, "</tbody></table>\n");
    }
    html_raw(o, "</section>\n");
}

void section_risks(const html_page *pg)
{
    html_out *o = pg->o;
    size_t n = rpo_report_risk_count(pg->r), open = 0;

    html_section_open(o, "risks", "Risk log");
    if (n == 0) {
        html_raw(o, "<p>The risk log is empty.</p>\n</section>\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const rpo_risk *k = rpo_report_risk_at(pg->r, i);
        open += k != NULL && k->open;
    }
    html_printf(o, "<p>%zu risks, %zu open on the as-of date; highest severity first.</p>\n"
                   "<table class=\"risks\"><thead><tr><th scope=\"col\">Id</th>"
                   "<th scope=\"col\">Risk</th><th scope=\"col\">Category</th>"
                   "<th scope=\"col\">Severity</th><th scope=\"col\">Status</th>"
                   "<th scope=\"col\">Owner</th><th scope=\"col\">Raised</th>"
                   "<th scope=\"col\">Closed</th></tr></thead><tbody>\n",
                n, open);
    for (size_t i = 0; i < n; i++) {
        const rpo_risk *k = rpo_report_risk_at(pg->r, i);
        if (k == NULL)
            continue;
        html_printf(o, "<tr class=\"%s%s\"><td>", k->open ? "open" : "closed",
                    k->severity >= 4 ? " high" : "");
        html_text(o, k->id);
        html_raw(o, "</td><td>");
        if (k->is_new)
            html_raw(o, "<span class=\"badge\">\xE2\x98\x85 New</span> ");
        html_text(o, k->title);
        html_raw(o, "</td><td>");
        html_text(o, k->category);
        if (k->severity > 0)
            html_printf(o, "</td><td class=\"num\">%d of 5%s</td><td>", k->severity,
                        k->severity >= 4 ? " (high)" : "");
        else
            html_raw(o, "</td><td class=\"num\">unknown</td><td>");
        html_text(o, k->status);
        if (!k->open && sink_text_or_empty(k->status)[0] == '\0')
            html_raw(o, "closed");
        html_raw(o, "</td><td>");
        html_text(o, k->owner);
        html_raw(o, "</td><td>");
        html_text(o, k->raised_at);
        html_raw(o, "</td><td>");
        html_text(o, k->closed_at);
        html_raw(o, "</td></tr>\n");
    }
    html_raw(o, "</tbody></table>\n</section>\n");
}

void section_quality(const html_page *pg)
{
    html_out *o = pg->o;
    size_t ns = rpo_report_source_count(pg->r), nf = rpo_report_flag_count(pg->r);

    html_section_open(o, "quality", "Data quality");
    if (ns == 0) {
        html_raw(o, "<p>Sources: none.</p>\n");
    } else {
        html_raw(o, "<table class=\"metrics\"><caption>Records per source</caption>\n"
                    "<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Plugin</th>"
                    "<th scope=\"col\">Record</th><th scope=\"col\">Read</th>"
                    "<th scope=\"col\">Accepted</th><th scope=\"col\">Rejected</th></tr></thead>"
                    "<tbody>\n");
        for (size_t i = 0; i < ns; i++) {
            const rpo_source_summary *s = rpo_report_source_at(pg->r, i);
            if (s == NULL)
                continue;
            html_raw(o, "<tr><th scope=\"row\">");
            html_text(o, s->instance);
            html_raw(o, "</th><td>");
            html_text(o, s->plugin);
            html_raw(o, "</td><td>");
            html_text(o, s->record);
            html_printf(o, "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>"
                           "<td class=\"num\">%llu</td></tr>\n",
                        s->read, s->accepted, s->rejected);
        }
        html_raw(o, "</tbody></table>\n");
    }
    if (nf == 0) {
        html_raw(o, "<p>No quality flags.</p>\n");
    } else {
        html_raw(o, "<table class=\"metrics\"><caption>Quality flags (records kept, but "
                    "implausible)</caption>\n<thead><tr><th scope=\"col\">Flag</th>"
                    "<th scope=\"col\">Count</th><th scope=\"col\">First case</th></tr></thead>"
                    "<tbody>\n");
        for (size_t i = 0; i < nf; i++) {
            const rpo_quality_flag *f = rpo_report_flag_at(pg->r, i);
            if (f == NULL)
                continue;
            html_raw(o, "<tr><th scope=\"row\">");
            html_text(o, f->description);
            html_raw(o, " <span class=\"note\">(");
            html_text(o, f->code);
            html_printf(o, ")</span></th><td class=\"num\">%llu</td><td>", f->count);
            html_text(o, f->example);
            html_raw(o, "</td></tr>\n");
        }
        html_raw(o, "</tbody></table>\n");
    }
    html_raw(o, "</section>\n");
}
