/*
 * store_run.c — a run's transaction in the store: its row, sources,
 * rejected rows, metric cells and cursors, committed together or not at
 * all (see store.h).
 */
#include "store_internal.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

static const char *const stmt_sql[ST_COUNT] = {
    [ST_INSERT_RUN] = "INSERT INTO runs (engagement, as_of, started_at, status, config_hash) "
                      "VALUES (?1, ?2, ?3, 'running', ?4)",
    [ST_FINISH_RUN] = "UPDATE runs SET status = ?2, finished_at = ?3 WHERE id = ?1",
    [ST_SOURCE] = "INSERT INTO run_sources (run_id, instance, plugin, record, read, accepted, "
                  "rejected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_REJECT] = "INSERT INTO run_rejects (run_id, location, field, reason) "
                  "VALUES (?1, ?2, ?3, ?4)",
    [ST_VALUE] = "INSERT INTO metric_values (run_id, metric, period, dimension, segment, state, n, "
                 "value, mean, p90, status, target) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_CURSOR_GET] = "SELECT value FROM cursors WHERE source = ?1",
    [ST_CURSOR_SET] = "INSERT INTO cursors (source, value, run_id) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (source) DO UPDATE SET value = excluded.value, "
                      "run_id = excluded.run_id",
    [ST_PREVIOUS] = "SELECT state, value FROM metric_values "
                    "WHERE run_id = (SELECT max(id) FROM runs WHERE status = 'ok' "
                    "AND (?1 = 0 OR id < ?1)) "
                    "AND metric = ?2 AND period = ?3 AND dimension = 'all' AND segment = ''",
    [ST_LAST_RUN] = "SELECT id, as_of FROM runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1",
    [ST_EACH_VALUE] = "SELECT metric, period, dimension, segment, status, "
                      "state = 'ok' AND value IS NOT NULL, value FROM metric_values "
                      "WHERE run_id = ?1",
    [ST_ADD_ACHIEVEMENT] = "INSERT INTO run_achievements (run_id, kind, metric, first, last, "
                           "value, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_HAS_ACHIEVEMENT] = "SELECT 1 FROM run_achievements WHERE run_id = ?1 AND kind = ?2 "
                           "AND metric = ?3 AND first = ?4 AND last = ?5",
    [ST_RECORDS_CLEAR] = "DELETE FROM source_records WHERE source = ?1",
    [ST_RECORD_PUT] = "INSERT INTO source_records (source, key, location, line, fields, run_id) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (source, key) DO UPDATE SET "
                      "location = excluded.location, line = excluded.line, "
                      "fields = excluded.fields, run_id = excluded.run_id",
    [ST_RECORDS_EACH] = "SELECT location, line, fields FROM source_records WHERE source = ?1 "
                        "ORDER BY rowid",
};

sqlite3_stmt *rpo_store_stmt(rpo_store *s, int k, int *status)
{
    if (!s->st[k]) {
        int rc = sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &s->st[k],
                                    NULL);
        if (rc != SQLITE_OK) {
            *status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "prepare a statement");
            return NULL;
        }
    }
    return s->st[k];
}

int rpo_store_step_done(rpo_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    int status = rc == SQLITE_DONE ? RPO_OK : rpo_store_sqlerr(s->db, s->lg, s->path, rc, what);
    sqlite3_reset(st);
    return status;
}

void rpo_store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

static sqlite3_int64 to_int64(unsigned long long n)
{
    return n > INT64_MAX ? INT64_MAX : (sqlite3_int64)n;
}

/* Whether RUN_ID is the open run; logs the misuse when not. */
int rpo_store_check_run(rpo_store *s, long long run_id, const char *what)
{
    if (s->run_id && s->run_id == run_id)
        return RPO_OK;
    rpo_logf(s->lg, NULL, RPO_LOG_ERROR, "store %s: cannot %s: run %lld is not the open run",
             s->path, what, run_id);
    return RPO_ERR;
}

int rpo_store_begin_run(rpo_store *s, const rpo_store_run *run, long long *run_id)
{
    *run_id = 0;
    if (s->lock_fd < 0 || s->run_id) {
        rpo_logf(s->lg, NULL, RPO_LOG_ERROR, "store %s: cannot begin a run: %s", s->path,
                 s->run_id ? "another run is open on this handle" : "the store is not locked");
        return RPO_ERR;
    }
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_INSERT_RUN, &status);
    if (!st)
        return status;
    /* IMMEDIATE: take the write lock now, not at the first insert. */
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rpo_store_sqlerr(s->db, s->lg, s->path, rc, "begin a run");
    char now[RPO_STORE_TIME_LEN];
    if (!run->started_at)
        rpo_store_utc_now(now);
    rpo_store_bind_text(st, 1, run->engagement ? run->engagement : "");
    rpo_store_bind_text(st, 2, run->as_of ? run->as_of : "");
    rpo_store_bind_text(st, 3, run->started_at ? run->started_at : now);
    rpo_store_bind_text(st, 4, run->config_hash);
    status = rpo_store_step_done(s, st, "insert the run");
    if (status != RPO_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return status;
    }
    s->run_id = *run_id = sqlite3_last_insert_rowid(s->db);
    return RPO_OK;
}

int rpo_store_add_source(rpo_store *s, long long run_id, const rpo_source_summary *src)
{
    int status = rpo_store_check_run(s, run_id, "add a source");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_SOURCE, &status) : NULL;
    if (!st)
        return status;
    sqlite3_bind_int64(st, 1, run_id);
    rpo_store_bind_text(st, 2, src->instance ? src->instance : "");
    rpo_store_bind_text(st, 3, src->plugin ? src->plugin : "");
    rpo_store_bind_text(st, 4, src->record ? src->record : "");
    sqlite3_bind_int64(st, 5, to_int64(src->read));
    sqlite3_bind_int64(st, 6, to_int64(src->accepted));
    sqlite3_bind_int64(st, 7, to_int64(src->rejected));
    return rpo_store_step_done(s, st, "add a source");
}

int rpo_store_add_reject(rpo_store *s, long long run_id, const char *location, const char *field,
                         const char *reason)
{
    int status = rpo_store_check_run(s, run_id, "add a rejected row");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_REJECT, &status) : NULL;
    if (!st)
        return status;
    sqlite3_bind_int64(st, 1, run_id);
    rpo_store_bind_text(st, 2, location ? location : "");
    rpo_store_bind_text(st, 3, field ? field : "");
    rpo_store_bind_text(st, 4, reason ? reason : "");
    return rpo_store_step_done(s, st, "add a rejected row");
}

/* Binds X to parameter I when HAS, else NULL. */
static void bind_real(sqlite3_stmt *st, int i, int has, double x)
{
    if (has)
        sqlite3_bind_double(st, i, x);
    else
        sqlite3_bind_null(st, i);
}

int rpo_store_add_report(rpo_store *s, long long run_id, const rpo_report *r)
{
    int status = rpo_store_check_run(s, run_id, "add the report");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_VALUE, &status) : NULL;
    if (!st)
        return status;
    size_t n_metrics = rpo_report_metric_count(r), n_periods = rpo_report_period_count(r);
    size_t n_segs = rpo_report_segment_count(r);
    sqlite3_bind_int64(st, 1, run_id);
    for (size_t m = 0; m < n_metrics; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        rpo_store_bind_text(st, 2, info->id);
        for (size_t p = 0; p < n_periods; p++) {
            rpo_store_bind_text(st, 3, rpo_report_period_at(r, p)->label);
            for (size_t g = 0; g < n_segs; g++) {
                const rpo_metric_value *v = rpo_report_cell(r, m, p, g);
                if (!v)
                    continue; /* the metric has no such segments */
                const rpo_segment *seg = rpo_report_segment_at(r, g);
                int ok = v->state == RPO_VALUE_OK;
                rpo_store_bind_text(st, 4, seg->dimension);
                rpo_store_bind_text(st, 5, seg->value ? seg->value : "");
                rpo_store_bind_text(st, 6, rpo_value_state_name(v->state));
                sqlite3_bind_int64(st, 7, to_int64(v->n));
                bind_real(st, 8, ok, v->value);
                bind_real(st, 9, ok && info->distribution, v->mean);
                bind_real(st, 10, ok && info->distribution, v->p90);
                rpo_store_bind_text(st, 11, rpo_target_status_name(v->status));
                bind_real(st, 12, v->has_target, v->target);
                status = rpo_store_step_done(s, st, "add a metric value");
                if (status != RPO_OK)
                    return status;
            }
        }
    }
    sqlite3_clear_bindings(st);
    return RPO_OK;
}

int rpo_store_cursor_get(rpo_store *s, const char *source, char **value)
{
    *value = NULL;
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_CURSOR_GET, &status);
    if (!st)
        return status;
    rpo_store_bind_text(st, 1, source);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(st, 0);
        *value = rpo_xstrdup(text ? (const char *)text : "");
    } else if (rc != SQLITE_DONE) {
        status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "read a sync cursor");
    }
    sqlite3_reset(st);
    return status;
}

int rpo_store_cursor_set(rpo_store *s, long long run_id, const char *source, const char *value)
{
    int status = rpo_store_check_run(s, run_id, "set a sync cursor");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_CURSOR_SET, &status) : NULL;
    if (!st)
        return status;
    rpo_store_bind_text(st, 1, source);
    rpo_store_bind_text(st, 2, value ? value : "");
    sqlite3_bind_int64(st, 3, run_id);
    return rpo_store_step_done(s, st, "set a sync cursor");
}

int rpo_store_commit_run(rpo_store *s, long long run_id, const char *status_text,
                         const char *finished_at)
{
    int status = rpo_store_check_run(s, run_id, "commit the run");
    sqlite3_stmt *st = status == RPO_OK ? rpo_store_stmt(s, ST_FINISH_RUN, &status) : NULL;
    if (!st) {
        rpo_store_rollback_run(s);
        return status;
    }
    char now[RPO_STORE_TIME_LEN];
    if (!finished_at)
        rpo_store_utc_now(now);
    sqlite3_bind_int64(st, 1, run_id);
    rpo_store_bind_text(st, 2, status_text ? status_text : "ok");
    rpo_store_bind_text(st, 3, finished_at ? finished_at : now);
    status = rpo_store_step_done(s, st, "finish the run");
    if (status == RPO_OK) {
        int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "commit the run");
    }
    if (status != RPO_OK)
        rpo_store_rollback_run(s);
    s->run_id = 0;
    return status;
}

void rpo_store_rollback_run(rpo_store *s)
{
    /* SQLite may have rolled back already (after an I/O error, say). */
    if (s->db && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->run_id = 0;
}

int rpo_store_previous_value(rpo_store *s, long long before, const char *metric,
                             const char *period, double *value, int *found)
{
    *found = 0;
    *value = 0;
    int status = RPO_OK;
    sqlite3_stmt *st = rpo_store_stmt(s, ST_PREVIOUS, &status);
    if (!st)
        return status;
    sqlite3_bind_int64(st, 1, before);
    rpo_store_bind_text(st, 2, metric);
    rpo_store_bind_text(st, 3, period);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *state = sqlite3_column_text(st, 0);
        if (state && strcmp((const char *)state, "ok") == 0 &&
            sqlite3_column_type(st, 1) != SQLITE_NULL) {
            *found = 1;
            *value = sqlite3_column_double(st, 1);
        }
    } else if (rc != SQLITE_DONE) {
        status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "read a previous run's value");
    }
    sqlite3_reset(st);
    return status;
}
