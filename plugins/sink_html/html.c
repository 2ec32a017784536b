/*
 * sink_html — the scorecard as one self-contained HTML page.
 *
 * One file, nothing fetched: inline CSS, inline SVG charts, no scripts. It
 * reads in any browser, prints on A4 (each section starts a page), and
 * stays readable without colour: every status carries its words and
 * symbol ("✔ met"), every chart has a <title>/<desc> naming its numbers
 * (aria-labelledby) and a table beside it or hidden for screen readers.
 *
 * Sections, in this order: the engagement header (name, client, provider,
 * phase, as-of date, previous run, generator); key metrics (latest period
 * and overall with status, change vs the previous period and vs the
 * previous run); a trend chart per metric (key metrics first) with target
 * and baseline lines; the funnel (conversion rates and stage counts);
 * stage durations grouped by process area; the cost breakdown (by source
 * when the report has source segments); framework assessments (ADKAR
 * bars with the barrier marked, Lewin's force field, the 7-S pair heat
 * map); the incentive; achievements (new ones marked); goal alignment;
 * the risk log; data quality.
 *
 * Every text from the report is escaped. Numbers are printed as the other
 * text sinks print them (sink_common/text.h), so the page shows exactly the
 * digits of the JSON report. The page is rendered completely in memory
 * first and written atomically (rpo/output.h): a failure leaves no file and
 * writes nothing to standard output. Nothing depends on the clock: the same
 * report gives the same bytes.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "../sink_common/publish.h"
#include "../sink_common/text.h"

typedef struct html_ctx {
    const rpo_instance *inst;
    const char *file;  /* NULL: standard output; owned by the engine */
    const char *title; /* NULL: "Scorecard: ENGAGEMENT"; owned by the engine */
    long periods;      /* non-overall periods shown; 0 = all */
} html_ctx;

static const rpo_config_key html_keys[] = {
    { "file", RPO_KEY_PATH, RPO_KEY_REQUIRED, NULL,
      "write the page here (atomically); - writes it to standard output" },
    { "title", RPO_KEY_STRING, 0, NULL,
      "the page's title (default: \"Scorecard: \" and the engagement's name)" },
    { "periods", RPO_KEY_INT, 0, "8",
      "how many of the latest periods the tables and trend charts show besides overall "
      "(0 = all)" },
    { NULL, 0, 0, NULL, NULL }
};

/* The style sheet: screen, then print on A4 with a page per section. */
static const char css[] =
    ":root{--ink:#1d2430;--muted:#5b6472;--rule:#d5dae1;--accent:#1f5fa8;--met:#1e7b34;"
    "--near:#8a6100;--missed:#b3261e}\n"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
    "color:var(--ink);margin:0 auto;max-width:1100px;padding:24px}\n"
    "h1{font-size:26px;margin:0 0 8px}h2{font-size:20px;border-bottom:2px solid var(--accent);"
    "padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:20px 0 6px}h4{margin:14px 0 4px}\n"
    ".kicker{text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:0;font-size:12px}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}\n"
    "dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}\n"
    "ol.phases{display:inline-flex;gap:6px;list-style:none;padding:0;margin:0}\n"
    "ol.phases li{border:1px solid var(--rule);border-radius:10px;padding:0 8px}\n"
    "ol.phases li[aria-current]{border-color:var(--ink);font-weight:700}\n"
    "nav ol{columns:3;font-size:13px}\n"
    "table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}\n"
    "caption{text-align:left;font-weight:600;padding:4px 0}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid var(--rule);vertical-align:top}\n"
    "thead th{text-align:left;border-bottom:2px solid var(--ink)}th[scope=row]{text-align:left;font-weight:500}\n"
    "td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "th[scope=row]{min-width:12em}table.metrics td .status{display:block}\n"
    ".row{display:flex;flex-wrap:wrap;gap:4px 20px;align-items:flex-start}\n"
    "figure.bars,figure.force-field,figure.heat-map{display:inline-block;margin:6px 0}\n"
    ".note{color:var(--muted);font-size:12px}\n"
    ".status{font-weight:600;white-space:nowrap}.st-met{color:var(--met)}.st-near{color:var(--near)}"
    ".st-missed{color:var(--missed)}.st-unknown{color:var(--muted)}\n"
    "table.key td.num{font-size:14px}\n"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:12px}\n"
    "figure{margin:0;border:1px solid var(--rule);border-radius:6px;padding:6px;break-inside:avoid}\n"
    "figcaption{font-size:12px;padding:2px 4px}\n"
    "svg.chart{max-width:100%;height:auto;display:block;font-family:inherit}"
    "figure.trend svg.chart{width:100%}\n"
    "svg .grid{stroke:#e3e7ec}svg .axis{font-size:9px;fill:var(--muted)}svg .gap{font-size:8px;fill:var(--muted)}\n"
    "svg .line{fill:none;stroke:var(--accent);stroke-width:2}svg .dot{fill:var(--accent)}\n"
    "svg .bar{fill:var(--accent)}svg .bar.mark{stroke:var(--missed);stroke-width:1.5}\n"
    "svg .hatch-bg{fill:#f6d4d1}svg .hatch{stroke:var(--missed);stroke-width:2}\n"
    "svg .target{stroke:var(--met);stroke-width:1.5;stroke-dasharray:6 3}\n"
    "svg .baseline{stroke:var(--muted);stroke-width:1.5;stroke-dasharray:1.5 3}\n"
    "svg .ref,svg .label,svg .value{font-size:10px;fill:var(--ink)}svg .head{font-size:11px;font-weight:600}\n"
    "svg .driving{fill:#2f7d5b}svg .restraining{fill:#b3541e}svg .centre{stroke:var(--ink);stroke-width:2}\n"
    "svg .cell{stroke:#fff}svg .cell.weakest{stroke:var(--ink);stroke-width:3}\n"
    "svg .cellv{font-size:11px;fill:var(--ink)}svg .cellv.dark{fill:#fff}\n"
    ".framework{border-top:1px solid var(--rule);margin-top:12px}.group{margin-left:8px}\n"
    "tr.marked th{font-weight:700}tr.marked th::after{content:' \\25C0'}\n"
    ".badge{display:inline-block;border:1px solid var(--ink);border-radius:8px;padding:0 6px;"
    "font-size:11px;font-weight:700}\n"
    "tr.high td:first-child{font-weight:700}tr.closed{color:var(--muted)}\n"
    ".sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0}\n"
    "footer{margin-top:32px;color:var(--muted);font-size:12px}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "table{font-size:8pt}th,td{padding:2px 4px}table.key td.num{font-size:9pt}"
    "table.key td .status{display:block}"
    "section{break-before:page}main>section:first-child{break-before:auto}h2,h3,h4{break-after:avoid}table,figure,svg{break-inside:avoid}"
    ".grid{grid-template-columns:1fr 1fr}a{color:inherit;text-decoration:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* The sections and their ids, for the table of contents. */
static const char *const toc[][2] = {
    { "key-metrics", "Key metrics" },   { "trends", "Trends" },
    { "funnel", "Funnel" },             { "durations", "Stage durations by process area" },
    { "costs", "Cost breakdown" },      { "frameworks", "Change-management assessments" },
    { "incentive", "Incentive" },       { "achievements", "Achievements" },
    { "goals", "Goal alignment" },      { "risks", "Risk log" },
    { "quality", "Data quality" },
};

/* The partnership's phases (DESIGN.md: Build, Run, Continue improving). */
static const char *const phases[][2] = {
    { "build", "Build" }, { "run", "Run" }, { "improve", "Continue improving" }
};

/*
 * Choose the shown periods: the last CTX->periods non-overall periods (0:
 * all) and the first overall period. Fills PG's cols, ncols, total and
 * overall; RPO_OK or RPO_ENOMEM.
 */
static int pick_periods(const html_ctx *ctx, const rpo_report *r, html_page *pg)
{
    size_t np = rpo_report_period_count(r), skip;

    pg->cols = calloc(np + 1, sizeof(*pg->cols));
    if (pg->cols == NULL)
        return RPO_ENOMEM;
    for (size_t i = 0; i < np; i++) {
        const rpo_period *p = rpo_report_period_at(r, i);
        if (p != NULL && !p->overall)
            pg->total++;
        else if (p != NULL && !pg->has_overall) {
            pg->has_overall = 1;
            pg->overall = i;
        }
    }
    skip = ctx->periods > 0 && (size_t)ctx->periods < pg->total ? pg->total - (size_t)ctx->periods
                                                                : 0;
    for (size_t i = 0, regular = 0; i < np; i++) {
        const rpo_period *p = rpo_report_period_at(r, i);
        if (p == NULL || p->overall)
            continue;
        if (regular++ >= skip)
            pg->cols[pg->ncols++] = i;
    }
    return RPO_OK;
}

/* A fact of the header: "<dt>TERM</dt><dd>VALUE</dd>", left out when empty. */
static void fact(html_out *o, const char *term, const char *value)
{
    if (sink_text_or_empty(value)[0] == '\0')
        return;
    html_raw(o, "<dt>");
    html_raw(o, term);
    html_raw(o, "</dt><dd>");
    html_text(o, value);
    html_raw(o, "</dd>");
}

static void write_header(const html_page *pg, const char *title)
{
    html_out *o = pg->o;
    const rpo_report_header *h = pg->h;
    const char *phase = sink_text_or_empty(h->phase);
    int known = 0;

    html_raw(o, "<header>\n<p class=\"kicker\">RPO scorecard</p>\n<h1>");
    html_text(o, title);
    html_raw(o, "</h1>\n<dl class=\"facts\">");
    fact(o, "Engagement", h->engagement);
    fact(o, "Client", h->client);
    fact(o, "Provider", h->provider);
    if (phase[0] != '\0') {
        html_raw(o, "<dt>Phase</dt><dd>");
        for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
            known |= strcmp(phase, phases[i][0]) == 0;
        if (known) {
            html_raw(o, "<ol class=\"phases\">");
            for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
                int cur = strcmp(phase, phases[i][0]) == 0;
                html_raw(o, cur ? "<li aria-current=\"step\">" : "<li>");
                html_raw(o, phases[i][1]);
                html_raw(o, cur ? " (current)</li>" : "</li>");
            }
            html_raw(o, "</ol>");
        } else {
            html_text(o, phase);
        }
        html_raw(o, "</dd>");
    }
    fact(o, "As of", h->as_of);
    fact(o, "Previous run", h->previous_run_as_of);
    if (pg->ncols > 0) {
        html_raw(o, "<dt>Periods</dt><dd>");
        html_text(o, html_period_label(pg->r, pg->cols[0]));
        if (pg->ncols > 1) {
            html_raw(o, " \xE2\x80\x93 ");
            html_text(o, html_period_label(pg->r, pg->cols[pg->ncols - 1]));
        }
        if (pg->ncols < pg->total)
            html_printf(o, " (last %zu of %zu)", pg->ncols, pg->total);
        html_raw(o, "</dd>");
    }
    fact(o, "Currency", h->currency);
    fact(o, "Generator", h->generator);
    html_raw(o, "</dl>\n</header>\n<nav aria-label=\"Contents\"><ol>");
    for (size_t i = 0; i < sizeof(toc) / sizeof(toc[0]); i++) {
        if (strcmp(toc[i][0], "goals") == 0 && rpo_report_goal_count(pg->r) == 0)
            continue;
        html_printf(o, "<li><a href=\"#%s\">%s</a></li>", toc[i][0], toc[i][1]);
    }
    html_raw(o, "</ol></nav>\n");
}

/* Render the whole page into O. */
static void render(const html_ctx *ctx, const html_page *pg)
{
    html_out *o = pg->o;
    char *title = ctx->title != NULL && ctx->title[0] != '\0'
                      ? sink_text_printf("%s", ctx->title)
                      : sink_text_printf("Scorecard: %s", sink_text_or_empty(pg->h->engagement));

    if (title == NULL) {
        o->rc = RPO_ENOMEM;
        return;
    }
    html_raw(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<meta name=\"generator\" content=\"");
    html_text(o, pg->h->generator);
    html_raw(o, "\">\n<title>");
    html_text(o, title);
    html_raw(o, "</title>\n<style>\n");
    html_raw(o, css);
    html_raw(o, "</style>\n</head>\n<body>\n");
    write_header(pg, title);
    html_raw(o, "<main>\n");
    section_key_metrics(pg);
    section_trends(pg);
    section_funnel(pg);
    section_durations(pg);
    section_costs(pg);
    section_frameworks(pg);
    section_incentive(pg);
    section_achievements(pg);
    section_goals(pg);
    section_risks(pg);
    section_quality(pg);
    html_raw(o, "</main>\n<footer>");
    html_text(o, pg->h->generator);
    html_raw(o, ", as of ");
    html_text(o, pg->h->as_of);
    html_raw(o, ". Figures are rounded once, to two decimals; n&lt;MIN marks values resting "
                "on too few observations.</footer>\n</body>\n</html>\n");
    free(title);
}

/* ------------------------------------------------------------ callbacks */

static int html_create(rpo_instance *inst, void **ctxp)
{
    const char *file = rpo_config_get(inst, "file");
    long periods = rpo_config_long(inst, "periods", 8);
    html_ctx *ctx;

    if (periods < 0)
        return rpo_config_error(inst, "periods", "must be 0 (all) or more, not %ld", periods);
    if (file == NULL || file[0] == '\0')
        return rpo_config_error(inst, "file", "needs a path, or - for standard output");
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    /* "-" is standard output and must not be resolved against the config's
     * folder into a file named "-". */
    ctx->file = strcmp(file, "-") == 0 ? NULL : rpo_config_path(inst, "file");
    ctx->title = rpo_config_get(inst, "title");
    ctx->periods = periods;
    *ctxp = ctx;
    return RPO_OK;
}

static void html_destroy(void *ctx)
{
    free(ctx);
}

static int html_write(void *vctx, const rpo_report *report)
{
    const html_ctx *ctx = vctx;
    html_out out = { NULL, RPO_OK, 0 };
    html_page pg;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    memset(&pg, 0, sizeof(pg));
    pg.o = &out;
    pg.r = report;
    pg.h = rpo_report_get_header(report);
    if (pg.h == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no header");
        return RPO_ERR;
    }
    if (pick_periods(ctx, report, &pg) != RPO_OK) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    /* The whole page in memory first: a failure half-way writes nothing. */
    if ((out.fp = open_memstream(&buf, &len)) == NULL) {
        free(pg.cols);
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    render(ctx, &pg);
    if (fclose(out.fp) != 0 && out.rc == RPO_OK)
        out.rc = RPO_ENOMEM; /* the memory stream could not grow */
    free(pg.cols);
    if (out.rc != RPO_OK) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "%s",
                out.rc == RPO_ENOMEM ? "out of memory" : "cannot render the page");
        free(buf);
        return out.rc;
    }
    rc = sink_publish(ctx->inst, ctx->file, buf, len);
    free(buf);
    return rc;
}

RPO_PLUGIN_EXPORT(sink_html) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "html",
    .version = "1.0.0",
    .description = "the scorecard as one self-contained HTML page with charts, printable on A4",
    .keys = html_keys,
    .create = html_create,
    .destroy = html_destroy,
    .read = NULL,
    .write = html_write,
};
