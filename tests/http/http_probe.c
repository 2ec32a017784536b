/*
 * http_probe.c — runs one http_request() (plugins/http_common) from the
 * command line, for tests/integration/http_common.sh against
 * tests/http/loopback_server.py. The instance is a fake one
 * (tests/common/fake_config.c) whose keys are HTTP_POLICY_KEYS; messages go
 * to stderr as "[source:probe] ..." like the engine's logger.
 *
 *   http_probe [-k KEY=VALUE]... [-H "Name: value"]... [-d BODY] [-m METHOD]
 *              [-a bearer:ENV | -a basic:USER:ENV] [-l LABEL] [-o BODYFILE] URL
 *
 * The secret of -a is read from the environment variable ENV. It prints
 * "status N", "attempts N", "link_next URL|-", "retry_after VALUE|-" and
 * "result NAME" on stdout, writes the response body to BODYFILE, and exits 0
 * for RPO_OK, else 1 (2 for a usage error).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../plugins/http_common/http.h"
#include "../common/fake_config.h"

static const rpo_config_key probe_keys[] = { HTTP_POLICY_KEYS, { NULL, 0, 0, NULL, NULL } };

void rpo_log(const rpo_instance *inst, rpo_log_level level, const char *fmt, ...)
{
    va_list ap;

    (void)level;
    fprintf(stderr, "[source:%s] ", inst ? inst->name : "-");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* The probe makes one request; a signal still cuts its waits short
 * (nanosleep returns EINTR), which is what the tests look at. */
int rpo_stop_requested(void)
{
    return 0;
}

int rpo_config_error(const rpo_instance *inst, const char *key, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "probe.ini:1: [source.%s] %s: ", inst->name, key ? key : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return RPO_ECONFIG;
}

static const char *result_name(int rc)
{
    switch (rc) {
    case RPO_OK: return "ok";
    case RPO_ECONFIG: return "config";
    case RPO_EDATA: return "data";
    case RPO_ENOMEM: return "nomem";
    case RPO_ERETRY: return "retry";
    case RPO_EUNAVAIL: return "unavailable";
    case RPO_EINTR: return "interrupted";
    default: return "other";
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: http_probe [-k KEY=VALUE]... [-H HEADER]... [-d BODY] [-m METHOD] "
                    "[-a bearer:ENV|basic:USER:ENV] [-l LABEL] [-o FILE] URL\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *kv[2 * 16 + 1] = { NULL };
    const char *headers[16 + 1] = { NULL };
    char *keys[16] = { NULL };
    size_t nkv = 0, nheaders = 0;
    const char *body = NULL, *method = NULL, *label = "the probe", *body_file = NULL;
    char *auth_spec = NULL;
    http_auth auth = { HTTP_AUTH_NONE, NULL, NULL };
    rpo_instance inst = { "probe", probe_keys, kv };
    http_policy policy;
    http_response resp;
    int opt, rc;

    while ((opt = getopt(argc, argv, "k:H:d:m:a:l:o:")) != -1) {
        switch (opt) {
        case 'k': {
            char *eq = strchr(optarg, '=');
            if (eq == NULL || nkv >= 16)
                return usage();
            keys[nkv] = strndup(optarg, (size_t)(eq - optarg));
            kv[2 * nkv] = keys[nkv];
            kv[2 * nkv + 1] = eq + 1;
            nkv++;
            break;
        }
        case 'H':
            if (nheaders >= 16)
                return usage();
            headers[nheaders++] = optarg;
            break;
        case 'd': body = optarg; break;
        case 'm': method = optarg; break;
        case 'a': auth_spec = optarg; break;
        case 'l': label = optarg; break;
        case 'o': body_file = optarg; break;
        default: return usage();
        }
    }
    if (optind != argc - 1)
        return usage();
    if (auth_spec != NULL) {
        char *colon;
        if (strncmp(auth_spec, "bearer:", 7) == 0) {
            auth.kind = HTTP_AUTH_BEARER;
            auth.secret = getenv(auth_spec + 7);
        } else if (strncmp(auth_spec, "basic:", 6) == 0 &&
                   (colon = strchr(auth_spec + 6, ':')) != NULL) {
            *colon = '\0';
            auth.kind = HTTP_AUTH_BASIC;
            auth.user = auth_spec + 6;
            auth.secret = getenv(colon + 1);
        } else {
            return usage();
        }
    }
    if (method == NULL)
        method = body != NULL ? "POST" : "GET";

    if (http_policy_read(&inst, &policy) != RPO_OK) {
        printf("result config\n");
        rc = RPO_ECONFIG;
        goto out;
    }
    if (http_global_init(&inst) != RPO_OK) {
        rc = RPO_ERR;
        goto out;
    }
    rc = http_request(&inst, &policy, &auth, method, argv[optind], label, headers, body,
                      body ? strlen(body) : 0, &resp);
    printf("status %ld\nattempts %u\nlink_next %s\nretry_after %s\nresult %s\n", resp.status,
           resp.attempts, resp.link_next ? resp.link_next : "-",
           resp.retry_after ? resp.retry_after : "-", result_name(rc));
    if (body_file != NULL && resp.body != NULL) {
        FILE *f = fopen(body_file, "wb");
        int bad = f == NULL || fwrite(resp.body, 1, resp.len, f) != resp.len;
        if ((f != NULL && fclose(f) != 0) || bad) {
            perror(body_file);
            rc = RPO_EIO;
        }
    }
    http_response_free(&resp);
    http_global_cleanup();
out:
    for (size_t i = 0; i < nkv; i++)
        free(keys[i]);
    return rc == RPO_OK ? 0 : 1;
}
