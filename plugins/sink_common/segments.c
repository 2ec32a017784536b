/*
 * sink_common/segments.c — the `segments` key (see segments.h).
 */
#include "segments.h"

#include <string.h>

/* The dimensions the engine segments by (rpo_segment.dimension). */
static const char *const known_dimensions[] = { "department", "location",       "level", "source",
                                                "recruiter",  "hiring_manager", "owner" };

/* The next item of a comma-separated LIST at *P: stores its start and
 * length (blanks trimmed) and advances *P; 0 at the end of the list. */
static int next_item(const char **p, const char **start, size_t *len)
{
    const char *s = *p, *e, *t;

    while (*s == ' ' || *s == '\t' || *s == ',')
        s++;
    if (*s == '\0')
        return 0;
    for (e = s; *e != '\0' && *e != ','; e++)
        ;
    for (t = e; t > s && (t[-1] == ' ' || t[-1] == '\t'); t--)
        ;
    *start = s;
    *len = (size_t)(t - s);
    *p = e;
    return 1;
}

static int is_all_or_none(const char *list, const char *word)
{
    const char *p = list, *s;
    size_t n;

    return next_item(&p, &s, &n) && n == strlen(word) && strncmp(s, word, n) == 0 &&
           !next_item(&p, &s, &n);
}

int sink_segments_check(rpo_instance *inst, const char *key, const char *list)
{
    const char *p = list != NULL ? list : "", *s;
    size_t n;

    if (is_all_or_none(p, "all") || is_all_or_none(p, "none"))
        return RPO_OK;
    while (next_item(&p, &s, &n)) {
        int known = 0;
        for (size_t i = 0; i < sizeof known_dimensions / sizeof known_dimensions[0]; i++)
            if (strlen(known_dimensions[i]) == n && strncmp(known_dimensions[i], s, n) == 0)
                known = 1;
        if (!known)
            return rpo_config_error(inst, key,
                                    "unknown dimension \"%.*s\"; write all, none, or "
                                    "dimensions among department, location, level, source, "
                                    "recruiter, hiring_manager, owner",
                                    (int)(n > 64 ? 64 : n), s);
    }
    return RPO_OK;
}

int sink_segments_listed(const char *list, const char *dimension)
{
    const char *p = list != NULL ? list : "", *s;
    size_t n, dn = strlen(dimension);

    if (is_all_or_none(p, "all"))
        return 1;
    while (next_item(&p, &s, &n))
        if (n == dn && strncmp(s, dimension, n) == 0)
            return 1;
    return 0;
}

int sink_segments_none(const char *list)
{
    const char *p = list != NULL ? list : "", *s;
    size_t n;

    return is_all_or_none(p, "none") || !next_item(&p, &s, &n);
}
