/*
 * rest_map.c — turning one API item into record fields: JSON paths, value
 * maps, epoch milliseconds, and the record's location and key (rest.h).
 * Messages name the endpoint, the item number, the field and the path, never
 * a value, which may be personal data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_path.h"
#include "rest.h"

/* The mapped text of RAW for FIELD, or RAW itself. A later key wins. */
static const char *map_value(const rest_source *src, int field, const char *raw, size_t len)
{
    const char *mapped = NULL;

    for (size_t i = 0; i < src->nvalues; i++)
        if (src->values[i].field == field && strlen(src->values[i].raw) == len &&
            memcmp(src->values[i].raw, raw, len) == 0)
            mapped = src->values[i].mapped;
    return mapped;
}

void rest_begin(rest_run *run)
{
    run->scratch_used = 0;
    rpo_record_begin(run->em, run->src->location, run->item);
}

/*
 * Set FIELD (id) named NAME to TEXT[0..LEN) after the value map. TEXT must
 * stay valid until rest_end() (a JSON string of a live item, a static or
 * config text) unless COPY is set: then it is copied into the run's scratch.
 */
static int set_field(rest_run *run, int field, const char *name, const char *text, size_t len,
                     int copy)
{
    const char *mapped = map_value(run->src, field, text, len);

    if (mapped) {
        text = mapped;
        len = strlen(mapped);
    } else if (copy && len > 0) {
        if (len > sizeof run->scratch - run->scratch_used) {
            rpo_record_reject(run->em, "field %s: the record's values are too long", name);
            return -1;
        }
        memcpy(run->scratch + run->scratch_used, text, len);
        text = run->scratch + run->scratch_used;
        run->scratch_used += len;
    }
    if (len == 0)
        return 0;
    if (rpo_record_field(run->em, field, text, len) != RPO_OK) {
        rpo_record_reject(run->em, "field %s: refused by the engine", name);
        return -1;
    }
    return 1;
}

int rest_set(rest_run *run, const char *name, const json_t *v)
{
    rpo_record_kind kind = run->src->kind;
    int field = rpo_field_lookup(kind, name);
    char buf[64];
    const char *text;
    size_t len;
    int r;

    if (field < 0) { /* a preset's table names only real fields: a bug */
        rpo_record_reject(run->em, "%s records have no field %s", rpo_record_kind_name(kind),
                          name);
        return -1;
    }
    if (run->src->time == REST_TIME_EPOCH_MS && json_is_integer(v) && rpo_field_is_date(kind, field)) {
        if (json_epoch_ms_iso((long long)json_integer_value(v), buf, sizeof buf) != 0) {
            rpo_record_reject(run->em, "field %s: epoch milliseconds out of range", name);
            return -1;
        }
        return set_field(run, field, name, buf, strlen(buf), 1);
    }
    r = json_scalar_text(v, buf, sizeof buf, &text, &len);
    if (r < 0) {
        rpo_record_reject(run->em, "field %s: expected a text, number or boolean, found %s",
                          name, json_is_object(v) ? "an object" : "a list");
        return -1;
    }
    if (r == 0) /* absent, unless a value map says what null means */
        return set_field(run, field, name, "", 0, 0);
    return set_field(run, field, name, text, len, text == buf);
}

int rest_set_text(rest_run *run, const char *name, const char *text)
{
    int field = rpo_field_lookup(run->src->kind, name);

    if (field < 0) {
        rpo_record_reject(run->em, "%s records have no field %s",
                          rpo_record_kind_name(run->src->kind), name);
        return -1;
    }
    return set_field(run, field, name, text ? text : "", text ? strlen(text) : 0, 1);
}

int rest_apply_fields(rest_run *run, json_t *item)
{
    const rest_source *src = run->src;

    for (size_t i = 0; i < src->nfields; i++) {
        const rest_field *f = &src->fields[i];
        json_t *v = json_path_get(item, f->path);

        if (json_is_object(v) || json_is_array(v)) {
            rpo_record_reject(run->em, "field %s (path %s): expected a text, number or boolean, "
                                       "found %s",
                              rpo_field_name(src->kind, f->field), f->path,
                              json_is_object(v) ? "an object" : "a list");
            return -1;
        }
        if (rest_set(run, rpo_field_name(src->kind, f->field), v) < 0)
            return -1;
    }
    return 0;
}

void rest_key(rest_run *run, const char *a, const char *b, const char *c)
{
    char key[512];
    int n = snprintf(key, sizeof key, "%s%s%s%s%s", a, b ? ":" : "", b ? b : "", c ? ":" : "",
                     c ? c : "");

    if (n > 0 && (size_t)n < sizeof key)
        rpo_record_key(run->em, key, (size_t)n);
}

int rest_end(rest_run *run)
{
    int rc = rpo_record_end(run->em);

    return rc < 0 ? rc : RPO_OK;
}

const char *rest_text(const json_t *v, char *buf, size_t size)
{
    const char *text;
    size_t len;

    if (json_scalar_text(v, buf, size, &text, &len) <= 0 || len >= size) {
        buf[0] = '\0';
        return buf;
    }
    if (text != buf) {
        memcpy(buf, text, len);
        buf[len] = '\0';
    }
    return buf;
}
