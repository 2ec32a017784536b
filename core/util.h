/*
 * util.h — small string and memory helpers used across core.
 */
#ifndef RPO_CORE_UTIL_H
#define RPO_CORE_UTIL_H

#include <stddef.h>

/* rpo_xstrdup / rpo_xstrndup — strdup that aborts on out-of-memory (the
 * engine treats OOM as fatal, as SQLite's default does). Caller frees. */
char *rpo_xstrdup(const char *s);
char *rpo_xstrndup(const char *s, size_t n);

/* rpo_xrealloc — realloc that aborts on out-of-memory. */
void *rpo_xrealloc(void *p, size_t size);

/* rpo_xcalloc — calloc that aborts on out-of-memory. */
void *rpo_xcalloc(size_t n, size_t size);

/* rpo_edit_distance — Levenshtein distance of A and B (bytes). */
size_t rpo_edit_distance(const char *a, const char *b);

/* rpo_is_name — 1 if S is non-empty and only [a-z0-9_]. */
int rpo_is_name(const char *s);

/* rpo_path_join — DIR + "/" + REL, or a copy of REL if it is absolute or
 * DIR is NULL/empty. Caller frees. */
char *rpo_path_join(const char *dir, const char *rel);

#endif
