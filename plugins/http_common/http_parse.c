/*
 * http_parse.c — the pure parts of the HTTP layer: Link and Retry-After
 * header values, and the backoff schedule with its random draws. No I/O, no
 * libcurl, so the unit tests reach every branch directly.
 */
#define _XOPEN_SOURCE 700 /* strptime */
#include "http.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ Link */

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Whether the space-separated relation list REL[0..LEN) contains "next". */
static int rel_has_next(const char *rel, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t start;
        while (i < len && (rel[i] == ' ' || rel[i] == '\t'))
            i++;
        start = i;
        while (i < len && rel[i] != ' ' && rel[i] != '\t')
            i++;
        if (i - start == 4 && strncasecmp(rel + start, "next", 4) == 0)
            return 1;
    }
    return 0;
}

/*
 * Reads the parameters of one link-value starting at *P (just after '>'),
 * up to the comma that ends it or the end of the string; advances *P past
 * them. Returns 1 when one of them is rel with "next" in it.
 */
static int params_say_next(const char **p)
{
    const char *s = *p;
    int next = 0;

    for (;;) {
        const char *name, *value;
        size_t name_len, value_len;

        s = skip_space(s);
        if (*s != ';')
            break;
        s = skip_space(s + 1);
        name = s;
        while (*s != '\0' && *s != '=' && *s != ';' && *s != ',' && *s != ' ' && *s != '\t')
            s++;
        name_len = (size_t)(s - name);
        s = skip_space(s);
        value = s;
        value_len = 0;
        if (*s == '=') {
            s = skip_space(s + 1);
            if (*s == '"') {
                value = ++s;
                while (*s != '\0' && *s != '"') {
                    if (*s == '\\' && s[1] != '\0')
                        s++;
                    s++;
                }
                value_len = (size_t)(s - value);
                if (*s == '"')
                    s++;
            } else {
                value = s;
                while (*s != '\0' && *s != ';' && *s != ',' && *s != ' ' && *s != '\t')
                    s++;
                value_len = (size_t)(s - value);
            }
        }
        if (name_len == 3 && strncasecmp(name, "rel", 3) == 0 && rel_has_next(value, value_len))
            next = 1;
    }
    /* Anything else up to the separating comma is not a parameter: skip it. */
    while (*s != '\0' && *s != ',')
        s++;
    *p = s;
    return next;
}

/* http_link_next — see http.h. */
char *http_link_next(const char *value)
{
    const char *s = value;

    if (value == NULL)
        return NULL;
    while (*s != '\0') {
        const char *url, *end;

        s = skip_space(s);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s != '<') {
            /* Not a link-value: skip to the next one. */
            while (*s != '\0' && *s != ',')
                s++;
            continue;
        }
        url = s + 1;
        end = strchr(url, '>');
        if (end == NULL)
            return NULL;
        s = end + 1;
        if (params_say_next(&s) && end > url)
            return strndup(url, (size_t)(end - url));
    }
    return NULL;
}

/* ----------------------------------------------------------- Retry-After */

/* http_retry_after_ms — see http.h. */
long http_retry_after_ms(const char *value, time_t now)
{
    static const char *const formats[] = {
        "%a, %d %b %Y %H:%M:%S GMT", /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
        "%A, %d-%b-%y %H:%M:%S GMT", /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
        "%a %b %e %H:%M:%S %Y",      /* asctime: Sun Nov  6 08:49:37 1994 */
    };
    const char *s;
    char *end;

    if (value == NULL)
        return -1;
    s = skip_space(value);
    if (isdigit((unsigned char)*s)) {
        unsigned long long secs = strtoull(s, &end, 10);
        if (*skip_space(end) != '\0')
            return -1;
        if (secs > (unsigned long long)(LONG_MAX / 1000))
            return LONG_MAX;
        return (long)secs * 1000;
    }
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        struct tm tm;
        time_t at;

        memset(&tm, 0, sizeof(tm));
        end = strptime(s, formats[i], &tm);
        if (end == NULL || *skip_space(end) != '\0')
            continue;
        at = timegm(&tm);
        if (at == (time_t)-1)
            return -1;
        if (at <= now)
            return 0;
        if ((double)(at - now) > (double)(LONG_MAX / 1000))
            return LONG_MAX;
        return (long)(at - now) * 1000;
    }
    return -1;
}

/* ---------------------------------------------------------------- backoff */

/* http_backoff_ms — see http.h. */
long http_backoff_ms(long base_ms, unsigned retry, double u)
{
    long ceiling = base_ms < 0 ? 0 : base_ms;

    if (ceiling > HTTP_BACKOFF_CAP_MS)
        ceiling = HTTP_BACKOFF_CAP_MS;
    for (unsigned i = 1; i < retry && ceiling < HTTP_BACKOFF_CAP_MS; i++)
        ceiling *= 2;
    if (ceiling > HTTP_BACKOFF_CAP_MS)
        ceiling = HTTP_BACKOFF_CAP_MS;
    if (!(u >= 0.0)) /* also NaN */
        u = 0.0;
    if (u >= 1.0)
        return ceiling;
    return (long)(u * (double)ceiling);
}

/* http_random_unit — see http.h (xorshift64*, Vigna 2014; the top 53 bits). */
double http_random_unit(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return (double)((x * UINT64_C(2685821657736338717)) >> 11) / 9007199254740992.0;
}
