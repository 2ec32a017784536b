/*
 * test_json_path.c — the JSON paths and value texts of the rest source
 * (plugins/source_rest/json_path.c): well-formed and malformed paths,
 * lookups through objects and arrays, missing and mistyped steps, scalar
 * texts, and epoch milliseconds as ISO-8601 (checked against dates worked
 * out by hand).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/source_rest/json_path.h"

static json_t *load(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, 0, &err);

    assert_non_null(v);
    return v;
}

static void test_check(void **state)
{
    const char *why = NULL;
    (void)state;

    assert_int_equal(json_path_check("", &why), 0);
    assert_int_equal(json_path_check("id", &why), 0);
    assert_int_equal(json_path_check("source.public_name", &why), 0);
    assert_int_equal(json_path_check("jobs[0].id", &why), 0);
    assert_int_equal(json_path_check("[2]", &why), 0);
    assert_int_equal(json_path_check("a[1][2].b", &why), 0);

    assert_int_equal(json_path_check("a..b", &why), -1);
    assert_string_equal(why, "empty member name");
    assert_int_equal(json_path_check("a.", &why), -1);
    assert_int_equal(json_path_check(".a", &why), -1);
    assert_int_equal(json_path_check("a[", &why), -1);
    assert_string_equal(why, "expected a number inside '[ ]'");
    assert_int_equal(json_path_check("a[x]", &why), -1);
    assert_int_equal(json_path_check("a[1", &why), -1);
    assert_string_equal(why, "unclosed '['");
    assert_int_equal(json_path_check("a]", &why), -1);
    assert_string_equal(why, "']' without '['");
    assert_int_equal(json_path_check("a.[0]", &why), -1);
    assert_int_equal(json_path_check(NULL, &why), -1);
}

static void test_get(void **state)
{
    json_t *root = load("{\"id\": 7, \"source\": {\"public_name\": \"Referral\"},"
                        " \"jobs\": [{\"id\": 11}, {\"id\": 12}], \"n\": null,"
                        " \"m\": [[1, 2], [3]]}");
    (void)state;

    assert_ptr_equal(json_path_get(root, ""), root);
    assert_int_equal(json_integer_value(json_path_get(root, "id")), 7);
    assert_string_equal(json_string_value(json_path_get(root, "source.public_name")),
                        "Referral");
    assert_int_equal(json_integer_value(json_path_get(root, "jobs[1].id")), 12);
    assert_int_equal(json_integer_value(json_path_get(root, "m[0][1]")), 2);
    assert_true(json_is_null(json_path_get(root, "n")));
    /* Missing or of another type on the way: NULL, never a crash. */
    assert_null(json_path_get(root, "jobs[2].id"));
    assert_null(json_path_get(root, "missing.x"));
    assert_null(json_path_get(root, "id.x"));
    assert_null(json_path_get(root, "source[0]"));
    assert_null(json_path_get(root, "jobs.id"));
    assert_null(json_path_get(root, "n.x"));
    json_decref(root);
}

static void test_scalar_text(void **state)
{
    json_t *root = load("{\"s\": \"abc\", \"i\": -42, \"r\": 2.5, \"t\": true, \"f\": false,"
                        " \"z\": null, \"o\": {}, \"a\": []}");
    char buf[64];
    const char *text;
    size_t len;
    (void)state;

    assert_int_equal(json_scalar_text(json_object_get(root, "s"), buf, sizeof buf, &text, &len), 1);
    assert_int_equal(len, 3);
    assert_memory_equal(text, "abc", 3);
    assert_int_equal(json_scalar_text(json_object_get(root, "i"), buf, sizeof buf, &text, &len), 1);
    assert_string_equal(text, "-42");
    assert_int_equal(json_scalar_text(json_object_get(root, "r"), buf, sizeof buf, &text, &len), 1);
    assert_string_equal(text, "2.5");
    assert_int_equal(json_scalar_text(json_object_get(root, "t"), buf, sizeof buf, &text, &len), 1);
    assert_string_equal(text, "true");
    assert_int_equal(json_scalar_text(json_object_get(root, "f"), buf, sizeof buf, &text, &len), 1);
    assert_string_equal(text, "false");
    assert_int_equal(json_scalar_text(json_object_get(root, "z"), buf, sizeof buf, &text, &len), 0);
    assert_int_equal(len, 0);
    assert_int_equal(json_scalar_text(NULL, buf, sizeof buf, &text, &len), 0);
    assert_int_equal(json_scalar_text(json_object_get(root, "o"), buf, sizeof buf, &text, &len), -1);
    assert_int_equal(json_scalar_text(json_object_get(root, "a"), buf, sizeof buf, &text, &len), -1);
    /* A buffer too small for the number: refused, not truncated. */
    assert_int_equal(json_scalar_text(json_object_get(root, "i"), buf, 3, &text, &len), -1);
    json_decref(root);
}

static void test_epoch_ms(void **state)
{
    char buf[40];
    (void)state;

    assert_int_equal(json_epoch_ms_iso(0, buf, sizeof buf), 0);
    assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
    /* 2024-03-01T12:34:56.789Z: 19783 days since 1970 (by hand: 54 years
     * with 13 leap days = 19723, plus Jan 31 + Feb 29 = 60) */
    assert_int_equal(json_epoch_ms_iso((19783LL * 86400 + 12 * 3600 + 34 * 60 + 56) * 1000 + 789,
                                       buf, sizeof buf),
                     0);
    assert_string_equal(buf, "2024-03-01T12:34:56.789Z");
    /* Before 1970: the milliseconds stay positive. */
    assert_int_equal(json_epoch_ms_iso(-1, buf, sizeof buf), 0);
    assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
    assert_int_equal(json_epoch_ms_iso(253402300800000LL, buf, sizeof buf), -1);
    assert_int_equal(json_epoch_ms_iso(0, buf, 16), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_scalar_text),
        cmocka_unit_test(test_epoch_ms),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
