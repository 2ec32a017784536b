/*
 * test_cfg.c — the INI reader and key checks: every error names file:line,
 * the section, the key, and where possible the nearest valid key.
 */
#include "testutil.h"
#include "cfg.h"


/* Loads TEXT as a config; returns the status and the log in LOG. */
static int load(const char *text, rpo_cfg **cfg, capture *log)
{
    char path[128];
    snprintf(path, sizeof path, "%s/e.ini", TEST_DIR);
    write_file(path, text);
    capture_begin(log);
    int rc = rpo_cfg_load(path, NULL, cfg);
    capture_end(log);
    return rc;
}

static void test_good_config(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("; comment\n[engagement]\nname = Acme RPO\nmin_n = 3\n\n"
                  "[source.apps]\nplugin = csv\nrecord = application\nfile = a.csv ; inline\n"
                  "[sink.out]\n",
                  &cfg, &log);
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(log.text, "");
    assert_int_equal(cfg->n_sections, 3);
    const rpo_cfg_section *s = rpo_cfg_find(cfg, "source.apps");
    assert_non_null(s);
    assert_int_equal(s->kind, RPO_SEC_SOURCE);
    assert_string_equal(s->instance, "apps");
    assert_int_equal(s->line, 6);
    const rpo_cfg_entry *e = rpo_cfg_entry_find(s, "file");
    assert_string_equal(e->value, "a.csv");
    assert_int_equal(e->line, 9);
    /* A section without keys still exists (inih alone would not report it). */
    assert_non_null(rpo_cfg_find(cfg, "sink.out"));
    assert_string_equal(cfg->dir, TEST_DIR);
    rpo_cfg_free(cfg);
}

static void test_unknown_key_suggests_nearest(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("[engagement]\nname = x\nmin_m = 3\n", &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_null(cfg);
    assert_contains(log.text, "e.ini:3: [engagement] min_m: unknown key; did you mean 'min_n'?");
}

static void test_unknown_section(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("[engagement]\nname = x\n[sinks.console]\nplugin = console\n", &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "e.ini:3: unknown section [sinks.console]");
    assert_contains(log.text, "(nearest: [sink.NAME])");
}

static void test_missing_required_and_bad_value(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("[engagement]\nclient = Acme\nmin_n = many\n", &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "e.ini:1: [engagement] missing required key 'name'");
    assert_contains(log.text, "e.ini:3: [engagement] min_n: bad value: not a whole number");
}

static void test_duplicates_and_names(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("[engagement]\nname = a\nname = b\n[source.x]\n[source.x]\n[sink.Bad-Name]\n",
                  &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "e.ini:3: [engagement] name: set twice (first at line 2)");
    assert_contains(log.text, "e.ini:5: section [source.x] appears twice (first at line 4)");
    assert_contains(log.text, "e.ini:6: [sink.Bad-Name]: the name after 'sink.' must be");
}

static void test_no_engagement_and_stray_key(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("[source.a]\nplugin = csv\n", &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "no [engagement] section");
    rc = load("name = x\n[engagement]\nname = y\n", &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "e.ini:1: name: key outside any section");
}

static void test_syntax_error_and_long_line(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    int rc = load("[engagement]\nname = x\nthis line has no equals sign\n", &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "e.ini:3: syntax error");
    char text[600] = "[engagement]\nname = ";
    memset(text + strlen(text), 'x', 300);
    strcat(text, "\n");
    rc = load(text, &cfg, &log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "e.ini:2: line longer than");
}

static void test_missing_file(void **state)
{
    (void)state;
    rpo_cfg *cfg;
    capture log;
    capture_begin(&log);
    int rc = rpo_cfg_load("/nonexistent/e.ini", NULL, &cfg);
    capture_end(&log);
    assert_int_equal(rc, RPO_ENOINPUT);
    assert_contains(log.text, "cannot open config /nonexistent/e.ini: No such file or directory");
}

static void test_plugin_key_table(void **state)
{
    (void)state;
    static const rpo_config_key table[] = {
        {"file", RPO_KEY_PATH, RPO_KEY_REQUIRED, NULL, "the file"},
        {"delimiter", RPO_KEY_STRING, 0, ",", "the delimiter"},
        {"map.<field>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL, "column of a field"},
        {"header", RPO_KEY_BOOL, 0, "true", "has a header"},
        {NULL, 0, 0, NULL, NULL}};
    rpo_cfg *cfg;
    capture log;
    assert_int_equal(load("[engagement]\nname = x\n[source.a]\nplugin = csv\nrecord = cost\n"
                          "delimeter = ;\nmap.amount = Betrag\nheader = maybe\nmap. = x\n",
                          &cfg, &log),
                     RPO_OK);
    const rpo_cfg_section *s = rpo_cfg_find(cfg, "source.a");
    capture_begin(&log);
    int problems = rpo_cfg_check_keys(NULL, cfg, s, rpo_source_core_keys, table);
    capture_end(&log);
    assert_int_equal(problems, 4);
    assert_contains(log.text, "e.ini:6: [source.a] delimeter: unknown key; did you mean 'delimiter'?");
    assert_contains(log.text, "e.ini:8: [source.a] header: bad value: not a boolean");
    assert_contains(log.text, "e.ini:9: [source.a] map.: unknown key");
    assert_contains(log.text, "e.ini:3: [source.a] missing required key 'file'");
    rpo_cfg_free(cfg);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_good_config),
    cmocka_unit_test(test_unknown_key_suggests_nearest),
    cmocka_unit_test(test_unknown_section),
    cmocka_unit_test(test_missing_required_and_bad_value),
    cmocka_unit_test(test_duplicates_and_names),
    cmocka_unit_test(test_no_engagement_and_stray_key),
    cmocka_unit_test(test_syntax_error_and_long_line),
    cmocka_unit_test(test_missing_file),
    cmocka_unit_test(test_plugin_key_table)};

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, test_dir_setup, test_dir_teardown);
}
