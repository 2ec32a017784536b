/*
 * rest.h — what the parts of the rest source share: the instance, the state
 * of one read, the preset tables, and the helpers presets use to emit.
 *
 * One instance reads one record kind from one API endpoint. A preset
 * (greenhouse.c, lever.c) is a table of endpoints per record kind: the URL
 * path, where the item list is, the incremental filter, the default field
 * paths, and optional hooks for items that fan out into several records or
 * that need the whole answer first (offers: the latest version counts). The
 * generic preset has no table: the instance's keys say everything.
 */
#ifndef RPO_REST_H
#define RPO_REST_H

#include <stddef.h>
#include <jansson.h>
#include <rpo/rpo.h>

#include "../http_common/http.h"

typedef enum rest_paging {
    REST_PAGE_NONE = 0, /* one request */
    REST_PAGE_LINK,     /* the Link header's rel="next" URL (RFC 8288) */
    REST_PAGE_CURSOR,   /* a body field holds the next cursor, sent back as a query parameter */
    REST_PAGE_NUMBER    /* page=1, 2, ... until a short or empty page */
} rest_paging;

typedef enum rest_time {
    REST_TIME_ISO = 0, /* the API's ISO-8601 text, passed on as it is */
    REST_TIME_EPOCH_MS /* integers of epoch milliseconds, converted to ISO-8601 */
} rest_time;

typedef struct rest_run rest_run;

/* A record field and the JSON path inside an item that feeds it. */
typedef struct rest_path {
    const char *field;
    const char *path;
} rest_path;

/* One endpoint of a preset: where records of one kind come from. */
typedef struct rest_endpoint {
    const char *record;        /* record kind name */
    const char *path;          /* URL path below base_url, "/v1/applications" */
    const char *query;         /* fixed query parameters ("expand=applications"), or NULL */
    const char *items;         /* JSON path of the item list ("" = the body is the list) */
    const char *updated_param; /* query parameter of the incremental filter, or NULL */
    const char *updated_path;  /* JSON path of each item's change time, or NULL */
    const rest_path *fields;   /* default field paths, ended by {NULL, NULL} */
    /* Before the first page (lever: the archive reasons); NULL: nothing. */
    int (*prepare)(rest_run *run);
    /* One item; NULL: the item is one record of the mapped fields. */
    int (*item)(rest_run *run, json_t *item);
    /* After the last page (greenhouse offers); NULL: nothing. */
    int (*finish)(rest_run *run);
} rest_endpoint;

/* A preset: one API's conventions and its endpoints. */
typedef struct rest_preset {
    const char *name;
    rest_paging paging;
    http_auth_kind auth;         /* how the token is sent */
    long per_page, per_page_max; /* default and the API's limit */
    const char *per_page_param;  /* "per_page", "limit" */
    const char *cursor_param;    /* REST_PAGE_CURSOR: the parameter that takes the cursor */
    const char *next_path;       /* REST_PAGE_CURSOR: the body's next cursor */
    const char *has_more_path;   /* REST_PAGE_CURSOR: the body's "more pages" flag, or NULL */
    rest_time time;              /* the form of the API's timestamps */
    const rest_endpoint *endpoints; /* ended by {NULL} */
} rest_preset;

extern const rest_preset rest_preset_greenhouse;
extern const rest_preset rest_preset_lever;

/* A `value.<field>.<raw> = <word>` key; strings owned by the engine's config. */
typedef struct rest_value {
    int field;
    const char *raw;
    const char *mapped;
} rest_value;

/* A field fed from an item: id, JSON path (engine's config or a preset's table). */
typedef struct rest_field {
    int field;
    const char *path;
    const char *key; /* the config key, or NULL for a preset default */
} rest_field;

/* One instance. Strings are the engine's config or static, except where said. */
typedef struct rest_source {
    rpo_instance *inst;
    rpo_record_kind kind;
    const rest_preset *preset;     /* NULL: generic */
    const rest_endpoint *endpoint; /* the preset's endpoint for KIND; NULL: generic */
    const char *base_url;          /* without a trailing '/' (see origin_len) */
    size_t origin_len;             /* length of "scheme://host[:port]" of base_url */
    const char *path;              /* URL path */
    const char *query;             /* fixed query parameters, or NULL */
    const char *items;
    rest_paging paging;
    long per_page;
    const char *per_page_param, *page_param, *cursor_param, *next_path, *has_more_path;
    const char *updated_param, *updated_path;
    rest_time time;
    long max_pages;
    http_policy policy;
    http_auth auth;      /* points to TOKEN (as user or secret) or the config */
    char *token;         /* malloc'd (rpo_config_secret), wiped at destroy; or NULL */
    rest_field *fields;  /* malloc'd */
    size_t nfields;
    rest_value *values;  /* malloc'd */
    size_t nvalues;
    char *location;      /* "GET /v1/applications": where records come from (malloc'd) */
} rest_source;

/* The state of one read(). */
struct rest_run {
    const rest_source *src;
    rpo_emitter *em;
    unsigned long item;   /* items seen so far (the "line" of a record's location) */
    unsigned page;        /* the page being read, from 1 */
    char label[256];      /* "GET /v1/applications page 3", for messages */
    const char *since;    /* the change filter sent with every page, or NULL (engine's) */
    char cursor[64];      /* the newest change time seen, "" if none */
    long long cursor_ms;  /* REST_TIME_EPOCH_MS: the same as a number */
    json_t *kept;         /* items a finish hook needs (a JSON array), or NULL */
    json_t *aux;          /* what a prepare hook fetched, or NULL */
    unsigned long skipped; /* items a hook left out on purpose (logged at the end) */
    /* Texts made for the current record (numbers, converted times): the
     * engine reads field values only in rpo_record_end(), so they live here
     * until the next rest_begin(). */
    char scratch[4096];
    size_t scratch_used;
};

/*
 * rest_begin — start a record of RUN's item (location: the endpoint and the
 * item number). Always succeeds.
 */
void rest_begin(rest_run *run);

/*
 * rest_set — set field NAME (of the instance's kind) of the current record
 * to the scalar V (NULL or null: left absent), through the value map of the
 * field and, for REST_TIME_EPOCH_MS, converting epoch milliseconds of date
 * fields. Returns 1 when set, 0 when absent, or -1 after rejecting the
 * record (an object where a scalar belongs, an impossible time), in which
 * case the caller goes on with the next record.
 */
int rest_set(rest_run *run, const char *name, const json_t *v);

/*
 * rest_set_text — set field NAME to TEXT (NUL-terminated, copied for the
 * record; "" means absent), through the field's value map. Returns 1, 0 or
 * -1 as rest_set does.
 */
int rest_set_text(rest_run *run, const char *name, const char *text);

/*
 * rest_apply_fields — set every field the instance maps (a preset's
 * defaults, then the `field.` keys, which win) from ITEM. Returns 0, or -1
 * after rejecting the record.
 */
int rest_apply_fields(rest_run *run, json_t *item);

/*
 * rest_key — key the current record for the engine's retention
 * (rpo_record_key) as the parts joined by ':' (at most 3, NULL ends).
 */
void rest_key(rest_run *run, const char *a, const char *b, const char *c);

/*
 * rest_end — hand the current record to the engine. Returns RPO_OK or the
 * negative status that stops the run.
 */
int rest_end(rest_run *run);

/*
 * rest_fetch_all — GET every page of PATH (below base_url, with the fixed
 * QUERY, may be NULL) using the instance's auth, paging and policy, and
 * append the items at ITEMS of each page to the array *OUT (new reference,
 * caller decrefs). For small lookups a prepare hook needs (Lever's archive
 * reasons). Returns RPO_OK or a negative status after logging why.
 */
int rest_fetch_all(rest_run *run, const char *path, const char *query, const char *items,
                   json_t **out);

/*
 * rest_text — copy the text of the scalar V into BUF (SIZE bytes) and return
 * BUF: "" when V is absent, null, not a scalar, or too long for BUF.
 */
const char *rest_text(const json_t *v, char *buf, size_t size);

#endif
