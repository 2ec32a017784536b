/*
 * parse.h — strict parsing of numbers, money and booleans from record text.
 *
 * Strict means: the whole text must be the value. No thousands separators,
 * no currency signs, no surrounding text; leading and trailing blanks are
 * tolerated because spreadsheet exports pad cells.
 */
#ifndef RPO_CORE_PARSE_H
#define RPO_CORE_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Money is kept as an exact integer of 1/10000 of the currency unit. */
#define RPO_MONEY_SCALE 10000

/*
 * rpo_parse_number — a decimal number ([-+]digits[.digits][e[-+]digits])
 * into *OUT. Returns 0, or -1 with a static reason in *WHY.
 */
int rpo_parse_number(const char *s, size_t len, double *out, const char **why);

/*
 * rpo_parse_integer — a whole number in [MIN, MAX] into *OUT. Returns 0, or
 * -1 with a static reason in *WHY.
 */
int rpo_parse_integer(const char *s, size_t len, long min, long max, long *out,
                      const char **why);

/*
 * rpo_parse_money — a decimal amount with at most 4 decimals into *OUT in
 * units of 1/RPO_MONEY_SCALE, exactly (no floating point). Returns 0, or -1
 * with a static reason in *WHY (too many decimals, out of range, ...).
 */
int rpo_parse_money(const char *s, size_t len, int64_t *out, const char **why);

/*
 * rpo_parse_bool — true/false, yes/no, y/n, on/off, 1/0 (any case) into
 * *OUT (1 or 0). Returns 0, or -1 with a static reason in *WHY.
 */
int rpo_parse_bool(const char *s, size_t len, int *out, const char **why);

#endif
