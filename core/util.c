/*
 * util.c — small helpers. Out-of-memory aborts: a recruiting report that
 * cannot allocate a few kilobytes has no sensible way to go on.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("rpo: error: out of memory\n", stderr);
    abort();
}

void *rpo_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom();
    return q;
}

void *rpo_xcalloc(size_t n, size_t size)
{
    void *q = calloc(n ? n : 1, size ? size : 1);
    if (!q)
        oom();
    return q;
}

char *rpo_xstrndup(const char *s, size_t n)
{
    char *d = rpo_xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *rpo_xstrdup(const char *s)
{
    return rpo_xstrndup(s, strlen(s));
}

size_t rpo_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return la > lb ? la : lb;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (up + 1 < best)
                best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

int rpo_is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

char *rpo_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !*dir)
        return rpo_xstrdup(rel);
    size_t ld = strlen(dir), lr = strlen(rel);
    char *p = rpo_xrealloc(NULL, ld + lr + 2);
    memcpy(p, dir, ld);
    p[ld] = '/';
    memcpy(p + ld + 1, rel, lr + 1);
    return p;
}
