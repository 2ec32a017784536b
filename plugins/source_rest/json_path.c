/*
 * json_path.c — dotted JSON paths with [N] indexes (json_path.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_path.h"

int json_path_check(const char *path, const char **why)
{
    const char *p = path;

    if (!path) {
        *why = "no path";
        return -1;
    }
    if (*p == '\0')
        return 0; /* the item itself */
    for (;;) {
        if (*p == '[') {
            const char *d = ++p;
            while (*p >= '0' && *p <= '9')
                p++;
            if (p == d || *p != ']') {
                *why = p == d ? "expected a number inside '[ ]'" : "unclosed '['";
                return -1;
            }
            p++;
        } else {
            size_t n = strcspn(p, ".[]");
            if (n == 0) {
                *why = *p == ']' ? "']' without '['" : "empty member name";
                return -1;
            }
            p += n;
        }
        if (*p == '\0')
            return 0;
        if (*p == '.') {
            p++;
            if (*p == '\0' || *p == '.' || *p == '[') {
                *why = "empty member name";
                return -1;
            }
        } else if (*p != '[') {
            *why = "']' without '['";
            return -1;
        }
    }
}

json_t *json_path_get(json_t *root, const char *path)
{
    const char *p = path;
    json_t *v = root;

    while (v && *p) {
        if (*p == '[') {
            char *end;
            unsigned long long i = strtoull(p + 1, &end, 10);
            if (!json_is_array(v) || *end != ']')
                return NULL;
            v = i < json_array_size(v) ? json_array_get(v, (size_t)i) : NULL;
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            char name[256];
            if (!json_is_object(v) || n >= sizeof name)
                return NULL;
            memcpy(name, p, n);
            name[n] = '\0';
            v = json_object_get(v, name);
            p += n;
        }
        if (*p == '.')
            p++;
    }
    return v;
}

int json_scalar_text(const json_t *v, char *buf, size_t size, const char **text, size_t *len)
{
    int n = 0;

    *text = "";
    *len = 0;
    if (!v || json_is_null(v))
        return 0;
    switch (json_typeof(v)) {
    case JSON_STRING:
        *text = json_string_value(v);
        *len = json_string_length(v);
        return 1;
    case JSON_INTEGER:
        n = snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        n = snprintf(buf, size, "%.17g", json_real_value(v));
        break;
    case JSON_TRUE:
        n = snprintf(buf, size, "true");
        break;
    case JSON_FALSE:
        n = snprintf(buf, size, "false");
        break;
    default:
        return -1;
    }
    if (n < 0 || (size_t)n >= size)
        return -1;
    *text = buf;
    *len = (size_t)n;
    return 1;
}

int json_epoch_ms_iso(long long ms, char *buf, size_t size)
{
    /* Years 0001..9999: -62135596800000 .. 253402300799999 ms. */
    long long secs, rem;
    struct tm tm;
    time_t t;

    if (ms < -62135596800000LL || ms > 253402300799999LL || size < 32)
        return -1;
    secs = ms / 1000;
    rem = ms % 1000;
    if (rem < 0) {
        rem += 1000;
        secs--;
    }
    t = (time_t)secs;
    if (!gmtime_r(&t, &tm))
        return -1;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, rem);
    return 0;
}
