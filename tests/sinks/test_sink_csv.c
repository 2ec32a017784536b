/*
 * test_sink_csv — unit tests of the csv sink, calling its callbacks directly
 * on the fixture of fake_report.c (no librpo involved). The expected rows
 * were written by hand from the fixture's values (fake_report.c).
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
#include "../../plugins/sink_common/text.c"
#include "../../plugins/sink_common/segments.c"
#include "../../plugins/sink_csv/csv.c"
#undef malloc
#undef calloc

#define SINK sink_csv_LTX_rpo_plugin

#define HEAD "engagement,period,segment_dimension,segment_value,metric,value,n,target,baseline," \
             "status,state,unit\r\n"

/* The fixture without segments, by hand from fake_report.c. */
static const char golden_none[] =
    HEAD
    "Acme hiring 2024,2024Q1,all,,requisitions_opened,14,14,,,none,ok,count\r\n"
    "Acme hiring 2024,2024Q2,all,,requisitions_opened,9,9,,,none,ok,count\r\n"
    "Acme hiring 2024,2024Q3,all,,requisitions_opened,11,11,,,none,ok,count\r\n"
    "Acme hiring 2024,overall,all,,requisitions_opened,34,34,,,none,ok,count\r\n"
    "Acme hiring 2024,2024Q1,all,,time_to_fill,34.5,12,30,40,missed,ok,days\r\n"
    "Acme hiring 2024,2024Q2,all,,time_to_fill,,3,30,40,insufficient,insufficient,days\r\n"
    "Acme hiring 2024,2024Q3,all,,time_to_fill,28.33,8,30,40,met,ok,days\r\n"
    "Acme hiring 2024,overall,all,,time_to_fill,33,23,30,40,near,ok,days\r\n"
    "Acme hiring 2024,2024Q1,all,,offer_acceptance,81.25,16,85,,missed,ok,percent\r\n"
    "Acme hiring 2024,2024Q2,all,,offer_acceptance,90,10,85,,met,ok,percent\r\n"
    "Acme hiring 2024,2024Q3,all,,offer_acceptance,,0,85,,insufficient,empty,percent\r\n"
    "Acme hiring 2024,overall,all,,offer_acceptance,84.62,26,85,,missed,ok,percent\r\n"
    "Acme hiring 2024,2024Q1,all,,cost_per_hire,4250.5,6,,4000,none,ok,currency\r\n"
    "Acme hiring 2024,2024Q2,all,,cost_per_hire,3980,5,,4000,none,ok,currency\r\n"
    "Acme hiring 2024,2024Q3,all,,cost_per_hire,,2,,4000,none,insufficient,currency\r\n"
    "Acme hiring 2024,overall,all,,cost_per_hire,4105.77,13,,4000,none,ok,currency\r\n";

/* Run the sink on R with the section's pairs KV, standard output captured;
 * returns what it printed (malloc'd) and stores the status. */
static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    return fake_run_sink(&SINK, "csv", r, kv, NULL, status);
}

/* The number of lines of S that contain NEEDLE. */
static size_t count_lines(const char *s, const char *needle)
{
    size_t n = 0;

    for (const char *line = s; *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *copy = strndup(line, len);
        assert_non_null(copy);
        n += strstr(copy, needle) != NULL;
        free(copy);
        line += len + (end ? 2 : 0);
    }
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
    assert_true(SINK.struct_size >= RPO_PLUGIN_V1_SIZE);
    assert_int_equal(SINK.kind, RPO_PLUGIN_SINK);
    assert_string_equal(SINK.name, "csv");
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_int_equal(SINK.keys[0].type, RPO_KEY_PATH);
    assert_string_equal(SINK.keys[1].name, "segments");
    assert_string_equal(SINK.keys[1].default_value, "all");
    assert_null(SINK.keys[2].name);
}

/* segments = none: segment "all" alone, every byte. */
static void test_golden_none(void **state)
{
    const char *const kv[] = { "segments", "none", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_none);
    assert_string_equal(fake_log_text(), "");
    free(out);
}

/*
 * The default (all): after a metric's "all" rows come its segments, in
 * report order, only for the dimensions it supports: requisitions_opened
 * (department) gets Engineering and Sales, time_to_fill (source,
 * department) all three, the others none. 16 + 8 + 12 rows.
 */
static void test_all_segments(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_int_equal(count_lines(out, "\r"), 0); /* CR only in CRLF */
    assert_int_equal(count_lines(out, "Acme"), 36);
    assert_int_equal(count_lines(out, ",department,Engineering,requisitions_opened,"), 4);
    assert_int_equal(count_lines(out, ",source,referral,requisitions_opened,"), 0);
    assert_int_equal(count_lines(out, ",source,referral,time_to_fill,"), 4);
    assert_int_equal(count_lines(out, ",cost_per_hire,"), 4);
    assert_non_null(strstr(out,
        "Acme hiring 2024,overall,all,,requisitions_opened,34,34,,,none,ok,count\r\n"
        "Acme hiring 2024,2024Q1,department,Engineering,requisitions_opened,8,8,,,none,ok,count\r\n"));
    /* the segment's own target (25), its insufficient and near cells */
    assert_non_null(strstr(out,
        "Acme hiring 2024,2024Q2,department,Engineering,time_to_fill,,2,25,40,insufficient,insufficient,days\r\n"
        "Acme hiring 2024,2024Q3,department,Engineering,time_to_fill,26.5,5,25,40,near,ok,days\r\n"));
    assert_non_null(strstr(out,
        "Acme hiring 2024,2024Q2,source,referral,time_to_fill,,0,30,40,insufficient,empty,days\r\n"
        "Acme hiring 2024,2024Q3,source,referral,time_to_fill,,2,30,40,insufficient,insufficient,days\r\n"
        "Acme hiring 2024,overall,source,referral,time_to_fill,27,5,30,40,met,ok,days\r\n"
        "Acme hiring 2024,2024Q1,all,,offer_acceptance,"));
    free(out);
}

/* A list of dimensions: only those segments. */
static void test_listed_segments(void **state)
{
    const char *const kv[] = { "segments", " source ", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_int_equal(count_lines(out, "Acme"), 20);
    assert_int_equal(count_lines(out, ",department,"), 0);
    assert_int_equal(count_lines(out, ",source,referral,time_to_fill,"), 4);
    free(out);
}

static void test_bad_segments(void **state)
{
    const char *const kv[] = { "segments", "department, colour", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_ECONFIG);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "[sink.csv] segments: unknown dimension \"colour\""));
    free(out);
}

/* RFC 4180: a field with a comma, a quote, CR or LF is quoted, its quotes
 * doubled; others are not. */
static void test_quoting(void **state)
{
    rpo_report r = *fake_report_standard();
    static const rpo_segment segs[] = {
        { "all", "" }, { "department", "R&D, \"Labs\"" }, { "department", "Line\r\nTwo" },
        { "source", "referral" },
    };
    const char *const kv[] = { "segments", "department", NULL };
    int rc;
    char *out;

    (void)state;
    r.header.engagement = "Acme, \"EU\"";
    r.segments = segs;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, HEAD "\"Acme, \"\"EU\"\"\",2024Q1,all,,requisitions_opened,14,"));
    assert_non_null(strstr(out, "\r\n\"Acme, \"\"EU\"\"\",2024Q1,department,\"R&D, \"\"Labs\"\"\","
                                "requisitions_opened,8,8,,,none,ok,count\r\n"));
    assert_non_null(strstr(out, "\r\n\"Acme, \"\"EU\"\"\",2024Q1,department,\"Line\r\nTwo\","
                                "requisitions_opened,6,6,,,none,ok,count\r\n"));
    free(out);
}

/* A report the engine got wrong (a value missing) fails and prints nothing. */
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
    assert_non_null(strstr(fake_log_text(),
                           "report has no value for metric requisitions_opened, period 0"));
    free(out);
}

/* Every allocation failure is RPO_ENOMEM, logged, prints nothing and leaks
 * nothing, until enough succeed. */
static void test_out_of_memory(void **state)
{
    const char *const kv[] = { "segments", "none", NULL };
    int done = 0;

    (void)state;
    for (long budget = 0; budget < 10000 && !done; budget++) {
        int rc;
        char *out;

        fake_log_reset();
        alloc_budget = budget;
        out = run(fake_report_standard(), kv, &rc);
        alloc_budget = -1;
        if (rc == RPO_OK) {
            assert_string_equal(out, golden_none);
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

/* A file: written whole; a path that is not a regular file is refused;
 * a failed write leaves the old file as it was. */
static void test_file(void **state)
{
    char dir[] = "/tmp/test_sink_csv.XXXXXX", path[64], *text = NULL;
    const char *const kv_file[] = { "file", path, "segments", "none", NULL };
    const char *const kv_dir[] = { "file", dir, NULL };
    rpo_report broken = *fake_report_standard();
    size_t len = 0;
    FILE *fp;
    int rc;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/report.csv", dir);
    free(run(fake_report_standard(), kv_file, &rc));
    assert_int_equal(rc, RPO_OK);
    assert_non_null(fp = fopen(path, "r"));
    assert_int_not_equal(getdelim(&text, &len, '\0', fp), -1);
    fclose(fp);
    assert_string_equal(text, golden_none);

    free(run(fake_report_standard(), kv_dir, &rc));
    assert_int_equal(rc, RPO_ECANTCREAT);
    assert_non_null(strstr(fake_log_text(), "exists and is not a regular file"));

    broken.values = NULL;
    free(run(&broken, kv_file, &rc));
    assert_int_equal(rc, RPO_ERR);
    assert_non_null(fp = fopen(path, "r"));
    assert_int_not_equal(getdelim(&text, &len, '\0', fp), -1);
    fclose(fp);
    assert_string_equal(text, golden_none);
    free(text);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

/* A failing standard output (a full disk) is an I/O error. */
static void test_write_error(void **state)
{
    FILE *full = fopen("/dev/full", "w");
    rpo_instance inst = { "csv", SINK.keys, NULL };
    void *ctx = NULL;

    (void)state;
    if (full == NULL)
        skip();
    fake_set_stdout(full);
    assert_int_equal(SINK.create(&inst, &ctx), RPO_OK);
    assert_int_equal(SINK.write(ctx, fake_report_standard()), RPO_EIO);
    SINK.destroy(ctx);
    fake_set_stdout(NULL);
    fclose(full);
    assert_string_not_equal(fake_log_text(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_golden_none, setup),
        cmocka_unit_test_setup(test_all_segments, setup),
        cmocka_unit_test_setup(test_listed_segments, setup),
        cmocka_unit_test_setup(test_bad_segments, setup),
        cmocka_unit_test_setup(test_quoting, setup),
        cmocka_unit_test_setup(test_missing_value, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
        cmocka_unit_test_setup(test_file, setup),
        cmocka_unit_test_setup(test_write_error, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_csv", tests, NULL, NULL);
}
