/*
 * http_policy.c — the retry and timeout policy of an instance, from the keys
 * of HTTP_POLICY_KEYS (the engine has checked they are integers; the
 * ranges are checked here, each with one message naming the key).
 */
#include "http.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Reads KEY (an integer key with a default in HTTP_POLICY_KEYS) into *OUT
 * when it lies in [MIN, MAX]; else logs a config error. */
static int read_range(const rpo_instance *inst, const char *key, long fallback, long min,
                      long max, const char *unit, long *out)
{
    long v = rpo_config_long(inst, key, fallback);

    if (v < min || v > max)
        return rpo_config_error(inst, key, "must be %ld to %ld %s, not %ld", min, max, unit, v);
    *out = v;
    return RPO_OK;
}

/* http_policy_read — see http.h. */
int http_policy_read(const rpo_instance *inst, http_policy *p)
{
    long connect_s = 0, timeout_s = 0, retries = 0, retry_for_s = 0, backoff_ms = 0;
    int rc;

    memset(p, 0, sizeof(*p));
    if ((rc = read_range(inst, "connect_timeout", 10, 1, 600, "seconds", &connect_s)) != RPO_OK ||
        (rc = read_range(inst, "timeout", 60, 1, 3600, "seconds", &timeout_s)) != RPO_OK ||
        (rc = read_range(inst, "retries", 4, 0, 20, "retries", &retries)) != RPO_OK ||
        (rc = read_range(inst, "retry_for", 300, 1, 86400, "seconds", &retry_for_s)) != RPO_OK ||
        (rc = read_range(inst, "retry_backoff_ms", 1000, 0, HTTP_BACKOFF_CAP_MS, "ms",
                         &backoff_ms)) != RPO_OK)
        return rc;
    p->connect_timeout_ms = connect_s * 1000;
    p->timeout_ms = timeout_s * 1000;
    p->max_attempts = (unsigned)retries + 1;
    p->max_elapsed_ms = retry_for_s * 1000;
    p->backoff_ms = backoff_ms;
    p->ca_bundle = rpo_config_get(inst, "ca_bundle") != NULL &&
                           rpo_config_get(inst, "ca_bundle")[0] != '\0'
                       ? rpo_config_path(inst, "ca_bundle")
                       : NULL;
    if (p->ca_bundle != NULL && access(p->ca_bundle, R_OK) != 0)
        return rpo_config_error(inst, "ca_bundle", "cannot read %s: %s", p->ca_bundle,
                                strerror(errno));
    return RPO_OK;
}
