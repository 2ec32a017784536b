/*
 * store_schema.c — the store's tables and their forward migrations (see
 * store_internal.h). To change the schema, append a step and raise
 * RPO_STORE_SCHEMA_VERSION in store.h; never edit a shipped step. A step
 * that rebuilds a table must do so in the ALTER TABLE way SQLite documents
 * (new table, copy, drop, rename): foreign keys are on.
 */
#include "store_internal.h"

#include <stdio.h>

/*
 * Version 1. Every column is a count, a metric value, a label the
 * configuration gave (instance, segment), a date or a reason: no record's
 * values. A run's rows live and die with it (ON DELETE CASCADE).
 */
static const char schema_v1[] =
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  engagement TEXT NOT NULL,"
    "  as_of TEXT NOT NULL,"           /* YYYY-MM-DD */
    "  started_at TEXT NOT NULL,"      /* UTC YYYY-MM-DDTHH:MM:SSZ */
    "  finished_at TEXT,"              /* NULL while running */
    "  status TEXT NOT NULL,"          /* 'running' inside the run, then e.g. 'ok' */
    "  config_hash TEXT);"
    "CREATE TABLE run_sources ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  instance TEXT NOT NULL,"
    "  plugin TEXT NOT NULL,"
    "  record TEXT NOT NULL,"
    "  read INTEGER NOT NULL,"
    "  accepted INTEGER NOT NULL,"
    "  rejected INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, instance));"
    "CREATE TABLE run_rejects ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  location TEXT NOT NULL,"        /* file:line */
    "  field TEXT NOT NULL,"           /* '' when the row as a whole */
    "  reason TEXT NOT NULL);"
    "CREATE INDEX run_rejects_run ON run_rejects(run_id);"
    "CREATE TABLE metric_values ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  metric TEXT NOT NULL,"
    "  period TEXT NOT NULL,"          /* '2024Q3', '2024-07', 'FY2025Q1' or 'overall' */
    "  dimension TEXT NOT NULL,"       /* 'all', 'department', ... */
    "  segment TEXT NOT NULL,"         /* '' for 'all' */
    "  state TEXT NOT NULL CHECK (state IN ('ok', 'insufficient', 'empty')),"
    "  n INTEGER NOT NULL,"
    "  value REAL,"                    /* NULL unless state is 'ok' */
    "  mean REAL,"                     /* distributions only */
    "  p90 REAL,"
    "  status TEXT NOT NULL,"          /* 'none', 'met', 'near', 'missed', 'insufficient' */
    "  target REAL,"
    "  PRIMARY KEY (run_id, metric, period, dimension, segment));"
    "CREATE TABLE cursors ("
    "  source TEXT PRIMARY KEY,"       /* source instance name */
    "  value TEXT NOT NULL,"
    "  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL);";

/*
 * Version 2. source_records: what incremental sources emitted, by key, so a
 * run that fetched only the changes still sees every record (candidate ids
 * left out, respondent ids only as pseudonyms). run_achievements: what each
 * run celebrated, so the next one can tell which achievements are new.
 */
static const char schema_v2[] =
    "CREATE TABLE source_records ("
    "  source TEXT NOT NULL,"          /* source instance name */
    "  key TEXT NOT NULL,"             /* the record's key (rpo_record_key, its id, or a hash) */
    "  location TEXT NOT NULL,"        /* where it was read: a URL path, file name */
    "  line INTEGER NOT NULL,"
    "  fields TEXT NOT NULL,"          /* 'name=value' lines, values escaped */
    "  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL," /* the run that kept it */
    "  PRIMARY KEY (source, key));"
    "CREATE TABLE run_achievements ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"            /* 'streak', 'best_period', 'milestone', 'improvement' */
    "  metric TEXT NOT NULL,"
    "  first TEXT NOT NULL,"
    "  last TEXT NOT NULL,"
    "  value REAL NOT NULL,"
    "  text TEXT NOT NULL);"
    "CREATE INDEX run_achievements_run ON run_achievements(run_id);";

const rpo_store_step rpo_store_steps[RPO_STORE_SCHEMA_VERSION] = {
    {"create the run tables", schema_v1},
    {"keep incremental sources' records and runs' achievements", schema_v2},
};

_Static_assert(sizeof rpo_store_steps / sizeof rpo_store_steps[0] == RPO_STORE_SCHEMA_VERSION,
               "one step per schema version");

/* Reads PRAGMA user_version into *VERSION; returns an SQLite result. */
static int read_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Logs the refusal of a version this rpo cannot read; returns RPO_ECONFIG. */
static int refuse(const rpo_logger *lg, const char *path, int version, int latest)
{
    if (version < 0)
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "store %s has schema version %d: not an rpo store", path,
                 version);
    else
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "store %s has schema version %d; this rpo knows up to %d: upgrade rpo", path,
                 version, latest);
    return RPO_ECONFIG;
}

/* Applies STEP to bring DB from VERSION to VERSION + 1, inside the open
 * transaction; returns an SQLite result. */
static int apply(sqlite3 *db, const rpo_store_step *step, int version)
{
    int rc = sqlite3_exec(db, step->sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        char bump[48];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", version + 1);
        rc = sqlite3_exec(db, bump, NULL, NULL, NULL);
    }
    return rc;
}

int rpo_store_migrate(sqlite3 *db, const char *path, const rpo_logger *lg,
                      const rpo_store_step *steps, int n_steps)
{
    int version = 0;
    /* Up to date, the usual case: read without the write lock, so opening
     * a store never waits for a run in progress. */
    int rc = read_version(db, &version);
    if (rc != SQLITE_OK)
        return rpo_store_sqlerr(db, lg, path, rc, "read the schema version");
    if (version == n_steps)
        return RPO_OK;
    if (version < 0 || version > n_steps)
        return refuse(lg, path, version, n_steps);
    for (;;) {
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return rpo_store_sqlerr(db, lg, path, rc, "begin a schema upgrade");
        rc = read_version(db, &version); /* another process may have upgraded it */
        if (rc != SQLITE_OK) {
            int status = rpo_store_sqlerr(db, lg, path, rc, "read the schema version");
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return status;
        }
        if (version < 0 || version >= n_steps) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return version == n_steps ? RPO_OK : refuse(lg, path, version, n_steps);
        }
        rc = apply(db, &steps[version], version);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            char what[160];
            snprintf(what, sizeof what, "upgrade the schema to version %d (%s)", version + 1,
                     steps[version].what);
            int status = rpo_store_sqlerr(db, lg, path, rc, what);
            if (!sqlite3_get_autocommit(db))
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return status;
        }
        rpo_logf(lg, NULL, RPO_LOG_INFO, "store %s: schema upgraded to version %d (%s)", path,
                 version + 1, steps[version].what);
    }
}
