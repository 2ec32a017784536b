/*
 * rest.c — the `rest` source plugin: records of one kind from a JSON API.
 *
 *   [source.applications]
 *   plugin = rest
 *   record = application
 *   preset = greenhouse
 *   base_url = https://harvest.greenhouse.io
 *   token = credential:greenhouse-token
 *
 * One instance reads one endpoint: page after page (Link header, a cursor in
 * the body, page numbers, or one request), each page's item list at a JSON
 * path, each item mapped onto record fields by JSON paths (`field.<field>`)
 * and value maps (`value.<field>.<raw>`), the same vocabulary as the csv
 * source's map./value. keys. A preset (greenhouse, lever) supplies the
 * endpoint, paging, auth and field paths of a real API, and code for the
 * items that fan out (a job's openings, an opportunity's stage changes) or
 * that need the whole answer (offer versions); `field.` keys still add or
 * override fields.
 *
 * Incremental: when the endpoint has a change-time filter (updated_param)
 * and the items a change time (updated_path), read() asks the engine for
 * the cursor of the last committed run (rpo_source_sync), sends it as the
 * filter, and leaves the newest change time the server reported as the next
 * cursor (rpo_source_set_cursor) — the server's clock, not ours. Any failure
 * fails the whole read, so the engine commits nothing and keeps the old
 * cursor.
 *
 * HTTP (retries, timeouts, TLS, auth) is plugins/http_common. The URL is
 * never logged (a query may carry a secret): messages name the endpoint's
 * path and the page ("GET /v1/applications page 3").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_path.h"
#include "rest.h"

static const rpo_config_key rest_keys[] = {
    {"preset", RPO_KEY_STRING, 0, "generic",
     "greenhouse (Harvest v1), lever (v1), or generic (everything from the keys below)"},
    {"base_url", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL,
     "http(s)://host[:port][/prefix] of the API (https://harvest.greenhouse.io)"},
    {"endpoint", RPO_KEY_STRING, 0, NULL,
     "URL path of the list below base_url (presets: the record kind's endpoint)"},
    {"token", RPO_KEY_SECRET, 0, NULL,
     "the API token: file:PATH, credential:NAME or env:NAME (never the token itself)"},
    {"auth", RPO_KEY_STRING, 0, NULL,
     "none, bearer, or basic (default: the preset's; generic: bearer with a token, else none)"},
    {"user", RPO_KEY_STRING, 0, NULL,
     "auth = basic: the user name, the token being the password (unset: the token is the "
     "user name, with an empty password, as Greenhouse and Lever want)"},
    {"pagination", RPO_KEY_STRING, 0, NULL,
     "generic: link (Link header rel=\"next\"), cursor, page, or none (default none)"},
    {"items", RPO_KEY_STRING, 0, NULL,
     "generic: JSON path of the item list in each answer (\"data\"; empty: the answer is the "
     "list)"},
    {"per_page", RPO_KEY_INT, 0, NULL,
     "items per page (greenhouse: 1-500, default 500; lever: 1-100, default 100; generic: 100)"},
    {"per_page_param", RPO_KEY_STRING, 0, NULL,
     "generic: query parameter of the page size (default per_page; empty: none sent)"},
    {"page_param", RPO_KEY_STRING, 0, "page",
     "generic, pagination = page: query parameter of the page number (from 1)"},
    {"cursor_param", RPO_KEY_STRING, 0, NULL,
     "generic, pagination = cursor: query parameter that takes the next cursor (default cursor)"},
    {"next_path", RPO_KEY_STRING, 0, NULL,
     "generic, pagination = cursor: JSON path of the next cursor in the answer (default next)"},
    {"has_more_path", RPO_KEY_STRING, 0, NULL,
     "generic, pagination = cursor: JSON path of a true/false \"more pages\" flag (optional)"},
    {"updated_param", RPO_KEY_STRING, 0, NULL,
     "query parameter that filters changes since a time (presets: the API's); with "
     "updated_path, runs with a store fetch only what changed"},
    {"updated_path", RPO_KEY_STRING, 0, NULL,
     "JSON path of each item's change time; the newest one seen is the next run's cursor"},
    {"timestamps", RPO_KEY_STRING, 0, NULL,
     "generic: iso (default) or epoch_ms (integer date fields are epoch milliseconds)"},
    {"max_pages", RPO_KEY_INT, 0, "100000",
     "stop with an error after this many pages (a guard against a paging loop)"},
    {"query.<name>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "an extra query parameter sent with every page (query.status = active)"},
    {"field.<field>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "JSON path inside an item of the value of <field> (field.source = source.public_name)"},
    {"value.<field>.<raw>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "text that replaces the API's value <raw> of <field> (value.stage.Phone Screen = "
     "screened)"},
    HTTP_POLICY_KEYS,
    {NULL, RPO_KEY_STRING, 0, NULL, NULL}};

static const rest_preset *const presets[] = {&rest_preset_greenhouse, &rest_preset_lever, NULL};

/* ---------------------------------------------------------------- config */

/* The value of KEY when set and not empty, else NULL. */
static const char *get_set(const rpo_instance *inst, const char *key)
{
    const char *v = rpo_config_get(inst, key);

    return v && *v ? v : NULL;
}

/* Check that KEY, if set, is a well-formed JSON path. */
static int check_path(rpo_instance *inst, const char *key, const char *path)
{
    const char *why;

    if (path && json_path_check(path, &why) != 0)
        return rpo_config_error(inst, key, "not a JSON path (%s); write member.member[0].member",
                                why);
    return RPO_OK;
}

static int add_field(rest_source *src, int field, const char *path, const char *key)
{
    rest_field *nf = realloc(src->fields, (src->nfields + 1) * sizeof *nf);

    if (!nf)
        return RPO_ENOMEM;
    src->fields = nf;
    src->fields[src->nfields++] = (rest_field){field, path, key};
    return RPO_OK;
}

/* The field id of NAME, or a config error about KEY naming the nearest field. */
static int lookup_field(rest_source *src, const char *key, const char *name, int *field)
{
    int id = rpo_field_lookup(src->kind, name);

    if (id < 0)
        return rpo_config_error(src->inst, key, "%s records have no field '%s'; did you mean '%s'?",
                                rpo_record_kind_name(src->kind), name,
                                rpo_field_nearest(src->kind, name));
    *field = id;
    return RPO_OK;
}

/* A field.<field> key. */
static int add_field_key(rest_source *src, const char *key, const char *value)
{
    int field = -1, rc = lookup_field(src, key, key + 6, &field);

    if (rc != RPO_OK)
        return rc;
    if (!value || !*value)
        return rpo_config_error(src->inst, key, "expected the JSON path of the value");
    if ((rc = check_path(src->inst, key, value)) != RPO_OK)
        return rc;
    return add_field(src, field, value, key);
}

/* A value.<field>.<raw> key. */
static int add_value_key(rest_source *src, const char *key, const char *value)
{
    const char *rest = key + 6, *dot = strchr(rest, '.');
    char name[128];
    int field = -1, rc;

    if (!dot || dot == rest || (size_t)(dot - rest) >= sizeof name)
        return rpo_config_error(src->inst, key, "expected value.<field>.<value in the API>");
    memcpy(name, rest, (size_t)(dot - rest));
    name[dot - rest] = '\0';
    if ((rc = lookup_field(src, key, name, &field)) != RPO_OK)
        return rc;
    rest_value *nv = realloc(src->values, (src->nvalues + 1) * sizeof *nv);
    if (!nv)
        return RPO_ENOMEM;
    src->values = nv;
    src->values[src->nvalues++] = (rest_value){field, dot + 1, value ? value : ""};
    return RPO_OK;
}

/* Check base_url and find the length of its origin (scheme://host[:port]). */
static int read_base_url(rest_source *src)
{
    const char *u = rpo_config_get(src->inst, "base_url"), *host;
    size_t n;

    if (!u || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
        return rpo_config_error(src->inst, "base_url",
                                "expected http://host or https://host (with an optional path)");
    host = strstr(u, "://") + 3;
    n = strcspn(host, "/?#");
    if (n == 0)
        return rpo_config_error(src->inst, "base_url", "no host name after the scheme");
    if (strpbrk(u, "?#"))
        return rpo_config_error(src->inst, "base_url",
                                "no query or fragment here; use query.<name> keys");
    if (strchr(host, '@') && (size_t)(strchr(host, '@') - host) < n)
        return rpo_config_error(src->inst, "base_url",
                                "no user or password in the URL; use token (and user)");
    src->base_url = u;
    src->origin_len = (size_t)(host - u) + n;
    return RPO_OK;
}

/* Whether base_url's host is this machine (127.0.0.1, localhost, [::1]). */
static int loopback(const rest_source *src)
{
    const char *host = strstr(src->base_url, "://") + 3;
    size_t n = (size_t)(src->base_url + src->origin_len - host);
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]", NULL};

    for (size_t i = 0; names[i]; i++) {
        size_t k = strlen(names[i]);
        if (n >= k && strncmp(host, names[i], k) == 0 && (n == k || host[k] == ':'))
            return 1;
    }
    return 0;
}

/* The paging keys of the generic preset. */
static int read_generic(rest_source *src)
{
    rpo_instance *inst = src->inst;
    const char *pg = get_set(inst, "pagination"), *t = get_set(inst, "timestamps");
    int rc;

    src->path = get_set(inst, "endpoint");
    if (!src->path)
        return rpo_config_error(inst, NULL,
                                "preset = generic needs `endpoint` (the URL path of the list)");
    if (!pg || strcmp(pg, "none") == 0)
        src->paging = REST_PAGE_NONE;
    else if (strcmp(pg, "link") == 0)
        src->paging = REST_PAGE_LINK;
    else if (strcmp(pg, "cursor") == 0)
        src->paging = REST_PAGE_CURSOR;
    else if (strcmp(pg, "page") == 0)
        src->paging = REST_PAGE_NUMBER;
    else
        return rpo_config_error(inst, "pagination", "expected link, cursor, page or none");
    if (!t || strcmp(t, "iso") == 0)
        src->time = REST_TIME_ISO;
    else if (strcmp(t, "epoch_ms") == 0)
        src->time = REST_TIME_EPOCH_MS;
    else
        return rpo_config_error(inst, "timestamps", "expected iso or epoch_ms");
    src->items = rpo_config_get(inst, "items") ? rpo_config_get(inst, "items") : "";
    src->per_page = rpo_config_long(inst, "per_page", 100);
    if (src->per_page < 1 || src->per_page > 100000)
        return rpo_config_error(inst, "per_page", "must be 1 to 100000, not %ld", src->per_page);
    src->per_page_param = rpo_config_get(inst, "per_page_param")
                              ? get_set(inst, "per_page_param")
                              : "per_page";
    src->page_param = get_set(inst, "page_param") ? get_set(inst, "page_param") : "page";
    src->cursor_param = get_set(inst, "cursor_param") ? get_set(inst, "cursor_param") : "cursor";
    src->next_path = get_set(inst, "next_path") ? get_set(inst, "next_path") : "next";
    src->has_more_path = get_set(inst, "has_more_path");
    if ((rc = check_path(inst, "items", src->items)) != RPO_OK ||
        (rc = check_path(inst, "next_path", src->next_path)) != RPO_OK ||
        (rc = check_path(inst, "has_more_path", src->has_more_path)) != RPO_OK)
        return rc;
    return RPO_OK;
}

/* The keys a preset fixes: set with a preset, they are an error. */
static const char *const preset_fixed_keys[] = {"pagination", "items", "per_page_param",
                                                "cursor_param", "next_path", "has_more_path",
                                                "timestamps", NULL};

/* The settings of preset P for the instance's record kind. */
static int read_preset(rest_source *src, const rest_preset *p)
{
    rpo_instance *inst = src->inst;
    const rest_endpoint *ep = NULL;
    char kinds[256] = "";
    int rc;

    for (size_t i = 0; preset_fixed_keys[i]; i++)
        if (rpo_config_get(inst, preset_fixed_keys[i]))
            return rpo_config_error(inst, preset_fixed_keys[i],
                                    "preset %s sets this itself; use preset = generic to choose "
                                    "it",
                                    p->name);
    /* The kind's first endpoint, or the one whose path `endpoint` names
     * (greenhouse stage events: offers or scheduled interviews). */
    const char *want = get_set(inst, "endpoint");
    int exact = 0;
    for (const rest_endpoint *e = p->endpoints; e->record; e++) {
        if (rpo_record_kind_lookup(e->record) == (int)src->kind && !exact) {
            if (!ep)
                ep = e;
            if (want && strcmp(e->path, want) == 0) {
                ep = e;
                exact = 1;
            }
        }
        if (strlen(kinds) + strlen(e->record) + 3 < sizeof kinds)
            strcat(strcat(kinds, kinds[0] ? ", " : ""), e->record);
    }
    if (!ep)
        return rpo_config_error(inst, "record", "preset %s reads %s records, not %s", p->name,
                                kinds, rpo_record_kind_name(src->kind));
    src->preset = p;
    src->endpoint = ep;
    src->path = get_set(inst, "endpoint") ? get_set(inst, "endpoint") : ep->path;
    src->query = ep->query;
    src->items = ep->items;
    src->paging = p->paging;
    src->time = p->time;
    src->per_page = rpo_config_long(inst, "per_page", p->per_page);
    if (src->per_page < 1 || src->per_page > p->per_page_max)
        return rpo_config_error(inst, "per_page", "%s takes 1 to %ld items per page, not %ld",
                                p->name, p->per_page_max, src->per_page);
    src->per_page_param = p->per_page_param;
    src->cursor_param = p->cursor_param;
    src->next_path = p->next_path;
    src->has_more_path = p->has_more_path;
    src->updated_param = ep->updated_param;
    src->updated_path = ep->updated_path;
    for (const rest_path *d = ep->fields; d && d->field; d++) {
        int field = rpo_field_lookup(src->kind, d->field);
        if (field < 0)
            return rpo_config_error(inst, "preset", "preset %s maps unknown field %s (a bug)",
                                    p->name, d->field);
        if ((rc = add_field(src, field, d->path, NULL)) != RPO_OK)
            return rc;
    }
    return RPO_OK;
}

/* The auth keys: kind, user, and the token (read now, so a bad reference fails early). */
static int read_auth(rest_source *src)
{
    rpo_instance *inst = src->inst;
    const char *a = get_set(inst, "auth");
    char *token = NULL;
    int rc = rpo_config_secret(inst, "token", &token);

    if (rc != RPO_OK && rc != RPO_ENOINPUT)
        return rc;
    src->token = token; /* wiped in destroy */
    src->auth.secret = token;
    if (!a)
        src->auth.kind = src->preset ? src->preset->auth
                         : token     ? HTTP_AUTH_BEARER
                                     : HTTP_AUTH_NONE;
    else if (strcmp(a, "none") == 0)
        src->auth.kind = HTTP_AUTH_NONE;
    else if (strcmp(a, "bearer") == 0)
        src->auth.kind = HTTP_AUTH_BEARER;
    else if (strcmp(a, "basic") == 0)
        src->auth.kind = HTTP_AUTH_BASIC;
    else
        return rpo_config_error(inst, "auth", "expected none, bearer or basic");
    if (src->auth.kind != HTTP_AUTH_NONE && !token)
        return rpo_config_error(inst, "token",
                                "auth = %s needs a token: token = file:PATH, credential:NAME "
                                "or env:NAME",
                                src->auth.kind == HTTP_AUTH_BEARER ? "bearer" : "basic");
    if (src->auth.kind == HTTP_AUTH_BASIC && !get_set(inst, "user")) {
        /* The token is the user name, the password empty (Greenhouse, Lever). */
        src->auth.user = token;
        src->auth.secret = NULL;
        return RPO_OK;
    }
    src->auth.user = get_set(inst, "user");
    return RPO_OK;
}

static void rest_destroy(void *ctx)
{
    rest_source *src = ctx;

    if (!src)
        return;
    rpo_secret_free(src->token);
    free(src->fields);
    free(src->values);
    free(src->location);
    free(src);
    http_global_cleanup();
}

/*
 * rest_create — read the instance's section: preset, base URL, endpoint,
 * paging, auth and token (the secret is read here, so a missing token file
 * fails before any request), field paths and value maps, and the HTTP
 * policy. Returns RPO_OK with the context in *CTX; RPO_ECONFIG after
 * rpo_config_error(); RPO_ENOMEM; RPO_ERR when libcurl cannot start. On
 * failure nothing is left allocated.
 */
static int rest_create(rpo_instance *inst, void **ctx)
{
    rest_source *src;
    const char *record = rpo_config_get(inst, "record"), *preset = get_set(inst, "preset");
    int kind = record ? rpo_record_kind_lookup(record) : -1, rc;

    if (kind < 0)
        return rpo_config_error(inst, "record", "expected a record kind");
    if (http_global_init(inst) != RPO_OK)
        return RPO_ERR;
    src = calloc(1, sizeof *src);
    if (!src) {
        http_global_cleanup();
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    src->inst = inst;
    src->kind = (rpo_record_kind)kind;
    src->max_pages = rpo_config_long(inst, "max_pages", 100000);

    if ((rc = read_base_url(src)) != RPO_OK)
        goto fail;
    if (!preset || strcmp(preset, "generic") == 0) {
        rc = read_generic(src);
    } else {
        const rest_preset *p = NULL;
        for (size_t i = 0; presets[i]; i++)
            if (strcmp(presets[i]->name, preset) == 0)
                p = presets[i];
        rc = p ? read_preset(src, p)
               : rpo_config_error(inst, "preset", "expected greenhouse, lever or generic");
    }
    if (rc == RPO_ENOMEM)
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
    if (rc != RPO_OK)
        goto fail;
    if (strpbrk(src->path, "?#") || strstr(src->path, "://")) {
        rc = rpo_config_error(inst, "endpoint",
                              "expected the URL path below base_url (/v1/items), without a "
                              "query (use query.<name> keys)");
        goto fail;
    }
    if (src->max_pages < 1) {
        rc = rpo_config_error(inst, "max_pages", "must be at least 1");
        goto fail;
    }
    if (get_set(inst, "updated_param"))
        src->updated_param = get_set(inst, "updated_param");
    if (get_set(inst, "updated_path"))
        src->updated_path = get_set(inst, "updated_path");
    if ((rc = check_path(inst, "updated_path", src->updated_path)) != RPO_OK)
        goto fail;
    if (!src->updated_param != !src->updated_path) {
        rc = rpo_config_error(inst, src->updated_param ? "updated_param" : "updated_path",
                              "incremental reads need both updated_param and updated_path");
        goto fail;
    }
    if ((rc = http_policy_read(inst, &src->policy)) != RPO_OK ||
        (rc = read_auth(src)) != RPO_OK)
        goto fail;
    if (src->token && strncmp(src->base_url, "http://", 7) == 0 && !loopback(src))
        rpo_log(inst, RPO_LOG_WARN,
                "base_url is plain http: the token travels unencrypted; use https");

    for (size_t i = 0, n = rpo_config_count(inst); i < n && rc == RPO_OK; i++) {
        const char *key, *value;

        if (rpo_config_entry(inst, i, &key, &value, NULL) != RPO_OK)
            continue;
        if (strncmp(key, "field.", 6) == 0)
            rc = add_field_key(src, key, value);
        else if (strncmp(key, "value.", 6) == 0)
            rc = add_value_key(src, key, value);
        else if (strncmp(key, "query.", 6) == 0 && key[6] == '\0')
            rc = rpo_config_error(inst, key, "expected query.<parameter name>");
    }
    if (rc == RPO_ENOMEM)
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
    if (rc != RPO_OK)
        goto fail;
    if (!src->preset && src->nfields == 0) {
        rc = rpo_config_error(inst, NULL,
                              "preset = generic needs field.<field> keys (field.id = id, ...)");
        goto fail;
    }
    size_t ln = strlen(src->path) + 8;
    src->location = malloc(ln);
    if (!src->location) {
        rc = RPO_ENOMEM;
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        goto fail;
    }
    snprintf(src->location, ln, "GET %s", src->path);
    *ctx = src;
    return RPO_OK;
fail:
    rest_destroy(src);
    return rc;
}

/* ------------------------------------------------------------------ URLs */

/* A growing string; on allocation failure FAILED is set and appends stop. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
    int failed;
} strbuf;

static void sb_add(strbuf *b, const char *text, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(strbuf *b, const char *text)
{
    sb_add(b, text, strlen(text));
}

/* Append TEXT percent-encoded for a query (RFC 3986 unreserved bytes stay). */
static void sb_escaped(strbuf *b, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            sb_add(b, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            sb_add(b, e, 3);
        }
    }
}

static void sb_param(strbuf *b, const char *name, const char *value)
{
    sb_str(b, strchr(b->s ? b->s : "", '?') ? "&" : "?");
    sb_escaped(b, name);
    sb_str(b, "=");
    sb_escaped(b, value);
}

/*
 * The URL of a page: base_url, path, the fixed and query.<name> parameters,
 * the page size, the change filter SINCE (or NULL), and the paging
 * parameter NAME=VALUE (or NULL). Returns a malloc'd string or NULL.
 */
static char *page_url(const rest_source *src, const char *path, const char *query,
                      const char *since, const char *name, const char *value, int sized)
{
    strbuf b = {0};
    char n[32];

    sb_str(&b, src->base_url);
    if (b.len > 0 && b.s[b.len - 1] == '/' && path[0] == '/')
        b.s[--b.len] = '\0';
    if (path[0] != '/' && (b.len == 0 || b.s[b.len - 1] != '/'))
        sb_str(&b, "/");
    sb_str(&b, path);
    if (query) {
        sb_str(&b, "?");
        sb_str(&b, query);
    }
    for (size_t i = 0, cnt = rpo_config_count(src->inst); i < cnt; i++) {
        const char *key, *v;
        if (rpo_config_entry(src->inst, i, &key, &v, NULL) == RPO_OK &&
            strncmp(key, "query.", 6) == 0)
            sb_param(&b, key + 6, v ? v : "");
    }
    if (sized && src->per_page_param) {
        snprintf(n, sizeof n, "%ld", src->per_page);
        sb_param(&b, src->per_page_param, n);
    }
    if (since)
        sb_param(&b, src->updated_param, since);
    if (name)
        sb_param(&b, name, value);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ------------------------------------------------------------------ read */

/* Keep the newest change time of ITEM in the run's cursor. */
static void track_updated(rest_run *run, json_t *item)
{
    json_t *v = json_path_get(item, run->src->updated_path);

    if (run->src->time == REST_TIME_EPOCH_MS && json_is_integer(v)) {
        long long ms = (long long)json_integer_value(v);
        if (!run->cursor[0] || ms > run->cursor_ms) {
            run->cursor_ms = ms;
            snprintf(run->cursor, sizeof run->cursor, "%lld", ms);
        }
    } else if (json_is_string(v) && json_string_length(v) < sizeof run->cursor) {
        /* ISO-8601 texts of one API share one form, so they sort as text. */
        if (strcmp(json_string_value(v), run->cursor) > 0)
            snprintf(run->cursor, sizeof run->cursor, "%s", json_string_value(v));
    }
}

/* One item: a preset's hook, or one record of the mapped fields. */
static int do_item(rest_run *run, json_t *item)
{
    run->item++;
    if (run->src->updated_path)
        track_updated(run, item);
    if (run->src->endpoint && run->src->endpoint->item)
        return run->src->endpoint->item(run, item);
    if (!json_is_object(item)) {
        rest_begin(run);
        rpo_record_reject(run->em, "expected an object as the item, found %s",
                          json_is_array(item) ? "a list" : "a scalar");
        return RPO_OK;
    }
    rest_begin(run);
    if (rest_apply_fields(run, item) != 0)
        return RPO_OK; /* rejected and counted by the engine */
    return rest_end(run);
}

/* Whether URL has the same origin as base_url: the token goes nowhere else. */
static int same_origin(const rest_source *src, const char *url)
{
    return strncmp(url, src->base_url, src->origin_len) == 0 &&
           (url[src->origin_len] == '/' || url[src->origin_len] == '?' ||
            url[src->origin_len] == '\0');
}

/*
 * Fetch the pages of PATH from FIRST (malloc'd, taken over) on, handing the
 * items at ITEMS of each page to ITEM (or appending them to COLLECT when
 * ITEM is NULL). Returns RPO_OK or a negative status after logging.
 */
static int fetch_pages(rest_run *run, const char *path, char *first, const char *items_path,
                       int (*item)(rest_run *, json_t *), json_t *collect)
{
    const rest_source *src = run->src;
    char *url = first;
    int rc = RPO_OK;

    if (!url) {
        rpo_log(src->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    for (run->page = 1;; run->page++) {
        http_response resp = {0};
        json_error_t jerr;
        json_t *body, *list;
        size_t n;

        snprintf(run->label, sizeof run->label, "GET %s page %u", path, run->page);
        if (run->page > (unsigned long)src->max_pages) {
            rpo_log(src->inst, RPO_LOG_ERROR,
                    "%s: more than max_pages = %ld pages; is the server repeating itself? "
                    "(raise max_pages if not)",
                    run->label, src->max_pages);
            rc = RPO_EDATA;
            break;
        }
        rc = http_request(src->inst, &src->policy, &src->auth, "GET", url, run->label, NULL,
                          NULL, 0, &resp);
        free(url);
        url = NULL;
        if (rc != RPO_OK) {
            http_response_free(&resp);
            break;
        }
        body = json_loadb(resp.body ? resp.body : "", resp.len, 0, &jerr);
        if (!body) {
            rpo_log(src->inst, RPO_LOG_ERROR,
                    "%s: the answer is not valid JSON (line %d, column %d: %s); page rejected",
                    run->label, jerr.line, jerr.column, jerr.text);
            http_response_free(&resp);
            rc = RPO_EDATA;
            break;
        }
        list = json_path_get(body, items_path);
        if (!json_is_array(list)) {
            rpo_log(src->inst, RPO_LOG_ERROR,
                    "%s: expected a list of items at '%s' in the answer, found %s; page "
                    "rejected",
                    run->label, items_path[0] ? items_path : "(the top level)",
                    !list ? "nothing" : json_is_object(list) ? "an object" : "a scalar");
            json_decref(body);
            http_response_free(&resp);
            rc = RPO_EDATA;
            break;
        }
        n = json_array_size(list);
        for (size_t i = 0; i < n && rc == RPO_OK; i++) {
            json_t *it = json_array_get(list, i);
            if (item)
                rc = item(run, it);
            else if (json_array_append(collect, it) != 0)
                rc = RPO_ENOMEM;
        }
        if (rc != RPO_OK) {
            if (rc == RPO_ENOMEM)
                rpo_log(src->inst, RPO_LOG_ERROR, "out of memory");
            json_decref(body);
            http_response_free(&resp);
            break;
        }

        /* The next page, if any. */
        switch (src->paging) {
        case REST_PAGE_LINK:
            if (resp.link_next && !same_origin(src, resp.link_next)) {
                rpo_log(src->inst, RPO_LOG_ERROR,
                        "%s: the Link header's next page is on another server than base_url; "
                        "not followed (the token would go there)",
                        run->label);
                rc = RPO_EDATA;
            } else if (resp.link_next && !(url = strdup(resp.link_next))) {
                rc = RPO_ENOMEM;
            }
            break;
        case REST_PAGE_CURSOR: {
            json_t *more = src->has_more_path ? json_path_get(body, src->has_more_path) : NULL;
            json_t *next = json_path_get(body, src->next_path);
            char buf[64];
            const char *cur = json_is_string(next) ? json_string_value(next)
                                                   : rest_text(next, buf, sizeof buf);
            if (src->has_more_path && !json_is_true(more))
                break;
            if (!*cur) {
                if (src->has_more_path) {
                    rpo_log(src->inst, RPO_LOG_ERROR,
                            "%s: '%s' says there are more pages but '%s' holds no cursor; "
                            "page rejected",
                            run->label, src->has_more_path, src->next_path);
                    rc = RPO_EDATA;
                }
                break;
            }
            /* The same query as the first page (filters included), plus the cursor. */
            url = page_url(src, path, path == src->path ? src->query : NULL,
                           path == src->path ? run->since : NULL, src->cursor_param, cur, 1);
            if (!url)
                rc = RPO_ENOMEM;
            break;
        }
        case REST_PAGE_NUMBER:
            if (n > 0 && n >= (size_t)src->per_page) {
                char num[32];
                snprintf(num, sizeof num, "%u", run->page + 1);
                url = page_url(src, path, path == src->path ? src->query : NULL,
                               path == src->path ? run->since : NULL, src->page_param, num, 1);
                if (!url)
                    rc = RPO_ENOMEM;
            }
            break;
        case REST_PAGE_NONE:
            break;
        }
        json_decref(body);
        http_response_free(&resp);
        if (rc == RPO_ENOMEM)
            rpo_log(src->inst, RPO_LOG_ERROR, "out of memory");
        if (rc != RPO_OK || !url)
            break;
    }
    free(url);
    return rc;
}

int rest_fetch_all(rest_run *run, const char *path, const char *query, const char *items,
                   json_t **out)
{
    unsigned long item = run->item;
    json_t *all = json_array();
    int rc;

    if (!all) {
        rpo_log(run->src->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    rc = fetch_pages(run, path, page_url(run->src, path, query, NULL, NULL, NULL, 1), items,
                     NULL, all);
    run->item = item;
    if (rc != RPO_OK) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return RPO_OK;
}

/*
 * rest_read — fetch every page of the endpoint (only the changes since the
 * last committed run when the endpoint is incremental and the engagement
 * keeps a store) and emit the records. Returns RPO_OK; or, after logging
 * one line naming the endpoint and page: RPO_EUNAVAIL (credentials
 * refused, TLS), RPO_ERETRY (retries exhausted), RPO_EDATA (invalid JSON,
 * an unexpected shape, another HTTP error), RPO_EINTR, RPO_ENOMEM, or the
 * negative status of rpo_record_end() that stopped the run.
 */
static int rest_read(void *ctx, rpo_emitter *em)
{
    const rest_source *src = ctx;
    const rest_endpoint *ep = src->endpoint;
    rest_run run = {.src = src, .em = em};
    const char *since = NULL;
    char *first;
    int rc = RPO_OK;

    if (rpo_emitter_kind(em) != src->kind) {
        rpo_log(src->inst, RPO_LOG_ERROR, "the emitter takes %s records, the config says %s",
                rpo_record_kind_name(rpo_emitter_kind(em)), rpo_record_kind_name(src->kind));
        return RPO_ERR;
    }
    if (src->updated_param) {
        since = rpo_source_sync(em);
        if (since && !*since)
            since = NULL;
        run.since = since;
        rpo_log(src->inst, RPO_LOG_INFO, "%s: %s", src->location,
                since ? "fetching the changes since the last run" : "fetching everything");
    }
    if (ep && ep->prepare && (rc = ep->prepare(&run)) != RPO_OK)
        goto out;
    first = page_url(src, src->path, src->query, since, NULL, NULL, 1);
    rc = fetch_pages(&run, src->path, first, src->items, do_item, NULL);
    if (rc == RPO_OK && ep && ep->finish)
        rc = ep->finish(&run);
    if (rc != RPO_OK)
        goto out;
    if (run.skipped)
        rpo_log(src->inst, RPO_LOG_INFO, "%s: %lu items left out by the %s preset (see "
                "docs/source-rest.md)", src->location, run.skipped, src->preset->name);
    rpo_log(src->inst, RPO_LOG_DEBUG, "%s: %lu items on %u pages", src->location, run.item,
            run.page);
    if (src->updated_param) {
        /* No change seen: the old cursor stays the starting point. */
        const char *next = run.cursor[0] ? run.cursor : since;
        if (next && rpo_source_set_cursor(em, next) != RPO_OK) {
            rpo_log(src->inst, RPO_LOG_ERROR, "the engine refused the sync cursor");
            rc = RPO_ERR;
        }
    }
out:
    json_decref(run.kept);
    json_decref(run.aux);
    return rc;
}

RPO_PLUGIN_EXPORT(source_rest) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SOURCE,
    .name = "rest",
    .version = "1.0",
    .description = "records from a JSON API (Greenhouse, Lever, or any paged JSON list), "
                   "incremental, with retries",
    .keys = rest_keys,
    .create = rest_create,
    .destroy = rest_destroy,
    .read = rest_read,
    .write = NULL,
};
