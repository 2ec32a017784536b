/*
 * test_sink_json — unit tests of the json sink, calling its callbacks
 * directly on the fixture of fake_report.c (no librpo involved).
 *
 * The golden strings pin the bytes; test_fields parses the output back and
 * checks every field against the fixture independently of the goldens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_report.h"
/*
 * Allocation failures: the plugin source is compiled into this file with
 * malloc, calloc and realloc routed through a budget, so a test can make
 * the Nth allocation fail (and jansson's, through json_set_alloc_funcs).
 * <stdlib.h> is included above, so the macros only rename the plugin's
 * calls, not the library's declarations.
 */
static long alloc_budget = -1; /* allocations left; -1: unlimited */

static int budget_take(void)
{
    if (alloc_budget == 0)
        return 0;
    if (alloc_budget > 0)
        alloc_budget--;
    return 1;
}

static void *budget_malloc(size_t n)
{
    return budget_take() ? malloc(n) : NULL;
}

static void *budget_calloc(size_t n, size_t size)
{
    return budget_take() ? calloc(n, size) : NULL;
}

__attribute__((unused)) /* json.c never reallocates */
static void *budget_realloc(void *p, size_t n)
{
    return budget_take() ? realloc(p, n) : NULL;
}

#define malloc budget_malloc
#define calloc budget_calloc
#define realloc budget_realloc
#include "../../plugins/sink_json/json.c"
#undef malloc
#undef calloc
#undef realloc

#define SINK sink_json_LTX_rpo_plugin

static const char golden_pretty[] =
    "{\n"
    "  \"schema\": \"rpo-report\",\n"
    "  \"schema_version\": 1,\n"
    "  \"generator\": \"rpo 0.1.0\",\n"
    "  \"engagement\": {\n"
    "    \"name\": \"Acme hiring 2024\",\n"
    "    \"client\": \"Acme Corp\",\n"
    "    \"provider\": \"TalentCo\",\n"
    "    \"currency\": \"EUR\",\n"
    "    \"as_of\": \"2024-09-30\",\n"
    "    \"min_n\": 5\n"
    "  },\n"
    "  \"periods\": [\n"
    "    {\n"
    "      \"label\": \"2024Q1\",\n"
    "      \"first_day\": \"2024-01-01\",\n"
    "      \"last_day\": \"2024-03-31\"\n"
    "    },\n"
    "    {\n"
    "      \"label\": \"2024Q2\",\n"
    "      \"first_day\": \"2024-04-01\",\n"
    "      \"last_day\": \"2024-06-30\"\n"
    "    },\n"
    "    {\n"
    "      \"label\": \"2024Q3\",\n"
    "      \"first_day\": \"2024-07-01\",\n"
    "      \"last_day\": \"2024-09-30\"\n"
    "    },\n"
    "    {\n"
    "      \"label\": \"overall\",\n"
    "      \"first_day\": \"\",\n"
    "      \"last_day\": \"2024-09-30\"\n"
    "    }\n"
    "  ],\n"
    "  \"metrics\": [\n"
    "    {\n"
    "      \"id\": \"requisitions_opened\",\n"
    "      \"name\": \"Requisitions opened\",\n"
    "      \"unit\": \"count\",\n"
    "      \"direction\": \"none\",\n"
    "      \"period_event\": \"requisition opened\",\n"
    "      \"process_area\": \"before a role is live\",\n"
    "      \"definition\": \"Requisitions whose opened_at falls in the period.\",\n"
    "      \"distribution\": false,\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 14,\n"
    "          \"value\": 14\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 9,\n"
    "          \"value\": 9\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 11,\n"
    "          \"value\": 11\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 34,\n"
    "          \"value\": 34\n"
    "        }\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"time_to_fill\",\n"
    "      \"name\": \"Time to fill\",\n"
    "      \"unit\": \"days\",\n"
    "      \"direction\": \"lower_is_better\",\n"
    "      \"period_event\": \"offer accepted\",\n"
    "      \"process_area\": \"role live\",\n"
    "      \"definition\": \"Calendar days from requisition opened to offer accepted, minus hold days (ANSI/SHRM 06001).\",\n"
    "      \"distribution\": true,\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 12,\n"
    "          \"value\": 34.5,\n"
    "          \"mean\": 36.2,\n"
    "          \"p90\": 51.3\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"insufficient\",\n"
    "          \"n\": 3,\n"
    "          \"value\": null,\n"
    "          \"mean\": null,\n"
    "          \"p90\": null\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 8,\n"
    "          \"value\": 28.33,\n"
    "          \"mean\": 30.12,\n"
    "          \"p90\": 45.07\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 23,\n"
    "          \"value\": 33.0,\n"
    "          \"mean\": 34.04,\n"
    "          \"p90\": 50.6\n"
    "        }\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"offer_acceptance\",\n"
    "      \"name\": \"Offer acceptance\",\n"
    "      \"unit\": \"percent\",\n"
    "      \"direction\": \"higher_is_better\",\n"
    "      \"period_event\": \"offer accepted or declined\",\n"
    "      \"process_area\": \"selection\",\n"
    "      \"definition\": \"Accepted offers / decided offers x 100.\",\n"
    "      \"distribution\": false,\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 16,\n"
    "          \"value\": 81.25\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 10,\n"
    "          \"value\": 90.0\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"empty\",\n"
    "          \"n\": 0,\n"
    "          \"value\": null\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 26,\n"
    "          \"value\": 84.62\n"
    "        }\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"cost_per_hire\",\n"
    "      \"name\": \"Cost per hire\",\n"
    "      \"unit\": \"currency\",\n"
    "      \"direction\": \"lower_is_better\",\n"
    "      \"period_event\": \"hire started\",\n"
    "      \"process_area\": \"pre-day-one\",\n"
    "      \"definition\": \"(External + internal costs) / hires, per ANSI/SHRM 06001.\",\n"
    "      \"distribution\": false,\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 6,\n"
    "          \"value\": 4250.5\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 5,\n"
    "          \"value\": 3980.0\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"insufficient\",\n"
    "          \"n\": 2,\n"
    "          \"value\": null\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 13,\n"
    "          \"value\": 4105.77\n"
    "        }\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    "  \"data_quality\": {\n"
    "    \"sources\": [\n"
    "      {\n"
    "        \"instance\": \"apps\",\n"
    "        \"plugin\": \"csv\",\n"
    "        \"record\": \"application\",\n"
    "        \"read\": 120,\n"
    "        \"accepted\": 117,\n"
    "        \"rejected\": 3\n"
    "      },\n"
    "      {\n"
    "        \"instance\": \"reqs\",\n"
    "        \"plugin\": \"csv\",\n"
    "        \"record\": \"requisition\",\n"
    "        \"read\": 30,\n"
    "        \"accepted\": 30,\n"
    "        \"rejected\": 0\n"
    "      }\n"
    "    ],\n"
    "    \"flags\": [\n"
    "      {\n"
    "        \"code\": \"offer_before_application\",\n"
    "        \"description\": \"Offer dated before the application\",\n"
    "        \"count\": 2,\n"
    "        \"example\": \"apps.csv:17\"\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n";

static const char golden_compact[] =
    "{\"schema\":\"rpo-report\",\"schema_version\":1,\"generator\":\"rpo 0.1.0\",\"engagement\":{\"name\":\"Ac"
    "me hiring 2024\",\"client\":\"Acme Corp\",\"provider\":\"TalentCo\",\"currency\":\"EUR\",\"as_of\":\"2024-"
    "09-30\",\"min_n\":5},\"periods\":[{\"label\":\"2024Q1\",\"first_day\":\"2024-01-01\",\"last_day\":\"2024-0"
    "3-31\"},{\"label\":\"2024Q2\",\"first_day\":\"2024-04-01\",\"last_day\":\"2024-06-30\"},{\"label\":\"2024Q"
    "3\",\"first_day\":\"2024-07-01\",\"last_day\":\"2024-09-30\"},{\"label\":\"overall\",\"first_day\":\"\",\"la"
    "st_day\":\"2024-09-30\"}],\"metrics\":[{\"id\":\"requisitions_opened\",\"name\":\"Requisitions opened\""
    ",\"unit\":\"count\",\"direction\":\"none\",\"period_event\":\"requisition opened\",\"process_area\":\"bef"
    "ore a role is live\",\"definition\":\"Requisitions whose opened_at falls in the period.\",\"dist"
    "ribution\":false,\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":14,\"value\":14},\"2024Q2\":{\"state\":\"ok\""
    ",\"n\":9,\"value\":9},\"2024Q3\":{\"state\":\"ok\",\"n\":11,\"value\":11},\"overall\":{\"state\":\"ok\",\"n\":34"
    ",\"value\":34}}},{\"id\":\"time_to_fill\",\"name\":\"Time to fill\",\"unit\":\"days\",\"direction\":\"lower"
    "_is_better\",\"period_event\":\"offer accepted\",\"process_area\":\"role live\",\"definition\":\"Calen"
    "dar days from requisition opened to offer accepted, minus hold days (ANSI/SHRM 06001).\",\"d"
    "istribution\":true,\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":12,\"value\":34.5,\"mean\":36.2,\"p90\":5"
    "1.3},\"2024Q2\":{\"state\":\"insufficient\",\"n\":3,\"value\":null,\"mean\":null,\"p90\":null},\"2024Q3\":"
    "{\"state\":\"ok\",\"n\":8,\"value\":28.33,\"mean\":30.12,\"p90\":45.07},\"overall\":{\"state\":\"ok\",\"n\":23"
    ",\"value\":33.0,\"mean\":34.04,\"p90\":50.6}}},{\"id\":\"offer_acceptance\",\"name\":\"Offer acceptance"
    "\",\"unit\":\"percent\",\"direction\":\"higher_is_better\",\"period_event\":\"offer accepted or declin"
    "ed\",\"process_area\":\"selection\",\"definition\":\"Accepted offers / decided offers x 100.\",\"dis"
    "tribution\":false,\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":16,\"value\":81.25},\"2024Q2\":{\"state\":"
    "\"ok\",\"n\":10,\"value\":90.0},\"2024Q3\":{\"state\":\"empty\",\"n\":0,\"value\":null},\"overall\":{\"state\""
    ":\"ok\",\"n\":26,\"value\":84.62}}},{\"id\":\"cost_per_hire\",\"name\":\"Cost per hire\",\"unit\":\"currenc"
    "y\",\"direction\":\"lower_is_better\",\"period_event\":\"hire started\",\"process_area\":\"pre-day-one"
    "\",\"definition\":\"(External + internal costs) / hires, per ANSI/SHRM 06001.\",\"distribution\":"
    "false,\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":6,\"value\":4250.5},\"2024Q2\":{\"state\":\"ok\",\"n\":5,"
    "\"value\":3980.0},\"2024Q3\":{\"state\":\"insufficient\",\"n\":2,\"value\":null},\"overall\":{\"state\":\"o"
    "k\",\"n\":13,\"value\":4105.77}}}],\"data_quality\":{\"sources\":[{\"instance\":\"apps\",\"plugin\":\"csv\""
    ",\"record\":\"application\",\"read\":120,\"accepted\":117,\"rejected\":3},{\"instance\":\"reqs\",\"plugin"
    "\":\"csv\",\"record\":\"requisition\",\"read\":30,\"accepted\":30,\"rejected\":0}],\"flags\":[{\"code\":\"of"
    "fer_before_application\",\"description\":\"Offer dated before the application\",\"count\":2,\"exam"
    "ple\":\"apps.csv:17\"}]}}"
    "\n";

/*
 * Run the sink on R with the section KV; return what it wrote to standard
 * output (malloc'd, "" if nothing) and store the status of create/write.
 */
static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    rpo_instance inst = { "out", SINK.keys, kv };
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    void *ctx = NULL;
    int rc;

    assert_non_null(mem);
    fake_set_stdout(mem);
    rc = SINK.create(&inst, &ctx);
    if (rc == RPO_OK) {
        rc = SINK.write(ctx, r);
        SINK.destroy(ctx);
    }
    fake_set_stdout(NULL);
    assert_int_equal(fclose(mem), 0);
    *status = rc;
    return buf;
}

/* Read a whole file into a malloc'd string, or NULL. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long len;

    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    rewind(fp);
    buf = calloc(1, (size_t)len + 1);
    if (buf != NULL && fread(buf, 1, (size_t)len, fp) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

/* A fresh temporary directory (the tests create files in it). */
static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *dir = malloc(strlen(base) + sizeof("/sinkjson.XXXXXX"));

    assert_non_null(dir);
    strcpy(dir, base);
    strcat(dir, "/sinkjson.XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* How many entries (besides . and ..) DIR holds. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static char *join(const char *a, const char *b)
{
    char *s = malloc(strlen(a) + strlen(b) + 2);
    assert_non_null(s);
    sprintf(s, "%s/%s", a, b);
    return s;
}

static int setup(void **state)
{
    (void)state;
    fake_log_reset();
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
    assert_string_equal(SINK.name, "json");
    assert_non_null(SINK.create);
    assert_non_null(SINK.destroy);
    assert_non_null(SINK.write);
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_int_equal(SINK.keys[0].type, RPO_KEY_PATH);
    assert_null(SINK.keys[0].default_value);
    assert_string_equal(SINK.keys[1].name, "pretty");
    assert_int_equal(SINK.keys[1].type, RPO_KEY_BOOL);
    assert_string_equal(SINK.keys[1].default_value, "true");
    assert_null(SINK.keys[2].name);
    for (int i = 0; i < 2; i++) {
        assert_non_null(SINK.keys[i].help);
        assert_int_equal(SINK.keys[i].flags, 0);
    }
}

static void test_golden_pretty(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_pretty);
    assert_string_equal(fake_log_text(), "");
    free(out);
}

static void test_golden_compact(void **state)
{
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_compact);
    /* One line, ended by a newline. */
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
    free(out);
}

/* The same report gives the same bytes, and pretty and compact agree. */
static void test_deterministic(void **state)
{
    const char *const kv[] = { NULL }, *const kv2[] = { "pretty", "no", NULL };
    int rc;
    char *a = run(fake_report_standard(), kv, &rc);
    char *b = run(fake_report_standard(), kv, &rc);
    char *c = run(fake_report_standard(), kv2, &rc);
    json_t *ja = json_loads(a, 0, NULL), *jc = json_loads(c, 0, NULL);

    (void)state;
    assert_string_equal(a, b);
    assert_non_null(ja);
    assert_non_null(jc);
    assert_true(json_equal(ja, jc));
    json_decref(ja);
    json_decref(jc);
    free(a);
    free(b);
    free(c);
}

static void check_string(json_t *obj, const char *key, const char *want)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_string(v));
    assert_string_equal(json_string_value(v), want);
}

static void check_int(json_t *obj, const char *key, long long want)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_integer(v));
    assert_int_equal(json_integer_value(v), want);
}

static void check_real(json_t *obj, const char *key, double want)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_real(v));
    assert_true(json_real_value(v) == want);
}

static void check_keys(json_t *obj, const char *const *keys)
{
    const char *key;
    json_t *v;
    size_t i = 0;

    assert_true(json_is_object(obj));
    json_object_foreach(obj, key, v) {
        assert_non_null(keys[i]);
        assert_string_equal(key, keys[i]);
        i++;
    }
    assert_null(keys[i]);
}

/* Parse the output back and check every field against the fixture. */
static void test_fields(void **state)
{
    static const char *const top[] = { "schema", "schema_version", "generator", "engagement",
                                       "periods", "metrics", "data_quality", NULL };
    static const char *const eng_keys[] = { "name", "client", "provider", "currency",
                                            "as_of", "min_n", NULL };
    static const char *const per_keys[] = { "label", "first_day", "last_day", NULL };
    static const char *const met_keys[] = { "id", "name", "unit", "direction",
                                            "period_event", "process_area", "definition",
                                            "distribution", "values", NULL };
    static const char *const val_keys[] = { "state", "n", "value", NULL };
    static const char *const dist_keys[] = { "state", "n", "value", "mean", "p90", NULL };
    static const char *const src_keys[] = { "instance", "plugin", "record", "read",
                                            "accepted", "rejected", NULL };
    static const char *const flag_keys[] = { "code", "description", "count", "example", NULL };
    static const char *const dq_keys[] = { "sources", "flags", NULL };
    const rpo_report *r = fake_report_standard();
    const char *const kv[] = { NULL };
    json_error_t err;
    json_t *doc, *eng, *arr;
    int rc;
    char *out = run(r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    doc = json_loads(out, JSON_REJECT_DUPLICATES, &err);
    assert_non_null(doc);
    check_keys(doc, top);
    check_string(doc, "schema", "rpo-report");
    check_int(doc, "schema_version", RPO_REPORT_SCHEMA_VERSION);
    check_string(doc, "generator", r->header.generator);

    eng = json_object_get(doc, "engagement");
    check_keys(eng, eng_keys);
    check_string(eng, "name", r->header.engagement);
    check_string(eng, "client", r->header.client);
    check_string(eng, "provider", r->header.provider);
    check_string(eng, "currency", r->header.currency);
    check_string(eng, "as_of", r->header.as_of);
    check_int(eng, "min_n", r->header.min_n);

    arr = json_object_get(doc, "periods");
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), r->nperiods);
    for (size_t p = 0; p < r->nperiods; p++) {
        json_t *o = json_array_get(arr, p);
        check_keys(o, per_keys);
        check_string(o, "label", r->periods[p].label);
        check_string(o, "first_day", r->periods[p].first_day);
        check_string(o, "last_day", r->periods[p].last_day);
    }

    arr = json_object_get(doc, "metrics");
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), r->nmetrics);
    for (size_t m = 0; m < r->nmetrics; m++) {
        const rpo_metric_info *mi = &r->metrics[m];
        json_t *o = json_array_get(arr, m), *values;
        const char *label;
        json_t *vo;
        size_t p = 0;

        check_keys(o, met_keys);
        check_string(o, "id", mi->id);
        check_string(o, "name", mi->name);
        check_string(o, "unit", rpo_unit_name(mi->unit));
        check_string(o, "direction", rpo_direction_name(mi->direction));
        check_string(o, "period_event", mi->period_event);
        check_string(o, "process_area", mi->process_area);
        check_string(o, "definition", mi->definition);
        assert_true(json_is_boolean(json_object_get(o, "distribution")));
        assert_int_equal(json_is_true(json_object_get(o, "distribution")), mi->distribution);

        /* One member per period, in period order, keyed by label. */
        values = json_object_get(o, "values");
        assert_true(json_is_object(values));
        assert_int_equal(json_object_size(values), r->nperiods);
        json_object_foreach(values, label, vo) {
            const rpo_metric_value *v = &r->values[m * r->nperiods + p];

            assert_string_equal(label, r->periods[p].label);
            check_keys(vo, mi->distribution ? dist_keys : val_keys);
            check_string(vo, "state", rpo_value_state_name(v->state));
            check_int(vo, "n", (long long)v->n);
            if (v->state != RPO_VALUE_OK) {
                assert_true(json_is_null(json_object_get(vo, "value")));
                if (mi->distribution) {
                    assert_true(json_is_null(json_object_get(vo, "mean")));
                    assert_true(json_is_null(json_object_get(vo, "p90")));
                }
            } else if (mi->unit == RPO_UNIT_COUNT) {
                check_int(vo, "value", (long long)v->value);
            } else {
                check_real(vo, "value", v->value);
                if (mi->distribution) {
                    check_real(vo, "mean", v->mean);
                    check_real(vo, "p90", v->p90);
                }
            }
            p++;
        }
    }

    check_keys(json_object_get(doc, "data_quality"), dq_keys);
    arr = json_object_get(json_object_get(doc, "data_quality"), "sources");
    assert_int_equal(json_array_size(arr), r->nsources);
    for (size_t i = 0; i < r->nsources; i++) {
        json_t *o = json_array_get(arr, i);
        check_keys(o, src_keys);
        check_string(o, "instance", r->sources[i].instance);
        check_string(o, "plugin", r->sources[i].plugin);
        check_string(o, "record", r->sources[i].record);
        check_int(o, "read", (long long)r->sources[i].read);
        check_int(o, "accepted", (long long)r->sources[i].accepted);
        check_int(o, "rejected", (long long)r->sources[i].rejected);
    }
    arr = json_object_get(json_object_get(doc, "data_quality"), "flags");
    assert_int_equal(json_array_size(arr), r->nflags);
    for (size_t i = 0; i < r->nflags; i++) {
        json_t *o = json_array_get(arr, i);
        check_keys(o, flag_keys);
        check_string(o, "code", r->flags[i].code);
        check_string(o, "description", r->flags[i].description);
        check_int(o, "count", (long long)r->flags[i].count);
        check_string(o, "example", r->flags[i].example);
    }
    json_decref(doc);
    free(out);
}

/* Reals keep their two decimals and whole reals stay reals. */
static void test_number_text(void **state)
{
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"value\":28.33,"));
    assert_non_null(strstr(out, "\"value\":33.0,"));  /* a real although whole */
    assert_non_null(strstr(out, "\"value\":14}"));    /* a count: an integer */
    assert_non_null(strstr(out, "\"value\":4105.77}"));
    free(out);
}

/* file = PATH: written atomically, same bytes as standard output, replacing
 * an older file and leaving no temporary file behind. */
static void test_file(void **state)
{
    char *dir = make_tmpdir(), *path = join(dir, "report.json");
    const char *const kv[] = { "file", path, NULL };
    const char *const kv_stdout[] = { NULL };
    FILE *old = fopen(path, "w");
    int rc;
    char *out, *text, *expect;

    (void)state;
    assert_non_null(old);
    fputs("old contents\n", old);
    fclose(old);
    out = run(fake_report_standard(), kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, ""); /* nothing on standard output */
    text = slurp(path);
    assert_non_null(text);
    expect = run(fake_report_standard(), kv_stdout, &rc);
    assert_string_equal(text, expect);
    assert_int_equal(count_entries(dir), 1);

    unlink(path);
    rmdir(dir);
    free(out);
    free(text);
    free(expect);
    free(path);
    free(dir);
}

/* file = "-" means standard output, not a file named "-". */
static void test_file_dash(void **state)
{
    const char *const kv[] = { "file", "-", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_pretty);
    free(out);
}

/* A target that cannot be created fails cleanly and creates nothing. */
static void test_file_refused(void **state)
{
    char *dir = make_tmpdir();
    const char *const kv[] = { "file", dir, NULL }; /* a directory */
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_ECANTCREAT);
    assert_string_equal(out, "");
    assert_int_equal(count_entries(dir), 0);
    assert_non_null(strstr(fake_log_text(), "not a regular file"));
    rmdir(dir);
    free(out);
    free(dir);
}

/* A failing stream (a full disk) is an I/O error, not a success. */
static void test_write_error(void **state)
{
    rpo_instance inst = { "out", SINK.keys, NULL };
    FILE *full = fopen("/dev/full", "w");
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

/* A report with nothing in it is still a complete document. */
static void test_empty_report(void **state)
{
    const rpo_report r = {
        { "Empty", "", "", "", "2024-01-31", "rpo 0.1.0", 5 }, NULL, 0, NULL, 0, NULL, NULL, 0,
        NULL, 0
    };
    const char *const kv[] = { "pretty", "off", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out,
                        "{\"schema\":\"rpo-report\",\"schema_version\":1,\"generator\":\"rpo "
                        "0.1.0\",\"engagement\":{\"name\":\"Empty\",\"client\":\"\","
                        "\"provider\":\"\",\"currency\":\"\",\"as_of\":\"2024-01-31\","
                        "\"min_n\":5},\"periods\":[],\"metrics\":[],\"data_quality\":{"
                        "\"sources\":[],\"flags\":[]}}\n");
    free(out);
}

/* Texts that are not UTF-8 are repaired (U+FFFD) with one warning; texts
 * with quotes and control characters are escaped by jansson. */
static void test_text_escaping(void **state)
{
    rpo_report r = *fake_report_standard();
    const char *const kv[] = { "pretty", "false", NULL };
    json_t *doc;
    int rc;
    char *out;

    (void)state;
    r.header.engagement = "Caf\xE9 \"Nord\"\t\xC3\xA9";
    r.header.client = "\xED\xA0\x80"; /* an encoded surrogate: invalid */
    r.header.provider = NULL;         /* treated as "" */
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    doc = json_loads(out, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "engagement"),
                                                          "name")),
                        "Caf\xEF\xBF\xBD \"Nord\"\t\xC3\xA9");
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "engagement"),
                                                          "client")),
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "engagement"),
                                                          "provider")),
                        "");
    assert_non_null(strstr(out, "\"Caf\xEF\xBF\xBD \\\"Nord\\\"\\t\xC3\xA9\""));
    /* Warned once, although two texts were repaired. */
    assert_non_null(strstr(fake_log_text(), "not valid UTF-8"));
    assert_null(strstr(strstr(fake_log_text(), "not valid UTF-8") + 1, "not valid UTF-8"));
    json_decref(doc);
    free(out);
}

static void test_utf8_sequence(void **state)
{
    (void)state;
    assert_int_equal(utf8_sequence((const unsigned char *)"a"), 1);
    assert_int_equal(utf8_sequence((const unsigned char *)"\xC3\xA9"), 2);
    assert_int_equal(utf8_sequence((const unsigned char *)"\xE2\x82\xAC"), 3);
    assert_int_equal(utf8_sequence((const unsigned char *)"\xF0\x9F\x98\x80"), 4);
    assert_int_equal(utf8_sequence((const unsigned char *)"\xC0\xAF"), 0);         /* overlong */
    assert_int_equal(utf8_sequence((const unsigned char *)"\xE0\x80\xAF"), 0);     /* overlong */
    assert_int_equal(utf8_sequence((const unsigned char *)"\xED\xA0\x80"), 0);     /* surrogate */
    assert_int_equal(utf8_sequence((const unsigned char *)"\xF4\x90\x80\x80"), 0); /* > 10FFFF */
    assert_int_equal(utf8_sequence((const unsigned char *)"\xC3"), 0);             /* cut short */
    assert_int_equal(utf8_sequence((const unsigned char *)"\xE2\x82"), 0);
    assert_int_equal(utf8_sequence((const unsigned char *)"\x80"), 0);
}

/* Two periods with one label would merge silently: refused instead. */
static void test_duplicate_label(void **state)
{
    const rpo_report *std = fake_report_standard();
    rpo_period periods[4];
    rpo_report r = *std;
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    memcpy(periods, std->periods, sizeof(periods));
    periods[1].label = "2024Q1";
    r.periods = periods;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, ""); /* nothing written */
    assert_non_null(strstr(fake_log_text(), "two periods labelled \"2024Q1\""));
    free(out);
}

/* A value that is not a number (an engine bug) becomes null with a warning,
 * never an invalid document; -0 prints as 0.0. */
static void test_nonfinite(void **state)
{
    const rpo_metric_info mi[] = {
        { "x", "X", RPO_UNIT_RATIO, RPO_DIRECTION_NONE, "", "", "", 1 },
    };
    const rpo_period per[] = { { "overall", "", "2024-01-31", 1 } };
    rpo_metric_value val[] = { { RPO_VALUE_OK, 7, -0.0, 1.0 / 0.0, 0.0 / 0.0 } };
    const rpo_report r = {
        { "E", "", "", "", "2024-01-31", "rpo 0.1.0", 5 }, per, 1, mi, 1, val, NULL, 0, NULL, 0
    };
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "{\"overall\":{\"state\":\"ok\",\"n\":7,\"value\":0.0,"
                                "\"mean\":null,\"p90\":null}}"));
    assert_non_null(strstr(fake_log_text(), "not a number"));
    free(out);
}

/* Counts are whole; a count that arrives as 13.999999 still prints 14. */
static void test_count_rounding(void **state)
{
    const rpo_metric_info mi[] = {
        { "c", "C", RPO_UNIT_COUNT, RPO_DIRECTION_NONE, "", "", "", 0 },
    };
    const rpo_period per[] = { { "a", "2024-01-01", "2024-01-31", 0 },
                               { "b", "2024-02-01", "2024-02-29", 0 } };
    rpo_metric_value val[] = { { RPO_VALUE_OK, 14, 13.999999, 0, 0 },
                               { RPO_VALUE_OK, 3, -2.0000001, 0, 0 } };
    const rpo_report r = {
        { "E", "", "", "", "2024-02-29", "rpo 0.1.0", 1 }, per, 2, mi, 1, val, NULL, 0, NULL, 0
    };
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"values\":{\"a\":{\"state\":\"ok\",\"n\":14,\"value\":14},"
                                "\"b\":{\"state\":\"ok\",\"n\":3,\"value\":-2}}"));
    free(out);
}

/*
 * Make each allocation (the sink's and jansson's) fail in turn: every
 * failure is RPO_ENOMEM, logged, writes nothing and leaks nothing (run under
 * valgrind or ASan), until enough succeed for the normal output.
 */
static void test_out_of_memory(void **state)
{
    const char *const kv[] = { NULL };
    int done = 0;

    (void)state;
    json_set_alloc_funcs(budget_malloc, free);
    for (long budget = 0; budget < 100000 && !done; budget++) {
        int rc;
        char *out;

        fake_log_reset();
        alloc_budget = budget;
        out = run(fake_report_standard(), kv, &rc);
        alloc_budget = -1;
        if (rc == RPO_OK) {
            assert_string_equal(out, golden_pretty);
            done = 1;
        } else {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(out, "");
            assert_non_null(strstr(fake_log_text(), "out of memory"));
        }
        free(out);
    }
    json_set_alloc_funcs(malloc, free);
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_golden_pretty, setup),
        cmocka_unit_test_setup(test_golden_compact, setup),
        cmocka_unit_test_setup(test_deterministic, setup),
        cmocka_unit_test_setup(test_fields, setup),
        cmocka_unit_test_setup(test_number_text, setup),
        cmocka_unit_test_setup(test_file, setup),
        cmocka_unit_test_setup(test_file_dash, setup),
        cmocka_unit_test_setup(test_file_refused, setup),
        cmocka_unit_test_setup(test_write_error, setup),
        cmocka_unit_test_setup(test_empty_report, setup),
        cmocka_unit_test_setup(test_text_escaping, setup),
        cmocka_unit_test_setup(test_utf8_sequence, setup),
        cmocka_unit_test_setup(test_duplicate_label, setup),
        cmocka_unit_test_setup(test_nonfinite, setup),
        cmocka_unit_test_setup(test_count_rounding, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_json", tests, NULL, NULL);
}
