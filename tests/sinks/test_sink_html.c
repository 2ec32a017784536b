/*
 * test_sink_html — unit tests of the html sink, calling its callbacks
 * directly on the fixture of fake_report.c (no librpo involved): every
 * section present and in order, exact cells of the key metrics, escaping
 * of every kind of report text, every chart with its text alternative,
 * framework charts, the keys, write errors and allocation failures.
 * Expected cells are worked out by hand from the fixture's numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_report.h"
/*
 * Allocation failures: the plugin sources are compiled into this file with
 * malloc and calloc (all it uses) routed through here, so a test can make
 * exactly the Nth allocation fail while all others succeed: a failure the
 * plugin swallowed would then show as a page that differs, not be hidden
 * by the next allocation failing too. <stdlib.h> is included above, so the
 * macros only rename the plugin's calls.
 */
static long alloc_fail_at = -1; /* the allocation to fail (0 = the first); -1: none */
static long alloc_count;        /* allocations since the last reset */

static int budget_take(void)
{
    return alloc_count++ != alloc_fail_at;
}

static void *budget_malloc(size_t n)
{
    return budget_take() ? malloc(n) : NULL;
}

static void *budget_calloc(size_t n, size_t size)
{
    return budget_take() ? calloc(n, size) : NULL;
}

#define malloc budget_malloc
#define calloc budget_calloc
#include "../../plugins/sink_common/publish.c"
#include "../../plugins/sink_common/text.c"
#include "../../plugins/sink_html/esc.c"
#include "../../plugins/sink_html/chart.c"
#include "../../plugins/sink_html/metrics.c"
#include "../../plugins/sink_html/frameworks.c"
#include "../../plugins/sink_html/partnership.c"
#include "../../plugins/sink_html/html.c"
#undef malloc
#undef calloc

#define SINK sink_html_LTX_rpo_plugin

static const char *const to_stdout[] = { "file", "-", NULL };

/*
 * Run the sink on R with the section KV, writing "standard output" to OUT
 * (NULL: a memory stream, whose text is returned malloc'd; else NULL is
 * returned). Stores the status of create/write in *STATUS.
 */
static char *run_to(const rpo_report *r, const char *const *kv, FILE *out, int *status)
{
    return fake_run_sink(&SINK, "page", r, kv, out, status);
}

static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    return run_to(r, kv, NULL, status);
}

/* The text of OUT from the first START up to and including the next END. */
static char *between(const char *out, const char *start, const char *end)
{
    const char *a = strstr(out, start), *b;
    char *s;

    assert_non_null(a);
    b = strstr(a, end);
    assert_non_null(b);
    b += strlen(end);
    s = malloc((size_t)(b - a) + 1);
    assert_non_null(s);
    memcpy(s, a, (size_t)(b - a));
    s[b - a] = '\0';
    return s;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;

    for (const char *p = strstr(s, what); p != NULL; p = strstr(p + 1, what))
        n++;
    return n;
}

static int setup(void **state)
{
    (void)state;
    fake_log_reset();
    alloc_fail_at = -1;
    return 0;
}

/* ----------------------------------------------------------------- tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(SINK.abi_major, RPO_ABI_MAJOR);
    assert_int_equal(SINK.abi_minor, RPO_ABI_MINOR);
    assert_true(SINK.struct_size >= RPO_PLUGIN_V1_SIZE);
    assert_int_equal(SINK.kind, RPO_PLUGIN_SINK);
    assert_string_equal(SINK.name, "html");
    assert_non_null(SINK.write);
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_int_equal(SINK.keys[0].type, RPO_KEY_PATH);
    assert_int_equal(SINK.keys[0].flags, RPO_KEY_REQUIRED);
    assert_string_equal(SINK.keys[1].name, "title");
    assert_null(SINK.keys[1].default_value);
    assert_string_equal(SINK.keys[2].name, "periods");
    assert_int_equal(SINK.keys[2].type, RPO_KEY_INT);
    assert_string_equal(SINK.keys[2].default_value, "8");
    assert_null(SINK.keys[3].name);
}

/* A complete document with every section, in the order of the brief. */
static void test_sections_in_order(void **state)
{
    static const char *const order[] = {
        "<header>", "<section id=\"key-metrics\"", "<section id=\"trends\"",
        "<section id=\"funnel\"", "<section id=\"durations\"", "<section id=\"costs\"",
        "<section id=\"frameworks\"", "<section id=\"incentive\"",
        "<section id=\"achievements\"", "<section id=\"goals\"", "<section id=\"risks\"",
        "<section id=\"quality\"", "</html>\n" };
    int rc;
    char *out = run(fake_report_standard(), to_stdout, &rc);
    const char *at = out;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(fake_log_text(), "");
    assert_true(strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33) == 0);
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        const char *p = strstr(at, order[i]);
        if (p == NULL)
            fail_msg("missing or out of order: %s", order[i]);
        at = p;
    }
    assert_int_equal(count(out, "<section "), 11);
    assert_int_equal(count(out, "</section>"), 11);
    /* Self-contained: no scripts, nothing fetched. */
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "src="));
    assert_null(strstr(out, "http://www.w3.org/1999/xlink"));
    assert_null(strstr(out, "<link"));
    assert_non_null(strstr(out, "@media print{"));
    assert_non_null(strstr(out, "@page{size:A4;"));
    free(out);
}

/* The header: engagement, parties, the phase marked in words, as-of. */
static void test_header(void **state)
{
    rpo_report r = *fake_report_standard();
    int rc;
    char *out;

    (void)state;
    r.header.previous_run_as_of = "";
    out = run(&r, to_stdout, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "<title>Scorecard: Acme hiring 2024</title>"));
    assert_non_null(strstr(out,
        "<dl class=\"facts\"><dt>Engagement</dt><dd>Acme hiring 2024</dd>"
        "<dt>Client</dt><dd>Acme Corp</dd><dt>Provider</dt><dd>TalentCo</dd>"
        "<dt>Phase</dt><dd><ol class=\"phases\"><li>Build</li>"
        "<li aria-current=\"step\">Run (current)</li><li>Continue improving</li></ol></dd>"
        "<dt>As of</dt><dd>2024-09-30</dd>"
        "<dt>Periods</dt><dd>2024Q1 \xE2\x80\x93 2024Q3</dd>"
        "<dt>Currency</dt><dd>EUR</dd><dt>Generator</dt><dd>rpo 0.1.0</dd></dl>"));
    /* Without a previous run, no such fact; with one, its as-of date. */
    assert_null(strstr(out, "<dt>Previous run</dt>"));
    free(out);
    r.header.previous_run_as_of = "2024-09-15";
    out = run(&r, to_stdout, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "<dt>As of</dt><dd>2024-09-30</dd>"
                                "<dt>Previous run</dt><dd>2024-09-15</dd><dt>Periods</dt>"));
    assert_non_null(strstr(out, "<caption>Key metrics: 2024Q3 against its previous period, "
                                "and against the previous run (as of 2024-09-15)</caption>"));
    free(out);
}

/* Key metrics: exact rows (latest period 2024Q3, overall), worked out
 * from the fixture: time_to_fill 2024Q3 28.33 met, no change vs 2024Q2
 * (insufficient there), 31.50 in the last run (-3.17); overall 33.00
 * near, unchanged since the last run. */
static void test_key_metrics(void **state)
{
    int rc;
    char *out = run(fake_report_standard(), to_stdout, &rc);
    char *key;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    key = between(out, "<table class=\"key\">", "</table>");
    assert_non_null(strstr(key,
        "<tr data-metric=\"time_to_fill\"><th scope=\"row\">Time to fill, median days</th>"
        "<td class=\"num\">\xE2\x89\xA4 30.00</td><td class=\"num\">40.00</td>"
        "<td class=\"num\" data-period=\"2024Q3\">28.33 <span class=\"status st-met\">"
        "\xE2\x9C\x94 met</span></td>"
        "<td class=\"num\"><span class=\"note\">-</span></td>"
        "<td class=\"num\">-3.17 <span class=\"note\">(was 31.50)</span></td>"
        "<td class=\"num\" data-period=\"overall\">33.00 <span class=\"status st-near\">"
        "\xE2\x89\x88 near</span></td>"
        "<td class=\"num\">0.00 <span class=\"note\">(was 33.00)</span></td></tr>\n"));
    assert_non_null(strstr(key,
        "<tr data-metric=\"offer_acceptance\"><th scope=\"row\">Offer acceptance</th>"
        "<td class=\"num\">\xE2\x89\xA5 85.00%</td><td class=\"num\"><span class=\"note\">none"
        "</span></td><td class=\"num\" data-period=\"2024Q3\">- <span class=\"status "
        "st-unknown\">? n=0</span></td>"
        "<td class=\"num\"><span class=\"note\">-</span></td>"
        "<td class=\"num\"><span class=\"note\">-</span></td>"
        "<td class=\"num\" data-period=\"overall\">84.62% <span class=\"status st-missed\">"
        "\xE2\x9C\x98 missed</span></td>"
        "<td class=\"num\"><span class=\"note\">-</span></td></tr>\n"));
    /* Only key metrics. */
    assert_int_equal(count(key, "<tr data-metric="), 2);
    assert_null(strstr(key, "cost_per_hire"));
    free(key);
    free(out);
}

/* Change vs previous period, with its sign, in percentage points. */
static void test_change_texts(void **state)
{
    const rpo_metric_info pct = { .id = "p", .name = "P", .unit = RPO_UNIT_PERCENT };
    const rpo_metric_info cnt = { .id = "c", .name = "C", .unit = RPO_UNIT_COUNT };
    char *s;

    (void)state;
    s = html_change_text(&pct, 8.75);
    assert_string_equal(s, "+8.75 pp");
    free(s);
    s = html_change_text(&pct, -0.5);
    assert_string_equal(s, "-0.50 pp");
    free(s);
    s = html_change_text(&cnt, -5);
    assert_string_equal(s, "-5");
    free(s);
    s = html_change_text(&cnt, -0.0);
    assert_string_equal(s, "0");
    free(s);
}

/*
 * Every <svg> is an image with a title and a non-empty description that
 * aria-labelledby names; returns how many there are.
 */
static size_t check_svgs(const char *out)
{
    size_t n = 0;

    for (const char *p = strstr(out, "<svg"); p != NULL; p = strstr(p + 1, "<svg")) {
        unsigned id;
        char want[160];
        const char *end = strstr(p, "</svg>"), *d, *de;

        assert_non_null(end);
        assert_int_equal(sscanf(strstr(p, "aria-labelledby=\"rpo-"), "aria-labelledby=\"rpo-%u-t", &id), 1);
        snprintf(want, sizeof(want), "role=\"img\" aria-labelledby=\"rpo-%u-t rpo-%u-d\">"
                                     "<title id=\"rpo-%u-t\">", id, id, id);
        assert_true(strstr(p, want) != NULL && strstr(p, want) < end);
        snprintf(want, sizeof(want), "<desc id=\"rpo-%u-d\">", id);
        d = strstr(p, want);
        assert_true(d != NULL && d < end);
        de = strstr(d, "</desc>");
        assert_true(de != NULL && de - d > (long)strlen(want) + 10);
        /* The title is not empty either. */
        assert_true(strstr(p, "</title>") - strstr(p, "<title") > 25);
        n++;
    }
    return n;
}

/* A trend chart per metric, each with its words, lines and hidden table. */
static void test_trend_charts(void **state)
{
    int rc;
    char *out = run(fake_report_standard(), to_stdout, &rc);
    char *ttf, *opened;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_int_equal(count(out, "<figure class=\"trend\""), 4);
    assert_true(check_svgs(out) >= 4);
    ttf = between(out, "<figure class=\"trend\" data-metric=\"time_to_fill\">", "</figure>");
    assert_non_null(strstr(ttf,
        "Time to fill, median days per period: 2024Q1 34.50 \xE2\x9C\x98 missed; "
        "2024Q2 n&lt;5 ? n&lt;5; 2024Q3 28.33 \xE2\x9C\x94 met. "
        "Target \xE2\x89\xA4 30.00 (dashed line). Baseline 40.00 (dotted line).</desc>"));
    assert_int_equal(count(ttf, "<line class=\"target\""), 1);
    assert_int_equal(count(ttf, "<line class=\"baseline\""), 1);
    assert_non_null(strstr(ttf, ">target \xE2\x89\xA4 30.00</text>"));
    assert_non_null(strstr(ttf, ">baseline 40.00</text>"));
    /* A line with a gap at 2024Q2: two runs of one point draw no line,
     * the gap says why in words. */
    assert_non_null(strstr(ttf, "<text class=\"gap\""));
    assert_int_equal(count(ttf, "<circle class=\"dot\""), 2);
    assert_non_null(strstr(ttf, "<figcaption>Time to fill, median days: 2024Q3 28.33 "
                                "<span class=\"status st-met\">\xE2\x9C\x94 met</span>"
                                "</figcaption>"));
    assert_non_null(strstr(ttf, "<table class=\"sr-only\"><caption>Time to fill per period"
                                "</caption>"));
    assert_non_null(strstr(ttf, "<tr><th scope=\"row\">2024Q1</th><td class=\"num\">34.50 "
                                "<span class=\"status st-missed\">\xE2\x9C\x98 missed</span>"
                                "</td><td class=\"num\">12</td></tr>"));
    /* Counts are bars, one per value. */
    opened = between(out, "<figure class=\"trend\" data-metric=\"requisitions_opened\">",
                     "</figure>");
    assert_int_equal(count(opened, "<rect class=\"bar\""), 3);
    assert_null(strstr(opened, "<polyline"));
    assert_null(strstr(opened, "class=\"target\""));
    free(opened);
    free(ttf);
    free(out);
}

/* Report texts with markup characters never become markup. */
static void test_escaping(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_metric_info metrics[4];
    rpo_risk risks[3];
    rpo_achievement ach[3];
    rpo_source_summary src[2];
    const char *const kv[] = { "file", "-", "title", "Q3 <review> & \"more\"", NULL };
    int rc;
    char *out;

    (void)state;
    r.header.engagement = "<script>alert(\"x\")</script> & 'co'";
    r.header.client = "A&B <Corp>";
    memcpy(metrics, r.metrics, sizeof(metrics));
    metrics[0].name = "Reqs <b>opened</b>";
    r.metrics = metrics;
    memcpy(risks, r.risks, sizeof(risks));
    risks[0].title = "\"Quoted\" & <tagged> \033[31m";
    r.risks = risks;
    memcpy(ach, r.achievements, sizeof(ach));
    ach[0].text = "Best <ever>";
    r.achievements = ach;
    memcpy(src, r.sources, sizeof(src));
    src[0].instance = "apps&more";
    r.sources = src;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "<b>"));
    assert_null(strstr(out, "<tagged>"));
    assert_null(strstr(out, "<ever>"));
    assert_null(strstr(out, "<review>"));
    assert_null(strstr(out, "\033"));
    assert_non_null(strstr(out, "<dd>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                                "&#39;co&#39;</dd>"));
    assert_non_null(strstr(out, "<dd>A&amp;B &lt;Corp&gt;</dd>"));
    assert_non_null(strstr(out, "<title>Q3 &lt;review&gt; &amp; &quot;more&quot;</title>"));
    assert_non_null(strstr(out, "Reqs &lt;b&gt;opened&lt;/b&gt;"));
    assert_non_null(strstr(out, "&quot;Quoted&quot; &amp; &lt;tagged&gt; ?[31m"));
    assert_non_null(strstr(out, "Best &lt;ever&gt;"));
    assert_non_null(strstr(out, "<th scope=\"row\">apps&amp;more</th>"));
    /* In the chart's words too. */
    assert_non_null(strstr(out, "<title id=\"rpo-1-t\">Reqs &lt;b&gt;opened&lt;/b&gt;</title>"));
    free(out);
}

/* Achievements with the new ones marked in words; the risk log in order. */
static void test_achievements_and_risks(void **state)
{
    int rc;
    char *out = run(fake_report_standard(), to_stdout, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out,
        "<li data-kind=\"milestone\" class=\"new\"><span class=\"badge\">\xE2\x98\x85 New</span> "
        "Hire number 25 accepted on 2024-08-14</li>\n"
        "<li data-kind=\"best_period\">Best period for Requisitions opened: 2024Q1 at 14.00 "
        "(of 3 periods)</li>\n"
        "<li data-kind=\"improvement\" class=\"new\"><span class=\"badge\">\xE2\x98\x85 New"
        "</span> Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in "
        "2024Q3</li>\n"));
    assert_non_null(strstr(out, "<p>3 risks, 2 open on the as-of date; highest severity "
                                "first.</p>"));
    assert_non_null(strstr(out,
        "<tr class=\"open high\"><td>R-7</td><td><span class=\"badge\">\xE2\x98\x85 New</span> "
        "Hiring-manager interview capacity in Engineering</td><td>operational</td>"
        "<td class=\"num\">5 of 5 (high)</td><td>open</td><td>client</td><td>2024-09-02</td>"
        "<td></td></tr>\n"
        "<tr class=\"open high\"><td>R-3</td><td>Sourcing channel for night-shift roles</td>"
        "<td>gap</td><td class=\"num\">4 of 5 (high)</td><td>mitigating</td><td>provider</td>"
        "<td>2024-04-15</td><td></td></tr>\n"
        "<tr class=\"closed\"><td>R-1</td><td>ATS migration delays reporting</td>"
        "<td>strategic</td><td class=\"num\">3 of 5</td><td>closed</td><td>provider</td>"
        "<td>2024-01-20</td><td>2024-03-01</td></tr>\n"));
    free(out);
}

/* Incentive, durations, costs and data quality from the fixture. */
static void test_partnership_sections(void **state)
{
    int rc;
    char *out = run(fake_report_standard(), to_stdout, &rc);
    char *s;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    s = between(out, "<section id=\"incentive\"", "</section>");
    assert_non_null(strstr(s, "<caption>Attainment per period (capped at 120%); pool "
                              "10000.00 EUR per period</caption>"));
    assert_non_null(strstr(s, "<tr><th scope=\"row\">Time to fill (weight 60)</th>"
                              "<td class=\"num\">86.96%</td><td class=\"num\"><span "
                              "class=\"note\">n&lt;5</span></td><td class=\"num\">105.89%</td>"
                              "</tr>"));
    assert_non_null(strstr(s, "<th scope=\"row\">Tier (attainment \xE2\x86\x92 payout)</th>"
                              "<td class=\"num\">80% \xE2\x86\x92 50%</td>"));
    assert_non_null(strstr(s, "<th scope=\"row\">Payout, EUR</th><td class=\"num\">5000.00</td>"
                              "<td class=\"num\">10000.00</td><td class=\"num\">10000.00</td>"));
    free(s);
    /* time_to_fill is the fixture's only duration: area "role live". */
    s = between(out, "<section id=\"durations\"", "</section>");
    assert_non_null(strstr(s, "<h3>role live</h3>"));
    assert_non_null(strstr(s, "<tr data-metric=\"time_to_fill\"><th scope=\"row\">Time to fill"
                              "</th><td class=\"num\" data-period=\"2024Q3\">28.33 <span "
                              "class=\"status st-met\">\xE2\x9C\x94 met</span></td>"
                              "<td class=\"num\" data-period=\"overall\">33.00 <span "
                              "class=\"status st-near\">\xE2\x89\x88 near</span></td>"
                              "<td class=\"num\">34.04</td><td class=\"num\">50.60</td>"
                              "<td class=\"num\">23</td></tr>"));
    assert_int_equal(count(s, "<h3>"), 1);
    free(s);
    s = between(out, "<section id=\"costs\"", "</section>");
    assert_non_null(strstr(s, "<tr data-metric=\"cost_per_hire\"><th scope=\"row\">Cost per "
                              "hire, EUR</th><td class=\"num\" data-period=\"2024Q1\">4250.50"
                              "</td><td class=\"num\" data-period=\"2024Q2\">3980.00</td>"
                              "<td class=\"num\" data-period=\"2024Q3\">n&lt;5</td>"
                              "<td class=\"num\" data-period=\"overall\">4105.77</td></tr>"));
    free(s);
    s = between(out, "<section id=\"quality\"", "</section>");
    assert_non_null(strstr(s, "<tr><th scope=\"row\">apps</th><td>csv</td><td>application</td>"
                              "<td class=\"num\">120</td><td class=\"num\">117</td>"
                              "<td class=\"num\">3</td></tr>"));
    assert_non_null(strstr(s, "<tr><th scope=\"row\">Offer dated before the application "
                              "<span class=\"note\">(offer_before_application)</span></th>"
                              "<td class=\"num\">2</td><td>apps.csv:17</td></tr>"));
    free(s);
    s = between(out, "<section id=\"goals\"", "</section>");
    assert_non_null(strstr(s, "<td class=\"num\">-0.9449</td><td class=\"num\">-1.0000</td>"));
    assert_non_null(strstr(s, "<td colspan=\"2\" class=\"note\">too few periods</td>"));
    /* Coefficients left behind for a link without a correlation are not shown. */
    assert_null(strstr(s, "0.5000"));
    free(s);
    free(out);
}

/* A report of its own for the funnel and the cost by source: stage counts,
 * a rate with a target, a cost per hire with two source segments. */
static const rpo_report *funnel_report(void)
{
    static const rpo_period periods[] = { { "2025Q1", "2025-01-01", "2025-03-31", 0, 1 },
                                          { "overall", "", "2025-03-31", 1, 0 } };
    static const char *const by_source[] = { "source", NULL };
    static const rpo_metric_info metrics[] = {
        { "applications", "Applications", RPO_UNIT_COUNT, RPO_DIRECTION_NONE, "", "", "", 0,
          by_source, 0, "built-in" },
        { "hires", "Hires", RPO_UNIT_COUNT, RPO_DIRECTION_NONE, "", "", "", 0, by_source, 0,
          "built-in" },
        { "offer_acceptance_rate", "Offer acceptance rate", RPO_UNIT_PERCENT,
          RPO_HIGHER_IS_BETTER, "", "", "", 0, by_source, 0, "built-in" },
        { "cost_per_hire", "Cost per hire", RPO_UNIT_CURRENCY, RPO_LOWER_IS_BETTER, "", "", "",
          0, by_source, 0, "built-in" },
    };
    static const rpo_metric_value values[] = {
        { .state = RPO_VALUE_OK, .n = 40, .value = 40 },
        { .state = RPO_VALUE_OK, .n = 40, .value = 40 },
        { .state = RPO_VALUE_OK, .n = 6, .value = 6 },
        { .state = RPO_VALUE_OK, .n = 6, .value = 6 },
        { .state = RPO_VALUE_OK, .n = 8, .value = 75, .status = RPO_STATUS_NEAR,
          .has_target = 1, .target = 80 },
        { .state = RPO_VALUE_OK, .n = 8, .value = 75, .status = RPO_STATUS_NEAR,
          .has_target = 1, .target = 80 },
        { .state = RPO_VALUE_OK, .n = 6, .value = 3500 },
        { .state = RPO_VALUE_OK, .n = 6, .value = 3500 },
    };
    static const rpo_segment segments[] = { { "all", "" }, { "source", "agency" },
                                            { "source", "referral" } };
    static const rpo_metric_value cph_agency[] = {
        { .state = RPO_VALUE_OK, .n = 5, .value = 4100 },
        { .state = RPO_VALUE_OK, .n = 5, .value = 4100 } };
    static const rpo_metric_value cph_referral[] = {
        { .state = RPO_VALUE_INSUFFICIENT, .n = 1 },
        { .state = RPO_VALUE_INSUFFICIENT, .n = 1 } };
    static const fake_segment_values seg_values[] = { { 3, 1, cph_agency, 2 },
                                                      { 3, 2, cph_referral, 2 } };
    static const rpo_report r = {
        .header = { "Funnel", "", "", "EUR", "2025-03-31", "rpo 0.1.0", 5, "", "" },
        .periods = periods, .nperiods = 2, .metrics = metrics, .nmetrics = 4, .values = values,
        .segments = segments, .nsegments = 3, .segment_values = seg_values,
        .nsegment_values = 2,
    };
    return &r;
}

/* The funnel and the cost by source. */
static void test_funnel_and_cost_by_source(void **state)
{
    const rpo_report *r = funnel_report();
    int rc;
    char *out = run(r, to_stdout, &rc);
    char *s;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    s = between(out, "<section id=\"funnel\"", "</section>");
    assert_non_null(strstr(s, "<figcaption>Candidates reaching each stage, overall</figcaption>"));
    assert_non_null(strstr(s, "\">Applications 40; Hires 6.</desc>"));
    assert_non_null(strstr(s, "\">Offer acceptance rate 75.00%.</desc>"));
    /* Rates on a 0..100 scale: 75% is 3/4 of the longest bar (316). */
    assert_non_null(strstr(s, "<rect class=\"bar\" x=\"4.0\" y=\"17.0\" width=\"237.0\" "
                              "height=\"12\"/>"));
    assert_non_null(strstr(s, "<tr data-metric=\"offer_acceptance_rate\"><th scope=\"row\">"
                              "Offer acceptance rate</th><td class=\"num\" data-period=\"2025Q1\">"
                              "75.00% <span class=\"status st-near\">\xE2\x89\x88 near</span>"));
    free(s);
    s = between(out, "<section id=\"costs\"", "</section>");
    assert_non_null(strstr(s, "<figcaption>Cost per hire by source, overall</figcaption>"));
    assert_non_null(strstr(s, "\">agency 4100.00; referral n&lt;5.</desc>"));
    assert_non_null(strstr(s, "<tr><th scope=\"row\">agency</th><td class=\"num\">4100.00</td>"
                              "<td class=\"num\">5</td></tr>\n<tr><th scope=\"row\">referral"
                              "</th><td class=\"num\">n&lt;5</td><td class=\"num\">1</td></tr>"));
    free(s);
    /* No phase: no phase row; an empty engagement still has every section. */
    assert_null(strstr(out, "<dt>Phase</dt>"));
    assert_int_equal(count(out, "<section "), 10); /* no goals */
    free(out);
}

/* Framework views for the sink: ADKAR (a barrier, an insufficient group,
 * a group of a period not shown), Lewin (forces) and 7-S (pairs). */
static const rpo_assessment_dimension_view adkar_dims[] = {
    { "awareness", 4, RPO_VALUE_OK, 4.25, 0.5, "ok" },
    { "desire", 4, RPO_VALUE_OK, 2.75, 0.96, "barrier" } };
static const rpo_assessment_figure_view adkar_figs[] = {
    { "barrier points", "desire", 3, 4 } };
static const rpo_assessment_finding_view adkar_find[] = {
    { "Barrier point: desire", "Build <desire>." } };
static const rpo_assessment_group_view adkar_groups[] = {
    { "", "overall", 4, RPO_VALUE_OK, 1, 62.5, "desire", adkar_dims, 2, adkar_figs, 1,
      adkar_find, 1 },
    { "recruiters", "2024Q3", 2, RPO_VALUE_INSUFFICIENT, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 },
    { "recruiters", "2024Q1", 9, RPO_VALUE_OK, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 } };
static const rpo_assessment_figure_view lewin_figs[] = {
    { "driving forces", "sponsorship", 4, 10 },
    { "restraining forces", "legacy_ats", 2, 10 },
    { "restraining forces", "fears", 3, 10 } };
static const rpo_assessment_group_view lewin_groups[] = {
    { "", "overall", 10, RPO_VALUE_OK, 1, 50, "change", NULL, 0, lewin_figs, 3, NULL, 0 } };
static const rpo_assessment_dimension_view s7_dims[] = {
    { "strategy", 5, RPO_VALUE_OK, 4, 0.5, "" },
    { "structure", 5, RPO_VALUE_OK, 3, 0.5, "" },
    { "systems", 5, RPO_VALUE_OK, 2, 0.5, "" } };
static const rpo_assessment_figure_view s7_figs[] = {
    { "pair alignment", "strategy\xE2\x80\x93structure", 0.9, 5 },
    { "pair alignment", "strategy\xE2\x80\x93systems", 0.6, 5 },
    { "pair alignment", "structure\xE2\x80\x93systems", 0.8, 5 } };
static const rpo_assessment_group_view s7_groups[] = {
    { "", "overall", 5, RPO_VALUE_OK, 1, 80, "strategy\xE2\x80\x93systems", s7_dims, 3,
      s7_figs, 3, NULL, 0 } };
static const rpo_framework_view fws[] = {
    { "readiness", "adkar", "adkar", "readiness index", "barrier point", 9, 1, adkar_groups,
      3 },
    { "stages", "lewin", "lewin", "change index", "current stage", 10, 0, lewin_groups, 1 },
    { "alignment", "7s", "7s", "alignment index", "weakest pair", 5, 0, s7_groups, 1 } };

/* The standard fixture with the three framework views above. */
static rpo_report framework_report(void)
{
    rpo_report r = *fake_report_standard();

    r.frameworks = fws;
    r.nframeworks = 3;
    return r;
}

/* ADKAR bars with the barrier hatched and named; Lewin's force field;
 * the 7-S heat map with the weakest pair starred. */
static void test_frameworks(void **state)
{
    rpo_report r = framework_report();
    int rc;
    char *out, *s;

    (void)state;
    out = run(&r, to_stdout, &rc);
    assert_int_equal(rc, RPO_OK);
    s = between(out, "<section id=\"frameworks\"", "</section>");
    /* ADKAR bars, the force field, 7-S bars and the heat map. */
    assert_int_equal(check_svgs(s), 4);
    /* ADKAR: the barrier hatched, named in words, in the table too. */
    assert_non_null(strstr(s, "<p class=\"headline\">readiness index: <strong>62.50</strong>; "
                              "barrier point: <strong>desire</strong></p>"));
    assert_non_null(strstr(s, "\">awareness 4.25; desire 2.75 (barrier point).</desc>"));
    assert_non_null(strstr(s, "<rect class=\"bar mark\""));
    assert_non_null(strstr(s, ">2.75 \xE2\x97\x80 barrier point</text>"));
    assert_non_null(strstr(s, "<tr class=\"marked\"><th scope=\"row\">desire</th>"));
    assert_non_null(strstr(s, "<caption>barrier points</caption>"));
    assert_non_null(strstr(s, "Barrier point: desire<br><span class=\"action\">\xE2\x86\x92 "
                              "Build &lt;desire&gt;.</span>"));
    /* The latest shown period (2024Q3) and overall; not 2024Q1. */
    assert_non_null(strstr(s, "<h4>recruiters, 2024Q3 <span class=\"note\">(n=2)</span></h4>\n"
                              "<p>Insufficient: too few respondents to score.</p>"));
    assert_null(strstr(s, "2024Q1"));
    /* Lewin: the forces, each side in its own direction and words. */
    assert_non_null(strstr(s, "\">Driving forces, pushing toward the change: sponsorship 4. "
                              "Restraining forces, holding it back: legacy_ats 2, fears 3."
                              "</desc>"));
    assert_int_equal(count(s, "<polygon class=\"driving\""), 1);
    assert_int_equal(count(s, "<polygon class=\"restraining\""), 2);
    assert_non_null(strstr(s, ">Driving forces \xE2\x86\x92</text>"));
    /* 7-S: three cells, the weakest outlined and starred. */
    assert_int_equal(count(s, "<rect class=\"cell"), 3);
    assert_int_equal(count(s, "<rect class=\"cell weakest\""), 1);
    assert_non_null(strstr(s, ">0.60*</text>"));
    assert_non_null(strstr(s, ">0.90</text>"));
    assert_non_null(strstr(s, " weakest pair: strategy\xE2\x80\x93systems (outlined, starred)."
                              "</desc>"));
    free(s);
    free(out);
}

/* periods = 1: one period in tables and charts; the header says so. */
static void test_periods_key(void **state)
{
    const char *const kv[] = { "file", "-", "periods", "1", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);
    char *ttf;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "<dt>Periods</dt><dd>2024Q3 (last 1 of 3)</dd>"));
    ttf = between(out, "<figure class=\"trend\" data-metric=\"time_to_fill\">", "</desc>");
    assert_non_null(strstr(ttf, "per period: 2024Q3 28.33 \xE2\x9C\x94 met."));
    free(ttf);
    assert_null(strstr(out, "data-period=\"2024Q2\""));
    free(out);
}

static void test_bad_keys(void **state)
{
    const char *const neg[] = { "file", "-", "periods", "-1", NULL };
    const char *const empty[] = { "file", "", NULL };
    int rc;
    char *out;

    (void)state;
    out = run(fake_report_standard(), neg, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "[sink.page] periods: must be 0 (all) or more, not -1"));
    free(out);
    fake_log_reset();
    out = run(fake_report_standard(), empty, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_non_null(strstr(fake_log_text(), "[sink.page] file: needs a path"));
    free(out);
}

/* A report without metrics, periods or anything else still makes a page. */
static void test_empty_report(void **state)
{
    const rpo_report r = { .header = { "Empty", "", "", "", "2025-01-01", "rpo 0.1.0", 5 } };
    int rc;
    char *out = run(&r, to_stdout, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "No key metrics are configured"));
    assert_non_null(strstr(out, "No metrics or periods to chart."));
    assert_non_null(strstr(out, "The report has no funnel metrics."));
    assert_non_null(strstr(out, "No incentive is configured."));
    assert_non_null(strstr(out, "The risk log is empty."));
    assert_non_null(strstr(out, "No framework is configured."));
    assert_null(strstr(out, "<svg"));
    assert_true(strstr(out, "</html>\n") != NULL);
    free(out);
}

static void test_deterministic(void **state)
{
    int rc;
    char *a = run(fake_report_standard(), to_stdout, &rc);
    char *b = run(fake_report_standard(), to_stdout, &rc);

    (void)state;
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* A file: written whole, atomically; a directory in its place is refused. */
static void test_file_output(void **state)
{
    char dir[] = "/tmp/rpo-html-test.XXXXXX";
    char path[256];
    const char *kv[] = { "file", path, NULL };
    struct stat st;
    int rc;
    char *out, *expect, *got;
    FILE *fp;
    long size;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/report.html", dir);
    out = run(fake_report_standard(), kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, ""); /* nothing on standard output */
    free(out);
    expect = run(fake_report_standard(), to_stdout, &rc);
    fp = fopen(path, "r");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    rewind(fp);
    got = calloc(1, (size_t)size + 1);
    assert_non_null(got);
    assert_int_equal(fread(got, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    assert_string_equal(got, expect);
    free(got);
    free(expect);
    unlink(path);
    /* A directory where the file should be: refused, nothing left behind. */
    assert_int_equal(mkdir(path, 0700), 0);
    out = run(fake_report_standard(), kv, &rc);
    assert_int_equal(rc, RPO_ECANTCREAT);
    assert_non_null(strstr(fake_log_text(), "exists and is not a regular file"));
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    free(out);
    assert_int_equal(rmdir(path), 0);
    assert_int_equal(rmdir(dir), 0); /* empty: no temporary file was left */
}

/* A failing stream (a full disk) is an I/O error, not a success. */
static void test_write_error(void **state)
{
    FILE *full = fopen("/dev/full", "w");
    int rc;

    (void)state;
    if (full == NULL)
        skip();
    assert_null(run_to(fake_report_standard(), to_stdout, full, &rc));
    assert_int_equal(rc, RPO_EIO);
    fclose(full);
    assert_string_not_equal(fake_log_text(), "");
}

/* Every allocation failure fails the write with RPO_ENOMEM and one logged
 * line and writes nothing (a swallowed failure would give rc OK). Over
 * the fixture with frameworks and the funnel report, so every chart's
 * allocations fail once. */
static void oom_report(const rpo_report *r)
{
    int done = 0, rc;
    char *golden;
    long failures = 0;

    golden = run(r, to_stdout, &rc);
    assert_int_equal(rc, RPO_OK);
    for (long nth = 0; nth < 100000 && !done; nth++) {
        char *out;

        fake_log_reset();
        alloc_count = 0;
        alloc_fail_at = nth;
        out = run(r, to_stdout, &rc);
        alloc_fail_at = -1;
        if (alloc_count <= nth) {
            /* The run made fewer than nth + 1 allocations: all were tried. */
            assert_int_equal(rc, RPO_OK);
            done = 1;
        } else {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(out, "");
            assert_non_null(strstr(fake_log_text(), "out of memory"));
            failures++;
        }
        free(out);
    }
    assert_true(done);
    assert_true(failures > 20); /* the page makes many allocations, each was failed */
    free(golden);
}

static void test_out_of_memory(void **state)
{
    rpo_report r = framework_report();

    (void)state;
    oom_report(&r);
    oom_report(funnel_report());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_sections_in_order, setup),
        cmocka_unit_test_setup(test_header, setup),
        cmocka_unit_test_setup(test_key_metrics, setup),
        cmocka_unit_test_setup(test_change_texts, setup),
        cmocka_unit_test_setup(test_trend_charts, setup),
        cmocka_unit_test_setup(test_escaping, setup),
        cmocka_unit_test_setup(test_achievements_and_risks, setup),
        cmocka_unit_test_setup(test_partnership_sections, setup),
        cmocka_unit_test_setup(test_funnel_and_cost_by_source, setup),
        cmocka_unit_test_setup(test_frameworks, setup),
        cmocka_unit_test_setup(test_periods_key, setup),
        cmocka_unit_test_setup(test_bad_keys, setup),
        cmocka_unit_test_setup(test_empty_report, setup),
        cmocka_unit_test_setup(test_deterministic, setup),
        cmocka_unit_test_setup(test_file_output, setup),
        cmocka_unit_test_setup(test_write_error, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_html", tests, NULL, NULL);
}
