/*
 * store_history.c — the committed runs of the store as text tables, one
 * per metric: a row per run, a column per period label (see store.h).
 */
#include "store_internal.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define CELL 32 /* room for one printed cell */

typedef struct hrun {
    long long id;
    char id_text[24];
    char *as_of, *finished, *status;
} hrun;

typedef struct history {
    rpo_store *s;
    FILE *out;
    hrun *runs; /* by id */
    size_t n_runs;
} history;

/* The text of column I of ST's row, "" for NULL. */
static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

/* Prepares SQL, binding METRIC (may be NULL) to ?1. */
static int prepare(history *h, const char *sql, const char *metric, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v2(h->s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK)
        return rpo_store_sqlerr(h->s->db, h->s->lg, h->s->path, rc, "read the history");
    if (metric)
        sqlite3_bind_text(*st, 1, metric, -1, SQLITE_STATIC);
    return RPO_OK;
}

/* Finalizes ST after stepping ended with RC; returns the logged failure or RPO_OK. */
static int finish(history *h, sqlite3_stmt *st, int rc)
{
    int status = rc == SQLITE_DONE ? RPO_OK
                                   : rpo_store_sqlerr(h->s->db, h->s->lg, h->s->path, rc,
                                                      "read the history");
    sqlite3_finalize(st);
    return status;
}

static int load_runs(history *h)
{
    sqlite3_stmt *st;
    int status = prepare(h, "SELECT id, as_of, finished_at, status FROM runs "
                                "WHERE finished_at IS NOT NULL ORDER BY id", NULL, &st);
    if (status != RPO_OK)
        return status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        h->runs = rpo_xrealloc(h->runs, (h->n_runs + 1) * sizeof *h->runs);
        hrun *r = &h->runs[h->n_runs++];
        r->id = sqlite3_column_int64(st, 0);
        snprintf(r->id_text, sizeof r->id_text, "%lld", r->id);
        r->as_of = rpo_xstrdup(col_text(st, 1));
        r->finished = rpo_xstrdup(col_text(st, 2));
        r->status = rpo_xstrdup(col_text(st, 3));
    }
    return finish(h, st, rc);
}

/* The row of run ID, or -1. */
static long run_row(const history *h, long long id)
{
    size_t lo = 0, hi = h->n_runs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->runs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < h->n_runs && h->runs[lo].id == id ? (long)lo : -1;
}

/* A value as printed: up to two decimals, no trailing zeros. */
static void format_value(char buf[static CELL], double x)
{
    snprintf(buf, CELL, "%.2f", x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

/* One table line being printed: spaces are held back until text follows,
 * so no line ends in blanks. */
typedef struct line {
    FILE *out;
    size_t pending;
    int started;
} line;

static void put(line *l, const char *text, size_t width, int right)
{
    size_t len = strlen(text);
    if (l->started)
        l->pending += 2;
    l->started = 1;
    if (right)
        l->pending += width - len;
    if (len) {
        fprintf(l->out, "%*s%s", (int)l->pending, "", text);
        l->pending = 0;
    }
    if (!right)
        l->pending += width - len;
}

static size_t max_len(size_t a, const char *text)
{
    size_t n = strlen(text);
    return n > a ? n : a;
}

/* Prints the table of PERIODS (N_PERIODS) and CELLS ([run][period]). */
static void print_table(history *h, const char *metric, char **periods, size_t n_periods,
                        char (*cells)[CELL])
{
    size_t w[4] = {3, 5, 11, 6}; /* run, as_of, finished_at, status */
    size_t *pw = rpo_xcalloc(n_periods, sizeof *pw);
    for (size_t i = 0; i < h->n_runs; i++) {
        const hrun *r = &h->runs[i];
        w[0] = max_len(w[0], r->id_text);
        w[1] = max_len(w[1], r->as_of);
        w[2] = max_len(w[2], r->finished);
        w[3] = max_len(w[3], r->status);
        for (size_t p = 0; p < n_periods; p++)
            pw[p] = max_len(pw[p], cells[i * n_periods + p]);
    }
    for (size_t p = 0; p < n_periods; p++)
        pw[p] = max_len(pw[p], periods[p]);
    fprintf(h->out, "%s\n", metric);
    line l = {h->out, 0, 0};
    put(&l, "run", w[0], 1);
    put(&l, "as_of", w[1], 0);
    put(&l, "finished_at", w[2], 0);
    put(&l, "status", w[3], 0);
    for (size_t p = 0; p < n_periods; p++)
        put(&l, periods[p], pw[p], 1);
    fputc('\n', h->out);
    for (size_t i = 0; i < h->n_runs; i++) {
        const hrun *r = &h->runs[i];
        line row = {h->out, 0, 0};
        put(&row, r->id_text, w[0], 1);
        put(&row, r->as_of, w[1], 0);
        put(&row, r->finished, w[2], 0);
        put(&row, r->status, w[3], 0);
        for (size_t p = 0; p < n_periods; p++)
            put(&row, cells[i * n_periods + p], pw[p], 1);
        fputc('\n', h->out);
    }
    free(pw);
}

/* Fills CELLS ([run][period]) with METRIC's whole-engagement values. */
static int load_cells(history *h, const char *metric, char **periods, size_t n_periods,
                      char (*cells)[CELL])
{
    sqlite3_stmt *st;
    int status = prepare(h,
                         "SELECT run_id, period, state, n, value FROM metric_values "
                         "WHERE metric = ?1 AND dimension = 'all' AND segment = ''",
                         metric, &st);
    if (status != RPO_OK)
        return status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = run_row(h, sqlite3_column_int64(st, 0));
        const char *period = col_text(st, 1);
        size_t p = 0;
        while (p < n_periods && strcmp(periods[p], period) != 0)
            p++;
        if (row < 0 || p == n_periods)
            continue;
        char *cell = cells[(size_t)row * n_periods + p];
        const char *state = col_text(st, 2);
        if (strcmp(state, "ok") == 0 && sqlite3_column_type(st, 4) != SQLITE_NULL)
            format_value(cell, sqlite3_column_double(st, 4));
        else if (strcmp(state, "insufficient") == 0)
            snprintf(cell, CELL, "(n=%lld)", (long long)sqlite3_column_int64(st, 3));
        else
            strcpy(cell, "-");
    }
    return finish(h, st, rc);
}

/* Prints METRIC's table; *FOUND is 0 when no run has a value of it. */
static int print_metric(history *h, const char *metric, int *found)
{
    sqlite3_stmt *st;
    int status = prepare(h,
                         "SELECT DISTINCT period FROM metric_values "
                         "WHERE metric = ?1 AND dimension = 'all' "
                         "ORDER BY period = 'overall', period",
                         metric, &st);
    if (status != RPO_OK)
        return status;
    char **periods = NULL;
    size_t n_periods = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        periods = rpo_xrealloc(periods, (n_periods + 1) * sizeof *periods);
        periods[n_periods++] = rpo_xstrdup(col_text(st, 0));
    }
    status = finish(h, st, rc);
    *found = n_periods > 0;
    if (status == RPO_OK && n_periods) {
        char (*cells)[CELL] = rpo_xcalloc(h->n_runs * n_periods, CELL);
        status = load_cells(h, metric, periods, n_periods, cells);
        if (status == RPO_OK)
            print_table(h, metric, periods, n_periods, cells);
        free(cells);
    }
    for (size_t p = 0; p < n_periods; p++)
        free(periods[p]);
    free(periods);
    return status;
}

/* Prints every stored metric's table, in the order they were first stored. */
static int print_all(history *h)
{
    sqlite3_stmt *st;
    int status = prepare(h, "SELECT metric FROM metric_values GROUP BY metric ORDER BY min(rowid)",
                         NULL, &st);
    if (status != RPO_OK)
        return status;
    int rc = SQLITE_DONE, found;
    size_t shown = 0;
    while (status == RPO_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *metric = rpo_xstrdup(col_text(st, 0));
        if (shown++)
            fputc('\n', h->out);
        status = print_metric(h, metric, &found);
        free(metric);
    }
    if (status != RPO_OK) {
        sqlite3_finalize(st);
        return status;
    }
    return finish(h, st, rc);
}

int rpo_store_history(rpo_store *s, const char *metric, FILE *out)
{
    history h = {s, out, NULL, 0};
    int status = load_runs(&h);
    if (status == RPO_OK && !h.n_runs) {
        fprintf(out, "no runs in the store yet\n");
    } else if (status == RPO_OK && metric) {
        int found;
        status = print_metric(&h, metric, &found);
        if (status == RPO_OK && !found) {
            rpo_logf(s->lg, NULL, RPO_LOG_ERROR, "store %s has no values of metric '%s'", s->path,
                     metric);
            status = RPO_ENOINPUT;
        }
    } else if (status == RPO_OK) {
        status = print_all(&h);
    }
    for (size_t i = 0; i < h.n_runs; i++) {
        free(h.runs[i].as_of);
        free(h.runs[i].finished);
        free(h.runs[i].status);
    }
    free(h.runs);
    return status;
}
