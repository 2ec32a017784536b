/*
 * cfg.c — reading the INI file with inih and checking keys against tables.
 *
 * inih does not tell its handler the line number (Debian builds it without
 * INI_HANDLER_LINENO) and does not report sections that hold no keys, so we
 * hand inih our own line reader: it counts lines, records every "[section]"
 * header with its line, and flags over-long lines that inih would split.
 */
#include "cfg.h"
#include "secret.h"
#include "parse.h"
#include "util.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const rpo_config_key rpo_engagement_keys[] = {
    {"name", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL, "engagement name shown on every report"},
    {"client", RPO_KEY_STRING, 0, "", "the client company"},
    {"provider", RPO_KEY_STRING, 0, "", "the RPO provider"},
    {"currency", RPO_KEY_STRING, 0, "", "ISO 4217 code of all cost amounts, e.g. EUR"},
    {"phase", RPO_KEY_STRING, 0, "",
     "where the partnership stands, shown on reports: build, run or improve"},
    {"min_n", RPO_KEY_INT, 0, "5",
     "values resting on fewer observations are reported as insufficient data"},
    {"threads", RPO_KEY_INT, 0, "0",
     "threads that read a large source in parts (0: one per CPU, at most 16); the report is "
     "the same for any number"},
    {"period", RPO_KEY_STRING, 0, "quarter", "reporting period: quarter or month"},
    {"fiscal_year_start", RPO_KEY_INT, 0, "1",
     "month (1-12) the fiscal year starts; quarters are then labelled FY<year it ends>Q1..Q4"},
    {"segments", RPO_KEY_STRING, 0,
     "department, location, level, source, recruiter, hiring_manager, owner",
     "dimensions every metric is also given per value of; empty: the whole engagement only"},
    {"sla_days", RPO_KEY_INT, 0, NULL,
     "days to fill a requisition within its SLA, for requisitions without their own sla_days"},
    {"plugin_path", RPO_KEY_STRING, 0, NULL,
     "folders searched for plugins before RPO_PLUGIN_PATH and the install dir; ':'-separated, "
     "relative to this file"},
    {"pseudonym_key_file", RPO_KEY_PATH, 0, NULL,
     "file whose contents key the HMAC-SHA256 pseudonyms of candidate and respondent ids "
     "(else RPO_PSEUDONYM_KEY_FILE); rejections then name the person by pseudonym; raw ids "
     "are never kept or printed"},
    {NULL, 0, 0, NULL, NULL}};

const rpo_config_key rpo_store_keys[] = {
    {"path", RPO_KEY_PATH, 0, NULL,
     "SQLite file of the engagement's run history (default: $STATE_DIRECTORY/store.sqlite "
     "when systemd sets it, else no store)"},
    {"lock_timeout", RPO_KEY_INT, 0, "60",
     "seconds a run waits for another run of the engagement to finish (then exit 75)"},
    {NULL, 0, 0, NULL, NULL}};

const rpo_config_key rpo_source_core_keys[] = {
    {"plugin", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL, "the source plugin, e.g. csv"},
    {"record", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL,
     "the record kind this source emits: requisition, application, stage_event, hire, cost, "
     "survey, lever, outcome or risk"},
    {NULL, 0, 0, NULL, NULL}};

const rpo_config_key rpo_plugin_core_keys[] = {
    {"plugin", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL, "the plugin, e.g. console"},
    {NULL, 0, 0, NULL, NULL}};

const rpo_config_key rpo_framework_core_keys[] = {
    {"plugin", RPO_KEY_STRING, RPO_KEY_REQUIRED, NULL, "the framework plugin, e.g. adkar"},
    {"instrument", RPO_KEY_STRING, 0, NULL,
     "the survey instrument whose responses it assesses (default: the plugin's name)"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct reader_state {
    FILE *f;
    const rpo_logger *lg;
    rpo_cfg *cfg;
    unsigned line;          /* line number of the line last handed to inih */
    rpo_cfg_section *cur;   /* section the last header opened */
    int errors;
    char *buf;
    size_t cap;
} reader_state;

int rpo_cfg_error(const rpo_logger *lg, const rpo_cfg *cfg, const rpo_cfg_section *sec,
                  const char *key, unsigned line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!line && sec)
        line = sec->line;
    rpo_logf(lg, NULL, RPO_LOG_ERROR, "%s:%u: %s%s%s%s%s%s", cfg->path, line, sec ? "[" : "",
             sec ? sec->name : "", sec ? "] " : "", key ? key : "", key ? ": " : "", msg);
    return RPO_ECONFIG;
}

/* In rpo_section_kind order. */
static const char *const section_prefixes[] = {"engagement", "store",     "source.",
                                               "sink.",      "framework.", "metric.",
                                               "incentive",  "achievements", "goal."};
#define N_SECTION_KINDS (sizeof section_prefixes / sizeof section_prefixes[0])

/* Opens a new section for header NAME at LINE, or reports why it cannot. */
static void open_section(reader_state *st, const char *name)
{
    rpo_cfg *cfg = st->cfg;
    st->cur = NULL;
    int kind = -1;
    const char *inst = NULL;
    for (size_t k = 0; k < N_SECTION_KINDS; k++) {
        const char *p = section_prefixes[k];
        size_t lp = strlen(p);
        if (p[lp - 1] == '.' ? strncmp(name, p, lp) == 0 : strcmp(name, p) == 0) {
            kind = (int)k;
            inst = p[lp - 1] == '.' ? name + lp : NULL;
            break;
        }
    }
    if (kind < 0) {
        const char *best = "engagement";
        size_t bd = (size_t)-1;
        for (size_t k = 0; k < N_SECTION_KINDS; k++) {
            size_t d = rpo_edit_distance(name, section_prefixes[k]);
            if (d < bd)
                bd = d, best = section_prefixes[k];
        }
        rpo_logf(st->lg, NULL, RPO_LOG_ERROR,
                 "%s:%u: unknown section [%s]; sections are [engagement], [store], "
                 "[source.NAME], [sink.NAME], [framework.NAME], [metric.ID], [incentive], "
                 "[achievements], [goal.NAME] (nearest: [%s%s])",
                 cfg->path, st->line, name, best, best[strlen(best) - 1] == '.' ? "NAME" : "");
        st->errors++;
        return;
    }
    if (inst && !rpo_is_name(inst)) {
        rpo_logf(st->lg, NULL, RPO_LOG_ERROR,
                 "%s:%u: [%s]: the name after '%s' must be lower-case letters, digits or '_'",
                 cfg->path, st->line, name, section_prefixes[kind]);
        st->errors++;
        return;
    }
    const rpo_cfg_section *dup = rpo_cfg_find(cfg, name);
    if (dup) {
        rpo_logf(st->lg, NULL, RPO_LOG_ERROR, "%s:%u: section [%s] appears twice (first at line %u)",
                 cfg->path, st->line, name, dup->line);
        st->errors++;
        return;
    }
    if (cfg->n_sections == cfg->cap_sections) {
        cfg->cap_sections = cfg->cap_sections ? 2 * cfg->cap_sections : 8;
        cfg->sections = rpo_xrealloc(cfg->sections, cfg->cap_sections * sizeof *cfg->sections);
    }
    rpo_cfg_section *s = &cfg->sections[cfg->n_sections++];
    memset(s, 0, sizeof *s);
    s->name = rpo_xstrdup(name);
    s->kind = (rpo_section_kind)kind;
    s->instance = inst ? rpo_xstrdup(inst) : NULL;
    s->line = st->line;
    st->cur = s;
}

/* The ini_reader: one physical line per call, with bookkeeping (see top). */
static char *read_line(char *str, int num, void *stream)
{
    reader_state *st = stream;
    ssize_t n = getline(&st->buf, &st->cap, st->f);
    if (n < 0)
        return NULL;
    st->line++;
    if (n >= num - 1 && !(n == num - 1 && st->buf[n - 1] == '\n')) {
        rpo_logf(st->lg, NULL, RPO_LOG_ERROR, "%s:%u: line longer than %d characters",
                 st->cfg->path, st->line, num - 2);
        st->errors++;
        str[0] = '\n';
        str[1] = '\0';
        return str;
    }
    memcpy(str, st->buf, (size_t)n + 1);
    /* Section headers: "[name]" after optional blanks, comment allowed after. */
    const char *p = str;
    if (st->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[') {
        const char *e = strchr(p, ']');
        if (e) {
            char name[256];
            size_t len = (size_t)(e - p - 1);
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, p + 1, len);
            name[len] = '\0';
            open_section(st, name);
        }
    }
    return str;
}

static int handle_entry(void *user, const char *section, const char *key, const char *value)
{
    reader_state *st = user;
    rpo_cfg *cfg = st->cfg;
    if (!*section) {
        rpo_logf(st->lg, NULL, RPO_LOG_ERROR,
                 "%s:%u: %s: key outside any section; put it under [engagement] or a plugin section",
                 cfg->path, st->line, key);
        st->errors++;
        return 1;
    }
    rpo_cfg_section *s = st->cur;
    if (!s || strcmp(s->name, section) != 0)
        return 1; /* the header was already reported as bad */
    const rpo_cfg_entry *dup = rpo_cfg_entry_find(s, key);
    if (dup) {
        rpo_cfg_error(st->lg, cfg, s, key, st->line, "set twice (first at line %u)%s", dup->line,
                      dup->line + 1 == st->line ? "; continuation lines are not supported" : "");
        st->errors++;
        return 1;
    }
    if (s->n_entries == s->cap_entries) {
        s->cap_entries = s->cap_entries ? 2 * s->cap_entries : 8;
        s->entries = rpo_xrealloc(s->entries, s->cap_entries * sizeof *s->entries);
    }
    rpo_cfg_entry *e = &s->entries[s->n_entries++];
    e->key = rpo_xstrdup(key);
    e->value = rpo_xstrdup(value);
    e->line = st->line;
    return 1;
}

int rpo_cfg_load(const char *path, const rpo_logger *lg, rpo_cfg **out)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "cannot open config %s: %s", path, strerror(errno));
        return errno == ENOENT ? RPO_ENOINPUT : RPO_ECONFIG;
    }
    rpo_cfg *cfg = rpo_xcalloc(1, sizeof *cfg);
    cfg->path = rpo_xstrdup(path);
    const char *slash = strrchr(path, '/');
    cfg->dir = slash ? rpo_xstrndup(path, (size_t)(slash - path) + (slash == path)) : rpo_xstrdup(".");
    reader_state st = {.f = f, .lg = lg, .cfg = cfg};
    int rc = ini_parse_stream(read_line, &st, handle_entry, &st);
    fclose(f);
    free(st.buf);
    if (rc > 0) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "%s:%d: syntax error: expected 'key = value', '[section]' or a comment", path, rc);
        st.errors++;
    } else if (rc < 0) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "cannot read config %s", path);
        st.errors++;
    }
    const rpo_cfg_section *eng = rpo_cfg_find(cfg, "engagement");
    if (!eng && !st.errors) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "%s: no [engagement] section; add one with name = ...",
                 path);
        st.errors++;
    }
    for (size_t i = 0; i < cfg->n_sections; i++) {
        const rpo_cfg_section *s = &cfg->sections[i];
        if (s->kind == RPO_SEC_ENGAGEMENT)
            st.errors += rpo_cfg_check_keys(lg, cfg, s, rpo_engagement_keys, NULL);
        else if (s->kind == RPO_SEC_STORE)
            st.errors += rpo_cfg_check_keys(lg, cfg, s, rpo_store_keys, NULL);
    }
    if (st.errors) {
        rpo_cfg_free(cfg);
        return RPO_ECONFIG;
    }
    *out = cfg;
    return RPO_OK;
}

void rpo_cfg_free(rpo_cfg *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->n_sections; i++) {
        rpo_cfg_section *s = &cfg->sections[i];
        for (size_t j = 0; j < s->n_entries; j++) {
            free(s->entries[j].key);
            free(s->entries[j].value);
        }
        free(s->entries);
        free(s->name);
        free(s->instance);
    }
    free(cfg->sections);
    free(cfg->path);
    free(cfg->dir);
    free(cfg);
}

const rpo_cfg_section *rpo_cfg_find(const rpo_cfg *cfg, const char *name)
{
    for (size_t i = 0; cfg && i < cfg->n_sections; i++)
        if (strcmp(cfg->sections[i].name, name) == 0)
            return &cfg->sections[i];
    return NULL;
}

const rpo_cfg_entry *rpo_cfg_entry_find(const rpo_cfg_section *sec, const char *key)
{
    if (!sec)
        return NULL;
    for (size_t i = 0; i < sec->n_entries; i++)
        if (strcmp(sec->entries[i].key, key) == 0)
            return &sec->entries[i];
    return NULL;
}

const char *rpo_cfg_value(const rpo_cfg_section *sec, const char *key, const char *def)
{
    const rpo_cfg_entry *e = rpo_cfg_entry_find(sec, key);
    return e ? e->value : def;
}

/* Length of the literal prefix of a prefix key ("map.<field>" → 4). */
static size_t prefix_len(const rpo_config_key *k)
{
    const char *lt = strchr(k->name, '<');
    return lt ? (size_t)(lt - k->name) : strlen(k->name);
}

const rpo_config_key *rpo_cfg_key_find(const rpo_config_key *table, const char *key)
{
    for (const rpo_config_key *k = table; k && k->name; k++) {
        if (k->flags & RPO_KEY_PREFIX) {
            size_t lp = prefix_len(k);
            if (strncmp(key, k->name, lp) == 0 && key[lp] != '\0')
                return k;
        } else if (strcmp(key, k->name) == 0) {
            return k;
        }
    }
    return NULL;
}

/* The key of the tables nearest to KEY, for "did you mean". */
static const char *nearest_key(const char *key, const rpo_config_key *a, const rpo_config_key *b)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    const rpo_config_key *tables[2] = {a, b};
    for (int t = 0; t < 2; t++) {
        for (const rpo_config_key *k = tables[t]; k && k->name; k++) {
            char cand[128];
            if (k->flags & RPO_KEY_PREFIX) {
                size_t lp = prefix_len(k);
                snprintf(cand, sizeof cand, "%.*s", (int)lp, k->name);
            } else {
                snprintf(cand, sizeof cand, "%s", k->name);
            }
            size_t d = rpo_edit_distance(key, cand);
            if (d < bd)
                bd = d, best = k->name;
        }
    }
    return best;
}

int rpo_cfg_check_keys(const rpo_logger *lg, const rpo_cfg *cfg, const rpo_cfg_section *sec,
                       const rpo_config_key *table_a, const rpo_config_key *table_b)
{
    int problems = 0;
    for (size_t i = 0; i < sec->n_entries; i++) {
        const rpo_cfg_entry *e = &sec->entries[i];
        const rpo_config_key *k = rpo_cfg_key_find(table_a, e->key);
        if (!k)
            k = rpo_cfg_key_find(table_b, e->key);
        if (!k) {
            const char *near = nearest_key(e->key, table_a, table_b);
            if (near)
                rpo_cfg_error(lg, cfg, sec, e->key, e->line, "unknown key; did you mean '%s'?", near);
            else
                rpo_cfg_error(lg, cfg, sec, e->key, e->line, "unknown key; this section takes no keys");
            problems++;
            continue;
        }
        const char *why = NULL;
        long l;
        int b;
        if (k->type == RPO_KEY_INT &&
            rpo_parse_integer(e->value, strlen(e->value), -1000000000L, 1000000000L, &l, &why) != 0)
            ;
        else if (k->type == RPO_KEY_BOOL && rpo_parse_bool(e->value, strlen(e->value), &b, &why) != 0)
            ;
        else if (k->type == RPO_KEY_PATH && !*e->value)
            why = "empty path";
        else if (k->type == RPO_KEY_SECRET && (why = rpo_secret_check_ref(e->value)) != NULL)
            ;
        else
            why = NULL;
        if (why) {
            rpo_cfg_error(lg, cfg, sec, e->key, e->line, "bad value: %s", why);
            problems++;
        }
    }
    const rpo_config_key *tables[2] = {table_a, table_b};
    for (int t = 0; t < 2; t++) {
        for (const rpo_config_key *k = tables[t]; k && k->name; k++) {
            if ((k->flags & RPO_KEY_REQUIRED) && !(k->flags & RPO_KEY_PREFIX) &&
                !rpo_cfg_entry_find(sec, k->name)) {
                rpo_cfg_error(lg, cfg, sec, NULL, 0, "missing required key '%s' (%s)", k->name,
                              k->help);
                problems++;
            }
        }
    }
    return problems;
}
