/*
 * test_secret.c — secrets by reference (core/secret.c): the three forms,
 * the refusals, and that no message ever carries the secret.
 */
#include "testutil.h"
#include "secret.h"
#include <rpo/config.h>

#include <stdlib.h>
#include <sys/stat.h>

#define SECRET "s3cr3t-t0ken-value"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/rpo-secret-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static void put(const char *name, const char *text, mode_t mode)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text);
    chmod(path, mode);
}

static void test_forms(void **state)
{
    (void)state;
    char *out = NULL, why[256];
    put("tok", SECRET "\r\n", 0600);
    /* file: relative to the config's folder, one CRLF or LF dropped */
    assert_int_equal(rpo_secret_read("file:tok", dir, &out, why, sizeof why), 0);
    assert_string_equal(out, SECRET);
    rpo_secret_free(out);
    /* env: */
    setenv("RPO_TEST_SECRET", SECRET, 1);
    assert_int_equal(rpo_secret_read("env:RPO_TEST_SECRET", dir, &out, why, sizeof why), 0);
    assert_string_equal(out, SECRET);
    rpo_secret_free(out);
    unsetenv("RPO_TEST_SECRET");
    /* credential: from $CREDENTIALS_DIRECTORY, whatever its mode (systemd's) */
    put("gh-token", SECRET "\n", 0444);
    setenv("CREDENTIALS_DIRECTORY", dir, 1);
    assert_int_equal(rpo_secret_read("credential:gh-token", "/nowhere", &out, why, sizeof why), 0);
    assert_string_equal(out, SECRET);
    rpo_secret_free(out);
    unsetenv("CREDENTIALS_DIRECTORY");
    rpo_secret_free(NULL);
}

static void test_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *ref, *why;
    } cases[] = {
        {SECRET, "must say where the secret is, not hold it"},
        {"file:", "must say where the secret is"},
        {"https://hooks.example/x", "must say where the secret is"},
        {"credential:a/b", "a credential NAME has no '/'"},
        {"file:missing", "file:missing: cannot open"},
        {"file:open", "file:open: "},             /* readable by others */
        {"file:empty", "file:empty: the secret is empty"},
        {"env:RPO_TEST_UNSET", "the environment variable RPO_TEST_UNSET is not set"},
        {"credential:tok", "CREDENTIALS_DIRECTORY is not set"},
        {"file:.", "is not a regular file"},
    };
    put("open", SECRET, 0644);
    put("empty", "\n", 0600);
    unsetenv("RPO_TEST_UNSET");
    unsetenv("CREDENTIALS_DIRECTORY");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)"untouched", why[512] = "";
        assert_int_equal(rpo_secret_read(cases[i].ref, dir, &out, why, sizeof why), -1);
        assert_null(out);
        if (!strstr(why, cases[i].why))
            fail_msg("%s: '%s' lacks '%s'", cases[i].ref, why, cases[i].why);
        if (strstr(why, SECRET))
            fail_msg("%s: the reason shows the secret: %s", cases[i].ref, why);
    }
    char why[512];
    char *out;
    assert_int_equal(rpo_secret_read("file:open", dir, &out, why, sizeof why), -1);
    assert_non_null(strstr(why, "readable by others; chmod 600 it"));
    assert_null(rpo_secret_check_ref("env:X"));
    assert_null(rpo_secret_check_ref("file:/etc/rpo/t"));
    assert_null(rpo_secret_check_ref("credential:t"));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_forms, setup, teardown),
    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
};
RUN_TAP(tests)
