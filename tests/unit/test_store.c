/*
 * test_store.c — the engagement store: creating it 0600 in WAL mode,
 * schema migrations, all-or-nothing runs with a real report, cursors saved
 * only on commit, the history table, the lock between processes, and runs
 * killed with SIGKILL at many points leaving the store whole.
 */
#include "testutil.h"
#include "cfg.h"
#include "date.h"
#include "emit.h"
#include "model.h"
#include "registry.h"
#include "report_build.h"
#include "store.h"
#include "store_internal.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

/* ---- a small real report ---- */

typedef struct built {
    rpo_cfg *cfg;
    rpo_registry reg;
    rpo_model m;
    rpo_report *r;
    size_t n_cells; /* cells the report has (metric, period, supported segment) */
} built;

/* Emits one record of EM's kind from "field=value|field=value". */
static void emit(struct rpo_emitter *em, unsigned long line, const char *spec)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    rpo_record_begin(em, "fixture.csv", line);
    char *save = NULL;
    for (char *tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        *eq = '\0';
        int f = rpo_field_lookup(em->kind, tok);
        if (f < 0)
            fail_msg("no field %s", tok);
        assert_int_equal(rpo_record_field(em, f, eq + 1, strlen(eq + 1)), RPO_OK);
    }
    assert_int_equal(rpo_record_end(em), RPO_OK);
}

/*
 * Four hires with segments by department, as of Y-M-D with MIN_N:
 * time to fill 34 (R1, hired 2024-02-05), 36 (R2: 41 days less a 5-day
 * hold, hired 2024-02-25), 32 (R3, hired 2024-05-03), 24 (R3, hired
 * 2024-04-25). As of 2024-03-31 only the first two are known.
 */
static void build(built *b, int y, int mo, int d, unsigned min_n)
{
    memset(b, 0, sizeof *b);
    char path[128];
    snprintf(path, sizeof path, "%s/e.ini", TEST_DIR);
    write_file(path, "[engagement]\nname = t\nsegments = department\n");
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_cfg_load(path, NULL, &b->cfg), RPO_OK);
    assert_int_equal(rpo_registry_load(&b->reg, b->cfg, NULL, NULL, 0), RPO_OK);
    rpo_day as_of = rpo_days_from_civil(y, mo, d);
    rpo_model_init(&b->m, as_of, "EUR", &b->reg.opt);
    rpo_shard shard;
    struct rpo_emitter em;
    rpo_shard_init(&shard, &b->m, &b->m.tally);
    rpo_emitter_init(&em, RPO_REC_REQUISITION, NULL, "[source:test]", rpo_model_consume, &shard);
    emit(&em, 2, "id=R1|opened_at=2024-01-02|department=Sales");
    emit(&em, 3, "id=R2|opened_at=2024-01-15|hold_days=5|department=Sales");
    emit(&em, 4, "id=R3|opened_at=2024-04-01|department=Tech");
    rpo_emitter_fini(&em);
    rpo_model_kind_done(&b->m, RPO_REC_REQUISITION);
    rpo_emitter_init(&em, RPO_REC_APPLICATION, NULL, "[source:test]", rpo_model_consume, &shard);
    emit(&em, 2, "id=A1|requisition_id=R1|applied_at=2024-01-05|offered_at=2024-02-01|offer_accepted_at=2024-02-05");
    emit(&em, 3, "id=A3|requisition_id=R2|applied_at=2024-01-20|offered_at=2024-02-20|offer_accepted_at=2024-02-25");
    emit(&em, 4, "id=A5|requisition_id=R3|applied_at=2024-04-02|offered_at=2024-05-01|offer_accepted_at=2024-05-03");
    emit(&em, 5, "id=A6|requisition_id=R3|applied_at=2024-04-01|offered_at=2024-04-20|offer_accepted_at=2024-04-25");
    rpo_emitter_fini(&em);
    rpo_model_kind_done(&b->m, RPO_REC_APPLICATION);
    rpo_model_finish(&b->m);
    char asof[11];
    rpo_date_format(as_of, asof);
    rpo_report_header h = {"t", "", "", "EUR", asof, "rpo test", min_n, "", ""};
    rpo_source_summary src = {"apps", "csv", "application", 4, 4, 0};
    assert_int_equal(rpo_report_build(&b->m, &b->reg, &h, &src, 1, &b->r), RPO_OK);
    capture_end(&log);
    for (size_t m = 0; m < rpo_report_metric_count(b->r); m++)
        for (size_t p = 0; p < rpo_report_period_count(b->r); p++)
            for (size_t s = 0; s < rpo_report_segment_count(b->r); s++)
                b->n_cells += rpo_report_cell(b->r, m, p, s) != NULL;
}

static void unbuild(built *b)
{
    rpo_report_free(b->r);
    rpo_model_free(&b->m);
    rpo_registry_free(&b->reg);
    rpo_cfg_free(b->cfg);
}

/* ---- looking into the file with SQLite itself ---- */

static void store_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", TEST_DIR, name);
    char aux[256];
    const char *ext[] = {"", "-wal", "-shm", ".lock"};
    for (int i = 0; i < 4; i++) {
        snprintf(aux, sizeof aux, "%s%s", buf, ext[i]);
        unlink(aux);
    }
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

/* The first column of SQL's first row as an integer (as text in TEXT). */
static long long q(sqlite3 *db, const char *sql, char *text, size_t size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("%s: no row (%s)", sql, sqlite3_errmsg(db));
    long long v = sqlite3_column_int64(st, 0);
    if (text) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(text, size, "%s", t ? (const char *)t : "(null)");
    }
    sqlite3_finalize(st);
    return v;
}

static long long q_int(sqlite3 *db, const char *sql)
{
    return q(db, sql, NULL, 0);
}

static const char *q_text(sqlite3 *db, const char *sql, char buf[static 256])
{
    q(db, sql, buf, 256);
    return buf;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
}

static unsigned file_mode(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (unsigned)(st.st_mode & 07777);
}

static rpo_store *open_locked(const char *path)
{
    rpo_store *s = NULL;
    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
    assert_int_equal(rpo_store_lock(s, 0), RPO_OK);
    return s;
}

/* ---- tests ---- */

static void test_open_creates_0600_wal(void **state)
{
    (void)state;
    char path[128], aux[160], buf[256];
    store_path(path, sizeof path, "open.db");
    rpo_store *s = NULL;
    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
    assert_int_equal(file_mode(path), 0600);
    /* SQLite gives its WAL and shared-memory files the database's mode. */
    snprintf(aux, sizeof aux, "%s-wal", path);
    assert_int_equal(file_mode(aux), 0600);
    snprintf(aux, sizeof aux, "%s-shm", path);
    assert_int_equal(file_mode(aux), 0600);
    assert_int_equal(rpo_store_lock(s, 0), RPO_OK);
    snprintf(aux, sizeof aux, "%s.lock", path);
    assert_int_equal(file_mode(aux), 0600);
    sqlite3 *db = raw_open(path);
    assert_string_equal(q_text(db, "PRAGMA journal_mode", buf), "wal");
    assert_int_equal(q_int(db, "PRAGMA user_version"), RPO_STORE_SCHEMA_VERSION);
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                               "('runs', 'run_sources', 'run_rejects', 'metric_values', 'cursors')"),
                     5);
    sqlite3_close(db);
    rpo_store_close(s);

    /* Group-readable: refused, with what to do. */
    chmod(path, 0640);
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_ECONFIG);
    capture_end(&log);
    assert_null(s);
    assert_contains(log.text, "may be read or written by group or others (mode 0640); chmod 600 it");

    /* Not a database at all. */
    store_path(path, sizeof path, "text.db");
    write_file(path, "this is a text file, long enough to fill a database header........\n"
                     "and more and more and more and more and more and more and more\n");
    chmod(path, 0600);
    capture_begin(&log);
    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_ECONFIG);
    capture_end(&log);
    assert_contains(log.text, "is not an rpo store (file is not a database)");
}

/* Creates PATH as a store of schema VERSION (steps 1..VERSION applied), with one committed run. */
static sqlite3 *store_at_version(const char *path, int version)
{
    int fd = open(path, O_RDWR | O_CREAT, 0600);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db = raw_open(path);
    assert_int_equal(rpo_store_migrate(db, path, NULL, rpo_store_steps, version), RPO_OK);
    assert_int_equal(q_int(db, "PRAGMA user_version"), version);
    if (version >= 1) {
        raw_exec(db, "INSERT INTO runs (engagement, as_of, started_at, finished_at, status) "
                     "VALUES ('t', '2024-06-30', 'a', 'b', 'ok')");
        raw_exec(db, "INSERT INTO metric_values (run_id, metric, period, dimension, segment, "
                     "state, n, value, status) VALUES (1, 'hires', '2024Q2', 'all', '', 'ok', "
                     "7, 7, 'none')");
        raw_exec(db, "INSERT INTO cursors (source, value, run_id) VALUES ('apps', 'c1', 1)");
    }
    return db;
}

static void test_migrations(void **state)
{
    (void)state;
    char path[128];
    capture log;
    rpo_store *s = NULL;
    _Static_assert(RPO_STORE_SCHEMA_VERSION == 2, "add the new version to this test");

    /* From every earlier version (0: an empty file, as the store creates
     * it) to the current one, keeping what the older file held. */
    for (int from = 0; from < RPO_STORE_SCHEMA_VERSION; from++) {
        char name[32];
        snprintf(name, sizeof name, "from-v%d.db", from);
        store_path(path, sizeof path, name);
        sqlite3_close(store_at_version(path, from));
        assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
        long long id;
        char as_of[11];
        assert_int_equal(rpo_store_last_run(s, &id, as_of), RPO_OK);
        assert_int_equal(id, from >= 1 ? 1 : 0);
        assert_string_equal(as_of, from >= 1 ? "2024-06-30" : "");
        rpo_store_close(s);
        sqlite3 *db = raw_open(path);
        assert_int_equal(q_int(db, "PRAGMA user_version"), RPO_STORE_SCHEMA_VERSION);
        assert_int_equal(q_int(db, "SELECT count(*) FROM runs"), from >= 1);
        assert_int_equal(q_int(db, "SELECT count(*) FROM metric_values"), from >= 1);
        assert_int_equal(q_int(db, "SELECT count(*) FROM cursors"), from >= 1);
        /* v2's tables exist and work. */
        raw_exec(db, "INSERT INTO source_records (source, key, location, line, fields) "
                     "VALUES ('apps', 'A1', 'x', 1, 'id=A1\n')");
        raw_exec(db, "INSERT INTO runs (engagement, as_of, started_at, finished_at, status) "
                     "VALUES ('t', '2024-09-30', 'a', 'b', 'ok')");
        raw_exec(db, "INSERT INTO run_achievements (run_id, kind, metric, first, last, value, "
                     "text) VALUES ((SELECT max(id) FROM runs), 'milestone', 'hires', 'd', 'd', "
                     "1, 't')");
        assert_int_equal(q_int(db, "SELECT count(*) FROM source_records"), 1);
        sqlite3_close(db);
        /* Opened again: nothing re-applied, nothing lost. */
        assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
        rpo_store_close(s);
        db = raw_open(path);
        assert_int_equal(q_int(db, "SELECT count(*) FROM source_records"), 1);
        sqlite3_close(db);
    }

    /* A step appended later upgrades a current file in place. */
    store_path(path, sizeof path, "next.db");
    sqlite3 *db = store_at_version(path, RPO_STORE_SCHEMA_VERSION);
    rpo_store_step next[RPO_STORE_SCHEMA_VERSION + 1];
    for (int i = 0; i < RPO_STORE_SCHEMA_VERSION; i++)
        next[i] = rpo_store_steps[i];
    next[RPO_STORE_SCHEMA_VERSION] = (rpo_store_step){"add a note to runs",
                                                      "ALTER TABLE runs ADD COLUMN note TEXT"};
    assert_int_equal(rpo_store_migrate(db, path, NULL, next, RPO_STORE_SCHEMA_VERSION + 1), RPO_OK);
    assert_int_equal(q_int(db, "PRAGMA user_version"), RPO_STORE_SCHEMA_VERSION + 1);
    assert_int_equal(q_int(db, "SELECT count(note) FROM runs"), 0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs"), 1);
    sqlite3_close(db);

    /* A failing step leaves no trace: neither its first statement nor the version. */
    store_path(path, sizeof path, "broken.db");
    db = store_at_version(path, RPO_STORE_SCHEMA_VERSION);
    next[RPO_STORE_SCHEMA_VERSION] =
        (rpo_store_step){"split the runs", "CREATE TABLE extra (x); SELECT * FROM nowhere"};
    capture_begin(&log);
    assert_int_equal(rpo_store_migrate(db, path, NULL, next, RPO_STORE_SCHEMA_VERSION + 1), RPO_ERR);
    capture_end(&log);
    char expected[256];
    snprintf(expected, sizeof expected,
             "cannot upgrade the schema to version %d (split the runs): no such table: nowhere",
             RPO_STORE_SCHEMA_VERSION + 1);
    assert_contains(log.text, expected);
    assert_int_equal(q_int(db, "PRAGMA user_version"), RPO_STORE_SCHEMA_VERSION);
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'extra'"), 0);

    /* A file from a newer rpo is refused, and left alone. */
    snprintf(expected, sizeof expected, "PRAGMA user_version = %d", RPO_STORE_SCHEMA_VERSION + 1);
    raw_exec(db, expected);
    sqlite3_close(db);
    capture_begin(&log);
    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_ECONFIG);
    capture_end(&log);
    assert_null(s);
    snprintf(expected, sizeof expected,
             "store %s has schema version %d; this rpo knows up to %d: upgrade rpo\n", path,
             RPO_STORE_SCHEMA_VERSION + 1, RPO_STORE_SCHEMA_VERSION);
    assert_contains(log.text, expected);
    db = raw_open(path);
    assert_int_equal(q_int(db, "PRAGMA user_version"), RPO_STORE_SCHEMA_VERSION + 1);
    sqlite3_close(db);
}

static void test_committed_run(void **state)
{
    (void)state;
    char path[128], buf[256];
    store_path(path, sizeof path, "run.db");
    built b;
    build(&b, 2024, 6, 30, 1);
    assert_true(b.n_cells > rpo_report_metric_count(b.r) * rpo_report_period_count(b.r));

    /* No run without the lock. */
    rpo_store *s = NULL;
    long long id = -1;
    rpo_store_run run = {"t", "2024-06-30", "2024-07-01T06:00:00Z", "cafe01"};
    capture log;
    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
    capture_begin(&log);
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_ERR);
    capture_end(&log);
    assert_contains(log.text, "cannot begin a run: the store is not locked");
    assert_int_equal(rpo_store_lock(s, 0), RPO_OK);

    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    assert_int_equal(id, 1);
    rpo_source_summary src = {"apps", "csv", "application", 10, 8, 2};
    assert_int_equal(rpo_store_add_source(s, id, &src), RPO_OK);
    assert_int_equal(rpo_store_add_reject(s, id, "apps.csv:7", "applied_at", "not a date"), RPO_OK);
    assert_int_equal(rpo_store_add_reject(s, id, "apps.csv:9", NULL, "duplicate id"), RPO_OK);
    assert_int_equal(rpo_store_add_report(s, id, b.r), RPO_OK);
    capture_begin(&log);
    assert_int_equal(rpo_store_add_source(s, id + 1, &src), RPO_ERR);
    capture_end(&log);
    assert_contains(log.text, "cannot add a source: run 2 is not the open run");
    assert_int_equal(rpo_store_commit_run(s, id, "ok", "2024-07-01T06:01:00Z"), RPO_OK);
    rpo_store_close(s);

    sqlite3 *db = raw_open(path);
    assert_string_equal(q_text(db, "SELECT engagement || '|' || as_of || '|' || started_at || '|' || "
                                   "finished_at || '|' || status || '|' || config_hash FROM runs",
                               buf),
                        "t|2024-06-30|2024-07-01T06:00:00Z|2024-07-01T06:01:00Z|ok|cafe01");
    assert_string_equal(q_text(db, "SELECT group_concat(instance || ',' || plugin || ',' || record || ',' "
                                   "|| read || ',' || accepted || ',' || rejected) FROM run_sources",
                               buf),
                        "apps,csv,application,10,8,2");
    assert_string_equal(q_text(db, "SELECT group_concat(location || ',' || field || ',' || reason, ';') "
                                   "FROM (SELECT * FROM run_rejects ORDER BY location)",
                               buf),
                        "apps.csv:7,applied_at,not a date;apps.csv:9,,duplicate id");
    assert_int_equal(q_int(db, "SELECT count(*) FROM metric_values WHERE run_id = 1"), (long long)b.n_cells);
    /* Time to fill in 2024Q1: median of 34 and 36, mean 35, p90 34 + 0.9 * 2. */
    assert_string_equal(q_text(db, "SELECT state || ' ' || n || ' ' || value || ' ' || mean || ' ' || p90 "
                                   "|| ' ' || status || ' ' || ifnull(target, '-') FROM metric_values "
                                   "WHERE metric = 'time_to_fill' AND period = '2024Q1' "
                                   "AND dimension = 'all' AND segment = ''",
                               buf),
                        "ok 2 35.0 35.0 35.8 none -");
    assert_string_equal(q_text(db, "SELECT state || ' ' || n || ' ' || value FROM metric_values "
                                   "WHERE metric = 'time_to_fill' AND period = 'overall' "
                                   "AND dimension = 'department' AND segment = 'Tech'",
                               buf),
                        "ok 2 28.0");
    /* Counts carry no mean or p90; empty cells no value. */
    assert_int_equal(q_int(db, "SELECT count(*) FROM metric_values WHERE metric = 'hires' "
                               "AND (mean IS NOT NULL OR p90 IS NOT NULL)"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM metric_values WHERE state <> 'ok' AND value IS NOT NULL"), 0);
    sqlite3_close(db);
    unbuild(&b);
}

static void test_rolled_back_run(void **state)
{
    (void)state;
    char path[128];
    store_path(path, sizeof path, "rollback.db");
    built b;
    build(&b, 2024, 6, 30, 1);
    rpo_store *s = open_locked(path);
    rpo_store_run run = {"t", "2024-06-30", NULL, NULL};
    rpo_source_summary src = {"apps", "csv", "application", 10, 8, 2};
    long long id;
    /* Rolled back ... */
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    assert_int_equal(rpo_store_add_source(s, id, &src), RPO_OK);
    assert_int_equal(rpo_store_add_reject(s, id, "apps.csv:7", "applied_at", "not a date"), RPO_OK);
    assert_int_equal(rpo_store_add_report(s, id, b.r), RPO_OK);
    assert_int_equal(rpo_store_cursor_set(s, id, "api", "c1"), RPO_OK);
    rpo_store_rollback_run(s);
    /* ... or given up by closing: the same. */
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    assert_int_equal(rpo_store_add_report(s, id, b.r), RPO_OK);
    rpo_store_close(s);

    sqlite3 *db = raw_open(path);
    assert_int_equal(q_int(db, "SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM run_sources) + "
                               "(SELECT count(*) FROM run_rejects) + (SELECT count(*) FROM metric_values) + "
                               "(SELECT count(*) FROM cursors)"),
                     0);
    sqlite3_close(db);

    /* A failing commit rolls back too: the run id is not the open one. */
    s = open_locked(path);
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_store_commit_run(s, id + 5, "ok", NULL), RPO_ERR);
    capture_end(&log);
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK); /* nothing left open */
    rpo_store_rollback_run(s);
    rpo_store_close(s);
    db = raw_open(path);
    assert_int_equal(q_int(db, "SELECT count(*) FROM runs"), 0);
    sqlite3_close(db);
    unbuild(&b);
}

static void test_cursors_saved_on_commit(void **state)
{
    (void)state;
    char path[128], buf[256];
    store_path(path, sizeof path, "cursor.db");
    rpo_store *s = open_locked(path);
    rpo_store_run run = {"t", "2024-06-30", NULL, NULL};
    long long id, id2;
    char *v = (char *)"x";
    assert_int_equal(rpo_store_cursor_get(s, "api", &v), RPO_OK);
    assert_null(v);
    /* Outside a run: refused. */
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_store_cursor_set(s, 1, "api", "c0"), RPO_ERR);
    capture_end(&log);
    assert_contains(log.text, "cannot set a sync cursor: run 1 is not the open run");

    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    assert_int_equal(rpo_store_cursor_set(s, id, "api", "c1"), RPO_OK);
    assert_int_equal(rpo_store_cursor_get(s, "api", &v), RPO_OK); /* the run sees its own */
    assert_string_equal(v, "c1");
    free(v);
    rpo_store_rollback_run(s);
    assert_int_equal(rpo_store_cursor_get(s, "api", &v), RPO_OK);
    assert_null(v);

    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    assert_int_equal(rpo_store_cursor_set(s, id, "api", "c1"), RPO_OK);
    assert_int_equal(rpo_store_cursor_set(s, id, "files", "f1"), RPO_OK);
    assert_int_equal(rpo_store_commit_run(s, id, "ok", NULL), RPO_OK);
    assert_int_equal(rpo_store_begin_run(s, &run, &id2), RPO_OK);
    assert_int_equal(rpo_store_cursor_set(s, id2, "api", "c2"), RPO_OK);
    assert_int_equal(rpo_store_commit_run(s, id2, "ok", NULL), RPO_OK);
    rpo_store_close(s);

    assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
    assert_int_equal(rpo_store_cursor_get(s, "api", &v), RPO_OK);
    assert_string_equal(v, "c2");
    free(v);
    assert_int_equal(rpo_store_cursor_get(s, "files", &v), RPO_OK);
    assert_string_equal(v, "f1");
    free(v);
    rpo_store_close(s);
    sqlite3 *db = raw_open(path);
    assert_string_equal(q_text(db, "SELECT group_concat(source || '=' || value || '@' || run_id) "
                                   "FROM (SELECT * FROM cursors ORDER BY source)",
                               buf),
                        "api=c2@2,files=f1@1");
    sqlite3_close(db);
}

/* Stores one run of B (NULL: none) with STATUS; returns its id. */
static long long store_run(rpo_store *s, const built *b, const char *as_of, const char *finished,
                           const char *status)
{
    rpo_store_run run = {"t", as_of, "2024-01-01T00:00:00Z", NULL};
    long long id;
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    if (b)
        assert_int_equal(rpo_store_add_report(s, id, b->r), RPO_OK);
    assert_int_equal(rpo_store_commit_run(s, id, status, finished), RPO_OK);
    return id;
}

/* The history of METRIC as text; returns the status. */
static int history(rpo_store *s, const char *metric, char *text, size_t size)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    int rc = rpo_store_history(s, metric, f);
    rewind(f);
    size_t n = fread(text, 1, size - 1, f);
    text[n] = '\0';
    fclose(f);
    return rc;
}

static void test_history(void **state)
{
    (void)state;
    char path[128], text[16384];
    store_path(path, sizeof path, "history.db");
    rpo_store *s = open_locked(path);
    assert_int_equal(history(s, "time_to_fill", text, sizeof text), RPO_OK);
    assert_string_equal(text, "no runs in the store yet\n");

    built q1, q2;
    build(&q1, 2024, 3, 31, 1);
    assert_int_equal(store_run(s, &q1, "2024-03-31", "2024-04-01T06:00:00Z", "ok"), 1);
    /* A rolled-back run is not history. */
    rpo_store_run run = {"t", "2024-04-30", NULL, NULL};
    long long id;
    assert_int_equal(rpo_store_begin_run(s, &run, &id), RPO_OK);
    assert_int_equal(rpo_store_add_report(s, id, q1.r), RPO_OK);
    rpo_store_rollback_run(s);
    assert_int_equal(store_run(s, NULL, "2024-05-01", "2024-05-01T06:00:00Z", "failed"), 2);
    /* As of June with min_n 3: each quarter has 2 hires, too few; overall 4. */
    build(&q2, 2024, 6, 30, 3);
    assert_int_equal(store_run(s, &q2, "2024-06-30", "2024-07-01T06:00:00Z", "ok"), 3);

    assert_int_equal(history(s, "time_to_fill", text, sizeof text), RPO_OK);
    assert_string_equal(text,
                        "time_to_fill\n"
                        "run  as_of       finished_at           status  2024Q1  2024Q2  overall\n"
                        "  1  2024-03-31  2024-04-01T06:00:00Z  ok          35               35\n"
                        "  2  2024-05-01  2024-05-01T06:00:00Z  failed\n"
                        "  3  2024-06-30  2024-07-01T06:00:00Z  ok       (n=2)   (n=2)       33\n");
    assert_int_equal(history(s, "hires", text, sizeof text), RPO_OK);
    assert_string_equal(text,
                        "hires\n"
                        "run  as_of       finished_at           status  2024Q1  2024Q2  overall\n"
                        "  1  2024-03-31  2024-04-01T06:00:00Z  ok           2                2\n"
                        "  2  2024-05-01  2024-05-01T06:00:00Z  failed\n"
                        "  3  2024-06-30  2024-07-01T06:00:00Z  ok           2       2        4\n");

    /* Every metric: one table each, blank lines between. */
    assert_int_equal(history(s, NULL, text, sizeof text), RPO_OK);
    const char *first = "time_to_fill\nrun  as_of"; /* the catalogue's first */
    assert_int_equal(strncmp(text, first, strlen(first)), 0);
    assert_contains(text, "\nhires\nrun  as_of");
    size_t tables = 0;
    for (const char *p = text; (p = strstr(p, "\nrun  as_of")); p++)
        tables++;
    assert_int_equal(tables, rpo_report_metric_count(q2.r));

    capture log;
    capture_begin(&log);
    assert_int_equal(history(s, "time_to_hire_typo", text, sizeof text), RPO_ENOINPUT);
    capture_end(&log);
    assert_contains(log.text, "has no values of metric 'time_to_hire_typo'");

    /* Change vs previous run: the last ok run before, segment all. */
    double v;
    int found;
    assert_int_equal(rpo_store_previous_value(s, 3, "time_to_fill", "2024Q1", &v, &found), RPO_OK);
    assert_true(found && v == 35);
    assert_int_equal(rpo_store_previous_value(s, 0, "time_to_fill", "overall", &v, &found), RPO_OK);
    assert_true(found && v == 33);
    assert_int_equal(rpo_store_previous_value(s, 0, "time_to_fill", "2024Q1", &v, &found), RPO_OK);
    assert_false(found); /* too few in run 3 */
    assert_int_equal(rpo_store_previous_value(s, 1, "time_to_fill", "2024Q1", &v, &found), RPO_OK);
    assert_false(found); /* nothing before run 1 */
    rpo_store_close(s);
    unbuild(&q1);
    unbuild(&q2);
}

static unsigned long long ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000u + (unsigned long long)ts.tv_nsec / 1000000u;
}

/* While a run writes, another handle opens at once and reads only what was
 * committed; it cannot take the lock. */
static void test_readers_during_run(void **state)
{
    (void)state;
    char path[128], text[4096];
    store_path(path, sizeof path, "readers.db");
    built b;
    build(&b, 2024, 6, 30, 1);
    rpo_store *writer = open_locked(path);
    rpo_store_run run = {"t", "2024-06-30", NULL, NULL};
    long long id;
    assert_int_equal(rpo_store_begin_run(writer, &run, &id), RPO_OK);
    assert_int_equal(rpo_store_add_report(writer, id, b.r), RPO_OK);

    unsigned long long t0 = ms_now();
    rpo_store *reader = NULL;
    assert_int_equal(rpo_store_open(path, NULL, &reader), RPO_OK);
    assert_int_equal(history(reader, "hires", text, sizeof text), RPO_OK);
    assert_true(ms_now() - t0 < RPO_STORE_BUSY_MS / 2); /* did not wait for the writer */
    assert_string_equal(text, "no runs in the store yet\n");
    capture log;
    capture_begin(&log);
    assert_int_equal(rpo_store_lock(reader, 0), RPO_ERETRY);
    capture_end(&log);
    assert_contains(log.text, "another rpo run holds the store");

    assert_int_equal(rpo_store_commit_run(writer, id, "ok", "2024-07-01T06:00:00Z"), RPO_OK);
    assert_int_equal(history(reader, "hires", text, sizeof text), RPO_OK);
    assert_contains(text, "  1  2024-06-30  2024-07-01T06:00:00Z  ok  ");
    rpo_store_close(reader);
    rpo_store_close(writer);
    unbuild(&b);
}

/* Sends one byte down FD / waits for one; 0 on success. */
static int send_byte(int fd, char c)
{
    return write(fd, &c, 1) == 1 ? 0 : -1;
}

static int wait_byte(int fd, char *c)
{
    ssize_t n;
    while ((n = read(fd, c, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 ? 0 : -1;
}

/* The child of test_lock_between_processes: exits 0 when all went as expected. */
static void lock_child(const char *path, const char *err_path, int from_parent, int to_parent)
{
    char c;
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || dup2(fd, 2) < 0)
        _exit(20);
    if (wait_byte(from_parent, &c)) /* the parent holds the lock */
        _exit(21);
    rpo_store *s = NULL;
    if (rpo_store_open(path, NULL, &s) != RPO_OK)
        _exit(22);
    unsigned long long t0 = ms_now();
    int rc = rpo_store_lock(s, 200);
    unsigned long long waited = ms_now() - t0;
    char result = rc != RPO_ERETRY ? 'L' : waited < 200 || waited > 5000 ? 'T' : 'R';
    if (send_byte(to_parent, result) || wait_byte(from_parent, &c)) /* the parent closed */
        _exit(23);
    rc = rpo_store_lock(s, 5000);
    rpo_store_close(s);
    _exit(rc == RPO_OK ? 0 : 24);
}

static void test_lock_between_processes(void **state)
{
    (void)state;
    char path[128], err_path[160], buf[256];
    store_path(path, sizeof path, "lock.db");
    snprintf(err_path, sizeof err_path, "%s/lock-child.err", TEST_DIR);
    rpo_store *s = NULL;
    int down[2], up[2];
    assert_int_equal(pipe(down), 0);
    assert_int_equal(pipe(up), 0);
    fflush(stdout);
    fflush(stderr);
    /* Forked before the parent opens anything: the child shares no lock or connection. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        lock_child(path, err_path, down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    s = open_locked(path);
    char result = '?';
    assert_int_equal(send_byte(down[1], 'l'), 0);
    assert_int_equal(wait_byte(up[0], &result), 0);
    rpo_store_close(s);
    assert_int_equal(send_byte(down[1], 'c'), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    close(down[1]);
    close(up[0]);
    if (result != 'R')
        fail_msg("while the parent held the lock the child %s",
                 result == 'L' ? "did not get RPO_ERETRY" : "did not wait 200 ms");
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    FILE *f = fopen(err_path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    char expected[256];
    snprintf(expected, sizeof expected, "another rpo run holds the store %s (waited 0.2 s)\n", path);
    assert_contains(buf, expected);
}

#define KILL_REJECTS 5000

/* The child of test_sigkill: one full run, as long as a real one's writes. */
static void busy_child(const char *path, const rpo_report *r)
{
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0 || dup2(fd, 2) < 0)
        _exit(20);
    rpo_store *s = NULL;
    if (rpo_store_open(path, NULL, &s) != RPO_OK || rpo_store_lock(s, 5000) != RPO_OK)
        _exit(21);
    rpo_store_run run = {"t", "2024-06-30", NULL, "h"};
    rpo_source_summary src = {"apps", "csv", "application", 10, 8, 2};
    long long id;
    if (rpo_store_begin_run(s, &run, &id) || rpo_store_add_source(s, id, &src) ||
        rpo_store_add_report(s, id, r))
        _exit(22);
    for (int i = 0; i < KILL_REJECTS; i++) {
        char loc[32];
        snprintf(loc, sizeof loc, "apps.csv:%d", i + 2);
        if (rpo_store_add_reject(s, id, loc, "applied_at", "not a date"))
            _exit(23);
    }
    char cursor[32];
    snprintf(cursor, sizeof cursor, "c%lld", id);
    if (rpo_store_cursor_set(s, id, "api", cursor) || rpo_store_commit_run(s, id, "ok", NULL))
        _exit(24);
    rpo_store_close(s);
    _exit(0);
}

static void test_sigkill(void **state)
{
    (void)state;
    char path[128], sql[512], buf[256];
    store_path(path, sizeof path, "kill.db");
    built b;
    build(&b, 2024, 6, 30, 1);
    long long committed = 0;
    int finished = 0;
    for (int k = 0; k < 10; k++) {
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            busy_child(path, b.r);
        long delay_us = k * 50000L / 9; /* 0 to 50 ms */
        struct timespec ts = {0, delay_us * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        int completed = WIFEXITED(status);
        if (completed)
            assert_int_equal(WEXITSTATUS(status), 0);
        else
            assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        finished += completed;

        /* Opening recovers from whatever the kill left (a WAL, a half-made file). */
        rpo_store *s = NULL;
        assert_int_equal(rpo_store_open(path, NULL, &s), RPO_OK);
        rpo_store_close(s);
        sqlite3 *db = raw_open(path);
        assert_string_equal(q_text(db, "PRAGMA integrity_check", buf), "ok");
        assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
        long long runs = q_int(db, "SELECT count(*) FROM runs");
        if (runs != committed && !(runs == committed + 1))
            fail_msg("kill %d: %lld runs, expected %lld or %lld", k, runs, committed, committed + 1);
        if (completed)
            assert_int_equal(runs, committed + 1);
        /* Never a partial run: each one ok, finished, with all it holds. */
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM runs r WHERE status <> 'ok' OR finished_at IS NULL "
                 "OR (SELECT count(*) FROM metric_values v WHERE v.run_id = r.id) <> %zu "
                 "OR (SELECT count(*) FROM run_rejects j WHERE j.run_id = r.id) <> %d "
                 "OR (SELECT count(*) FROM run_sources o WHERE o.run_id = r.id) <> 1",
                 b.n_cells, KILL_REJECTS);
        assert_int_equal(q_int(db, sql), 0);
        if (runs) {
            assert_int_equal(q_int(db, "SELECT count(*) FROM cursors WHERE value = "
                                       "'c' || (SELECT max(id) FROM runs)"),
                             1);
        }
        sqlite3_close(db);
        committed = runs;
    }
    printf("# %lld of 10 killed runs had committed (%d finished before the kill)\n", committed,
           finished);
    unbuild(&b);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_open_creates_0600_wal),  cmocka_unit_test(test_migrations),
    cmocka_unit_test(test_committed_run),          cmocka_unit_test(test_rolled_back_run),
    cmocka_unit_test(test_cursors_saved_on_commit), cmocka_unit_test(test_history),
    cmocka_unit_test(test_readers_during_run),     cmocka_unit_test(test_lock_between_processes),
    cmocka_unit_test(test_sigkill),
};

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, test_dir_setup, test_dir_teardown);
}
