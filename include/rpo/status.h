/*
 * rpo/status.h — status codes shared by the engine and its plugins.
 *
 * Every SDK function and plugin callback that can fail returns an int:
 * RPO_OK (0) on success, a negative RPO_E* code on failure. The message that
 * explains a failure goes through rpo_log() (rpo/log.h) at the point where the
 * failure is detected; the code only says what class of failure it was, so the
 * CLI can map it to a sysexits.h exit status.
 */
#ifndef RPO_STATUS_H
#define RPO_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

enum rpo_status {
    RPO_OK = 0,
    RPO_ERR = -1,      /* internal error (a bug): EX_SOFTWARE */
    RPO_ECONFIG = -2,  /* bad configuration: EX_CONFIG */
    RPO_ENOINPUT = -3, /* an input file or resource does not exist: EX_NOINPUT */
    RPO_EDATA = -4,    /* input data unusable as a whole (bad header): EX_DATAERR */
    RPO_EIO = -5,      /* read or write failed: EX_IOERR */
    RPO_ENOMEM = -6,   /* out of memory: EX_OSERR */
    RPO_ERETRY = -7,   /* transient fault; the same call may succeed later: EX_TEMPFAIL */
    RPO_EUNAVAIL = -8, /* plugin or service unavailable or refused: EX_UNAVAILABLE */
    RPO_ECANTCREAT = -9, /* an output file cannot be created: EX_CANTCREAT */
    RPO_EINTR = -10      /* the run was asked to stop (SIGINT, SIGTERM); ABI 1.1 */
};

/*
 * rpo_status_name — a short lower-case name for a status code ("ok",
 * "config", ...). Never returns NULL; unknown codes give "unknown". The
 * string is static and must not be freed.
 */
const char *rpo_status_name(int status);

/*
 * rpo_stop_requested (ABI 1.2) — non-zero once the run was asked to stop
 * (SIGINT or SIGTERM). A plugin in a long wait, loop or transfer checks it
 * and returns RPO_EINTR; the engine then ends the run as it does between
 * records, leaving outputs and the store as they were. Async-signal-safe
 * to call; never blocks.
 */
int rpo_stop_requested(void);

#ifdef __cplusplus
}
#endif
#endif
