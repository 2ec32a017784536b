/*
 * test_pseudonym.c — HMAC-SHA256 pseudonyms. Expected values computed
 * independently with: printf C0001 | openssl dgst -sha256 -hmac KEY
 */
#include "testutil.h"
#include "pseudonym.h"

#include <sys/stat.h>

static const char key[] = "0123456789abcdef0123456789abcdef";

static void key_file(const char *path, const char *text, mode_t mode)
{
    write_file(path, text);
    chmod(path, mode);
}

static void test_known_values(void **state)
{
    (void)state;
    key_file("/tmp/rpo-test-key", "0123456789abcdef0123456789abcdef\n", 0600);
    rpo_pseudonymizer p;
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_pseudonym_load(&p, "/tmp/rpo-test-key", NULL), RPO_OK);
    capture_end(&log);
    assert_string_equal(log.text, ""); /* 0600: no warning */
    assert_int_equal(p.key_len, strlen(key)); /* the newline is not part of the key */
    char out[RPO_PSEUDONYM_HEX + 1];
    assert_int_equal(rpo_pseudonymize(&p, "C0001", 5, out), RPO_OK);
    assert_string_equal(out, "031a5137165dc2ba4028c0aab0a19a6b");
    assert_int_equal(rpo_pseudonymize(&p, "C0002", 5, out), RPO_OK);
    assert_string_equal(out, "02963b98d1078dfe1ee28ac8cdd0af4f");
    rpo_pseudonym_wipe(&p);
    assert_int_equal(p.key_len, 0);
    assert_int_equal(rpo_pseudonymize(&p, "C0001", 5, out), RPO_ECONFIG);
    assert_string_equal(out, "");
    unlink("/tmp/rpo-test-key");
}

static void test_key_from_environment(void **state)
{
    (void)state;
    key_file("/tmp/rpo-test-key-env", key, 0600);
    setenv("RPO_PSEUDONYM_KEY_FILE", "/tmp/rpo-test-key-env", 1);
    rpo_pseudonymizer p;
    assert_int_equal(rpo_pseudonym_load(&p, NULL, NULL), RPO_OK);
    char out[RPO_PSEUDONYM_HEX + 1];
    assert_int_equal(rpo_pseudonymize(&p, "C0001", 5, out), RPO_OK);
    assert_string_equal(out, "031a5137165dc2ba4028c0aab0a19a6b");
    unsetenv("RPO_PSEUDONYM_KEY_FILE");
    assert_int_equal(rpo_pseudonym_load(&p, NULL, NULL), RPO_OK);
    assert_int_equal(p.key_len, 0); /* no key anywhere: ids are not kept */
    unlink("/tmp/rpo-test-key-env");
}

static void test_bad_key_files(void **state)
{
    (void)state;
    rpo_pseudonymizer p;
    capture log;
    capture_begin(&log);
    int rc = rpo_pseudonym_load(&p, "/nonexistent/key", NULL);
    capture_end(&log);
    assert_int_equal(rc, RPO_ENOINPUT);
    assert_contains(log.text, "cannot open pseudonym key file /nonexistent/key");
    key_file("/tmp/rpo-test-key-short", "short\n", 0600);
    capture_begin(&log);
    rc = rpo_pseudonym_load(&p, "/tmp/rpo-test-key-short", NULL);
    capture_end(&log);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_contains(log.text, "must hold 16 to 256 bytes");
    assert_null(strstr(log.text, "short\n")); /* the key itself is never logged */
    key_file("/tmp/rpo-test-key-short", key, 0644);
    capture_begin(&log);
    rc = rpo_pseudonym_load(&p, "/tmp/rpo-test-key-short", NULL);
    capture_end(&log);
    assert_int_equal(rc, RPO_OK);
    assert_contains(log.text, "is readable by others; chmod 600 it");
    assert_null(strstr(log.text, key));
    unlink("/tmp/rpo-test-key-short");
    /* A full 256-byte key with its newline is accepted; 257 bytes are not. */
    char big[300];
    memset(big, 'k', 256);
    strcpy(big + 256, "\n");
    key_file("/tmp/rpo-test-key-big", big, 0600);
    assert_int_equal(rpo_pseudonym_load(&p, "/tmp/rpo-test-key-big", NULL), RPO_OK);
    assert_int_equal(p.key_len, 256);
    strcpy(big + 256, "k\n");
    key_file("/tmp/rpo-test-key-big", big, 0600);
    capture_begin(&log);
    rc = rpo_pseudonym_load(&p, "/tmp/rpo-test-key-big", NULL);
    capture_end(&log);
    assert_int_equal(rc, RPO_ECONFIG);
    unlink("/tmp/rpo-test-key-big");
}

static const struct CMUnitTest tests[] = {cmocka_unit_test(test_known_values),
                                          cmocka_unit_test(test_key_from_environment),
                                          cmocka_unit_test(test_bad_key_files)};
RUN_TAP(tests)
