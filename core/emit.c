/*
 * emit.c — central parsing and validation of every record a source emits.
 *
 * rpo_record_field() only remembers where the text is; parsing happens once,
 * in rpo_record_end(), so a source pays nothing for columns it maps but the
 * record kind does not need parsed, and no text is copied on the hot path.
 */
#include "emit.h"
#include "interrupt.h"
#include "parse.h"
#include "util.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rpo_emitter_init(struct rpo_emitter *em, rpo_record_kind kind, const rpo_logger *lg,
                      const char *prefix, rpo_record_consumer consume, void *arg)
{
    memset(em, 0, sizeof *em);
    em->kind = kind;
    em->lg = lg;
    em->prefix = prefix;
    em->consume = consume;
    em->consume_arg = arg;
    em->defs = rpo_field_def_of(kind, 0);
    em->n_fields = rpo_field_count(kind);
    em->person_field = -1;
    for (int f = 0; f < em->n_fields; f++) {
        if (em->defs[f].required)
            em->required |= 1ull << f;
        if (em->defs[f].type == RPO_FT_PSEUDO)
            em->person_field = f;
    }
}

void rpo_emitter_pseudonymize(struct rpo_emitter *em, const rpo_pseudonymizer *p)
{
    em->pseudo = p;
}

void rpo_emitter_hold(struct rpo_emitter *em)
{
    em->hold = 1;
}

void rpo_emitter_replay(struct rpo_emitter *em, unsigned *budget)
{
    for (size_t i = 0; i < em->n_held && *budget; i++, (*budget)--)
        rpo_logf(em->lg, em->prefix, RPO_LOG_WARN, "%s", em->held[i]);
}

void rpo_emitter_fini(struct rpo_emitter *em)
{
    for (size_t i = 0; i < em->n_held; i++)
        free(em->held[i]);
    free(em->held);
    if (!em->hold && em->rejected > RPO_REJECTS_LOGGED)
        rpo_logf(em->lg, em->prefix, RPO_LOG_WARN,
                 "%llu more rejected records not shown (%llu rejected of %llu read)",
                 em->rejected - RPO_REJECTS_LOGGED, em->rejected, em->read);
    for (size_t i = 0; i < em->n_files; i++)
        free(em->files[i]);
    free(em->files);
    free(em->date_format);
    free(em->cursor_out);
    free(em->key);
    free(em->replay);
    for (size_t i = 0; i < em->n_held_rejects; i++) {
        free(em->held_rejects[i].file);
        free(em->held_rejects[i].field);
        free(em->held_rejects[i].reason);
    }
    free(em->held_rejects);
    memset(em, 0, sizeof *em);
}

rpo_record_kind rpo_emitter_kind(const rpo_emitter *em)
{
    return em->kind;
}

int rpo_emitter_date_format(rpo_emitter *em, const char *fmt)
{
    free(em->date_format);
    em->date_format = fmt ? rpo_xstrdup(fmt) : NULL;
    return RPO_OK;
}

void rpo_record_begin(rpo_emitter *em, const char *file, unsigned long line)
{
    if (file != em->file_src || !em->file) {
        em->file_src = file;
        em->files = rpo_xrealloc(em->files, (em->n_files + 1) * sizeof *em->files);
        em->files[em->n_files++] = rpo_xstrdup(file ? file : "-");
        em->file = em->files[em->n_files - 1];
    }
    em->line = line;
    em->open = 1;
    em->set = em->reached = em->reached_known = 0;
    em->keyed = 0;
    em->read++;
}

int rpo_record_field(rpo_emitter *em, int field, const char *value, size_t len)
{
    if (field < 0 || field >= em->n_fields)
        return RPO_ERR;
    /* Blank cells are absent values; so are cells of only spaces. */
    while (len && (*value == ' ' || *value == '\t'))
        value++, len--;
    while (len && (value[len - 1] == ' ' || value[len - 1] == '\t'))
        len--;
    if (!len) {
        em->set &= ~(1ull << field);
        return RPO_OK;
    }
    em->raw[field].text = value;
    em->raw[field].len = len;
    em->set |= 1ull << field;
    return RPO_OK;
}

int rpo_record_reached(rpo_emitter *em, int field, int reached)
{
    if (em->kind != RPO_REC_APPLICATION || field < APP_FIRST_STAGE || field > APP_LAST_STAGE ||
        field == APP_START_DATE)
        return RPO_ERR;
    em->reached_known |= 1ull << field;
    if (reached)
        em->reached |= 1ull << field;
    else
        em->reached &= ~(1ull << field);
    return RPO_OK;
}

void rpo_emitter_keep(struct rpo_emitter *em, const rpo_emit_keeper *keeper, const char *cursor)
{
    em->keeper = keeper;
    em->cursor_in = cursor;
}

void rpo_emitter_rejects(struct rpo_emitter *em, rpo_reject_sink sink)
{
    em->rejects = sink;
}

void rpo_emitter_flush_rejects(struct rpo_emitter *em)
{
    for (size_t i = 0; i < em->n_held_rejects; i++) {
        rpo_held_reject *h = &em->held_rejects[i];
        em->rejects.fn(em->rejects.arg, h->file, h->line, h->field, h->reason);
    }
}

const char *rpo_source_sync(rpo_emitter *em)
{
    /* Called after records went to the model: keeping from here on would
     * count those twice, so this read stays a plain full one. */
    if (!em->synced && em->read) {
        rpo_logf(em->lg, em->prefix, RPO_LOG_WARN,
                 "rpo_source_sync() called after the first record; reading everything, "
                 "keeping nothing (a bug of the source plugin)");
        em->keeper = NULL;
    }
    if (!em->synced && em->keeper) {
        int rc = em->keeper->start(em->keeper->arg, em->cursor_in == NULL);
        if (rc != RPO_OK && em->keep_status == RPO_OK)
            em->keep_status = rc;
    }
    em->synced = 1;
    return em->keeper ? em->cursor_in : NULL;
}

int rpo_source_set_cursor(rpo_emitter *em, const char *cursor)
{
    if (!em->synced || !cursor)
        return RPO_ERR;
    free(em->cursor_out);
    em->cursor_out = rpo_xstrdup(cursor);
    return RPO_OK;
}

int rpo_record_key(rpo_emitter *em, const char *text, size_t len)
{
    if (len + 1 > em->key_cap) {
        em->key_cap = len + 1 > 64 ? len + 1 : 64;
        em->key = rpo_xrealloc(em->key, em->key_cap);
    }
    memcpy(em->key, text, len);
    em->key[len] = '\0';
    em->key_len = len;
    em->keyed = 1;
    return RPO_OK;
}

/*
 * Counts a rejection of the current record and reports it: LOGTEXT to the
 * log (the first few), FIELD (NULL: the row) and the bare REASON to the
 * reject sink.
 */
static void reject(rpo_emitter *em, const char *field, const char *reason, const char *logtext)
{
    if (!em->open)
        em->read++; /* a row the source could not even begin */
    em->open = 0;
    em->rejected++;
    if (em->rejects.fn) {
        if (!em->hold) {
            em->rejects.fn(em->rejects.arg, em->file ? em->file : "-", em->line, field, reason);
        } else if (em->n_held_rejects < RPO_REJECTS_STORED) {
            em->held_rejects = rpo_xrealloc(em->held_rejects,
                                            (em->n_held_rejects + 1) * sizeof *em->held_rejects);
            rpo_held_reject *h = &em->held_rejects[em->n_held_rejects++];
            h->file = rpo_xstrdup(em->file ? em->file : "-");
            h->field = field ? rpo_xstrdup(field) : NULL;
            h->reason = rpo_xstrdup(reason);
            h->line = em->line;
        }
    }
    if (em->rejected > RPO_REJECTS_LOGGED)
        return;
    /* Hashing happens here, for the few rejections shown, not on every row. */
    char who[64] = "";
    int f = em->person_field;
    char pseudonym[RPO_PSEUDONYM_HEX + 1];
    if (em->pseudo && f >= 0 && ((em->set >> f) & 1u) &&
        rpo_pseudonymize(em->pseudo, em->raw[f].text, em->raw[f].len, pseudonym) == RPO_OK)
        snprintf(who, sizeof who, " (%s %s)", em->kind == RPO_REC_SURVEY ? "respondent" : "candidate",
                 pseudonym);
    if (em->hold) {
        char line[1024];
        snprintf(line, sizeof line, "%s:%lu%s: record rejected: %s", em->file, em->line, who,
                 logtext);
        em->held = rpo_xrealloc(em->held, (em->n_held + 1) * sizeof *em->held);
        em->held[em->n_held++] = rpo_xstrdup(line);
        return;
    }
    rpo_logf(em->lg, em->prefix, RPO_LOG_WARN, "%s:%lu%s: record rejected: %s", em->file, em->line,
             who, logtext);
}

void rpo_record_reject(rpo_emitter *em, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reject(em, NULL, msg, msg);
}

/* Rejects the current record for FIELD (NULL: none) and REASON, logged as
 * "field F: REASON" (+ SHOWN). */
static void reject_for(rpo_emitter *em, const char *field, const char *reason, const char *shown)
{
    char msg[640];
    if (field)
        snprintf(msg, sizeof msg, "field %s: %s%s", field, reason, shown);
    else
        snprintf(msg, sizeof msg, "%s%s", reason, shown);
    reject(em, field, reason, msg);
}

/* Whether a field's raw text may appear in messages: never ids or free text. */
static int value_is_showable(const rpo_field_def *d)
{
    return d->type != RPO_FT_ID && d->type != RPO_FT_PSEUDO && d->type != RPO_FT_TEXT;
}

static void reject_field(rpo_emitter *em, const rpo_field_def *d, const rpo_value *raw,
                         const char *why)
{
    char shown[64] = "";
    if (raw && value_is_showable(d)) {
        size_t n = raw->len < 40 ? raw->len : 40;
        size_t j = 0;
        shown[j++] = ' ';
        shown[j++] = '\'';
        for (size_t i = 0; i < n; i++)
            shown[j++] = (raw->text[i] >= 0x20 && raw->text[i] < 0x7f) ? raw->text[i] : '?';
        if (raw->len > n)
            shown[j++] = '.', shown[j++] = '.', shown[j++] = '.';
        shown[j++] = '\'';
        shown[j] = '\0';
    }
    reject_for(em, d->name, why, shown);
}

/* Parses RAW as field D into *OUT; returns NULL or the reason it is bad. */
static const char *parse_value(rpo_emitter *em, int field, const rpo_field_def *d, rpo_value *v)
{
    const char *why = NULL;
    switch (d->type) {
    case RPO_FT_DATE:
        if (em->date_format && v->len <= 10) {
            /* Fall back to ISO-8601 so exports mixing both still parse. */
            const char *why_iso;
            if (rpo_date_parse_format(v->text, v->len, em->date_format, &v->u.day, &why) != 0 &&
                rpo_date_parse_iso(v->text, v->len, &v->u.day, &why_iso) != 0)
                return why;
        } else if (rpo_date_parse_iso_cached(v->text, v->len, &v->u.day, &why,
                                             &em->dates[field]) != 0) {
            return why;
        }
        /* -25567 is 1900-01-01, 376199 is 2999-12-31: beyond them a date is a typo. */
        if (v->u.day < -25567 || v->u.day > 376199)
            return "year out of range 1900..2999";
        return NULL;
    case RPO_FT_INT:
        return rpo_parse_integer(v->text, v->len, d->min, d->max, &v->u.integer, &why) ? why : NULL;
    case RPO_FT_NUM:
        return rpo_parse_number(v->text, v->len, &v->u.number, &why) ? why : NULL;
    case RPO_FT_MONEY:
        return rpo_parse_money(v->text, v->len, &v->u.money, &why) ? why : NULL;
    case RPO_FT_BOOL:
        return rpo_parse_bool(v->text, v->len, &v->u.boolean, &why) ? why : NULL;
    case RPO_FT_ENUM:
        for (int i = 0; d->words[i]; i++) {
            if (strlen(d->words[i]) == v->len && memcmp(d->words[i], v->text, v->len) == 0) {
                v->u.word = i;
                return NULL;
            }
        }
        return "not one of the allowed words (see rpo(1), RECORDS; map other words with value.<field>.<raw>)";
    default:
        return NULL;
    }
}

/* A growing text buffer for serializing a record. */
typedef struct textbuf {
    char *p;
    size_t len, cap;
} textbuf;

static void tb_put(textbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = rpo_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Appends "NAME=VALUE\n" with backslash and newline escaped. */
static void tb_field(textbuf *b, const char *name, const char *v, size_t len)
{
    tb_put(b, name, strlen(name));
    tb_put(b, "=", 1);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] != '\\' && v[i] != '\n' && v[i] != '\r')
            continue;
        tb_put(b, v + run, i - run);
        tb_put(b, v[i] == '\\' ? "\\\\" : v[i] == '\n' ? "\\n" : "\\r", 2);
        run = i + 1;
    }
    tb_put(b, v + run, len - run);
    tb_put(b, "\n", 1);
}

/*
 * Hands the current record of an incremental source to the keeper, unvalidated
 * (it is validated when the kept records are replayed). Candidate ids are
 * left out, respondent ids kept only as pseudonyms: the store holds no raw
 * person identifier. The key: the source's, else the record's id, else a
 * hash of its fields.
 */
static int keep_record(rpo_emitter *em)
{
    textbuf b = {0};
    tb_put(&b, "", 0);
    const char *id = NULL;
    size_t id_len = 0;
    for (int f = 0; f < em->n_fields; f++) {
        const rpo_field_def *d = &em->defs[f];
        if ((em->reached_known >> f) & 1u) {
            char name[64];
            snprintf(name, sizeof name, "%s?", d->name);
            tb_field(&b, name, (em->reached >> f) & 1u ? "1" : "0", 1);
        }
        if (!((em->set >> f) & 1u))
            continue;
        const char *v = em->raw[f].text;
        size_t len = em->raw[f].len;
        char pseudonym[RPO_PSEUDONYM_HEX + 1];
        if (d->type == RPO_FT_PSEUDO) {
            if (em->kind != RPO_REC_SURVEY || !em->pseudo || !em->pseudo->key_len ||
                rpo_pseudonymize(em->pseudo, v, len, pseudonym) != RPO_OK)
                continue;
            v = pseudonym;
            len = strlen(pseudonym);
        }
        if (!id && (strcmp(d->name, "id") == 0 ||
                    (em->kind == RPO_REC_HIRE && strcmp(d->name, "application_id") == 0)))
            id = v, id_len = len;
        tb_field(&b, d->name, v, len);
    }
    char digest[2 * 32 + 1];
    const char *key;
    if (em->keyed) {
        key = em->key;
    } else if (id) {
        char *k = rpo_xstrndup(id, id_len);
        free(em->key);
        em->key = k;
        em->key_cap = id_len + 1;
        key = k;
    } else {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned md_len = 0;
        if (EVP_Digest(b.p, b.len, md, &md_len, EVP_sha256(), NULL) != 1) {
            free(b.p);
            return RPO_ENOMEM;
        }
        for (unsigned i = 0; i < md_len && i < 32; i++)
            snprintf(digest + 2 * i, 3, "%02x", md[i]);
        key = digest;
    }
    em->open = 0;
    int rc = em->keeper->keep(em->keeper->arg, em, key, b.p);
    free(b.p);
    if (rc == RPO_OK)
        em->kept++;
    return rc;
}

int rpo_emitter_fields_parse(struct rpo_emitter *em, const char *fields)
{
    size_t n = strlen(fields);
    if (n + 1 > em->replay_cap) {
        free(em->replay);
        em->replay_cap = n + 1;
        em->replay = rpo_xcalloc(n + 1, 1);
    }
    char *out = em->replay;
    const char *p = fields;
    while (*p) {
        const char *eq = strchr(p, '=');
        const char *nl = eq ? strchr(eq, '\n') : NULL;
        if (!eq || !nl)
            return RPO_EDATA;
        char name[64];
        size_t name_len = (size_t)(eq - p);
        if (name_len == 0 || name_len >= sizeof name)
            return RPO_EDATA;
        memcpy(name, p, name_len);
        name[name_len] = '\0';
        char *value = out;
        for (const char *q = eq + 1; q < nl; q++) {
            if (*q == '\\' && q + 1 < nl) {
                q++;
                *out++ = *q == 'n' ? '\n' : *q == 'r' ? '\r' : *q;
            } else {
                *out++ = *q;
            }
        }
        size_t len = (size_t)(out - value);
        int reached = name[name_len - 1] == '?';
        if (reached)
            name[name_len - 1] = '\0';
        int f = rpo_field_lookup(em->kind, name);
        if (f < 0)
            return RPO_EDATA;
        if (reached)
            rpo_record_reached(em, f, len == 1 && value[0] == '1');
        else
            rpo_record_field(em, f, value, len);
        p = nl + 1;
    }
    return RPO_OK;
}

int rpo_record_end(rpo_emitter *em)
{
    if (rpo_interrupted()) /* SIGINT or SIGTERM: the source stops reading */
        return RPO_EINTR;
    if (em->keep_status != RPO_OK)
        return em->keep_status;
    if (!em->open)
        return RPO_OK;
    if (em->keeper && em->synced)
        return keep_record(em);
    uint64_t missing = em->required & ~em->set;
    if (missing) {
        char msg[128];
        const char *name = em->defs[__builtin_ctzll(missing)].name;
        snprintf(msg, sizeof msg, "missing required field %s", name);
        reject(em, name, "missing required field", msg);
        return RPO_OK;
    }
    /* Only the fields present are parsed: absent ones cost nothing. */
    for (uint64_t bits = em->set; bits; bits &= bits - 1) {
        int f = __builtin_ctzll(bits);
        const rpo_field_def *d = &em->defs[f];
        if (d->type == RPO_FT_ID || d->type == RPO_FT_PSEUDO || d->type == RPO_FT_TEXT)
            continue;
        const char *why = parse_value(em, f, d, &em->raw[f]);
        if (why) {
            reject_field(em, d, &em->raw[f], why);
            return RPO_OK;
        }
    }
    em->open = 0;
    rpo_record rec = {em->kind, em->set, em->reached & ~em->set, em->raw, em->file, em->line};
    const char *why = NULL;
    int field = -1;
    int rc = em->consume(em->consume_arg, &rec, &why, &field);
    if (rc < 0)
        return rc;
    if (rc > 0) {
        em->open = 1; /* so the rejection does not count a new read */
        const rpo_field_def *d = rpo_field_def_of(em->kind, field);
        reject_for(em, d ? d->name : NULL, why, "");
        return RPO_OK;
    }
    em->accepted++;
    return RPO_OK;
}
