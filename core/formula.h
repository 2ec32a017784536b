/*
 * formula.h — custom metric formulas such as
 * "hires.n / applications.n * 100" or "max(time_to_fill.p90 − 30, 0)".
 *
 * Grammar (whitespace allowed between any two tokens):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | NAME | '(' expr ')' | ('min' | 'max') '(' expr (',' expr)* ')'
 *   NUMBER  := [0-9]+ ('.' [0-9]+)?            (no sign, no exponent)
 *   NAME    := [a-z_][a-z0-9_]* ('.' [a-z0-9_]+)?   e.g. time_to_fill.p90
 * The UTF-8 characters U+2212 '−', U+00D7 '×' and U+00F7 '÷' stand for
 * '-', '*' and '/'. "min" and "max" followed by '(' are functions; otherwise
 * they are names like any other. Operators of one level associate to the left.
 * Nesting (parentheses, function calls and unary minus together) is limited to
 * RPO_FORMULA_MAX_DEPTH levels so that hostile input cannot exhaust the stack.
 *
 * A parsed formula is immutable: evaluating it from several threads at once
 * is safe as long as the lookup callback is.
 */
#ifndef RPO_CORE_FORMULA_H
#define RPO_CORE_FORMULA_H

#include <stddef.h>

#define RPO_FORMULA_MAX_DEPTH 64

typedef struct rpo_formula rpo_formula; /* opaque; owned by the caller */

/* Results of rpo_formula_eval. */
enum {
    RPO_FORMULA_OK = 0,
    RPO_FORMULA_UNDEFINED = 1, /* the lookup had no value for a referenced name */
    RPO_FORMULA_DIVZERO = 2    /* a division by zero */
};

/*
 * rpo_formula_parse — compile the NUL-terminated UTF-8 TEXT into a new
 * formula stored in *OUT, which the caller frees with rpo_formula_free.
 * Returns 0, or -1 with *OUT = NULL, *ERR_COL = the 1-based column of the
 * offending token (counted in characters, a multi-byte UTF-8 character being
 * one; one past the last character when the formula ends too early) and
 * *ERR_MSG = a static message such as "expected ')'". ERR_COL and ERR_MSG may
 * be NULL. TEXT is not kept.
 */
int rpo_formula_parse(const char *text, rpo_formula **out, size_t *err_col,
                      const char **err_msg);

/* rpo_formula_ref_count — how many distinct names F references. */
size_t rpo_formula_ref_count(const rpo_formula *f);

/*
 * rpo_formula_ref — the I-th distinct name F references (I < ref_count), in
 * order of first use, with its suffix ("hires.n"). Owned by F.
 */
const char *rpo_formula_ref(const rpo_formula *f, size_t i);

/*
 * rpo_formula_lookup — supplies the value of NAME (one of the formula's refs)
 * in *VALUE and returns 0, or returns nonzero when that value is unavailable.
 * ARG is the pointer given to rpo_formula_eval.
 */
typedef int (*rpo_formula_lookup)(void *arg, const char *name, double *value);

/*
 * rpo_formula_eval — evaluate F in double precision, asking LOOKUP for each
 * name as it is reached (a name used twice is looked up twice). Returns
 * RPO_FORMULA_OK and sets *OUT, or RPO_FORMULA_UNDEFINED at the first name
 * LOOKUP has no value for, or RPO_FORMULA_DIVZERO when a divisor is zero;
 * *OUT is left alone on failure. Overflow gives ±inf as in C. Allocates nothing.
 */
int rpo_formula_eval(const rpo_formula *f, rpo_formula_lookup lookup, void *arg, double *out);

/* rpo_formula_free — release F (NULL is fine). */
void rpo_formula_free(rpo_formula *f);

#endif
