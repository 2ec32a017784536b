/*
 * store.h — the engagement store: one SQLite file per engagement that keeps
 * every committed run (its sources, rejected rows, metric cells) and the sync
 * cursors of incremental sources, for trends across runs.
 *
 * A run is all-or-nothing: rpo_store_begin_run opens one write transaction,
 * everything of the run goes into it, and only rpo_store_commit_run makes it
 * visible. A process killed at any point before the commit leaves the store
 * as it was. Two runs of one engagement never interleave: take
 * rpo_store_lock (an advisory lock on "PATH.lock") before reading cursors
 * and keep it until rpo_store_close.
 *
 * What is stored is only what the tables name (docs in store_schema.c):
 * counts, metric values, segment labels, rejected rows' locations, fields
 * and reasons; never a record's values. One handle serves one thread.
 */
#ifndef RPO_CORE_STORE_H
#define RPO_CORE_STORE_H

#include <stdio.h>
#include <rpo/report.h>
#include "log.h"

/* The schema version this rpo writes (PRAGMA user_version). */
#define RPO_STORE_SCHEMA_VERSION 2

/* How long one statement waits for another connection's write lock. */
#define RPO_STORE_BUSY_MS 5000

/* Room for a UTC time stamp "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define RPO_STORE_TIME_LEN 21

typedef struct rpo_store rpo_store;

/* What a run row starts with (strings are copied into the store). */
typedef struct rpo_store_run {
    const char *engagement;  /* [engagement] name */
    const char *as_of;       /* ISO date the run treats as today */
    const char *started_at;  /* UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL: now */
    const char *config_hash; /* e.g. hex SHA-256 of the configuration; NULL: none */
} rpo_store_run;

/*
 * rpo_store_open — open the store at PATH, creating it with mode 0600 when
 * it does not exist, and bring its schema up to RPO_STORE_SCHEMA_VERSION
 * (one transaction per version step). LG (may be NULL) must outlive the
 * store. Refuses, with one logged line: an existing file readable or
 * writable by group or others (RPO_ECONFIG), a file that is not an SQLite
 * database (RPO_ECONFIG), a schema newer than this rpo's (RPO_ECONFIG); a
 * file that cannot be created gives RPO_ECANTCREAT, an I/O failure RPO_EIO,
 * another process holding the database longer than RPO_STORE_BUSY_MS
 * RPO_ERETRY. *OUT gets the store (caller closes it) or NULL on failure.
 */
int rpo_store_open(const char *path, const rpo_logger *lg, rpo_store **out);

/*
 * rpo_store_close — roll back an open run, release the lock, close the
 * file and free S. NULL is fine.
 */
void rpo_store_close(rpo_store *s);

/*
 * rpo_store_lock — take the exclusive advisory lock of the store's
 * engagement (flock on "PATH.lock", created 0600 and never removed),
 * polling for up to TIMEOUT_MS. Held until rpo_store_close; taking it twice
 * on one handle is a no-op. Returns RPO_OK; RPO_ERETRY with "another rpo
 * run holds the store PATH (waited N s)" logged when it stays taken;
 * RPO_EIO when the lock file cannot be opened. The lock's file descriptor
 * is close-on-exec, but a fork()ed child shares it until the child closes it.
 */
int rpo_store_lock(rpo_store *s, unsigned timeout_ms);

/*
 * rpo_store_begin_run — begin a run's transaction (BEGIN IMMEDIATE, so it
 * waits up to RPO_STORE_BUSY_MS for another writer) and insert its row with
 * status "running"; *RUN_ID gets its id. Requires the lock and no other
 * open run (RPO_ERR otherwise). Returns RPO_OK, RPO_ERETRY (busy), RPO_EIO.
 * On failure nothing is open.
 */
int rpo_store_begin_run(rpo_store *s, const rpo_store_run *run, long long *run_id);

/*
 * rpo_store_add_source — add one source's summary (instance, plugin, record
 * kind, read, accepted, rejected) to open run RUN_ID. Returns RPO_OK, RPO_ERR
 * (RUN_ID is not the open run, or the instance was added twice), RPO_EIO.
 * On failure the caller rolls the run back.
 */
int rpo_store_add_source(rpo_store *s, long long run_id, const rpo_source_summary *src);

/*
 * rpo_store_add_reject — add one rejected row to open run RUN_ID: its
 * LOCATION ("apps.csv:17"), the FIELD at fault ("" or NULL when none) and
 * the REASON. The reason must name the problem, never the row's values
 * (pass the parser's reason, not the logged message). Returns as
 * rpo_store_add_source.
 */
int rpo_store_add_reject(rpo_store *s, long long run_id, const char *location, const char *field,
                         const char *reason);

/*
 * rpo_store_add_report — add every metric cell of R (each metric, period
 * and segment the metric supports) to open run RUN_ID: state, n, value
 * (NULL unless ok), mean and p90 (distributions only), target status and
 * target (NULL without one). Returns as rpo_store_add_source.
 */
int rpo_store_add_report(rpo_store *s, long long run_id, const rpo_report *r);

/*
 * rpo_store_cursor_get — the sync cursor saved for SOURCE (a source
 * instance name) into *VALUE (caller frees), or NULL when there is none.
 * Inside an open run it sees that run's own unsaved cursors. Returns RPO_OK
 * or RPO_EIO (*VALUE NULL).
 */
int rpo_store_cursor_get(rpo_store *s, const char *source, char **value);

/*
 * rpo_store_cursor_set — set SOURCE's cursor to VALUE in open run RUN_ID:
 * saved when the run commits, dropped when it rolls back. Returns as
 * rpo_store_add_source.
 */
int rpo_store_cursor_set(rpo_store *s, long long run_id, const char *source, const char *value);

/*
 * rpo_store_commit_run — set open run RUN_ID's STATUS ("ok", ...) and
 * FINISHED_AT (UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL: now), and commit: from
 * here the run and all it holds are in the store. Returns RPO_OK; on
 * failure (RPO_ERR for a RUN_ID that is not open, RPO_EIO) the run is
 * rolled back and the store is as before it began.
 */
int rpo_store_commit_run(rpo_store *s, long long run_id, const char *status,
                         const char *finished_at);

/* rpo_store_rollback_run — drop the open run, if any; never fails. */
void rpo_store_rollback_run(rpo_store *s);

/*
 * rpo_store_previous_value — metric METRIC's value for the whole engagement
 * (segment all) in period PERIOD of the latest run committed with status
 * "ok" whose id is below BEFORE (0: of all runs). *FOUND is 1 and *VALUE
 * set when that run has an ok value there, else 0. Returns RPO_OK or
 * RPO_EIO.
 */
int rpo_store_previous_value(rpo_store *s, long long before, const char *metric,
                             const char *period, double *value, int *found);

/*
 * rpo_store_history — print to OUT, for METRIC (NULL: each stored metric,
 * in the order they were first stored), a table of the committed runs
 * (oldest first): run id, as-of date, finished_at, status and the metric's
 * whole-engagement value in each period label ever stored, "overall" last.
 * Values print with up to two decimals; "-" is an empty cell, "(n=3)" one
 * with too few observations, nothing a period the run did not have.
 * Returns RPO_OK; RPO_ENOINPUT (logged) when runs exist but none has
 * METRIC; RPO_EIO.
 */
int rpo_store_history(rpo_store *s, const char *metric, FILE *out);

/*
 * rpo_store_last_run — the latest run committed with status "ok": its id
 * into *RUN_ID and its as-of date into AS_OF (""/0 when there is none).
 * Returns RPO_OK or RPO_EIO.
 */
int rpo_store_last_run(rpo_store *s, long long *run_id, char as_of[static 11]);

/* One cell of a stored run, as rpo_store_each_value hands it over. */
typedef struct rpo_store_cell {
    const char *metric, *period, *dimension, *segment;
    const char *status; /* "none", "met", "near", "missed", "insufficient" */
    int has_value;      /* state ok and a value stored */
    double value;
} rpo_store_cell;

/*
 * rpo_store_each_value — call FN(ARG, CELL) for every cell of committed run
 * RUN_ID (strings valid during the call). Stops at FN's first non-zero
 * return. Returns RPO_OK or RPO_EIO.
 */
int rpo_store_each_value(rpo_store *s, long long run_id,
                         int (*fn)(void *arg, const rpo_store_cell *cell), void *arg);

/*
 * rpo_store_add_achievements / rpo_store_has_achievement — keep the
 * achievements of report R in open run RUN_ID; whether run RUN_ID kept one of
 * KIND, METRIC, FIRST and LAST (*FOUND). Return RPO_OK, RPO_ERR (no such
 * open run), RPO_EIO.
 */
int rpo_store_add_achievements(rpo_store *s, long long run_id, const rpo_report *r);
int rpo_store_has_achievement(rpo_store *s, long long run_id, const char *kind, const char *metric,
                              const char *first, const char *last, int *found);

/*
 * Records of incremental sources, inside open run RUN_ID (see
 * rpo_source_sync in rpo/record.h). rpo_store_records_clear drops every
 * record kept for SOURCE (a full fetch replaces them); rpo_store_record_put
 * keeps one under KEY, replacing the one kept with that key (which keeps its
 * place in the order); rpo_store_records_each calls FN(ARG, location, line,
 * fields) for each record of SOURCE in the order first kept, stopping at
 * FN's first non-zero return, which it returns (strings valid during the
 * call). All return RPO_OK, RPO_ERR (no such open run), RPO_EIO.
 */
int rpo_store_records_clear(rpo_store *s, long long run_id, const char *source);
int rpo_store_record_put(rpo_store *s, long long run_id, const char *source, const char *key,
                         const char *location, unsigned long line, const char *fields);
int rpo_store_records_each(rpo_store *s, const char *source,
                           int (*fn)(void *arg, const char *location, unsigned long line,
                                     const char *fields),
                           void *arg);

/* rpo_store_utc_now — the current time as "YYYY-MM-DDTHH:MM:SSZ" into BUF. */
void rpo_store_utc_now(char buf[static RPO_STORE_TIME_LEN]);

#endif
