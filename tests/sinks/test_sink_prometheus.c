/*
 * test_sink_prometheus — unit tests of the prometheus sink, calling its
 * callbacks directly on the fixture of fake_report.c (no librpo involved),
 * with the clocks faked so the run gauges are known. The golden file was
 * written by hand from the fixture (fake_report.c): days x 86400, percent
 * / 100, the as-of date 2024-09-30 = 1704067200 (2024-01-01) + 273 days.
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
#include <time.h>
#include <unistd.h>

#include "fake_report.h"

/* Allocation failures: the plugin's malloc, calloc, realloc and strdup go
 * through a budget, so a test can make the Nth allocation fail. */
#include "budget_alloc.h"

static char *budget_strdup(const char *s)
{
    return budget_take() ? strdup(s) : NULL;
}

/* The clocks: the wall clock at 1700000000.25; the monotonic clock 100 s
 * at the first reading (create) and 102.5 s at every later one (write). */
static int mono_reads;

static int fake_clock_gettime(clockid_t id, struct timespec *ts)
{
    if (id == CLOCK_REALTIME) {
        ts->tv_sec = 1700000000;
        ts->tv_nsec = 250000000;
    } else {
        ts->tv_sec = mono_reads++ == 0 ? 100 : 102;
        ts->tv_nsec = mono_reads == 1 ? 0 : 500000000;
    }
    return 0;
}

#define malloc budget_malloc
#define calloc budget_calloc
#define realloc budget_realloc
#define strdup budget_strdup
#define clock_gettime fake_clock_gettime
#include "../../plugins/sink_common/publish.c"
#include "../../plugins/sink_common/text.c"
#include "../../plugins/sink_common/segments.c"
#include "../../plugins/sink_prometheus/prometheus.c"
#undef malloc
#undef calloc
#undef realloc
#undef strdup
#undef clock_gettime

#define SINK sink_prometheus_LTX_rpo_plugin

#define E "engagement=\"Acme hiring 2024\""

/* The fixture with the default keys: 2024Q3 (the latest complete period)
 * and overall, segment "all" alone. */
static const char golden[] =
    "# HELP rpo_engagement_info The engagement this file describes.\n"
    "# TYPE rpo_engagement_info gauge\n"
    "rpo_engagement_info{" E ",client=\"Acme Corp\",provider=\"TalentCo\",phase=\"run\","
    "currency=\"EUR\",generator=\"rpo 0.1.0\"} 1\n"
    "# HELP rpo_run_status 1: the last rpo run got as far as writing its report (a failed run "
    "leaves this file as it was; alert on rpo_run_timestamp_seconds).\n"
    "# TYPE rpo_run_status gauge\n"
    "rpo_run_status{" E "} 1\n"
    "# HELP rpo_run_timestamp_seconds When the last rpo run wrote this file, in seconds since "
    "the epoch.\n"
    "# TYPE rpo_run_timestamp_seconds gauge\n"
    "rpo_run_timestamp_seconds{" E "} 1700000000\n"
    "# HELP rpo_run_duration_seconds Seconds the last rpo run took to load, read and compute, "
    "until this sink wrote.\n"
    "# TYPE rpo_run_duration_seconds gauge\n"
    "rpo_run_duration_seconds{" E "} 2.5\n"
    "# HELP rpo_report_as_of_timestamp_seconds The as-of date of the report (00:00 UTC), in "
    "seconds since the epoch.\n"
    "# TYPE rpo_report_as_of_timestamp_seconds gauge\n"
    "rpo_report_as_of_timestamp_seconds{" E "} 1727654400\n"
    "# HELP rpo_source_records Records of each source in the last run: read, accepted, "
    "rejected.\n"
    "# TYPE rpo_source_records gauge\n"
    "rpo_source_records{" E ",source=\"apps\",outcome=\"read\"} 120\n"
    "rpo_source_records{" E ",source=\"apps\",outcome=\"accepted\"} 117\n"
    "rpo_source_records{" E ",source=\"apps\",outcome=\"rejected\"} 3\n"
    "rpo_source_records{" E ",source=\"reqs\",outcome=\"read\"} 30\n"
    "rpo_source_records{" E ",source=\"reqs\",outcome=\"accepted\"} 30\n"
    "rpo_source_records{" E ",source=\"reqs\",outcome=\"rejected\"} 0\n"
    "# HELP rpo_data_quality_flags Cases of each data-quality flag (implausible data kept in "
    "the report).\n"
    "# TYPE rpo_data_quality_flags gauge\n"
    "rpo_data_quality_flags{" E ",code=\"offer_before_application\"} 2\n"
    "# HELP rpo_requisitions_opened Requisitions opened (rpo metric requisitions_opened).\n"
    "# TYPE rpo_requisitions_opened gauge\n"
    "rpo_requisitions_opened{" E ",period=\"2024Q3\"} 11\n"
    "rpo_requisitions_opened{" E ",period=\"overall\"} 34\n"
    "# HELP rpo_time_to_fill_seconds Time to fill (rpo metric time_to_fill): median, mean and "
    "p90, in seconds.\n"
    "# TYPE rpo_time_to_fill_seconds gauge\n"
    "rpo_time_to_fill_seconds{" E ",period=\"2024Q3\",statistic=\"median\"} 2447712\n"
    "rpo_time_to_fill_seconds{" E ",period=\"2024Q3\",statistic=\"mean\"} 2602368\n"
    "rpo_time_to_fill_seconds{" E ",period=\"2024Q3\",statistic=\"p90\"} 3894048\n"
    "rpo_time_to_fill_seconds{" E ",period=\"overall\",statistic=\"median\"} 2851200\n"
    "rpo_time_to_fill_seconds{" E ",period=\"overall\",statistic=\"mean\"} 2941056\n"
    "rpo_time_to_fill_seconds{" E ",period=\"overall\",statistic=\"p90\"} 4371840\n"
    "# HELP rpo_time_to_fill_target_seconds Time to fill target (rpo metric time_to_fill), in "
    "seconds.\n"
    "# TYPE rpo_time_to_fill_target_seconds gauge\n"
    "rpo_time_to_fill_target_seconds{" E ",period=\"2024Q3\"} 2592000\n"
    "rpo_time_to_fill_target_seconds{" E ",period=\"overall\"} 2592000\n"
    "# HELP rpo_time_to_fill_baseline_seconds Time to fill baseline (rpo metric time_to_fill), "
    "in seconds.\n"
    "# TYPE rpo_time_to_fill_baseline_seconds gauge\n"
    "rpo_time_to_fill_baseline_seconds{" E ",period=\"2024Q3\"} 3456000\n"
    "rpo_time_to_fill_baseline_seconds{" E ",period=\"overall\"} 3456000\n"
    "# HELP rpo_offer_acceptance_ratio Offer acceptance (rpo metric offer_acceptance), as a "
    "ratio 0..1.\n"
    "# TYPE rpo_offer_acceptance_ratio gauge\n"
    "rpo_offer_acceptance_ratio{" E ",period=\"overall\"} 0.8462\n"
    "# HELP rpo_offer_acceptance_target_ratio Offer acceptance target (rpo metric "
    "offer_acceptance), as a ratio 0..1.\n"
    "# TYPE rpo_offer_acceptance_target_ratio gauge\n"
    "rpo_offer_acceptance_target_ratio{" E ",period=\"2024Q3\"} 0.85\n"
    "rpo_offer_acceptance_target_ratio{" E ",period=\"overall\"} 0.85\n"
    "# HELP rpo_cost_per_hire Cost per hire (rpo metric cost_per_hire), in the currency of the "
    "label.\n"
    "# TYPE rpo_cost_per_hire gauge\n"
    "rpo_cost_per_hire{" E ",period=\"overall\",currency=\"EUR\"} 4105.77\n"
    "# HELP rpo_cost_per_hire_baseline Cost per hire baseline (rpo metric cost_per_hire), in "
    "the currency of the label.\n"
    "# TYPE rpo_cost_per_hire_baseline gauge\n"
    "rpo_cost_per_hire_baseline{" E ",period=\"2024Q3\",currency=\"EUR\"} 4000\n"
    "rpo_cost_per_hire_baseline{" E ",period=\"overall\",currency=\"EUR\"} 4000\n"
    "# HELP rpo_metric_observations Observations (n) behind each metric's value; the value is "
    "withheld below min_n.\n"
    "# TYPE rpo_metric_observations gauge\n"
    "rpo_metric_observations{" E ",metric=\"requisitions_opened\",period=\"2024Q3\"} 11\n"
    "rpo_metric_observations{" E ",metric=\"requisitions_opened\",period=\"overall\"} 34\n"
    "rpo_metric_observations{" E ",metric=\"time_to_fill\",period=\"2024Q3\"} 8\n"
    "rpo_metric_observations{" E ",metric=\"time_to_fill\",period=\"overall\"} 23\n"
    "rpo_metric_observations{" E ",metric=\"offer_acceptance\",period=\"2024Q3\"} 0\n"
    "rpo_metric_observations{" E ",metric=\"offer_acceptance\",period=\"overall\"} 26\n"
    "rpo_metric_observations{" E ",metric=\"cost_per_hire\",period=\"2024Q3\"} 2\n"
    "rpo_metric_observations{" E ",metric=\"cost_per_hire\",period=\"overall\"} 13\n"
    "# HELP rpo_metric_status Each metric's standing against its target: 1 for its status "
    "(met, near, missed, insufficient), 0 for the others.\n"
    "# TYPE rpo_metric_status gauge\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"2024Q3\",status=\"met\"} 1\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"2024Q3\",status=\"near\"} 0\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"2024Q3\",status=\"missed\"} 0\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"2024Q3\",status=\"insufficient\"} 0\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"overall\",status=\"met\"} 0\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"overall\",status=\"near\"} 1\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"overall\",status=\"missed\"} 0\n"
    "rpo_metric_status{" E ",metric=\"time_to_fill\",period=\"overall\",status=\"insufficient\"} 0\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"2024Q3\",status=\"met\"} 0\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"2024Q3\",status=\"near\"} 0\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"2024Q3\",status=\"missed\"} 0\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"2024Q3\",status=\"insufficient\"} 1\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"overall\",status=\"met\"} 0\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"overall\",status=\"near\"} 0\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"overall\",status=\"missed\"} 1\n"
    "rpo_metric_status{" E ",metric=\"offer_acceptance\",period=\"overall\",status=\"insufficient\"} 0\n";

/* Run the sink on R with the section's pairs KV, standard output captured. */
static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    mono_reads = 0;
    return fake_run_sink(&SINK, "prom", r, kv, NULL, status);
}

/* The number of lines of S that start with PREFIX. */
static size_t count_prefix(const char *s, const char *prefix)
{
    size_t n = 0, len = strlen(prefix);

    for (const char *line = s; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        n += strncmp(line, prefix, len) == 0;
    return n;
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
    assert_string_equal(SINK.name, "prometheus");
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_string_equal(SINK.keys[1].name, "periods");
    assert_string_equal(SINK.keys[1].default_value, "1");
    assert_string_equal(SINK.keys[2].name, "segments");
    assert_string_equal(SINK.keys[2].default_value, "none");
    assert_null(SINK.keys[3].name);
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

/* periods = 0: overall only; periods = 2: 2024Q2 and 2024Q3 too; an
 * incomplete period is never exported. */
static void test_periods(void **state)
{
    const char *const kv0[] = { "periods", "0", NULL };
    const char *const kv2[] = { "periods", "2", NULL };
    static rpo_period periods[4];
    rpo_report r = *fake_report_standard();
    int rc;
    char *out;

    (void)state;
    out = run(fake_report_standard(), kv0, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_int_equal(count_prefix(out, "rpo_requisitions_opened{"), 1);
    assert_non_null(strstr(out, "rpo_requisitions_opened{" E ",period=\"overall\"} 34\n"));
    free(out);

    out = run(fake_report_standard(), kv2, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_int_equal(count_prefix(out, "rpo_requisitions_opened{"), 3);
    assert_non_null(strstr(out, "rpo_requisitions_opened{" E ",period=\"2024Q2\"} 9\n"
                                "rpo_requisitions_opened{" E ",period=\"2024Q3\"} 11\n"));
    free(out);

    /* 2024Q3 still running: the latest complete one is 2024Q2 */
    memcpy(periods, r.periods, sizeof(periods));
    periods[2].complete = 0;
    r.periods = periods;
    out = run(&r, kv2, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_int_equal(count_prefix(out, "rpo_requisitions_opened{"), 3);
    assert_non_null(strstr(out, "rpo_requisitions_opened{" E ",period=\"2024Q1\"} 14\n"
                                "rpo_requisitions_opened{" E ",period=\"2024Q2\"} 9\n"
                                "rpo_requisitions_opened{" E ",period=\"overall\"} 34\n"));
    free(out);

    out = run(fake_report_standard(), (const char *const[]){ "periods", "-1", NULL }, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_string_equal(out, "");
    free(out);
}

/* segments: every cell series gets dimension and segment labels, segments
 * only for metrics supporting their dimension. */
static void test_segments(void **state)
{
    const char *const kv[] = { "segments", "department", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out,
        "rpo_requisitions_opened{" E ",period=\"2024Q3\",dimension=\"all\",segment=\"\"} 11\n"
        "rpo_requisitions_opened{" E ",period=\"overall\",dimension=\"all\",segment=\"\"} 34\n"
        "rpo_requisitions_opened{" E ",period=\"2024Q3\",dimension=\"department\",segment=\"Engineering\"} 6\n"
        "rpo_requisitions_opened{" E ",period=\"overall\",dimension=\"department\",segment=\"Engineering\"} 19\n"
        "rpo_requisitions_opened{" E ",period=\"2024Q3\",dimension=\"department\",segment=\"Sales\"} 5\n"));
    /* Engineering's own target of 25 days */
    assert_non_null(strstr(out, "rpo_time_to_fill_target_seconds{" E ",period=\"2024Q3\","
                                "dimension=\"department\",segment=\"Engineering\"} 2160000\n"));
    assert_null(strstr(out, "referral"));
    assert_int_equal(count_prefix(out, "rpo_cost_per_hire{"), 1);
    assert_non_null(strstr(out, "rpo_metric_observations{" E ",metric=\"time_to_fill\","
                                "period=\"2024Q3\",dimension=\"department\",segment=\"Sales\"} 3\n"));
    free(out);

    out = run(fake_report_standard(), (const char *const[]){ "segments", "city", NULL }, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_non_null(strstr(fake_log_text(), "segments: unknown dimension \"city\""));
    free(out);
}

/* Label values and HELP text escaped per the exposition format; invalid
 * UTF-8 as U+FFFD; metric ids made into valid names. */
static void test_escaping_and_names(void **state)
{
    rpo_report r = *fake_report_standard();
    static rpo_metric_info metrics[4];
    static const rpo_source_summary sources[] = {
        { "a\"b\\c\nd\xFF", "csv", "application", 1, 1, 0 },
    };
    const char *const kv[] = { "periods", "0", NULL };
    int rc;
    char *out;

    (void)state;
    memcpy(metrics, r.metrics, sizeof(metrics));
    metrics[0].id = "Stage-days_x";  /* count */
    metrics[0].name = "Back\\slash\nnew \"line\"";
    metrics[2].id = "days";          /* percent */
    metrics[3].id = "run_status";    /* currency: taken by the run gauge */
    r.metrics = metrics;
    r.sources = sources;
    r.nsources = 1;
    r.header.engagement = "Q\"4\"";
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "rpo_run_status{engagement=\"Q\\\"4\\\"\"} 1\n"));
    assert_non_null(strstr(out, "source=\"a\\\"b\\\\c\\nd\xEF\xBF\xBD\",outcome=\"read\"} 1\n"));
    assert_non_null(strstr(out, "# HELP rpo_stage_time_x Back\\\\slash\\nnew \"line\" (rpo metric "
                                "Stage-days_x).\n# TYPE rpo_stage_time_x gauge\n"));
    assert_non_null(strstr(out, "rpo_time_ratio{engagement=\"Q\\\"4\\\"\",period=\"overall\"} 0.8462\n"));
    assert_int_equal(count_prefix(out, "rpo_run_status{"), 1);
    assert_int_equal(count_prefix(out, "# TYPE rpo_run_status "), 1);
    assert_non_null(strstr(fake_log_text(), "metric run_status: its Prometheus name "
                                            "rpo_run_status is taken by another metric"));
    free(out);
}

/* A report the engine got wrong fails, writes nothing, keeps the old file;
 * a path that is not a regular file is refused. */
static void test_file(void **state)
{
    char dir[] = "/tmp/test_sink_prom.XXXXXX", path[64], other[64], *text = NULL;
    const char *const kv_file[] = { "file", path, NULL };
    const char *const kv_dir[] = { "file", dir, NULL };
    const char *const kv_other[] = { "file", other, NULL };
    rpo_report broken = *fake_report_standard();
    size_t len = 0;
    FILE *fp;
    int rc;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/rpo.prom", dir);
    snprintf(other, sizeof(other), "%s/rpo.txt", dir);
    free(run(fake_report_standard(), kv_file, &rc));
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(fake_log_text(), "");
    assert_non_null(fp = fopen(path, "r"));
    assert_int_not_equal(getdelim(&text, &len, '\0', fp), -1);
    fclose(fp);
    assert_string_equal(text, golden);

    broken.values = NULL;
    free(run(&broken, kv_file, &rc));
    assert_int_equal(rc, RPO_ERR);
    assert_non_null(strstr(fake_log_text(), "report has no value for metric requisitions_opened"));
    assert_non_null(fp = fopen(path, "r"));
    assert_int_not_equal(getdelim(&text, &len, '\0', fp), -1);
    fclose(fp);
    assert_string_equal(text, golden);
    free(text);

    fake_log_reset();
    free(run(fake_report_standard(), kv_dir, &rc));
    assert_int_equal(rc, RPO_ECANTCREAT);
    assert_non_null(strstr(fake_log_text(), "exists and is not a regular file"));

    fake_log_reset();
    free(run(fake_report_standard(), kv_other, &rc));
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(fake_log_text(), "does not end in .prom"));
    assert_int_equal(unlink(other), 0);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_golden, setup),
        cmocka_unit_test_setup(test_periods, setup),
        cmocka_unit_test_setup(test_segments, setup),
        cmocka_unit_test_setup(test_escaping_and_names, setup),
        cmocka_unit_test_setup(test_file, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_prometheus", tests, NULL, NULL);
}
