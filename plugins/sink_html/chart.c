/*
 * sink_html/chart.c — the inline SVG charts of the html sink (html.h).
 *
 * Every chart is an <svg role="img"> whose <title> and <desc> (referenced
 * by aria-labelledby) say in words what it shows, with every number; the
 * section around it also has the numbers as a table. Marks that matter
 * (target, baseline, a barrier, the weakest pair) are told apart by dash
 * patterns, hatching, outlines and words, never by colour alone. Coordinates
 * are printed with one decimal, so the same report gives the same bytes.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "../sink_common/text.h"

/* The en dash between the two elements of a 7-S pair ("strategy–systems"). */
#define PAIR_SEP "\xE2\x80\x93"

/* Opens <svg> with its title and description; the caller writes the
 * description's text next and then calls svg_body. Returns the chart id. */
static unsigned svg_open(html_out *o, double w, double h, const char *title)
{
    unsigned id = html_new_id(o);

    html_printf(o,
                "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                "role=\"img\" aria-labelledby=\"rpo-%u-t rpo-%u-d\">"
                "<title id=\"rpo-%u-t\">",
                w, h, w, h, id, id, id);
    html_text(o, title);
    html_printf(o, "</title><desc id=\"rpo-%u-d\">", id);
    return id;
}

static void svg_body(html_out *o)
{
    html_raw(o, "</desc>\n");
}

/* A number for a chart's axis or label: up to 2 decimals, no trailing zeros. */
static void put_trimmed(html_out *o, double v)
{
    html_take(o, sink_text_trimmed(v, 2));
}

/*
 * A "nice" step (1, 2 or 5 times a power of ten) near RANGE/4, for axis
 * ticks. Loops instead of log10/pow so the plugin needs no libm.
 */
static double nice_step(double range)
{
    double raw = range / 4, p = 1;

    if (!(raw > 0))
        return 1;
    while (p * 10 <= raw)
        p *= 10;
    while (p > raw)
        p /= 10;
    if (raw / p < 1.5)
        return p;
    if (raw / p < 3.5)
        return 2 * p;
    if (raw / p < 7.5)
        return 5 * p;
    return 10 * p;
}

/* The latest shown cell of metric M with a target (or baseline, BASELINE
 * set), or NULL. */
static const rpo_metric_value *latest_with(const html_page *pg, size_t m, int baseline)
{
    for (size_t k = pg->ncols; k-- > 0;) {
        const rpo_metric_value *v = rpo_report_value(pg->r, m, pg->cols[k]);
        if (v != NULL && (baseline ? v->has_baseline : v->has_target))
            return v;
    }
    return NULL;
}

/* Chart geometry of the trend charts. */
#define TR_W 380.0
#define TR_H 190.0
#define TR_LEFT 46.0
#define TR_RIGHT (TR_W - 100.0)
#define TR_TOP 12.0
#define TR_BOTTOM (TR_H - 30.0)

typedef struct yscale {
    double lo, hi;
} yscale;

static double y_of(const yscale *s, double v)
{
    return TR_BOTTOM - (v - s->lo) / (s->hi - s->lo) * (TR_BOTTOM - TR_TOP);
}

/* The words of the trend's description: every shown value and its status,
 * then target and baseline. */
static void trend_desc(const html_page *pg, const rpo_metric_info *m, size_t mi,
                       const rpo_metric_value *tv, const rpo_metric_value *bv)
{
    html_out *o = pg->o;

    html_take(o, sink_text_metric_label(m, pg->h, NULL));
    html_raw(o, " per period: ");
    for (size_t k = 0; k < pg->ncols; k++) {
        const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[k]);
        html_raw(o, k ? "; " : "");
        html_text(o, html_period_label(pg->r, pg->cols[k]));
        html_raw(o, " ");
        html_take(o, html_value_text(m, v, pg->h->min_n));
        if (v != NULL && v->status != RPO_STATUS_NONE) {
            html_raw(o, " ");
            html_take(o, sink_text_status(v, pg->h->min_n));
        }
    }
    html_raw(o, ".");
    if (tv != NULL) {
        html_raw(o, " Target ");
        html_take(o, sink_text_target(m, tv->target));
        html_raw(o, " (dashed line).");
    }
    if (bv != NULL) {
        html_raw(o, " Baseline ");
        html_take(o, sink_text_number(m->unit, bv->baseline));
        html_raw(o, " (dotted line).");
    }
}

/* The visually hidden table of a trend chart's numbers. */
static void trend_table(const html_page *pg, const rpo_metric_info *m, size_t mi)
{
    html_out *o = pg->o;

    html_raw(o, "<table class=\"sr-only\"><caption>");
    html_text(o, m->name);
    html_raw(o, " per period</caption>\n<thead><tr><th scope=\"col\">Period</th>"
                "<th scope=\"col\">Value</th><th scope=\"col\">n</th></tr></thead><tbody>\n");
    for (size_t k = 0; k < pg->ncols; k++) {
        const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[k]);
        html_raw(o, "<tr><th scope=\"row\">");
        html_text(o, html_period_label(pg->r, pg->cols[k]));
        html_raw(o, "</th>");
        html_value_cell(pg, m, v, NULL);
        html_printf(o, "<td class=\"num\">%llu</td></tr>\n", v != NULL ? v->n : 0ULL);
    }
    html_raw(o, "</tbody></table>\n");
}

/* A labelled horizontal reference line (target or baseline) at Y. */
static void ref_line(html_out *o, const char *cls, double y, double label_y, const char *word,
                     char *value)
{
    html_printf(o, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", cls,
                TR_LEFT, y, TR_RIGHT, y);
    html_printf(o, "<text class=\"ref\" x=\"%.1f\" y=\"%.1f\">%s ", TR_RIGHT + 4, label_y + 3,
                word);
    html_take(o, value);
    html_raw(o, "</text>\n");
}

void chart_trend(const html_page *pg, size_t mi)
{
    html_out *o = pg->o;
    const rpo_metric_info *m = rpo_report_metric_at(pg->r, mi);
    const rpo_metric_value *tv = latest_with(pg, mi, 0), *bv = latest_with(pg, mi, 1);
    yscale s = { 0, 0 };
    int any = 0, bars = m->unit == RPO_UNIT_COUNT;
    double slot, step;
    size_t every;

    /* The scale: every shown value, the target and the baseline; from 0
     * unless something is negative (an NPS can be). */
    for (size_t k = 0; k < pg->ncols; k++) {
        const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[k]);
        if (v != NULL && v->state == RPO_VALUE_OK) {
            if (v->value < s.lo)
                s.lo = v->value;
            if (v->value > s.hi)
                s.hi = v->value;
            any = 1;
        }
    }
    if (tv != NULL) {
        s.lo = tv->target < s.lo ? tv->target : s.lo;
        s.hi = tv->target > s.hi ? tv->target : s.hi;
    }
    if (bv != NULL) {
        s.lo = bv->baseline < s.lo ? bv->baseline : s.lo;
        s.hi = bv->baseline > s.hi ? bv->baseline : s.hi;
    }
    if (!(s.hi > s.lo))
        s.hi = s.lo + 1;
    step = nice_step(s.hi - s.lo);
    /* Round the ends out to whole steps: the top tick is the top line. */
    {
        double lo = 0, hi = 0;
        while (lo > s.lo)
            lo -= step;
        while (hi < s.hi)
            hi += step;
        if (hi <= s.hi)
            hi += step;
        s.lo = lo;
        s.hi = hi;
    }

    html_raw(o, "<figure class=\"trend\" data-metric=\"");
    html_text(o, m->id);
    html_raw(o, "\">\n");
    svg_open(o, TR_W, TR_H, m->name);
    trend_desc(pg, m, mi, tv, bv);
    svg_body(o);

    /* Grid and axis labels. */
    for (long i = 0; i <= (long)((s.hi - s.lo) / step + 0.5); i++) {
        double t = s.lo + step * (double)i, y = y_of(&s, t);
        html_printf(o, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    TR_LEFT, y, TR_RIGHT, y);
        html_printf(o, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                    TR_LEFT - 4, y + 3);
        put_trimmed(o, t);
        html_raw(o, "</text>");
    }
    html_raw(o, "\n");

    slot = pg->ncols ? (TR_RIGHT - TR_LEFT) / (double)pg->ncols : 0;
    /* Six-character labels fit under every slot up to 5 periods; beyond,
     * every other one (counted from the latest, which is always named). */
    every = pg->ncols > 5 ? (pg->ncols + 4) / 5 : 1;
    for (size_t k = 0; k < pg->ncols; k++) {
        double x = TR_LEFT + slot * ((double)k + 0.5);
        const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[k]);

        if ((pg->ncols - 1 - k) % every == 0) {
            html_printf(o, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                        x, TR_BOTTOM + 14);
            html_text(o, html_period_label(pg->r, pg->cols[k]));
            html_raw(o, "</text>");
        }
        if (v == NULL || v->state != RPO_VALUE_OK) {
            /* No value: say why in the plot, in words. */
            html_printf(o, "<text class=\"gap\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
                        TR_BOTTOM - 4);
            html_take(o, html_value_text(m, v, pg->h->min_n));
            html_raw(o, "</text>");
            continue;
        }
        if (bars) {
            double y0 = y_of(&s, 0 > s.lo ? 0 : s.lo), y1 = y_of(&s, v->value);
            double w = slot * 0.6;
            html_printf(o,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                        x - w / 2, y1 < y0 ? y1 : y0, w, y1 < y0 ? y0 - y1 : y1 - y0);
        }
    }
    html_raw(o, "\n");
    if (!bars && any) {
        /* The line: one polyline per run of consecutive values, so a gap
         * in the data is a gap in the line, and a dot on every value. */
        int open = 0;
        for (size_t k = 0; k < pg->ncols; k++) {
            const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[k]);
            double x = TR_LEFT + slot * ((double)k + 0.5);
            if (v == NULL || v->state != RPO_VALUE_OK) {
                if (open)
                    html_raw(o, "\"/>");
                open = 0;
                continue;
            }
            html_printf(o, "%s%.1f,%.1f", open ? " " : "<polyline class=\"line\" points=\"", x,
                        y_of(&s, v->value));
            open = 1;
        }
        if (open)
            html_raw(o, "\"/>");
        for (size_t k = 0; k < pg->ncols; k++) {
            const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[k]);
            if (v != NULL && v->state == RPO_VALUE_OK)
                html_printf(o, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>",
                            TR_LEFT + slot * ((double)k + 0.5), y_of(&s, v->value));
        }
        html_raw(o, "\n");
    }
    {
        double ty = tv ? y_of(&s, tv->target) : 0, by = bv ? y_of(&s, bv->baseline) : 0;
        double bly = by;
        /* Keep the two labels apart when the lines are close. */
        if (tv != NULL && bv != NULL && by - ty < 11 && ty - by < 11)
            bly = by >= ty ? ty + 11 : ty - 11;
        if (tv != NULL)
            ref_line(o, "target", ty, ty, "target", sink_text_target(m, tv->target));
        if (bv != NULL)
            ref_line(o, "baseline", by, bly, "baseline", sink_text_number(m->unit, bv->baseline));
    }
    html_raw(o, "</svg>\n<figcaption>");
    html_take(o, sink_text_metric_label(m, pg->h, NULL));
    if (pg->ncols > 0) {
        const rpo_metric_value *v = rpo_report_value(pg->r, mi, pg->cols[pg->ncols - 1]);
        html_raw(o, ": ");
        html_text(o, html_period_label(pg->r, pg->cols[pg->ncols - 1]));
        html_raw(o, " ");
        html_take(o, html_value_text(m, v, pg->h->min_n));
        if (v != NULL && v->status != RPO_STATUS_NONE) {
            html_printf(o, " <span class=\"status %s\">", html_status_class(v->status));
            html_take(o, sink_text_status(v, pg->h->min_n));
            html_raw(o, "</span>");
        }
    }
    html_raw(o, "</figcaption>\n");
    trend_table(pg, m, mi);
    html_raw(o, "</figure>\n");
}

/* Horizontal bars: a label line over each bar, the value after it. */
#define BAR_W 440.0
#define BAR_ROW 30.0
#define BAR_X 4.0
#define BAR_MAX (BAR_W - BAR_X - 120.0)

void chart_bars(html_out *o, const char *title, const html_bar *bars, size_t n, double scale,
                const char *mark_text)
{
    unsigned id;
    int any_mark = 0;

    if (scale <= 0)
        for (size_t i = 0; i < n; i++)
            if (bars[i].ok && bars[i].value > scale)
                scale = bars[i].value;
    if (!(scale > 0))
        scale = 1;
    html_raw(o, "<figure class=\"bars\"><figcaption>");
    html_text(o, title);
    html_raw(o, "</figcaption>\n");
    id = svg_open(o, BAR_W, BAR_ROW * (double)n + 6, title);
    for (size_t i = 0; i < n; i++) {
        html_raw(o, i ? "; " : "");
        html_text(o, bars[i].label);
        html_raw(o, " ");
        html_text(o, bars[i].text);
        if (bars[i].mark) {
            html_raw(o, " (");
            html_text(o, mark_text);
            html_raw(o, ")");
        }
        any_mark |= bars[i].mark;
    }
    html_raw(o, ".");
    svg_body(o);
    if (any_mark)
        html_printf(o,
                    "<defs><pattern id=\"rpo-%u-hatch\" width=\"6\" height=\"6\" "
                    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                    "<rect class=\"hatch-bg\" width=\"6\" height=\"6\"/>"
                    "<line class=\"hatch\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern></defs>\n",
                    id);
    for (size_t i = 0; i < n; i++) {
        double y = BAR_ROW * (double)i + 4;
        double w = bars[i].ok && bars[i].value > 0 ? bars[i].value / scale * BAR_MAX : 0;

        if (w > BAR_MAX)
            w = BAR_MAX;
        html_printf(o, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\">", BAR_X, y + 10);
        html_text(o, bars[i].label);
        html_raw(o, "</text>");
        if (bars[i].mark)
            html_printf(o,
                        "<rect class=\"bar mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        "height=\"12\" fill=\"url(#rpo-%u-hatch)\"/>",
                        BAR_X, y + 13, w, id);
        else
            html_printf(o,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\"/>",
                        BAR_X, y + 13, w);
        html_printf(o, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">", BAR_X + w + 4, y + 23);
        html_text(o, bars[i].text);
        if (bars[i].mark) {
            html_raw(o, " \xE2\x97\x80 "); /* ◀ */
            html_text(o, mark_text);
        }
        html_raw(o, "</text>\n");
    }
    html_raw(o, "</svg></figure>\n");
}

/* The figures of table TABLE in G, in order: a malloc'd array (stored in
 * *OUT; NULL when out of memory) and its length. */
static size_t figures_of(const rpo_assessment_group_view *g, const char *table,
                         const rpo_assessment_figure_view ***out)
{
    size_t n = 0;

    *out = calloc(g->n_figures + 1, sizeof(**out));
    if (*out == NULL)
        return 0;
    for (size_t i = 0; i < g->n_figures; i++)
        if (strcmp(sink_text_or_empty(g->figures[i].table), table) == 0)
            (*out)[n++] = &g->figures[i];
    return n;
}

/* Force field geometry. */
#define FF_W 520.0
#define FF_ROW 30.0
#define FF_HEAD 22.0
#define FF_HALF (FF_W / 2 - 30.0)

/* One force: its name and value over an arrow from the side toward the
 * centre line (DIR 1: pushes right; -1: pushes left). */
static void force(html_out *o, const rpo_assessment_figure_view *f, double y, int dir,
                  double scale)
{
    double cx = FF_W / 2, len = f->value > 0 ? f->value / scale * FF_HALF : 0;
    double tip = dir > 0 ? cx - 3 : cx + 3, tail = dir > 0 ? tip - len : tip + len;

    html_printf(o, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                dir > 0 ? cx - 6 : cx + 6, y + 10, dir > 0 ? "end" : "start");
    html_text(o, f->name);
    html_raw(o, " ");
    put_trimmed(o, f->value);
    html_raw(o, "</text>");
    if (len < 8)
        return;
    html_printf(o,
                "<polygon class=\"%s\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f "
                "%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
                dir > 0 ? "driving" : "restraining", tail, y + 15, tip - dir * 7, y + 15,
                tip - dir * 7, y + 13, tip, y + 19, tip - dir * 7, y + 25, tip - dir * 7, y + 23,
                tail, y + 23);
}

void chart_force_field(html_out *o, const rpo_assessment_group_view *g)
{
    const rpo_assessment_figure_view **drive, **hold;
    size_t nd = figures_of(g, "driving forces", &drive);
    size_t nr = figures_of(g, "restraining forces", &hold);
    size_t rows;
    double scale = 0, h;

    if (drive == NULL || hold == NULL) {
        o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
        goto out;
    }
    if (nd + nr == 0)
        goto out;
    rows = nd > nr ? nd : nr;
    for (size_t i = 0; i < nd; i++)
        scale = drive[i]->value > scale ? drive[i]->value : scale;
    for (size_t i = 0; i < nr; i++)
        scale = hold[i]->value > scale ? hold[i]->value : scale;
    if (!(scale > 0))
        scale = 1;
    h = FF_HEAD + FF_ROW * (double)rows + 4;
    html_raw(o, "<figure class=\"force-field\"><figcaption>Force field: driving against "
                "restraining forces</figcaption>\n");
    svg_open(o, FF_W, h, "Force field: driving against restraining forces");
    html_raw(o, "Driving forces, pushing toward the change: ");
    for (size_t i = 0; i < nd; i++) {
        html_raw(o, i ? ", " : "");
        html_text(o, drive[i]->name);
        html_raw(o, " ");
        put_trimmed(o, drive[i]->value);
    }
    html_raw(o, nd ? ". " : "none. ");
    html_raw(o, "Restraining forces, holding it back: ");
    for (size_t i = 0; i < nr; i++) {
        html_raw(o, i ? ", " : "");
        html_text(o, hold[i]->name);
        html_raw(o, " ");
        put_trimmed(o, hold[i]->value);
    }
    html_raw(o, nr ? "." : "none.");
    svg_body(o);
    html_printf(o,
                "<text class=\"head\" x=\"%.1f\" y=\"14\" text-anchor=\"end\">Driving forces "
                "\xE2\x86\x92</text><text class=\"head\" x=\"%.1f\" y=\"14\">\xE2\x86\x90 "
                "Restraining forces</text>\n"
                "<line class=\"centre\" x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                FF_W / 2 - 6, FF_W / 2 + 6, FF_W / 2, FF_W / 2, h - 2);
    for (size_t i = 0; i < rows; i++) {
        double y = FF_HEAD + FF_ROW * (double)i;
        if (i < nd)
            force(o, drive[i], y, 1, scale);
        if (i < nr)
            force(o, hold[i], y, -1, scale);
    }
    html_raw(o, "</svg></figure>\n");
out:
    free(drive);
    free(hold);
}

/* The index of dimension NAME (LEN bytes) of G, or -1. */
static long dim_index(const rpo_assessment_group_view *g, const char *name, size_t len)
{
    for (size_t i = 0; i < g->n_dimensions; i++) {
        const char *d = sink_text_or_empty(g->dimensions[i].name);
        if (strlen(d) == len && strncmp(d, name, len) == 0)
            return (long)i;
    }
    return -1;
}

/* Heat map geometry. */
#define HM_LEFT 110.0
#define HM_TOP 96.0
#define HM_CELL 48.0

void chart_heat_map(html_out *o, const rpo_framework_view *f, const rpo_assessment_group_view *g)
{
    const rpo_assessment_figure_view **pairs;
    size_t np = figures_of(g, "pair alignment", &pairs), nd = g->n_dimensions;
    double w, h;
    int starred = 0;

    if (pairs == NULL) {
        o->rc = o->rc != RPO_OK ? o->rc : RPO_ENOMEM;
        return;
    }
    if (np == 0 || nd < 2) {
        free(pairs);
        return;
    }
    w = HM_LEFT + HM_CELL * (double)(nd - 1) + 8;
    h = HM_TOP + HM_CELL * (double)(nd - 1) + 22;
    html_raw(o, "<figure class=\"heat-map\"><figcaption>Pair alignment (1 = fully "
                "aligned)</figcaption>\n");
    svg_open(o, w, h, "Pair alignment heat map (1 = fully aligned)");
    html_raw(o, "Alignment of each pair of elements, from 0 to 1: ");
    for (size_t i = 0; i < np; i++) {
        html_raw(o, i ? ", " : "");
        html_text(o, pairs[i]->name);
        html_raw(o, " ");
        put_trimmed(o, pairs[i]->value);
    }
    html_raw(o, ".");
    if (sink_text_or_empty(g->stage)[0] != '\0') {
        html_raw(o, " ");
        html_text(o, sink_text_or_empty(f->stage_name)[0] ? f->stage_name : "Weakest pair");
        html_raw(o, ": ");
        html_text(o, g->stage);
        html_raw(o, " (outlined, starred).");
    }
    svg_body(o);
    /* Row labels (elements 1..n-1) and column labels (0..n-2, slanted). */
    for (size_t i = 1; i < nd; i++) {
        html_printf(o, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                    HM_LEFT - 6, HM_TOP + HM_CELL * (double)(i - 1) + HM_CELL / 2 + 4);
        html_text(o, g->dimensions[i].name);
        html_raw(o, "</text>");
    }
    for (size_t j = 0; j + 1 < nd; j++) {
        double x = HM_LEFT + HM_CELL * (double)j + HM_CELL / 2, y = HM_TOP - 6;
        html_printf(o, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-45 %.1f %.1f)\">",
                    x, y, x, y);
        html_text(o, g->dimensions[j].name);
        html_raw(o, "</text>");
    }
    html_raw(o, "\n");
    for (size_t k = 0; k < np; k++) {
        const char *name = sink_text_or_empty(pairs[k]->name), *sep = strstr(name, PAIR_SEP);
        long a, b, i, j;
        double v = pairs[k]->value, x, y;
        int weakest;
        unsigned light;

        if (sep == NULL)
            continue;
        a = dim_index(g, name, (size_t)(sep - name));
        b = dim_index(g, sep + strlen(PAIR_SEP), strlen(sep + strlen(PAIR_SEP)));
        if (a < 0 || b < 0 || a == b)
            continue;
        i = a > b ? a : b; /* row: the later element; column: the earlier */
        j = a > b ? b : a;
        x = HM_LEFT + HM_CELL * (double)j;
        y = HM_TOP + HM_CELL * (double)(i - 1);
        /* Darker is better aligned, shaded over 0.5..1 where alignments
         * lie (lower ones are as light as 0.5); the number in the cell
         * says it too. */
        v = v < 0.5 ? 0.5 : v > 1 ? 1 : v;
        light = (unsigned)(94 - (v - 0.5) * 2 * 58 + 0.5);
        weakest = strcmp(name, sink_text_or_empty(g->stage)) == 0;
        starred |= weakest;
        html_printf(o,
                    "<rect class=\"cell%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    "style=\"fill:hsl(210,55%%,%u%%)\"/>",
                    weakest ? " weakest" : "", x + 1, y + 1, HM_CELL - 2, HM_CELL - 2, light);
        html_printf(o, "<text class=\"cellv%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    light < 60 ? " dark" : "", x + HM_CELL / 2, y + HM_CELL / 2 + 4);
        html_printf(o, "%.2f%s</text>\n", pairs[k]->value, weakest ? "*" : "");
    }
    if (starred) {
        html_printf(o, "<text class=\"axis\" x=\"4\" y=\"%.1f\">* ", h - 6);
        html_text(o, sink_text_or_empty(f->stage_name)[0] ? f->stage_name : "weakest pair");
        html_raw(o, "</text>\n");
    }
    html_raw(o, "</svg></figure>\n");
    free(pairs);
}
