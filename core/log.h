/*
 * log.h — the engine side of logging (rpo/log.h is the plugin side).
 */
#ifndef RPO_CORE_LOG_H
#define RPO_CORE_LOG_H

#include <stdarg.h>
#include <rpo/log.h>
#include <rpo/status.h>

/* Logger settings, owned by whoever runs the engine (the CLI, a test). */
typedef struct rpo_logger {
    int max_level; /* lines with a level above this are dropped (RPO_LOG_WARN by default) */
    int journald;  /* 1: prefix "<N>" journald priorities (stderr is the journal) */
} rpo_logger;

/*
 * rpo_logger_init — defaults: warnings and errors; journald priorities when
 * JOURNAL_STREAM names the device and inode of our stderr, as systemd sets it.
 */
void rpo_logger_init(rpo_logger *lg);

/*
 * rpo_logf — log one line through LG (NULL: defaults) with PREFIX (may be
 * NULL, e.g. "[source:apps]") at LEVEL. Never fails.
 */
void rpo_logf(const rpo_logger *lg, const char *prefix, rpo_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* rpo_vlogf — rpo_logf with a va_list. */
void rpo_vlogf(const rpo_logger *lg, const char *prefix, rpo_log_level level, const char *fmt,
               va_list ap) __attribute__((format(printf, 4, 0)));

#endif
