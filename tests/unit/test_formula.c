/*
 * test_formula.c — parsing and evaluating custom metric formulas: precedence,
 * unary minus, min/max, the Unicode operators, names and their suffixes, the
 * column and message of every parse error, and evaluation failures.
 */
#include "testutil.h"
#include "formula.h"

/* A fixed table of values for the lookup callback; names not in it are unavailable. */
typedef struct table {
    const char *const *names;
    const double *values;
    size_t n;
    int calls;
} table;

static int lookup(void *arg, const char *name, double *value)
{
    table *t = arg;
    t->calls++;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->names[i], name)) {
            *value = t->values[i];
            return 0;
        }
    return 1;
}

static const char *const names[] = {"a",      "b",       "c",       "hires.n", "applications.n",
                                    "time_to_fill.p90",  "min",     "max.p90", "zero"};
static const double values[] = {2, 3, 10, 5, 200, 47.5, 10, 90, 0};
#define N_VALUES (sizeof values / sizeof values[0])

/* Parses and evaluates TEXT, which must succeed; returns its value. */
static double ev(const char *text)
{
    rpo_formula *f = NULL;
    size_t col = 0;
    const char *msg = NULL;
    if (rpo_formula_parse(text, &f, &col, &msg))
        fail_msg("\"%s\": column %zu: %s", text, col, msg);
    table t = {names, values, N_VALUES, 0};
    double v = 0;
    const int rc = rpo_formula_eval(f, lookup, &t, &v);
    rpo_formula_free(f);
    if (rc != RPO_FORMULA_OK)
        fail_msg("\"%s\": eval returned %d", text, rc);
    return v;
}

/* Asserts that TEXT fails to parse at column COL with message MSG. */
#define assert_parse_error(text, col, msg)                                                \
    do {                                                                                  \
        rpo_formula *f_ = (rpo_formula *)&f_; /* not NULL, to see it reset */           \
        size_t col_ = 0;                                                                  \
        const char *msg_ = NULL;                                                          \
        assert_int_equal(rpo_formula_parse((text), &f_, &col_, &msg_), -1);               \
        assert_null(f_);                                                                  \
        assert_string_equal(msg_, (msg));                                                 \
        if (col_ != (size_t)(col))                                                        \
            fail_msg("\"%s\": column %zu, expected %d", (text), col_, (int)(col));       \
    } while (0)

/* Evaluates TEXT, which must parse, and returns eval's status. */
static int eval_status(const char *text, int *calls)
{
    rpo_formula *f;
    assert_int_equal(rpo_formula_parse(text, &f, NULL, NULL), 0);
    table t = {names, values, N_VALUES, 0};
    double v = -12345;
    const int rc = rpo_formula_eval(f, lookup, &t, &v);
    if (rc != RPO_FORMULA_OK)
        assert_true(v == -12345); /* untouched on failure */
    if (calls)
        *calls = t.calls;
    rpo_formula_free(f);
    return rc;
}

static void test_precedence_and_associativity(void **state)
{
    (void)state;
    assert_true(ev("8-2-1") == 5);      /* (8-2)-1, not 8-(2-1) = 7 */
    assert_true(ev("2+3*4") == 14);     /* 2+(3*4) */
    assert_true(ev("12/3/2") == 2);     /* (12/3)/2, not 12/(3/2) = 8 */
    assert_true(ev("2*3+4") == 10);
    assert_true(ev("(2+3)*4") == 20);
    assert_true(ev("10-4/2*3") == 4);   /* 10-((4/2)*3) */
    assert_true(ev("  1\t+\n2 ") == 3); /* whitespace anywhere */
    assert_true(ev("12") == 12);
    assert_true(ev("0.5") == 0.5);
    assert_true(ev("100.25") == 100.25);
    assert_true(ev("a*b+c") == 16);
}

static void test_unary_minus(void **state)
{
    (void)state;
    assert_true(ev("-3") == -3);
    assert_true(ev("--3") == 3);
    assert_true(ev("- - -3") == -3);
    assert_true(ev("-2*3") == -6);
    assert_true(ev("2*-3") == -6);
    assert_true(ev("-(1+2)") == -3);
    assert_true(ev("1 - -1") == 2);
    assert_true(ev("-2-3") == -5);
    assert_true(ev("-a+b") == 1);
}

static void test_min_max(void **state)
{
    (void)state;
    assert_true(ev("min(3, 1, 2)") == 1);
    assert_true(ev("max(3, 1, 2)") == 3);
    assert_true(ev("max(-4, -7, -5, -9)") == -4);
    assert_true(ev("min(7)") == 7);
    assert_true(ev("max(min(4, 9), 2*3) - 1") == 5);
    assert_true(ev("min (a, b) + max\t(a, b)") == 5); /* space before '(' */
    assert_true(ev("min((1+2)*3, c)") == 9);
    /* Not followed by '(': a name like any other. */
    assert_true(ev("min + 1") == 11);
    assert_true(ev("max.p90 - min") == 80);
}

static void test_unicode_operators(void **state)
{
    (void)state;
    assert_true(ev("10 − 4 × 2 ÷ 8") == 9); /* U+2212, U+00D7, U+00F7 */
    assert_true(ev("−a×b") == -6);
    assert_true(ev("12÷3÷2") == 2);
    assert_true(ev("8−2−1") == 5);
    assert_true(ev("max(1 − 2, −3)") == -1);
}

static void test_names_and_refs(void **state)
{
    (void)state;
    assert_true(ev("hires.n / applications.n * 100") == 2.5);
    assert_true(ev("time_to_fill.p90 - 7.5") == 40);
    rpo_formula *f;
    assert_int_equal(rpo_formula_parse("a + b.n * a - min(b.n, c) + a + _x9.p50", &f, NULL, NULL),
                     0);
    assert_int_equal(rpo_formula_ref_count(f), 4);
    assert_string_equal(rpo_formula_ref(f, 0), "a");
    assert_string_equal(rpo_formula_ref(f, 1), "b.n");
    assert_string_equal(rpo_formula_ref(f, 2), "c");
    assert_string_equal(rpo_formula_ref(f, 3), "_x9.p50");
    rpo_formula_free(f);
    /* Functions are not refs; a bare "min" is. */
    assert_int_equal(rpo_formula_parse("max(1, 2) * min", &f, NULL, NULL), 0);
    assert_int_equal(rpo_formula_ref_count(f), 1);
    assert_string_equal(rpo_formula_ref(f, 0), "min");
    rpo_formula_free(f);
    assert_int_equal(rpo_formula_parse("(1 + 2)", &f, NULL, NULL), 0);
    assert_int_equal(rpo_formula_ref_count(f), 0);
    rpo_formula_free(f);
    rpo_formula_free(NULL);
}

static void test_parse_errors(void **state)
{
    (void)state;
    assert_parse_error("", 1, "empty formula");
    assert_parse_error("  \t ", 1, "empty formula");
    assert_parse_error("1 + * 2", 5, "expected a number, name or '('");
    assert_parse_error("()", 2, "expected a number, name or '('");
    assert_parse_error("min(1,)", 7, "expected a number, name or '('");
    assert_parse_error("(1 + 2", 7, "expected ')'"); /* one past the end */
    assert_parse_error("(1 2)", 4, "expected ')'");
    assert_parse_error("1 +", 4, "unexpected end of formula");
    assert_parse_error("-", 2, "unexpected end of formula");
    assert_parse_error("max(1,", 7, "unexpected end of formula");
    assert_parse_error("a # b", 3, "unknown character '#'");
    assert_parse_error("a ' b", 3, "unknown character '''");
    assert_parse_error("a\\b", 2, "unknown character '\\'");
    assert_parse_error("a – b", 3, "unknown character"); /* U+2013 EN DASH */
    assert_parse_error("a\x01", 2, "unknown character");
    assert_parse_error("min()", 1, "min() needs at least one argument");
    assert_parse_error("2 * max( )", 5, "max() needs at least one argument");
    assert_parse_error("min(1 2)", 7, "expected ',' or ')'");
    assert_parse_error("max(1, 2", 9, "expected ',' or ')'");
    assert_parse_error("1 2", 3, "expected an operator");
    assert_parse_error("a (b)", 3, "expected an operator");
    assert_parse_error("2x", 2, "expected an operator");
    assert_parse_error("1, 2", 2, "expected an operator");
    assert_parse_error("(1))", 4, "unmatched ')'");
    assert_parse_error("1.", 2, "expected digits after '.'");
    assert_parse_error("3 * 1.x", 6, "expected digits after '.'");
    assert_parse_error("1.5.2", 4, "misplaced '.'");
    assert_parse_error(".5", 1, "misplaced '.'");
    assert_parse_error("hires.", 6, "expected a suffix after '.'");
    assert_parse_error("a.b.c", 4, "a name has at most one '.' suffix");
    assert_parse_error("Hires", 1, "names are lower case");
    assert_parse_error("hiresN", 6, "names are lower case");
    /* Columns count characters, not bytes: '÷' and '×' are two bytes, '−' three. */
    assert_parse_error("a − b ÷ )", 9, "expected a number, name or '('");
    assert_parse_error("1 ÷ (2 × #)", 10, "unknown character '#'");
    assert_parse_error("−−", 3, "unexpected end of formula");
    /* The error pointers are optional. */
    rpo_formula *f;
    assert_int_equal(rpo_formula_parse("1 +", &f, NULL, NULL), -1);
    assert_null(f);
}

static void test_eval_failures(void **state)
{
    (void)state;
    int calls;
    assert_int_equal(eval_status("1/0", NULL), RPO_FORMULA_DIVZERO);
    assert_int_equal(eval_status("0/0", NULL), RPO_FORMULA_DIVZERO);
    assert_int_equal(eval_status("a / (b - b)", NULL), RPO_FORMULA_DIVZERO);
    assert_int_equal(eval_status("hires.n ÷ zero", NULL), RPO_FORMULA_DIVZERO);
    assert_int_equal(eval_status("1 / -zero", NULL), RPO_FORMULA_DIVZERO); /* -0.0 too */
    assert_true(ev("1/0.5") == 2);
    assert_int_equal(eval_status("a + missing", &calls), RPO_FORMULA_UNDEFINED);
    assert_int_equal(calls, 2);
    assert_int_equal(eval_status("max(a, hires.p50)", NULL), RPO_FORMULA_UNDEFINED);
    /* Suffixes are part of the name: "hires" alone is not "hires.n". */
    assert_int_equal(eval_status("hires", NULL), RPO_FORMULA_UNDEFINED);
    /* A name is looked up each time it is used. */
    assert_int_equal(eval_status("a + a * a", &calls), RPO_FORMULA_OK);
    assert_int_equal(calls, 3);
}

/* Returns a formula of N copies of OPEN, then MIDDLE, then N copies of CLOSE. Caller frees. */
static char *nest(int n, const char *open, const char *middle, const char *close)
{
    const size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
    char *s = malloc((size_t)n * (lo + lc) + lm + 1), *p = s;
    assert_non_null(s);
    for (int i = 0; i < n; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, middle, lm);
    p += lm;
    for (int i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char *s = nest(RPO_FORMULA_MAX_DEPTH, "(", "1", ")");
    assert_true(ev(s) == 1);
    free(s);
    s = nest(RPO_FORMULA_MAX_DEPTH + 1, "(", "1", ")");
    assert_parse_error(s, RPO_FORMULA_MAX_DEPTH + 1, "formula nested too deeply");
    free(s);
    s = nest(RPO_FORMULA_MAX_DEPTH, "-", "1", "");
    assert_true(ev(s) == 1); /* an even number of minuses */
    free(s);
    s = nest(RPO_FORMULA_MAX_DEPTH + 1, "-", "1", "");
    assert_parse_error(s, RPO_FORMULA_MAX_DEPTH + 1, "formula nested too deeply");
    free(s);
    s = nest(RPO_FORMULA_MAX_DEPTH + 1, "min(", "1", ")");
    assert_parse_error(s, 4 * RPO_FORMULA_MAX_DEPTH + 1, "formula nested too deeply");
    free(s);
    /* Hostile input fails at the limit instead of overflowing the stack. */
    s = nest(1000000, "(", "", "");
    assert_parse_error(s, RPO_FORMULA_MAX_DEPTH + 1, "formula nested too deeply");
    free(s);
    /* The deepest formula that keeps three values pending at every level
     * (a sum's left side, a product's left side, a max's running value). */
    s = nest(RPO_FORMULA_MAX_DEPTH, "1+2*max(1,", "1", ")");
    double want = 1;
    for (int i = 0; i < RPO_FORMULA_MAX_DEPTH; i++)
        want = 1 + 2 * (want > 1 ? want : 1);
    assert_true(ev(s) == want);
    free(s);
    /* Long but flat formulas are fine. */
    s = nest(10000, "1+", "0", "");
    assert_true(ev(s) == 10000);
    free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_precedence_and_associativity), cmocka_unit_test(test_unary_minus),
    cmocka_unit_test(test_min_max), cmocka_unit_test(test_unicode_operators),
    cmocka_unit_test(test_names_and_refs), cmocka_unit_test(test_parse_errors),
    cmocka_unit_test(test_eval_failures), cmocka_unit_test(test_nesting_limit)};
RUN_TAP(tests)
