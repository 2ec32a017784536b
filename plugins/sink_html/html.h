/*
 * sink_html/html.h — what the files of the html sink share: the output
 * context with its sticky error, escaped writing, the page (which periods
 * are shown), the SVG charts and the sections. Internal to the plugin;
 * SDK headers only.
 *
 * Error handling: every writer takes an html_out whose rc holds the first
 * failure (RPO_ENOMEM when a text could not be made). Writers do nothing
 * once rc is set, so a section is written straight through and checked
 * once at the end. The document is written into a memory stream and only
 * copied to the output when complete, so a failure never leaves half a
 * page anywhere.
 */
#ifndef RPO_SINK_HTML_H
#define RPO_SINK_HTML_H

#include <stdio.h>
#include <rpo/rpo.h>

/* Where the document goes and how it went. */
typedef struct html_out {
    FILE *fp;
    int rc;           /* RPO_OK, or the first failure (sticky) */
    unsigned next_id; /* element ids "rpo-N", unique within the document */
} html_out;

/* The report as the sections read it. */
typedef struct html_page {
    html_out *o;
    const rpo_report *r;
    const rpo_report_header *h;
    size_t *cols;       /* the shown non-overall periods, in report order */
    size_t ncols;
    size_t total;       /* non-overall periods in the report */
    int has_overall;
    size_t overall;     /* the first overall period, when has_overall */
} html_page;

/* ---------------------------------------------------------- esc.c */

/* html_raw — write S as it is (markup the sink itself made). */
void html_raw(html_out *o, const char *s);

/* html_printf — write formatted markup (the arguments are numbers or the
 * sink's own constants, never report texts). */
void html_printf(html_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* html_text — write S (NULL: nothing) escaped for element content and
 * attribute values: & < > " ' as references, control characters other
 * than tab and newline as '?'. */
void html_text(html_out *o, const char *s);

/* html_take — write S escaped and free it; NULL means a text could not be
 * made: sets o->rc = RPO_ENOMEM. */
void html_take(html_out *o, char *s);

/* html_new_id — a fresh id number for element ids ("rpo-N"). */
unsigned html_new_id(html_out *o);

/* html_value_text — the cell text of V for metric M: the number
 * (sink_text_number), "n<MIN" when insufficient, "-" when empty; NULL V
 * (no such cell) is "-". Malloc'd; NULL when out of memory. */
char *html_value_text(const rpo_metric_info *m, const rpo_metric_value *v, unsigned min_n);

/* html_change_text — a change D of metric M with its sign ("+2.00",
 * "-3.17", "+8.75 pp" for percentages, "0.00"). Malloc'd or NULL. */
char *html_change_text(const rpo_metric_info *m, double d);

/* html_status_class — the CSS class of a status ("st-met", ...). */
const char *html_status_class(rpo_target_status status);

/* html_value_cell — a <td> with the value of V (class "num", and the
 * status in words and symbol after it when V has a target), with
 * data-period="PERIOD" unless PERIOD is NULL. */
void html_value_cell(const html_page *pg, const rpo_metric_info *m, const rpo_metric_value *v,
                     const char *period);

/* ------------------------------------------------------- chart.c
 * The chart_* functions write into O (or PG->o), borrow everything they are
 * given, and set the output's rc to RPO_ENOMEM when a text or array cannot
 * be made. */

/* One bar of a horizontal bar chart. */
typedef struct html_bar {
    const char *label; /* the bar's name (escaped when written) */
    int ok;            /* 0: no value: no bar, TEXT says why */
    double value;      /* drawn length, against the chart's scale */
    const char *text;  /* the value as the reader sees it ("43.50", "n<5") */
    int mark;          /* 1: the bar the chart points out (a barrier): hatched and
                          labelled with the chart's mark text, not only coloured */
} html_bar;

/*
 * chart_trend — the trend chart of metric M over the shown periods of PG:
 * bars for counts, a line for everything else, a dashed target line and a
 * dotted baseline line (each labelled in words), inside a <figure> with a
 * caption, the SVG's <title>/<desc> (aria-labelledby) naming every value,
 * and a visually hidden table of the numbers.
 */
void chart_trend(const html_page *pg, size_t m);

/*
 * chart_bars — a horizontal bar chart (an inline SVG with role img,
 * <title> TITLE and a <desc> listing every bar's label and text) of N
 * BARS on the scale 0..SCALE (SCALE <= 0: the largest value). Bars with
 * mark set get a hatch and the words MARK_TEXT beside them. The caller
 * writes the table that goes with it.
 */
void chart_bars(html_out *o, const char *title, const html_bar *bars, size_t n, double scale,
                const char *mark_text);

/* chart_force_field — Lewin's force field of group G: the "driving forces"
 * pushing right from the left, the "restraining forces" pushing left from
 * the right, each labelled with its name and value. Nothing when G has no
 * such figures. */
void chart_force_field(html_out *o, const rpo_assessment_group_view *g);

/* chart_heat_map — the "pair alignment" figures of G as a lower-triangle
 * matrix of its dimensions, every cell shaded and showing its value; the
 * pair named by G's stage (the weakest) is outlined and starred. Nothing
 * when G has no pair figures. */
void chart_heat_map(html_out *o, const rpo_framework_view *f, const rpo_assessment_group_view *g);

/* ---------------------------------------------------- sections */

/*
 * section_* — write one <section> of the page (always present; a short
 * sentence when the report has nothing for it, except goals, which are left
 * out without any) into PG->o, reading the report of PG. They keep nothing:
 * what they allocate is freed before they return. On failure they set
 * PG->o->rc (RPO_ENOMEM) and the page is thrown away by the caller.
 */

/* metrics.c: key metrics, trends, funnel, durations, costs. */
void section_key_metrics(const html_page *pg);
void section_trends(const html_page *pg);
void section_funnel(const html_page *pg);
void section_durations(const html_page *pg);
void section_costs(const html_page *pg);

/* frameworks.c: every framework assessment. */
void section_frameworks(const html_page *pg);

/* partnership.c: incentive, achievements, goals, risks, data quality. */
void section_incentive(const html_page *pg);
void section_achievements(const html_page *pg);
void section_goals(const html_page *pg);
void section_risks(const html_page *pg);
void section_quality(const html_page *pg);

/* html_find_metric — the index of metric ID in the report, or -1. */
long html_find_metric(const rpo_report *r, const char *id);

/* html_period_label — the label of period P ("" when there is none). */
const char *html_period_label(const rpo_report *r, size_t p);

/* html_section_open — "<section id=ID aria-labelledby=...><h2>TITLE</h2>". */
void html_section_open(html_out *o, const char *id, const char *title);

#endif
