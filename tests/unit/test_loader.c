/*
 * test_loader.c — loading the real plugins from the build tree, and refusing
 * each kind of broken plugin with one line naming the file, the expected and
 * the found value.
 */
#include "testutil.h"
#include "loader.h"

static rpo_loader ld;

static int setup(void **state)
{
    (void)state;
    const char *real = getenv("RPO_PLUGIN_PATH"), *broken = getenv("RPO_TEST_PLUGINS");
    if (!real || !broken)
        fail_msg("run through make check: RPO_PLUGIN_PATH and RPO_TEST_PLUGINS unset");
    char path[2048];
    snprintf(path, sizeof path, "%s:%s", real, broken);
    setenv("RPO_PLUGIN_PATH", path, 1);
    return rpo_loader_init(&ld, NULL, NULL, NULL);
}

static int teardown(void **state)
{
    (void)state;
    rpo_loader_fini(&ld);
    return 0;
}

static void expect_refusal(rpo_plugin_kind kind, const char *name, const char *message)
{
    void *h;
    const rpo_plugin *p;
    char *file;
    capture log;
    capture_begin(&log);
    int rc = rpo_loader_open(&ld, kind, name, &h, &p, &file, NULL, 0);
    capture_end(&log);
    assert_int_equal(rc, RPO_EUNAVAIL);
    assert_null(h);
    assert_null(file);
    assert_contains(log.text, message);
    assert_non_null(strchr(log.text, '\n'));
    assert_null(strchr(strchr(log.text, '\n') + 1, '\n')); /* one line */
}

static void test_real_plugins_load(void **state)
{
    (void)state;
    static const struct {
        rpo_plugin_kind kind;
        const char *name;
    } real[] = {{RPO_PLUGIN_SOURCE, "csv"}, {RPO_PLUGIN_SINK, "console"}, {RPO_PLUGIN_SINK, "json"}};
    for (size_t i = 0; i < 3; i++) {
        void *h;
        const rpo_plugin *p;
        char *file;
        assert_int_equal(rpo_loader_open(&ld, real[i].kind, real[i].name, &h, &p, &file, NULL, 0), RPO_OK);
        assert_string_equal(p->name, real[i].name);
        assert_int_equal(p->kind, real[i].kind);
        assert_int_equal(p->abi_major, RPO_ABI_MAJOR);
        assert_true(p->struct_size >= RPO_PLUGIN_V1_SIZE);
        assert_non_null(strstr(file, "/plugins/"));
        free(file);
        rpo_loader_close(h);
    }
}

static void test_wrong_abi_major_refused(void **state)
{
    (void)state;
    expect_refusal(RPO_PLUGIN_SOURCE, "badabi", "source_badabi.la refused: ABI major expected 1, found 99");
}

static void test_newer_minor_refused(void **state)
{
    (void)state;
    char msg[128];
    snprintf(msg, sizeof msg, "source_newminor.la refused: ABI minor expected <= %d, found %d",
             RPO_ABI_MINOR, RPO_ABI_MINOR + 1);
    expect_refusal(RPO_PLUGIN_SOURCE, "newminor", msg);
}

static void test_name_kind_size_mismatch_refused(void **state)
{
    (void)state;
    expect_refusal(RPO_PLUGIN_SOURCE, "wrongname", "source_wrongname.la refused: name expected wrongname, found othername");
    expect_refusal(RPO_PLUGIN_SINK, "wrongkind", "sink_wrongkind.la refused: kind expected sink, found source");
    expect_refusal(RPO_PLUGIN_SOURCE, "small", "source_small.la refused: descriptor size expected >= ");
    expect_refusal(RPO_PLUGIN_SOURCE, "nodesc", "source_nodesc.la refused: no descriptor (expected the symbol source_nodesc_LTX_rpo_plugin)");
}

static void test_missing_and_bad_names(void **state)
{
    (void)state;
    expect_refusal(RPO_PLUGIN_SOURCE, "nosuch", "source plugin 'nosuch' not found (no source_nosuch.la or source_nosuch.so in ");
    expect_refusal(RPO_PLUGIN_SOURCE, "../../lib/x", "plugin name '../../lib/x' refused");
    expect_refusal(RPO_PLUGIN_SOURCE, "CSV", "plugin name 'CSV' refused");
    expect_refusal(RPO_PLUGIN_SOURCE, "", "plugin name '' refused");
}

static void test_admit_rule(void **state)
{
    (void)state;
    rpo_plugin p = {RPO_PLUGIN_HEADER, .kind = RPO_PLUGIN_SINK, .name = "x", .version = "1",
                    .description = "d", .write = (int (*)(void *, const rpo_report *))1};
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_plugin_admit(NULL, &p, "f", RPO_PLUGIN_SINK, "x"), RPO_OK);
    p.abi_minor = 0; /* older minors are fine */
    assert_int_equal(rpo_plugin_admit(NULL, &p, "f", RPO_PLUGIN_SINK, "x"), RPO_OK);
    p.write = NULL; /* a sink without write cannot work */
    assert_int_equal(rpo_plugin_admit(NULL, &p, "f", RPO_PLUGIN_SINK, "x"), RPO_EUNAVAIL);
    capture_end(&log);
    assert_contains(log.text, "plugin f refused: descriptor expected version, description and the write callback");
}

static void count_plugin(void *arg, const rpo_plugin *p, const char *file)
{
    (void)file;
    char *names = arg;
    strcat(names, p->name);
    strcat(names, " ");
}

static void test_each_lists_and_counts_refusals(void **state)
{
    (void)state;
    char names[512] = "";
    capture log;
    capture_begin(&log);
    int refused = rpo_loader_each(&ld, count_plugin, names);
    capture_end(&log);
    /* In name order: framework_7s, framework_adkar, framework_lewin,
     * sink_console, sink_csv, sink_html, sink_json, sink_markdown,
     * sink_metrics (the test plugin adding metrics), sink_prometheus,
     * sink_webhook, sink_wrongkind (refused), source_badabi (refused),
     * source_batches (the test plugin reading incrementally), ... */
    assert_string_equal(names, "7s adkar lewin console csv html json markdown metrics prometheus "
                               "webhook batches csv rest ");
    assert_int_equal(refused, 6);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_real_plugins_load),
    cmocka_unit_test(test_wrong_abi_major_refused),
    cmocka_unit_test(test_newer_minor_refused),
    cmocka_unit_test(test_name_kind_size_mismatch_refused),
    cmocka_unit_test(test_missing_and_bad_names),
    cmocka_unit_test(test_admit_rule),
    cmocka_unit_test(test_each_lists_and_counts_refusals)};

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, setup, teardown);
}
