/*
 * http.c — one HTTP request with retries, over libcurl (contract in http.h).
 *
 * Each attempt classifies its outcome: an answer to hand back (2xx), a
 * final failure (401/403, other 3xx/4xx, TLS verification, a URL libcurl
 * cannot use), or a transient fault worth another attempt (connection
 * failures, resets, timeouts, 429, 5xx). Between attempts it waits the
 * backoff (or the server's Retry-After), in slices of at most 200 ms, as long
 * as the policy's attempts and total time allow. Messages name the caller's
 * label and libcurl's generic error text, never the URL.
 */
#define _GNU_SOURCE /* dladdr, Dl_info */
#include "http.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

/* The longest single sleep, so that a wait notices a signal quickly. */
#define SLEEP_SLICE_MS 200L

/* What one attempt collected. */
typedef struct transfer {
    char *body;
    size_t len, cap;
    int too_big;       /* the body passed HTTP_MAX_BODY; the transfer was stopped */
    int out_of_memory;
    char *link_next;   /* of the last response's headers */
    char *retry_after;
} transfer;

static void transfer_reset(transfer *t)
{
    free(t->body);
    free(t->link_next);
    free(t->retry_after);
    memset(t, 0, sizeof(*t));
}

/* libcurl's progress callback: non-zero aborts the transfer. */
static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)arg, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return rpo_stop_requested();
}

/* libcurl's write callback: append to the body, up to HTTP_MAX_BODY. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    transfer *t = userp;
    size_t n = size * nmemb;

    if (n > HTTP_MAX_BODY - t->len) {
        t->too_big = 1;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        char *grown;
        while (cap < t->len + n + 1)
            cap *= 2;
        if ((grown = realloc(t->body, cap)) == NULL) {
            t->out_of_memory = 1;
            return 0;
        }
        t->body = grown;
        t->cap = cap;
    }
    memcpy(t->body + t->len, data, n);
    t->len += n;
    t->body[t->len] = '\0';
    return n;
}

/* A copy of header value V[0..N) without surrounding blanks and the CRLF. */
static char *header_value(const char *v, size_t n)
{
    while (n > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    return strndup(v, n);
}

/* libcurl's header callback: one header line at a time, for every response
 * of the attempt (a "100 Continue" comes first): keep the last response's. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    transfer *t = userp;
    size_t n = size * nmemb;

    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) { /* a new response begins */
        free(t->link_next);
        free(t->retry_after);
        t->link_next = t->retry_after = NULL;
    } else if (n > 5 && strncasecmp(data, "Link:", 5) == 0 && t->link_next == NULL) {
        char *v = header_value(data + 5, n - 5);
        if (v == NULL) {
            t->out_of_memory = 1;
            return 0;
        }
        t->link_next = http_link_next(v);
        free(v);
    } else if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
        free(t->retry_after);
        if ((t->retry_after = header_value(data + 12, n - 12)) == NULL) {
            t->out_of_memory = 1;
            return 0;
        }
    }
    return n;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Sleeps MS in slices of SLEEP_SLICE_MS; RPO_EINTR when a signal handler
 * ran meanwhile (in rpo, only SIGINT and SIGTERM have one) or the run was
 * asked to stop. */
static int sleep_ms(long ms)
{
    while (ms > 0) {
        if (rpo_stop_requested())
            return RPO_EINTR;
        long slice = ms < SLEEP_SLICE_MS ? ms : SLEEP_SLICE_MS;
        struct timespec ts = { slice / 1000, (slice % 1000) * 1000000L };
        if (nanosleep(&ts, NULL) != 0 && errno == EINTR)
            return RPO_EINTR;
        ms -= slice;
    }
    return RPO_OK;
}

/*
 * Keeps libcurl (and so the TLS and other libraries it loaded) mapped until
 * the process exits, although the plugin that pulled it in is unloaded at
 * the end of the run: unmapping libraries with thread-local storage while
 * the process still runs is what glibc's and LeakSanitizer's bookkeeping of
 * that storage handles worst (LeakSanitizer crashed in its exit check).
 */
static void pin_libcurl(void)
{
    Dl_info info;
    if (dladdr((void *)curl_easy_init, &info) && info.dli_fname) {
        void *h = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
        if (h)
            dlclose(h); /* RTLD_NODELETE outlives the reference */
    }
}

/* http_global_init — see http.h. */
int http_global_init(const rpo_instance *inst)
{
    CURLcode c = curl_global_init(CURL_GLOBAL_DEFAULT);

    pin_libcurl();
    if (c != CURLE_OK) {
        rpo_log(inst, RPO_LOG_ERROR, "cannot initialise libcurl: %s", curl_easy_strerror(c));
        return RPO_ERR;
    }
    return RPO_OK;
}

/* http_global_cleanup — see http.h. */
void http_global_cleanup(void)
{
    curl_global_cleanup();
}

/* http_response_free — see http.h. */
void http_response_free(http_response *r)
{
    if (r == NULL)
        return;
    free(r->body);
    free(r->link_next);
    free(r->retry_after);
    memset(r, 0, sizeof(*r));
}

/* Wipes every line of L (one may hold a token) and frees the list. */
static void headers_free(struct curl_slist *l)
{
    for (struct curl_slist *i = l; i != NULL; i = i->next)
        if (i->data != NULL)
            memset(i->data, 0, strlen(i->data));
    curl_slist_free_all(l);
}

/* The request's header list: the caller's lines, the bearer token, and an
 * empty "Expect:" so libcurl never waits for a "100 Continue" before a body.
 * RPO_OK or RPO_ENOMEM. */
static int headers_build(const http_auth *auth, const char *const *headers, int has_body,
                         struct curl_slist **out)
{
    struct curl_slist *l = NULL, *grown;

    *out = NULL;
    for (const char *const *h = headers; h != NULL && *h != NULL; h++) {
        if ((grown = curl_slist_append(l, *h)) == NULL)
            goto oom;
        l = grown;
    }
    if (auth != NULL && auth->kind == HTTP_AUTH_BEARER) {
        const char *secret = auth->secret ? auth->secret : "";
        size_t n = strlen("Authorization: Bearer ") + strlen(secret) + 1;
        char *line = malloc(n);
        if (line == NULL)
            goto oom;
        snprintf(line, n, "Authorization: Bearer %s", secret);
        grown = curl_slist_append(l, line);
        memset(line, 0, n);
        free(line);
        if (grown == NULL)
            goto oom;
        l = grown;
    }
    if (has_body) {
        if ((grown = curl_slist_append(l, "Expect:")) == NULL)
            goto oom;
        l = grown;
    }
    *out = l;
    return RPO_OK;
oom:
    headers_free(l);
    return RPO_ENOMEM;
}

/* Sets the options every attempt shares. RPO_OK, or RPO_ENOMEM/RPO_ERR
 * when libcurl refuses one (a libcurl without http/https). */
static int setup(CURL *h, const http_policy *policy, const http_auth *auth, const char *method,
                 const char *url, const struct curl_slist *headers, const char *body,
                 size_t body_len, transfer *t, char *errbuf)
{
    CURLcode c = CURLE_OK;

#define SET(opt, val)                                 \
    do {                                              \
        if (c == CURLE_OK)                            \
            c = curl_easy_setopt(h, opt, val);        \
    } while (0)
    SET(CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    if (policy->ca_bundle != NULL)
        SET(CURLOPT_CAINFO, policy->ca_bundle);
    SET(CURLOPT_USERAGENT, "rpo-engine");
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, t);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, t);
    SET(CURLOPT_ERRORBUFFER, errbuf);
    /* A stop request (SIGINT, SIGTERM) ends a transfer at once, not at its timeout. */
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_ACCEPT_ENCODING, ""); /* whatever this libcurl can decode */
    if (auth != NULL && auth->kind == HTTP_AUTH_BASIC) {
        SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        SET(CURLOPT_USERNAME, auth->user ? auth->user : "");
        SET(CURLOPT_PASSWORD, auth->secret ? auth->secret : "");
    }
    if (strcmp(method, "GET") == 0 && body == NULL) {
        SET(CURLOPT_HTTPGET, 1L);
    } else {
        if (strcmp(method, "POST") != 0)
            SET(CURLOPT_CUSTOMREQUEST, method);
        if (body != NULL) {
            SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
            SET(CURLOPT_POSTFIELDS, body);
        }
    }
#undef SET
    if (c == CURLE_OUT_OF_MEMORY)
        return RPO_ENOMEM;
    return c == CURLE_OK ? RPO_OK : RPO_ERR;
}

/* Whether libcurl's code C is a fault another attempt may not meet. */
static int transient(CURLcode c)
{
    switch (c) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

/* The outcome of one attempt. */
enum verdict { ANSWERED, FAILED, RETRY };

/*
 * Judges an attempt that ended with libcurl code C and HTTP status STATUS:
 * ANSWERED (2xx), FAILED with *RC set after logging, or RETRY with the fault
 * described in FAULT for the messages that follow.
 */
static enum verdict judge(const rpo_instance *inst, const http_auth *auth, const char *label,
                          CURLcode c, long status, const transfer *t, const char *errbuf,
                          char *fault, size_t fault_size, int *rc)
{
    if (c == CURLE_WRITE_ERROR && t->out_of_memory) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: out of memory reading the response", label);
        *rc = RPO_ENOMEM;
        return FAILED;
    }
    if (c == CURLE_WRITE_ERROR && t->too_big) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: the response is larger than %zu MiB; refused", label,
                HTTP_MAX_BODY >> 20);
        *rc = RPO_EDATA;
        return FAILED;
    }
    if (c == CURLE_ABORTED_BY_CALLBACK) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: stopped: the run was asked to stop", label);
        *rc = RPO_EINTR;
        return FAILED;
    }
    if (c != CURLE_OK) {
        if (transient(c)) {
            snprintf(fault, fault_size, "%s", curl_easy_strerror(c));
            return RETRY;
        }
        switch (c) {
        case CURLE_PEER_FAILED_VERIFICATION:
            rpo_log(inst, RPO_LOG_ERROR,
                    "%s: the server's TLS certificate cannot be verified (%s); %s", label,
                    errbuf[0] ? errbuf : curl_easy_strerror(c),
                    strstr(errbuf, "host name") != NULL
                        ? "it is not issued for the host name of the URL"
                        : "if it is signed by a private CA, set ca_bundle to that CA's PEM file");
            *rc = RPO_EUNAVAIL;
            break;
        case CURLE_SSL_CACERT_BADFILE:
            rpo_log(inst, RPO_LOG_ERROR, "%s: the CA bundle cannot be used (%s); check ca_bundle",
                    label, errbuf[0] ? errbuf : curl_easy_strerror(c));
            *rc = RPO_ECONFIG;
            break;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            rpo_log(inst, RPO_LOG_ERROR,
                    "%s: the URL cannot be used (%s); it must be an http:// or https:// URL",
                    label, curl_easy_strerror(c));
            *rc = RPO_ECONFIG;
            break;
        case CURLE_OUT_OF_MEMORY:
            rpo_log(inst, RPO_LOG_ERROR, "%s: out of memory", label);
            *rc = RPO_ENOMEM;
            break;
        default:
            rpo_log(inst, RPO_LOG_ERROR, "%s: the request failed: %s", label,
                    curl_easy_strerror(c));
            *rc = RPO_EUNAVAIL;
            break;
        }
        return FAILED;
    }
    if (status >= 200 && status <= 299)
        return ANSWERED;
    if (status == 401 || status == 403) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: the server refused the credentials (HTTP %ld); %s",
                label, status,
                auth != NULL && auth->kind != HTTP_AUTH_NONE ? "check the token"
                                                              : "check the URL's token");
        *rc = RPO_EUNAVAIL;
        return FAILED;
    }
    if (status == 429 || (status >= 500 && status <= 599)) {
        snprintf(fault, fault_size, "HTTP %ld", status);
        return RETRY;
    }
    rpo_log(inst, RPO_LOG_ERROR, "%s: the server answered HTTP %ld%s", label, status,
            status >= 300 && status <= 399 ? " (a redirect, which is not followed)" : "");
    *rc = RPO_EDATA;
    return FAILED;
}

/* Moves what attempt T collected into OUT. */
static void hand_over(transfer *t, http_response *out)
{
    if (t->body == NULL) {
        t->body = calloc(1, 1); /* an empty body is still a string */
        t->len = 0;
    }
    out->body = t->body;
    out->len = t->len;
    out->link_next = t->link_next;
    out->retry_after = t->retry_after;
    t->body = t->link_next = t->retry_after = NULL;
    t->len = t->cap = 0;
}

/* A non-zero seed for the jitter, different per request and process. */
static uint64_t jitter_seed(const void *salt)
{
    struct timespec ts;
    uint64_t s;

    clock_gettime(CLOCK_REALTIME, &ts);
    s = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 16) ^
        (uint64_t)(uintptr_t)salt;
    return s != 0 ? s : UINT64_C(0x9E3779B97F4A7C15);
}

/* http_request — see http.h. */
int http_request(const rpo_instance *inst, const http_policy *policy, const http_auth *auth,
                 const char *method, const char *url, const char *label,
                 const char *const *headers, const char *body, size_t body_len,
                 http_response *out)
{
    char errbuf[CURL_ERROR_SIZE], fault[160] = "";
    struct curl_slist *lines = NULL;
    transfer t;
    uint64_t rng = jitter_seed(out);
    long start = now_ms();
    int rc = RPO_OK;
    CURL *h;

    memset(out, 0, sizeof(*out));
    memset(&t, 0, sizeof(t));
    if (headers_build(auth, headers, body != NULL, &lines) != RPO_OK ||
        (h = curl_easy_init()) == NULL) {
        headers_free(lines);
        rpo_log(inst, RPO_LOG_ERROR, "%s: out of memory", label);
        return RPO_ENOMEM;
    }
    errbuf[0] = '\0';
    rc = setup(h, policy, auth, method, url, lines, body, body_len, &t, errbuf);
    if (rc != RPO_OK) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: %s", label,
                rc == RPO_ENOMEM ? "out of memory" : "libcurl cannot make http(s) requests");
        goto done;
    }
    for (;;) {
        long remaining = policy->max_elapsed_ms - (now_ms() - start);
        long attempt_ms = policy->timeout_ms < remaining ? policy->timeout_ms : remaining;
        long wait, asked = -1;
        enum verdict v;
        CURLcode c;

        if (attempt_ms < 1)
            attempt_ms = 1;
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, attempt_ms);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                         policy->connect_timeout_ms < attempt_ms ? policy->connect_timeout_ms
                                                                 : attempt_ms);
        transfer_reset(&t);
        errbuf[0] = '\0';
        out->attempts++;
        c = curl_easy_perform(h);
        out->status = 0;
        if (c == CURLE_OK || c == CURLE_WRITE_ERROR)
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
        v = judge(inst, auth, label, c, out->status, &t, errbuf, fault, sizeof(fault), &rc);
        if (v == ANSWERED) {
            rc = RPO_OK;
            break;
        }
        if (v == FAILED)
            break;
        /* A transient fault: wait and try again, if the policy allows. */
        remaining = policy->max_elapsed_ms - (now_ms() - start);
        if (out->attempts >= policy->max_attempts) {
            rpo_log(inst, RPO_LOG_ERROR, "%s: %s; gave up after %u attempts in %.1f s", label,
                    fault, out->attempts, (double)(now_ms() - start) / 1000.0);
            rc = RPO_ERETRY;
            break;
        }
        if (t.retry_after != NULL)
            asked = http_retry_after_ms(t.retry_after, time(NULL));
        wait = asked >= 0 ? asked : http_backoff_ms(policy->backoff_ms, out->attempts,
                                                    http_random_unit(&rng));
        if (wait >= remaining) {
            if (asked >= 0)
                rpo_log(inst, RPO_LOG_ERROR,
                        "%s: %s; the server asked to retry after %.1f s, more than the %.1f s "
                        "retry_for leaves; gave up after %u attempts",
                        label, fault, (double)asked / 1000.0,
                        (double)(remaining > 0 ? remaining : 0) / 1000.0, out->attempts);
            else
                rpo_log(inst, RPO_LOG_ERROR,
                        "%s: %s; gave up after %u attempts in %.1f s (retry_for is %ld s)", label,
                        fault, out->attempts, (double)(now_ms() - start) / 1000.0,
                        policy->max_elapsed_ms / 1000);
            rc = RPO_ERETRY;
            break;
        }
        rpo_log(inst, RPO_LOG_WARN, "%s: %s (attempt %u of %u); retrying in %.1f s", label,
                fault, out->attempts, policy->max_attempts, (double)wait / 1000.0);
        if (sleep_ms(wait) == RPO_EINTR) {
            rpo_log(inst, RPO_LOG_ERROR, "%s: interrupted while waiting to retry", label);
            rc = RPO_EINTR;
            break;
        }
    }
    hand_over(&t, out);
    if (out->body == NULL && rc == RPO_OK) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: out of memory", label);
        rc = RPO_ENOMEM;
    }
done:
    transfer_reset(&t);
    curl_easy_cleanup(h);
    headers_free(lines);
    return rc;
}
