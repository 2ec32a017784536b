/*
 * store.c — opening, locking and closing the engagement store (see
 * store.h); runs are in store_run.c, the history in store_history.c.
 */
#include "store_internal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int rpo_store_sqlerr(sqlite3 *db, const rpo_logger *lg, const char *path, int rc,
                     const char *what)
{
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "store %s: cannot %s: another process kept it busy for over %d s (%s)", path, what,
                 RPO_STORE_BUSY_MS / 1000, msg);
        return RPO_ERETRY;
    case SQLITE_NOTADB:
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "store %s is not an rpo store (%s)", path, msg);
        return RPO_ECONFIG;
    default:
        break;
    }
    rpo_logf(lg, NULL, RPO_LOG_ERROR, "store %s: cannot %s: %s", path, what, msg);
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return RPO_ENOMEM;
    case SQLITE_CORRUPT:
        return RPO_EDATA;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
        return RPO_EIO;
    default:
        return RPO_ERR;
    }
}

/*
 * Creates PATH with mode 0600 unless it exists (SQLite would create it with
 * 0644 less the umask), and refuses an existing file that group or others
 * may read or write: a store holds the engagement's figures.
 */
static int create_file(const char *path, const rpo_logger *lg)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        int err = errno;
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "cannot open or create store %s: %s", path,
                 strerror(err));
        return err == EISDIR ? RPO_ECONFIG : RPO_ECANTCREAT;
    }
    struct stat st;
    int rc = RPO_OK;
    if (fstat(fd, &st) != 0) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "cannot stat store %s: %s", path, strerror(errno));
        rc = RPO_EIO;
    } else if (!S_ISREG(st.st_mode)) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "store %s is not a regular file", path);
        rc = RPO_ECONFIG;
    } else if (st.st_mode & 077) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "store %s may be read or written by group or others (mode %04o); chmod 600 it",
                 path, (unsigned)(st.st_mode & 07777));
        rc = RPO_ECONFIG;
    }
    close(fd);
    return rc;
}

/* Opens the connection and sets it up: busy timeout, foreign keys, WAL. */
static int connect_db(rpo_store *s)
{
    int rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return rpo_store_sqlerr(s->db, s->lg, s->path, rc, "open it");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, RPO_STORE_BUSY_MS);
    /* Outside any transaction: SQLite ignores this pragma inside one. */
    rc = sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rpo_store_sqlerr(s->db, s->lg, s->path, rc, "turn foreign keys on");
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *mode = (const char *)sqlite3_column_text(st, 0);
            int wal = mode && strcmp(mode, "wal") == 0;
            if (!wal)
                rpo_logf(s->lg, NULL, RPO_LOG_ERROR,
                         "store %s cannot use write-ahead logging (journal mode %s); keep it on a "
                         "local file system",
                         s->path, mode ? mode : "unknown");
            sqlite3_finalize(st);
            if (!wal)
                return RPO_ECONFIG;
            rc = SQLITE_OK;
        } else {
            int status = rpo_store_sqlerr(s->db, s->lg, s->path, rc, "turn write-ahead logging on");
            sqlite3_finalize(st);
            return status;
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rpo_store_sqlerr(s->db, s->lg, s->path, rc, "set it up");
    return RPO_OK;
}

int rpo_store_open(const char *path, const rpo_logger *lg, rpo_store **out)
{
    *out = NULL;
    int rc = create_file(path, lg);
    if (rc != RPO_OK)
        return rc;
    rpo_store *s = rpo_xcalloc(1, sizeof *s);
    s->path = rpo_xstrdup(path);
    s->lg = lg;
    s->lock_fd = -1;
    rc = connect_db(s);
    if (rc == RPO_OK)
        rc = rpo_store_migrate(s->db, s->path, lg, rpo_store_steps, RPO_STORE_SCHEMA_VERSION);
    if (rc != RPO_OK) {
        rpo_store_close(s);
        return rc;
    }
    *out = s;
    return RPO_OK;
}

void rpo_store_close(rpo_store *s)
{
    if (!s)
        return;
    rpo_store_rollback_run(s);
    for (int k = 0; k < ST_COUNT; k++)
        sqlite3_finalize(s->st[k]);
    /* Closing the last connection checkpoints the WAL into the file. */
    if (sqlite3_close(s->db) != SQLITE_OK)
        rpo_logf(s->lg, NULL, RPO_LOG_WARN, "store %s: cannot close it cleanly: %s", s->path,
                 sqlite3_errmsg(s->db));
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* releases the lock */
    free(s->path);
    free(s);
}

/* Milliseconds on the monotonic clock. */
static unsigned long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000u + (unsigned long long)ts.tv_nsec / 1000000u;
}

int rpo_store_lock(rpo_store *s, unsigned timeout_ms)
{
    if (s->lock_fd >= 0)
        return RPO_OK;
    size_t len = strlen(s->path);
    char *lock_path = rpo_xcalloc(1, len + sizeof ".lock");
    memcpy(lock_path, s->path, len);
    memcpy(lock_path + len, ".lock", sizeof ".lock");
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        rpo_logf(s->lg, NULL, RPO_LOG_ERROR, "cannot open lock file %s: %s", lock_path,
                 strerror(errno));
        free(lock_path);
        return RPO_EIO;
    }
    free(lock_path);
    unsigned long long start = now_ms();
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            s->lock_fd = fd;
            return RPO_OK;
        }
        int err = errno;
        if (err == EINTR)
            continue;
        if (err != EWOULDBLOCK) {
            rpo_logf(s->lg, NULL, RPO_LOG_ERROR, "cannot lock store %s: %s", s->path,
                     strerror(err));
            close(fd);
            return RPO_EIO;
        }
        unsigned long long waited = now_ms() - start;
        if (waited >= timeout_ms)
            break;
        unsigned long long nap = timeout_ms - waited < 20 ? timeout_ms - waited : 20;
        struct timespec ts = {0, (long)(nap * 1000000u)};
        nanosleep(&ts, NULL);
    }
    close(fd);
    rpo_logf(s->lg, NULL, RPO_LOG_ERROR, "another rpo run holds the store %s (waited %.1f s)",
             s->path, timeout_ms / 1000.0);
    return RPO_ERETRY;
}

void rpo_store_utc_now(char buf[static RPO_STORE_TIME_LEN])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, RPO_STORE_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
