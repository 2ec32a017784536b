/*
 * log.c — one line per message on stderr: "rpo: error: [source:apps] ...".
 * The whole line is formatted first and written with one fputs so lines from
 * concurrent writers do not interleave mid-line.
 */
#include "log.h"
#include "instance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const rpo_logger default_logger = {RPO_LOG_WARN, 0};

void rpo_logger_init(rpo_logger *lg)
{
    *lg = default_logger;
    const char *js = getenv("JOURNAL_STREAM");
    struct stat st;
    unsigned long long dev, ino;
    if (js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
        (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino)
        lg->journald = 1;
}

static const char *level_word(rpo_log_level level)
{
    switch (level) {
    case RPO_LOG_ERROR: return "error";
    case RPO_LOG_WARN: return "warning";
    case RPO_LOG_INFO: return "info";
    default: return "debug";
    }
}

void rpo_vlogf(const rpo_logger *lg, const char *prefix, rpo_log_level level, const char *fmt,
               va_list ap)
{
    if (!lg)
        lg = &default_logger;
    if ((int)level > lg->max_level)
        return;
    char line[2048];
    int n = 0;
    if (lg->journald)
        n = snprintf(line, sizeof line, "<%d>", (int)level);
    n += snprintf(line + n, sizeof line - (size_t)n, "rpo: %s: %s%s", level_word(level),
                  prefix ? prefix : "", prefix ? " " : "");
    if (n < (int)sizeof line)
        vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    size_t len = strlen(line);
    while (len && line[len - 1] == '\n')
        line[--len] = '\0';
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    line[len] = '\0';
    fputs(line, stderr);
}

void rpo_logf(const rpo_logger *lg, const char *prefix, rpo_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rpo_vlogf(lg, prefix, level, fmt, ap);
    va_end(ap);
}

void rpo_log(const rpo_instance *inst, rpo_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rpo_vlogf(inst ? inst->logger : NULL, inst ? inst->prefix : NULL, level, fmt, ap);
    va_end(ap);
}

const char *rpo_status_name(int status)
{
    switch (status) {
    case RPO_OK: return "ok";
    case RPO_ERR: return "internal";
    case RPO_ECONFIG: return "config";
    case RPO_ENOINPUT: return "noinput";
    case RPO_EDATA: return "data";
    case RPO_EIO: return "io";
    case RPO_ENOMEM: return "nomem";
    case RPO_ERETRY: return "retry";
    case RPO_EUNAVAIL: return "unavailable";
    case RPO_ECANTCREAT: return "cantcreat";
    case RPO_EINTR: return "interrupted";
    default: return "unknown";
    }
}
