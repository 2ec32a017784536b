/*
 * rpo/log.h — the engine's logger, as plugins see it.
 *
 * Messages go to stderr, one line each, prefixed with the level and, for a
 * plugin instance, "[kind:instance]". Under systemd (JOURNAL_STREAM set) each
 * line also carries its journald priority ("<3>" ...). Nothing logged may
 * contain a secret or a candidate's personal data: plugins log locations
 * (file:line, field) and reasons, never raw values of identifying fields.
 */
#ifndef RPO_LOG_H
#define RPO_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rpo_instance rpo_instance;

typedef enum rpo_log_level {
    RPO_LOG_ERROR = 3, /* the run or this instance cannot go on */
    RPO_LOG_WARN = 4,  /* something the user should look at; the run goes on */
    RPO_LOG_INFO = 6,  /* progress an operator may want to see with -v */
    RPO_LOG_DEBUG = 7  /* detail for developers with -vv */
} rpo_log_level;

/*
 * rpo_log — log one line for plugin instance INST (NULL: the engine itself)
 * at LEVEL, printf-style. Lines above the engine's verbosity are dropped.
 * A trailing newline in FMT is not needed and is not doubled. Never fails.
 */
void rpo_log(const rpo_instance *inst, rpo_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
