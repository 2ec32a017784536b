/*
 * store_records.c — what one run hands the next through the store: the
 * records incremental sources kept, the last run's values and its
 * achievements (see store.h).
 */
#include "store_internal.h"
#include "util.h"

#include <string.h>

int rpo_store_last_run(rpo_store *s, long long *run_id, char as_of[static 11])
{
    *run_id = 0;
    as_of[0] = '\0';
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_LAST_RUN, &status);
    if (!st)
        return status;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *d = sqlite3_column_text(st, 1);
        *run_id = sqlite3_column_int64(st, 0);
        snprintf(as_of, 11, "%s", d ? (const char *)d : "");
    } else if (rc != SQLITE_DONE) {
        status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "find the last run");
    }
    sqlite3_reset(st);
    return status;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int rpo_store_each_value(rpo_store *s, long long run_id,
                         int (*fn)(void *arg, const rpo_store_cell *cell), void *arg)
{
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_EACH_VALUE, &status);
    if (!st)
        return status;
    sqlite3_bind_int64(st, 1, run_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rpo_store_cell c = {col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4),
                            sqlite3_column_int(st, 5), sqlite3_column_double(st, 6)};
        if (fn(arg, &c))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "read the last run's values");
    sqlite3_reset(st);
    return status;
}

int rpo_store_add_achievements(rpo_store *s, long long run_id, const rpo_report *r)
{
    int status = rpo_store_check_run(s, run_id, "add the achievements");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_ADD_ACHIEVEMENT, &status) : NULL;
    if (!st)
        return status;
    for (size_t i = 0; i < rpo_report_achievement_count(r) && status == RPO_OK; i++) {
        const rpo_achievement *a = rpo_report_achievement_at(r, i);
        sqlite3_bind_int64(st, 1, run_id);
        rpo_store_bind_text(st, 2, rpo_achievement_kind_name(a->kind));
        rpo_store_bind_text(st, 3, a->metric ? a->metric : "");
        rpo_store_bind_text(st, 4, a->first ? a->first : "");
        rpo_store_bind_text(st, 5, a->last ? a->last : "");
        sqlite3_bind_double(st, 6, a->value);
        rpo_store_bind_text(st, 7, a->text ? a->text : "");
        status = rpo_store_step_done(s, st, "add an achievement");
    }
    sqlite3_clear_bindings(st);
    return status;
}

int rpo_store_has_achievement(rpo_store *s, long long run_id, const char *kind, const char *metric,
                              const char *first, const char *last, int *found)
{
    *found = 0;
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_HAS_ACHIEVEMENT, &status);
    if (!st)
        return status;
    sqlite3_bind_int64(st, 1, run_id);
    rpo_store_bind_text(st, 2, kind);
    rpo_store_bind_text(st, 3, metric);
    rpo_store_bind_text(st, 4, first);
    rpo_store_bind_text(st, 5, last);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *found = 1;
    else if (rc != SQLITE_DONE)
        status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "read the last run's achievements");
    sqlite3_reset(st);
    return status;
}

int rpo_store_records_clear(rpo_store *s, long long run_id, const char *source)
{
    int status = rpo_store_check_run(s, run_id, "drop a source's kept records");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_RECORDS_CLEAR, &status) : NULL;
    if (!st)
        return status;
    rpo_store_bind_text(st, 1, source);
    return rpo_store_step_done(s, st, "drop a source's kept records");
}

int rpo_store_record_put(rpo_store *s, long long run_id, const char *source, const char *key,
                         const char *location, unsigned long line, const char *fields)
{
    int status = rpo_store_check_run(s, run_id, "keep a record");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_RECORD_PUT, &status) : NULL;
    if (!st)
        return status;
    rpo_store_bind_text(st, 1, source);
    rpo_store_bind_text(st, 2, key);
    rpo_store_bind_text(st, 3, location);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)line);
    rpo_store_bind_text(st, 5, fields);
    sqlite3_bind_int64(st, 6, run_id);
    return rpo_store_step_done(s, st, "keep a record");
}

int rpo_store_records_each(rpo_store *s, const char *source,
                           int (*fn)(void *arg, const char *location, unsigned long line,
                                     const char *fields),
                           void *arg)
{
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_RECORDS_EACH, &status);
    if (!st)
        return status;
    rpo_store_bind_text(st, 1, source);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
        stop = fn(arg, col(st, 0), (unsigned long)sqlite3_column_int64(st, 1), col(st, 2));
    if (!stop && rc != SQLITE_DONE)
        status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "read the kept records");
    sqlite3_reset(st);
    return stop ? stop : status;
}
