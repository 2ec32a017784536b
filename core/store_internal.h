/*
 * store_internal.h — the store handle's layout and the helpers shared by
 * store.c (opening, locking), store_schema.c (migrations), store_run.c
 * (runs and cursors) and store_history.c (the history table).
 */
#ifndef RPO_CORE_STORE_INTERNAL_H
#define RPO_CORE_STORE_INTERNAL_H

#include <sqlite3.h>
#include "store.h"

/* The prepared statements of store_run.c, prepared on first use. */
enum {
    ST_INSERT_RUN,
    ST_FINISH_RUN,
    ST_SOURCE,
    ST_REJECT,
    ST_VALUE,
    ST_CURSOR_GET,
    ST_CURSOR_SET,
    ST_PREVIOUS,
    ST_LAST_RUN,
    ST_EACH_VALUE,
    ST_ADD_ACHIEVEMENT,
    ST_HAS_ACHIEVEMENT,
    ST_RECORDS_CLEAR,
    ST_RECORD_PUT,
    ST_RECORDS_EACH,
    ST_COUNT
};

struct rpo_store {
    sqlite3 *db;
    char *path;
    const rpo_logger *lg;
    int lock_fd;        /* -1 until rpo_store_lock */
    long long run_id;   /* the open run; 0 when none */
    sqlite3_stmt *st[ST_COUNT];
};

/*
 * One schema step: SQL that brings a store from version N-1 to N (steps[0]
 * brings an empty file to 1). Steps are only ever appended; a shipped step
 * never changes. A step runs in its own transaction with the version bump,
 * so a failed or interrupted step leaves the file at version N-1.
 */
typedef struct rpo_store_step {
    const char *what; /* for messages: "create the run tables" */
    const char *sql;  /* one or more statements */
} rpo_store_step;

/* The steps of this rpo: RPO_STORE_SCHEMA_VERSION of them. */
extern const rpo_store_step rpo_store_steps[RPO_STORE_SCHEMA_VERSION];

/*
 * rpo_store_migrate — bring DB (the store at PATH, for messages) from its
 * PRAGMA user_version to N_STEPS by applying STEPS[version..N_STEPS-1], one
 * transaction each (BEGIN IMMEDIATE, re-reading the version inside, so two
 * processes opening one old file upgrade it once). Returns RPO_OK;
 * RPO_ECONFIG when the version is above N_STEPS ("store PATH has schema
 * version N; this rpo knows up to M: upgrade rpo") or negative; the mapped
 * SQLite failure otherwise (logged; the failed step left no trace).
 */
int rpo_store_migrate(sqlite3 *db, const char *path, const rpo_logger *lg,
                      const rpo_store_step *steps, int n_steps);

/*
 * rpo_store_sqlerr — log "store PATH: cannot WHAT: SQLite's message" (DB
 * may be NULL) and return the status for SQLite result RC: RPO_ERETRY
 * (busy, locked), RPO_ENOMEM, RPO_ECONFIG (not a database), RPO_EDATA
 * (corrupt), RPO_EIO (I/O, full, read-only, cannot open), RPO_ERR (else).
 */
int rpo_store_sqlerr(sqlite3 *db, const rpo_logger *lg, const char *path, int rc,
                     const char *what);

/* rpo_store_stmt — statement K of store_run.c's table, prepared on first
 * use; NULL when it cannot be (logged, *STATUS set). */
sqlite3_stmt *rpo_store_stmt(rpo_store *s, int k, int *status);

/* rpo_store_step_done — step ST to its end and reset it; RPO_OK or the
 * logged failure to WHAT. */
int rpo_store_step_done(rpo_store *s, sqlite3_stmt *st, const char *what);

/* rpo_store_bind_text — bind TEXT (NULL: SQL NULL) to parameter I; the text
 * must outlive the step. */
void rpo_store_bind_text(sqlite3_stmt *st, int i, const char *text);

/* rpo_store_check_run — RPO_OK when RUN_ID is the open run, else RPO_ERR
 * after logging that WHAT cannot be done. */
int rpo_store_check_run(rpo_store *s, long long run_id, const char *what);

#endif
