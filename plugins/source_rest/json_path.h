/*
 * json_path.h — small JSON paths for the rest source: the place of a value
 * inside one API item, written as dotted member names with [N] for array
 * elements: "source.public_name", "jobs[0].id", "archived.reason". The empty
 * path is the item itself. No wildcards and no filters: a preset's own code
 * walks arrays that fan out into several records (openings, stageChanges).
 */
#ifndef RPO_REST_JSON_PATH_H
#define RPO_REST_JSON_PATH_H

#include <stddef.h>
#include <jansson.h>

/*
 * json_path_check — whether PATH is well formed. Returns 0, or -1 with a
 * static reason in *WHY ("empty member name", "unclosed '['", ...).
 */
int json_path_check(const char *path, const char **why);

/*
 * json_path_get — the value at PATH (well formed, see json_path_check)
 * inside ROOT, or NULL when a member or element on the way is missing or of
 * another type. The value is borrowed from ROOT (no reference is taken).
 */
json_t *json_path_get(json_t *root, const char *path);

/*
 * json_scalar_text — the text of the scalar V for a record field: a string
 * as it is (pointing into V), integers in decimal, reals with up to 17
 * significant digits, true/false as "true"/"false", written into BUF (of
 * SIZE bytes) when they are not strings. Stores the text and its length in
 * *TEXT, *LEN and returns 1; returns 0 with an empty text for NULL or a JSON
 * null (the field is absent); returns -1 for an object or array.
 */
int json_scalar_text(const json_t *v, char *buf, size_t size, const char **text, size_t *len);

/*
 * json_epoch_ms_iso — write the epoch milliseconds MS as an ISO-8601 UTC
 * date-time with milliseconds ("2024-03-01T12:00:00.000Z") into BUF (at
 * least 32 bytes). Returns 0, or -1 when MS is outside the years 0..9999.
 */
int json_epoch_ms_iso(long long ms, char *buf, size_t size);

#endif
