/*
 * parse.c — strict value parsers shared by record validation and config.
 */
#include "parse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Trims blanks from both ends of S[0..*LEN); returns the new start. */
static const char *trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

int rpo_parse_number(const char *s, size_t len, double *out, const char **why)
{
    char buf[64];
    s = trim(s, &len);
    if (len == 0 || len >= sizeof buf) {
        *why = len ? "number too long" : "empty number";
        return -1;
    }
    /* Check the grammar ourselves: strtod also takes hex, inf and nan. */
    size_t i = 0;
    int nd = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, nd++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, nd++;
    }
    if (nd && i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        int ne = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, ne++;
        if (!ne)
            nd = 0;
    }
    if (!nd || i != len) {
        *why = memchr(s, ',', len) ? "not a number (use '.' as decimal point, no thousands separators)"
                                   : "not a number";
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE) {
        *why = "number out of range";
        return -1;
    }
    *out = v;
    return 0;
}

int rpo_parse_integer(const char *s, size_t len, long min, long max, long *out,
                      const char **why)
{
    s = trim(s, &len);
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i == len) {
        *why = "not a whole number";
        return -1;
    }
    long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            *why = "not a whole number";
            return -1;
        }
        if (v > ((long long)LONG_MAX - (s[i] - '0')) / 10) {
            *why = "number out of range";
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (neg)
        v = -v;
    if (v < min || v > max) {
        *why = "number out of range";
        return -1;
    }
    *out = (long)v;
    return 0;
}

int rpo_parse_money(const char *s, size_t len, int64_t *out, const char **why)
{
    s = trim(s, &len);
    size_t i = 0;
    int neg = 0, nd = 0, frac = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    int64_t v = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, nd++) {
        if (v > (INT64_MAX / 10 - 9) / RPO_MONEY_SCALE) {
            *why = "amount out of range";
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    v *= RPO_MONEY_SCALE;
    if (i < len && s[i] == '.') {
        int64_t place = RPO_MONEY_SCALE / 10;
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, nd++, frac++) {
            if (frac == 4) {
                *why = "amount has more than 4 decimals";
                return -1;
            }
            v += (s[i] - '0') * place;
            place /= 10;
        }
    }
    if (!nd || i != len) {
        *why = memchr(s, ',', len) ? "not an amount (use '.' as decimal point, no thousands separators)"
                                   : "not an amount";
        return -1;
    }
    *out = neg ? -v : v;
    return 0;
}

int rpo_parse_bool(const char *s, size_t len, int *out, const char **why)
{
    static const struct {
        const char *word;
        int value;
    } words[] = {{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}, {"y", 1},
                 {"n", 0},    {"on", 1},    {"off", 0}, {"1", 1},   {"0", 0}};
    s = trim(s, &len);
    /* The common spellings first, without the case-insensitive search. */
    if (len == 1 && (*s == '0' || *s == '1')) {
        *out = *s == '1';
        return 0;
    }
    if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 5 && memcmp(s, "false", 5) == 0)) {
        *out = len == 4;
        return 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i].word) == len && (s[0] | 0x20) == words[i].word[0] &&
            strncasecmp(s, words[i].word, len) == 0) {
            *out = words[i].value;
            return 0;
        }
    }
    *why = "not a boolean (true/false, yes/no, 1/0)";
    return -1;
}
