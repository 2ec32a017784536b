/*
 * test_sink_markdown — unit tests of the markdown sink, calling its
 * callbacks directly on the fixture of fake_report.c (no librpo involved).
 * The golden document was written by hand from the fixture's values
 * (fake_report.c) and the number formats of sink_common/text.h.
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

/* Allocation failures: the plugin's malloc and calloc go through a budget,
 * so a test can make the Nth allocation fail. */
#include "budget_alloc.h"

#define malloc budget_malloc
#define calloc budget_calloc
#include "../../plugins/sink_common/publish.c"
#include "../../plugins/sink_common/text.c"
#include "../../plugins/sink_markdown/markdown.c"
#undef malloc
#undef calloc

#define SINK sink_markdown_LTX_rpo_plugin

#define LE "\xE2\x89\xA4"     /* ≤ */
#define GE "\xE2\x89\xA5"     /* ≥ */
#define MET "\xE2\x9C\x94 met" /* ✔ met */
#define NEAR "\xE2\x89\x88 near"
#define MISSED "\xE2\x9C\x98 missed"
#define ARROW "\xE2\x86\x92"

static const char golden[] =
    "# Scorecard: Acme hiring 2024\n"
    "\n"
    "| | |\n"
    "|---|---|\n"
    "| Client | Acme Corp |\n"
    "| Provider | TalentCo |\n"
    "| Phase | run |\n"
    "| As of | 2024-09-30 |\n"
    "| Previous run | as of 2024-09-15 |\n"
    "| Currency | EUR |\n"
    "| Generator | rpo 0.1.0 |\n"
    "\n"
    "## Key metrics\n"
    "\n"
    "| Metric | Target | 2024Q3 | Status | overall | Status |\n"
    "|---|---:|---:|---|---:|---|\n"
    "| Time to fill, median days | " LE " 30.00 | 28.33 | " MET " | 33.00 | " NEAR " |\n"
    "| Offer acceptance | " GE " 85.00% | - | ? n=0 | 84.62% | " MISSED " |\n"
    "\n"
    "## Stage durations by process area\n"
    "\n"
    "In days; the median for distributions.\n"
    "\n"
    "### role live\n"
    "\n"
    "| Metric | 2024Q1 | 2024Q2 | 2024Q3 | overall |\n"
    "|---|---:|---:|---:|---:|\n"
    "| Time to fill, median days | 34.50 | n<5 | 28.33 | 33.00 |\n"
    "\n"
    "## Cost\n"
    "\n"
    "| Metric | 2024Q1 | Status | 2024Q2 | Status | 2024Q3 | Status | overall | Status |\n"
    "|---|---:|---|---:|---|---:|---|---:|---|\n"
    "| Cost per hire, EUR | 4250.50 |  | 3980.00 |  | n<5 |  | 4105.77 |  |\n"
    "\n"
    "## Metrics\n"
    "\n"
    "### Requisitions opened (`requisitions_opened`)\n"
    "\n"
    "Requisitions whose opened_at falls in the period.\n"
    "\n"
    "Process area: before a role is live. Counted in the period of: requisition opened.\n"
    "\n"
    "| Period | Value | n | Target | Baseline | Status | vs previous period | vs previous run |\n"
    "|---|---:|---:|---:|---:|---|---:|---:|\n"
    "| 2024Q1 | 14 | 14 |  |  |  |  |  |\n"
    "| 2024Q2 | 9 | 9 |  |  |  | -5 |  |\n"
    "| 2024Q3 | 11 | 11 |  |  |  | +2 |  |\n"
    "| overall | 34 | 34 |  |  |  |  |  |\n"
    "\n"
    "### Time to fill, median days (`time_to_fill`)\n"
    "\n"
    "Calendar days from requisition opened to offer accepted, minus hold days (ANSI/SHRM 06001).\n"
    "\n"
    "Lower is better. Process area: role live. Counted in the period of: offer accepted.\n"
    "\n"
    "| Period | Value | Mean | p90 | n | Target | Baseline | Status | vs previous period | vs previous run |\n"
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n"
    "| 2024Q1 | 34.50 | 36.20 | 51.30 | 12 | " LE " 30.00 | 40.00 | " MISSED " |  |  |\n"
    "| 2024Q2 | n<5 |  |  | 3 | " LE " 30.00 | 40.00 | ? n<5 |  |  |\n"
    "| 2024Q3 | 28.33 | 30.12 | 45.07 | 8 | " LE " 30.00 | 40.00 | " MET " |  | -3.17 (was 31.50) |\n"
    "| overall | 33.00 | 34.04 | 50.60 | 23 | " LE " 30.00 | 40.00 | " NEAR " |  | 0.00 (was 33.00) |\n"
    "\n"
    "### Offer acceptance (`offer_acceptance`)\n"
    "\n"
    "Accepted offers / decided offers x 100.\n"
    "\n"
    "Higher is better. Process area: selection. Counted in the period of: offer accepted or declined.\n"
    "\n"
    "| Period | Value | n | Target | Baseline | Status | vs previous period | vs previous run |\n"
    "|---|---:|---:|---:|---:|---|---:|---:|\n"
    "| 2024Q1 | 81.25% | 16 | " GE " 85.00% |  | " MISSED " |  |  |\n"
    "| 2024Q2 | 90.00% | 10 | " GE " 85.00% |  | " MET " | +8.75 pp |  |\n"
    "| 2024Q3 | - | 0 | " GE " 85.00% |  | ? n=0 |  |  |\n"
    "| overall | 84.62% | 26 | " GE " 85.00% |  | " MISSED " |  |  |\n"
    "\n"
    "### Cost per hire, EUR (`cost_per_hire`)\n"
    "\n"
    "(External + internal costs) / hires, per ANSI/SHRM 06001.\n"
    "\n"
    "Lower is better. Process area: pre-day-one. Counted in the period of: hire started.\n"
    "\n"
    "| Period | Value | n | Target | Baseline | Status | vs previous period | vs previous run |\n"
    "|---|---:|---:|---:|---:|---|---:|---:|\n"
    "| 2024Q1 | 4250.50 | 6 |  | 4000.00 |  |  |  |\n"
    "| 2024Q2 | 3980.00 | 5 |  | 4000.00 |  | -270.50 |  |\n"
    "| 2024Q3 | n<5 | 2 |  | 4000.00 |  |  |  |\n"
    "| overall | 4105.77 | 13 |  | 4000.00 |  |  |  |\n"
    "\n"
    "n<5: fewer than 5 observations, value withheld; -: no observations. Status: " MET "; "
    NEAR " (missed within the tolerance); " MISSED "; ? no value to judge.\n"
    "\n"
    "## Incentive\n"
    "\n"
    "Attainment per metric and period.\n"
    "\n"
    "| Metric (weight) | 2024Q1 | 2024Q2 | 2024Q3 |\n"
    "|---|---:|---:|---:|\n"
    "| Time to fill (60) | 86.96% | n<5 | 105.89% |\n"
    "| Offer acceptance (40) | 95.59% | 105.88% | - |\n"
    "| Weighted attainment | 90.41% | 105.88% | 105.89% |\n"
    "| Tier (attainment " ARROW " payout) | 80% " ARROW " 50% | 100% " ARROW " 100% | 100% " ARROW " 100% |\n"
    "| Payout, EUR | 5000.00 | 10000.00 | 10000.00 |\n"
    "\n"
    "Pool 10000.00 EUR per period; attainment capped at 120%. Metrics without a value are left "
    "out of the weighted attainment.\n"
    "\n"
    "## Achievements\n"
    "\n"
    "- **New:** Hire number 25 accepted on 2024-08-14\n"
    "- Best period for Requisitions opened: 2024Q1 at 14.00 (of 3 periods)\n"
    "- **New:** Time to fill improved 29.18 % on its baseline (40.00 " ARROW " 28.33) in 2024Q3\n"
    "\n"
    "## Goal alignment\n"
    "\n"
    "### speed\n"
    "\n"
    "Faster fills should keep new hires longer.\n"
    "\n"
    "| Link | Lag | n | Pearson | Spearman |\n"
    "|---|---:|---:|---:|---:|\n"
    "| lever:sourcers " ARROW " metric:time_to_fill | 0 | 3 | -0.9449 | -1.0000 |\n"
    "| lever:sourcers " ARROW " metric:time_to_fill | 1 | 2 | too few periods |  |\n"
    "| metric:time_to_fill " ARROW " outcome:retention | 0 | 3 | no variation |  |\n"
    "\n"
    "## Risk log\n"
    "\n"
    "| ID | Risk | Category | Severity | Status | Owner | Raised | Closed | New |\n"
    "|---|---|---|---:|---|---|---|---|---|\n"
    "| R-7 | Hiring-manager interview capacity in Engineering | operational | 5 | open | client "
    "| 2024-09-02 |  | **New** |\n"
    "| R-3 | Sourcing channel for night-shift roles | gap | 4 | mitigating | provider | 2024-04-15 "
    "|  |  |\n"
    "| R-1 | ATS migration delays reporting | strategic | 3 | closed | provider | 2024-01-20 | "
    "2024-03-01 |  |\n"
    "\n"
    "## Data quality\n"
    "\n"
    "| Source | Plugin | Record | Read | Accepted | Rejected |\n"
    "|---|---|---|---:|---:|---:|\n"
    "| apps | csv | application | 120 | 117 | 3 |\n"
    "| reqs | csv | requisition | 30 | 30 | 0 |\n"
    "\n"
    "| Flag | Cases | First case |\n"
    "|---|---:|---|\n"
    "| Offer dated before the application | 2 | apps.csv:17 |\n";

/* Run the sink on R with the section's pairs KV, standard output captured. */
static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    return fake_run_sink(&SINK, "md", r, kv, NULL, status);
}

static int setup(void **state)
{
    (void)state;
    fake_log_reset();
    alloc_budget = -1;
    return 0;
}

/* ----------------------------------------------------------------- tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(SINK.abi_major, RPO_ABI_MAJOR);
    assert_int_equal(SINK.abi_minor, RPO_ABI_MINOR);
    assert_int_equal(SINK.kind, RPO_PLUGIN_SINK);
    assert_string_equal(SINK.name, "markdown");
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_string_equal(SINK.keys[1].name, "periods");
    assert_string_equal(SINK.keys[1].default_value, "4");
    assert_null(SINK.keys[2].name);
}

static void test_golden(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden);
    assert_string_equal(fake_log_text(), "");
    free(out);
}

/* periods = 1: 2024Q3 and overall; the header says so; the previous run
 * is named when there is one. */
static void test_one_period(void **state)
{
    const char *const kv[] = { "periods", "1", NULL };
    rpo_report r = *fake_report_standard();
    int rc;
    char *out;

    (void)state;
    r.header.previous_run_as_of = "2024-06-30";
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "| As of | 2024-09-30 |\n| Previous run | as of 2024-06-30 |\n"));
    assert_non_null(strstr(out, "| Periods | the last 1 of 3, and overall |\n"));
    assert_non_null(strstr(out, "| Metric | 2024Q3 | overall |\n|---|---:|---:|\n"
                                "| Time to fill, median days | 28.33 | 33.00 |\n"));
    assert_null(strstr(out, "2024Q1 |"));
    assert_non_null(strstr(out, "| Metric (weight) | 2024Q3 |\n"));
    free(out);

    out = run(&r, (const char *const[]){ "periods", "-2", NULL }, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "periods: must be 0 (all) or more, not -2"));
    free(out);
}

/* Text from the data stays text: a | cannot split a cell, * _ [ ] < > &
 * and a leading - or "1." mean nothing, control characters are spaces;
 * an underscore inside a word stays. */
static void test_escaping(void **state)
{
    rpo_report r = *fake_report_standard();
    static rpo_risk risks[1];
    static const rpo_achievement ach[] = {
        { RPO_ACH_MILESTONE, "hires", "2024-08-14", "2024-08-14", 25, "- 1. *big* win", 0 },
    };
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    risks[0] = r.risks[0];
    risks[0].title = "Cost | [link](http://x) <b>bold</b> _a_ & a_b\nnext";
    risks[0].id = "1. R";
    r.risks = risks;
    r.nrisks = 1;
    r.achievements = ach;
    r.nachievements = 1;
    r.header.engagement = "# Acme `x`";
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "# Scorecard: \\# Acme \\`x\\`\n"));
    assert_non_null(strstr(out, "| 1\\. R | Cost \\| \\[link\\](http://x) \\<b\\>bold\\</b\\> "
                                "\\_a\\_ \\& a_b next | operational |"));
    assert_non_null(strstr(out, "- \\- 1. \\*big\\* win\n"));
    free(out);
}

/* Framework assessments: the groups of the latest shown period and overall. */
static void test_frameworks(void **state)
{
    const rpo_assessment_dimension_view dims[] = {
        { "awareness", 4, RPO_VALUE_OK, 4.25, 0.5, "ok" },
        { "desire", 4, RPO_VALUE_OK, 2.75, 0.96, "barrier" },
        { "knowledge", 0, RPO_VALUE_EMPTY, 0, 0, "" } };
    const rpo_assessment_figure_view figs[] = { { "barrier points", "desire", 3, 4 },
                                                { "barrier points", "none", 0.25, 4 } };
    const rpo_assessment_finding_view finds[] = { { "Barrier point: desire", "Build desire." } };
    const rpo_assessment_group_view groups[] = {
        { "", "overall", 4, RPO_VALUE_OK, 1, 62.5, "desire", dims, 3, figs, 2, finds, 1 },
        { "recruiters", "2024Q1", 2, RPO_VALUE_INSUFFICIENT, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 },
        { "recruiters", "2024Q3", 2, RPO_VALUE_INSUFFICIENT, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 } };
    const rpo_framework_view fw[] = { { "readiness", "adkar", "adkar", "readiness index",
                                        "barrier point", 9, 1, groups, 3 } };
    rpo_report r = *fake_report_standard();
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    r.frameworks = fw;
    r.nframeworks = 1;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out,
        "## Framework assessments\n\n"
        "### readiness (adkar, instrument adkar)\n\n"
        "Responses: 9 taken, 1 refused.\n\n"
        "#### All respondents, overall\n\n"
        "n = 4; readiness index 62.50; barrier point: **desire**.\n\n"
        "| Element | n | Score | Spread | Status |\n|---|---:|---:|---:|---|\n"
        "| awareness | 4 | 4.25 | 0.50 | ok |\n"
        "| desire | 4 | 2.75 | 0.96 | barrier |\n"
        "| knowledge | 0 | - | - |  |\n\n"
        "| Figure | Name | Value | n |\n|---|---|---:|---:|\n"
        "| barrier points | desire | 3 | 4 |\n"
        "| barrier points | none | 0.25 | 4 |\n\n"
        "- Barrier point: desire " ARROW " Build desire.\n\n"
        "#### recruiters, 2024Q3\n\n"
        "n = 2; too few respondents to score.\n\n"
        "## Risk log\n"));
    assert_null(strstr(out, "recruiters, 2024Q1"));
    free(out);
}

/* A report the engine got wrong fails and writes nothing. */
static void test_missing_value(void **state)
{
    rpo_report r = *fake_report_standard();
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    r.values = NULL;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "report has no value for metric time_to_fill"));
    free(out);
}

/* Every allocation failure is RPO_ENOMEM, logged, writes nothing and leaks
 * nothing, until enough succeed. */
static void test_out_of_memory(void **state)
{
    const char *const kv[] = { NULL };
    int done = 0;

    (void)state;
    for (long budget = 0; budget < 100000 && !done; budget++) {
        int rc;
        char *out;

        fake_log_reset();
        alloc_budget = budget;
        out = run(fake_report_standard(), kv, &rc);
        alloc_budget = -1;
        if (rc == RPO_OK) {
            assert_string_equal(out, golden);
            done = 1;
        } else {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(out, "");
            assert_non_null(strstr(fake_log_text(), "out of memory"));
        }
        free(out);
    }
    assert_true(done);
}

/* A file is written whole; a path that is not a regular file is refused. */
static void test_file(void **state)
{
    char dir[] = "/tmp/test_sink_md.XXXXXX", path[64], *text = NULL;
    const char *const kv_file[] = { "file", path, NULL };
    const char *const kv_dir[] = { "file", dir, NULL };
    size_t len = 0;
    FILE *fp;
    int rc;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/report.md", dir);
    free(run(fake_report_standard(), kv_file, &rc));
    assert_int_equal(rc, RPO_OK);
    assert_non_null(fp = fopen(path, "r"));
    assert_int_not_equal(getdelim(&text, &len, '\0', fp), -1);
    fclose(fp);
    assert_string_equal(text, golden);
    free(text);
    free(run(fake_report_standard(), kv_dir, &rc));
    assert_int_equal(rc, RPO_ECANTCREAT);
    assert_non_null(strstr(fake_log_text(), "exists and is not a regular file"));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_golden, setup),
        cmocka_unit_test_setup(test_one_period, setup),
        cmocka_unit_test_setup(test_escaping, setup),
        cmocka_unit_test_setup(test_frameworks, setup),
        cmocka_unit_test_setup(test_missing_value, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
        cmocka_unit_test_setup(test_file, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_markdown", tests, NULL, NULL);
}
