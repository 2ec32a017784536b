/*
 * http_common/http.h — the one small HTTP client layer of the plugins that
 * talk to a server (the rest source, the webhook sink), over libcurl.
 * Compiled into each module (HTTP_COMMON in its _SOURCES, with
 * $(LIBCURL_CFLAGS) and $(LIBCURL_LIBS)); uses only the SDK headers.
 *
 * What every caller gets the same way:
 *   - retries on connection failures, resets, timeouts, HTTP 429 and 5xx,
 *     with exponential backoff and full jitter, honouring Retry-After, bounded
 *     by a number of attempts and by a total time (the policy keys below);
 *   - TLS verification always on (peer and host name), against the system's
 *     CAs or the instance's ca_bundle; there is no way to turn it off;
 *   - http and https only, no redirects followed (a 3xx is an answer);
 *   - messages that name a LABEL chosen by the caller ("the webhook",
 *     "GET /v1/applications page 3"), never the URL, whose path or query
 *     may carry a secret, and never the server's error body.
 *
 * No global state: the policy lives in the caller's instance context and the
 * jitter's random numbers come from a generator local to each request.
 */
#ifndef RPO_HTTP_COMMON_HTTP_H
#define RPO_HTTP_COMMON_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <rpo/rpo.h>

/* The retry and timeout policy of one plugin instance (keys: see HTTP_POLICY_KEYS). */
typedef struct http_policy {
    long connect_timeout_ms;  /* key connect_timeout (seconds), default 10 */
    long timeout_ms;          /* key timeout (seconds): one attempt, default 60 */
    unsigned max_attempts;    /* key retries + 1; retries default 4 */
    long max_elapsed_ms;      /* key retry_for (seconds): all attempts and waits, default 300 */
    long backoff_ms;          /* key retry_backoff_ms: first wait, doubled each retry, with
                                 full jitter, capped at HTTP_BACKOFF_CAP_MS; default 1000 */
    const char *ca_bundle;    /* key ca_bundle: PEM file of CAs, NULL = the system's;
                                 owned by the engine (rpo_config_path) */
} http_policy;

/* The longest wait between two attempts that backoff alone produces. */
#define HTTP_BACKOFF_CAP_MS 60000L

/* The largest response body kept; a longer one fails the request (RPO_EDATA). */
#define HTTP_MAX_BODY ((size_t)64 << 20)

/*
 * Keys every HTTP plugin accepts; a plugin puts HTTP_POLICY_KEYS into its own
 * rpo_config_key table (before the terminating entry). The defaults are the
 * ones http_policy documents; a test makes backoff tiny with
 * retry_backoff_ms = 1, never through a global.
 */
#define HTTP_POLICY_KEYS                                                                   \
    { "connect_timeout", RPO_KEY_INT, 0, "10",                                             \
      "seconds to wait for the server to accept a connection (1 to 600)" },               \
    { "timeout", RPO_KEY_INT, 0, "60",                                                     \
      "seconds one attempt may take, connection included (1 to 3600)" },                  \
    { "retries", RPO_KEY_INT, 0, "4",                                                      \
      "retries after a connection failure, timeout, HTTP 429 or 5xx (0 to 20)" },         \
    { "retry_for", RPO_KEY_INT, 0, "300",                                                  \
      "seconds all attempts and the waits between them may take together (1 to 86400)" }, \
    { "retry_backoff_ms", RPO_KEY_INT, 0, "1000",                                          \
      "first wait before a retry in ms, doubled each retry, randomised (0 to 60000)" },   \
    { "ca_bundle", RPO_KEY_PATH, 0, NULL,                                                  \
      "PEM file of the CAs to trust for https (default: the system's)" }

/* http_policy_read — fill P from the instance's keys (HTTP_POLICY_KEYS);
 * RPO_OK, or RPO_ECONFIG after rpo_config_error named the key and its range
 * (or the unreadable ca_bundle). */
int http_policy_read(const rpo_instance *inst, http_policy *p);

/* How a request authenticates; SECRET is read by the caller with
 * rpo_config_secret() and freed with rpo_secret_free() (never logged). */
typedef enum http_auth_kind {
    HTTP_AUTH_NONE = 0,
    HTTP_AUTH_BEARER, /* "Authorization: Bearer SECRET" */
    HTTP_AUTH_BASIC   /* HTTP basic with USER (may be NULL: "") and SECRET as password
                         (NULL: ""); for APIs that take the token as the user name, put
                         it in USER and leave SECRET NULL */
} http_auth_kind;

typedef struct http_auth {
    http_auth_kind kind;
    const char *user;
    const char *secret;
} http_auth;

typedef struct http_response {
    long status;              /* HTTP status of the last attempt, 0 if none answered */
    char *body; size_t len;   /* malloc'd, NUL-terminated; owned by the response */
    char *link_next;          /* URL of a Link header's rel="next", or NULL */
    char *retry_after;        /* raw Retry-After of the last attempt, or NULL */
    unsigned attempts;        /* attempts made */
} http_response;

/*
 * http_global_init — initialise libcurl (reference-counted by libcurl, so
 * every instance may call it): call it in create() before any request, and
 * http_global_cleanup() once in destroy() for each successful init.
 * RPO_OK, or RPO_ERR after logging for INST.
 */
int http_global_init(const rpo_instance *inst);
void http_global_cleanup(void);

/*
 * http_request — METHOD ("GET", "POST") URL with HEADERS (NULL-terminated
 * "Name: value" lines, may be NULL), BODY[0..BODY_LEN) (NULL for none),
 * retrying per POLICY on connection failures, resets, timeouts, HTTP 429 and
 * 5xx: exponential backoff with full jitter, a Retry-After (seconds or HTTP
 * date) honoured when it fits in the remaining time (else it stops there),
 * bounded by max_attempts and max_elapsed_ms (each attempt's timeout is cut
 * to the time left). Waits sleep in slices of at most 200 ms; a signal that
 * interrupts a wait (the engine's SIGINT/SIGTERM handler: the SDK does not
 * expose rpo_interrupted) stops the retries with RPO_EINTR. AUTH may be
 * NULL (none). TLS verification is always on, with POLICY's CA bundle.
 * LABEL is what every message names: the URL itself is never logged.
 *
 * Returns RPO_OK with a 2xx response in *OUT; RPO_EUNAVAIL at once on
 * 401/403 after logging "LABEL: the server refused the credentials (HTTP
 * 401); check the token", and on a TLS verification failure; RPO_ERETRY
 * after logging the last fault when retries or time are exhausted;
 * RPO_EDATA for other statuses (3xx, 4xx; logged with the status) and for a
 * body over HTTP_MAX_BODY; RPO_ECONFIG for a URL libcurl cannot use;
 * RPO_EINTR when interrupted; RPO_ENOMEM. *OUT is filled in every case and
 * must be freed with http_response_free.
 */
int http_request(const rpo_instance *inst, const http_policy *policy, const http_auth *auth,
                 const char *method, const char *url, const char *label,
                 const char *const *headers, const char *body, size_t body_len,
                 http_response *out);

/* http_response_free — free what R owns and zero it; R may be NULL. */
void http_response_free(http_response *r);

/* ------------------------------------------------ pure parts (unit-tested) */

/*
 * http_link_next — the URL of the first link-value with relation "next" in
 * the value of a Link header (RFC 8288: `<URL>; rel="next"`, rel unquoted or
 * a space-separated list, case-insensitive, commas inside <...> allowed), as
 * a malloc'd string; NULL when there is none (or out of memory).
 */
char *http_link_next(const char *value);

/*
 * http_retry_after_ms — the wait a Retry-After VALUE asks for, in ms: delay
 * seconds ("120"), or an HTTP date (IMF-fixdate, RFC 850 or asctime) minus
 * NOW (0 when in the past). -1 when VALUE is neither.
 */
long http_retry_after_ms(const char *value, time_t now);

/*
 * http_backoff_ms — the wait before retry RETRY (1 for the first) with full
 * jitter: U * min(HTTP_BACKOFF_CAP_MS, BASE_MS * 2^(RETRY-1)), rounded down,
 * for U in [0, 1) (the caller's random draw).
 */
long http_backoff_ms(long base_ms, unsigned retry, double u);

/*
 * http_random_unit — the next number in [0, 1) from the xorshift64* state
 * *STATE (which must not be 0), advancing it.
 */
double http_random_unit(uint64_t *state);

#endif
