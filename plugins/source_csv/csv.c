/*
 * csv.c — the `csv` source plugin: records of one kind from a CSV file.
 *
 *   [source.apps]
 *   plugin = csv
 *   record = application
 *   file = data/applications.csv
 *   delimiter = semicolon
 *   map.id = Application ID
 *   flag.screened_at = Screened
 *   value.screened_at.Ja = 1
 *
 * The first row is the header. A column feeds record field F when `map.F`
 * names it, or, for fields without a `map.` key, when its header (trimmed)
 * is F itself and no map./flag. key has claimed the column. Cells are handed
 * to the engine as text (rpo_record_field), which parses and validates them
 * centrally in rpo_record_end(); this plugin only finds the cells, rewrites
 * their text through `value.` maps, and turns stage flag columns into
 * rpo_record_reached() calls. Cell pointers point into the reader's buffer
 * and mapped texts into the engine's config, so both stay valid until
 * rpo_record_end() as the emitter requires; nothing is copied per row.
 *
 * Rows are streamed by csv_reader.c, so memory does not grow with the file.
 * Messages name the file, line, column and reason, never a cell's text,
 * which may be personal data.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpo/rpo.h>

#include "csv_reader.h"

/* A `value.<field>.<raw> = <mapped>` entry. The strings belong to the engine's config. */
typedef struct value_entry {
    const char *raw;
    size_t raw_len;
    const char *mapped;
    size_t mapped_len;
} value_entry;

/* All value entries of one field, sorted by (raw_len, raw) for binary search. */
typedef struct value_map {
    int field;
    value_entry *entries;
    size_t count, cap;
} value_map;

/* A `map.<field>` or `flag.<field>` key: the column that feeds FIELD. */
typedef struct column_spec {
    int field;
    int is_flag;
    const char *key;    /* "map.id", for messages */
    const char *header; /* the column's header text */
} column_spec;

/* What to do with one column of each row; built from the header by read(). */
typedef struct action {
    size_t col;
    int field;
    int is_flag;
    const value_map *values; /* NULL: the text passes unchanged */
    const char *column;      /* header text, for messages */
} action;

/* One instance ([source.NAME] section). Strings are owned by the engine's config. */
typedef struct csv_source {
    rpo_instance *inst;
    const char *path;        /* resolved against the config file's folder */
    const char *display;     /* as written in the config: shown in messages */
    const char *date_format; /* NULL: ISO-8601 */
    char delimiter;
    rpo_record_kind kind;
    column_spec *specs;
    size_t nspecs;
    value_map *maps;
    size_t nmaps;
} csv_source;

/* Application fields rpo_record_reached() accepts (rpo/record.h). */
static const char *const stage_fields[] = {
    "screened_at", "submitted_at",     "interviewed_at", "offered_at",   "offer_accepted_at",
    "offer_declined_at", "hired_at", "rejected_at",    "withdrawn_at", NULL};

static const rpo_config_key csv_keys[] = {
    {"file", RPO_KEY_PATH, RPO_KEY_REQUIRED, NULL,
     "the CSV file (RFC 4180, header row first), relative to the config file"},
    {"delimiter", RPO_KEY_STRING, 0, ",",
     "field separator: one character, or comma, semicolon, tab, pipe"},
    {"date_format", RPO_KEY_STRING, 0, NULL,
     "strptime(3) format of the file's dates, when they are not ISO-8601"},
    {"map.<field>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "header of the column holding <field> (default: the column named <field>)"},
    {"flag.<field>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "header of a 0/1, yes/no or true/false column saying the stage <field> was reached"},
    {"value.<field>.<raw>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "text that replaces the cell text <raw> of <field>'s column "
     "(value.stage.Phone Screen = screened)"},
    {NULL, RPO_KEY_STRING, 0, NULL, NULL}};

/* ------------------------------------------------------------ utilities */

static void strerror_into(int err, char *buf, size_t size)
{
    if (strerror_r(err, buf, size) != 0)
        snprintf(buf, size, "error %d", err);
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether TEXT[0..LEN) equals the lower-case WORD, ignoring ASCII case. */
static int word_equal(const char *text, size_t len, const char *word)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (word[i] == '\0' || ascii_lower((unsigned char)text[i]) != word[i])
            return 0;
    return word[i] == '\0';
}

/* Trim blanks around the text *PTR, *LEN in place (header names, flag cells). */
static void trim(const char **ptr, size_t *len)
{
    const char *p = *ptr;
    size_t n = *len;

    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *ptr = p;
    *len = n;
}

/*
 * Append NAME[0..LEN) to the list in BUF (of SIZE bytes, NUL-terminated),
 * separated by ", ", with control bytes shown as '?' so a header cannot
 * break the log line. Stops with ", ..." when the list gets long. Returns
 * 0 once the list is full.
 */
static int list_append(char *buf, size_t size, const char *name, size_t len)
{
    size_t used = strlen(buf);

    if (used + 2 + len + 6 >= size) {
        if (used + 6 < size)
            memcpy(buf + used, ", ...", 6);
        return 0;
    }
    if (used > 0) {
        memcpy(buf + used, ", ", 2);
        used += 2;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        buf[used++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    buf[used] = '\0';
    return 1;
}

/* ------------------------------------------------------------ value maps */

static int entry_cmp(const void *a, const void *b)
{
    const value_entry *x = a, *y = b;

    if (x->raw_len != y->raw_len)
        return x->raw_len < y->raw_len ? -1 : 1;
    return memcmp(x->raw, y->raw, x->raw_len);
}

/* The value map of FIELD, or NULL. */
static const value_map *find_map(const csv_source *cs, int field)
{
    for (size_t i = 0; i < cs->nmaps; i++)
        if (cs->maps[i].field == field)
            return &cs->maps[i];
    return NULL;
}

/* Add RAW → MAPPED to FIELD's map (a later entry for the same RAW wins). */
static int add_value(csv_source *cs, int field, const char *raw, const char *mapped)
{
    value_map *vm = (value_map *)find_map(cs, field); /* CS is ours to change here */
    value_entry e = {raw, strlen(raw), mapped, strlen(mapped)};

    if (!vm) {
        value_map *nm = realloc(cs->maps, (cs->nmaps + 1) * sizeof *nm);
        if (!nm)
            return RPO_ENOMEM;
        cs->maps = nm;
        vm = &cs->maps[cs->nmaps++];
        memset(vm, 0, sizeof *vm);
        vm->field = field;
    }
    for (size_t i = 0; i < vm->count; i++) {
        if (entry_cmp(&vm->entries[i], &e) == 0) {
            vm->entries[i] = e;
            return RPO_OK;
        }
    }
    if (vm->count == vm->cap) {
        size_t ncap = vm->cap ? vm->cap * 2 : 4;
        value_entry *ne = realloc(vm->entries, ncap * sizeof *ne);
        if (!ne)
            return RPO_ENOMEM;
        vm->entries = ne;
        vm->cap = ncap;
    }
    vm->entries[vm->count++] = e;
    return RPO_OK;
}

/* Replace the text *V, *LEN by its mapped text when VM has an entry for it. */
static void map_value(const value_map *vm, const char **v, size_t *len)
{
    size_t lo = 0, hi = vm->count;
    value_entry key = {*v, *len, NULL, 0};

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = entry_cmp(&key, &vm->entries[mid]);
        if (c == 0) {
            *v = vm->entries[mid].mapped;
            *len = vm->entries[mid].mapped_len;
            return;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
}

/* 1 or 0 for a flag cell's text, -1 if it is neither. */
static int parse_flag(const char *v, size_t len)
{
    trim(&v, &len);
    if (word_equal(v, len, "1") || word_equal(v, len, "yes") || word_equal(v, len, "true"))
        return 1;
    if (word_equal(v, len, "0") || word_equal(v, len, "no") || word_equal(v, len, "false"))
        return 0;
    return -1;
}

/* ---------------------------------------------------------------- config */

/* Parse the `delimiter` value into *OUT, or report a config error. */
static int parse_delimiter(rpo_instance *inst, const char *v, char *out)
{
    static const struct {
        const char *word;
        char c;
    } words[] = {{"comma", ','}, {"semicolon", ';'}, {"tab", '\t'}, {"pipe", '|'}};

    if (!v || !*v) /* "delimiter = ;" reads as empty: inih takes " ;" as a comment */
        return rpo_config_error(inst, "delimiter",
                                "empty; a ';' after a blank starts a comment in INI, so write "
                                "`delimiter = semicolon`");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (word_equal(v, strlen(v), words[i].word)) {
            *out = words[i].c;
            return RPO_OK;
        }
    }
    if (v[1] == '\0' && v[0] != '"' && v[0] != '\r' && v[0] != '\n') {
        *out = v[0];
        return RPO_OK;
    }
    return rpo_config_error(inst, "delimiter",
                            "expected one character (not a quote) or comma, semicolon, tab, "
                            "pipe; got '%s'",
                            v);
}

/* The field id of NAME in cs->kind, or a config error about KEY naming the nearest field. */
static int lookup_field(csv_source *cs, const char *key, const char *name, int *field)
{
    int id = rpo_field_lookup(cs->kind, name);

    if (id < 0)
        return rpo_config_error(cs->inst, key, "%s records have no field '%s'; did you mean '%s'?",
                                rpo_record_kind_name(cs->kind), name,
                                rpo_field_nearest(cs->kind, name));
    *field = id;
    return RPO_OK;
}

/* Record a map.<field> or flag.<field> key (a later key for the same field wins). */
static int add_spec(csv_source *cs, const char *key, const char *name, const char *value,
                    int is_flag)
{
    int field, rc;

    rc = lookup_field(cs, key, name, &field);
    if (rc != RPO_OK)
        return rc;
    if (is_flag) {
        int ok = 0;
        for (size_t i = 0; stage_fields[i]; i++)
            ok |= strcmp(stage_fields[i], name) == 0;
        if (cs->kind != RPO_REC_APPLICATION || !ok)
            return rpo_config_error(cs->inst, key,
                                    "flags exist only for the stage dates of application "
                                    "records (screened_at, submitted_at, interviewed_at, "
                                    "offered_at, offer_accepted_at, offer_declined_at, "
                                    "hired_at, rejected_at, withdrawn_at)");
    }
    if (!value || !*value)
        return rpo_config_error(cs->inst, key, "expected the header of a column");
    for (size_t i = 0; i < cs->nspecs; i++) {
        if (cs->specs[i].field == field && cs->specs[i].is_flag == is_flag) {
            cs->specs[i].key = key;
            cs->specs[i].header = value;
            return RPO_OK;
        }
    }
    column_spec *ns = realloc(cs->specs, (cs->nspecs + 1) * sizeof *ns);
    if (!ns)
        return RPO_ENOMEM;
    cs->specs = ns;
    cs->specs[cs->nspecs++] = (column_spec){field, is_flag, key, value};
    return RPO_OK;
}

/* Record a value.<field>.<raw> key; REST is "<field>.<raw>". */
static int add_value_key(csv_source *cs, const char *key, const char *rest, const char *value)
{
    const char *dot = strchr(rest, '.');
    char name[128];
    int field, rc;

    if (!dot || dot == rest)
        return rpo_config_error(cs->inst, key, "expected value.<field>.<text in the file>");
    if ((size_t)(dot - rest) >= sizeof name)
        return lookup_field(cs, key, rest, &field); /* too long to be a field: report it */
    memcpy(name, rest, (size_t)(dot - rest));
    name[dot - rest] = '\0';
    rc = lookup_field(cs, key, name, &field);
    if (rc != RPO_OK)
        return rc;
    return add_value(cs, field, dot + 1, value ? value : "");
}

/* Open the file for reading into *FD (the caller closes it), or say why not. */
static int open_input(const csv_source *cs, int *fd_out)
{
    char msg[128];
    struct stat st;
    int fd = open(cs->path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        strerror_into(errno, msg, sizeof msg);
        rpo_log(cs->inst, RPO_LOG_ERROR, "cannot open %s: %s (set `file` in [source.%s])",
                cs->path, msg, rpo_instance_name(cs->inst));
        return RPO_ENOINPUT;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        rpo_log(cs->inst, RPO_LOG_ERROR,
                "cannot read %s: it is a directory (set `file` in [source.%s])", cs->path,
                rpo_instance_name(cs->inst));
        close(fd);
        return RPO_ENOINPUT;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL); /* a hint: bigger read-ahead */
#endif
    *fd_out = fd;
    return RPO_OK;
}

static void csv_destroy(void *ctx)
{
    csv_source *cs = ctx;

    if (!cs)
        return;
    for (size_t i = 0; i < cs->nmaps; i++)
        free(cs->maps[i].entries);
    free(cs->maps);
    free(cs->specs);
    free(cs);
}

/*
 * csv_create — read the instance's section: the file, delimiter, date
 * format, and the map./flag./value. keys (checked against the record kind
 * of the `record` key), then open the file so that a wrong path fails before
 * any work is done. Returns RPO_OK with the context in *CTX; RPO_ECONFIG
 * after rpo_config_error(); RPO_ENOINPUT when the file cannot be opened;
 * RPO_ENOMEM. On failure nothing is left allocated.
 */
static int csv_create(rpo_instance *inst, void **ctx)
{
    csv_source *cs = calloc(1, sizeof *cs);
    const char *record;
    int kind, rc = RPO_OK;

    if (!cs) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    cs->inst = inst;

    record = rpo_config_get(inst, "record");
    kind = record ? rpo_record_kind_lookup(record) : -1;
    if (kind < 0) {
        rc = rpo_config_error(inst, "record", "expected a record kind");
        goto fail;
    }
    cs->kind = (rpo_record_kind)kind;

    cs->path = rpo_config_path(inst, "file");
    cs->display = rpo_config_get(inst, "file");
    if (!cs->path || !*cs->path || !cs->display) {
        rc = rpo_config_error(inst, "file", "expected the path of the CSV file");
        goto fail;
    }
    rc = parse_delimiter(inst, rpo_config_get(inst, "delimiter"), &cs->delimiter);
    if (rc != RPO_OK)
        goto fail;
    cs->date_format = rpo_config_get(inst, "date_format");
    if (cs->date_format && !*cs->date_format)
        cs->date_format = NULL;

    for (size_t i = 0, n = rpo_config_count(inst); i < n && rc == RPO_OK; i++) {
        const char *key, *value;

        if (rpo_config_entry(inst, i, &key, &value, NULL) != RPO_OK)
            continue;
        if (strncmp(key, "map.", 4) == 0)
            rc = add_spec(cs, key, key + 4, value, 0);
        else if (strncmp(key, "flag.", 5) == 0)
            rc = add_spec(cs, key, key + 5, value, 1);
        else if (strncmp(key, "value.", 6) == 0)
            rc = add_value_key(cs, key, key + 6, value);
        /* Other keys are the engine's (plugin, record) or read above. */
    }
    if (rc == RPO_ENOMEM)
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
    if (rc != RPO_OK)
        goto fail;
    for (size_t i = 0; i < cs->nmaps; i++)
        qsort(cs->maps[i].entries, cs->maps[i].count, sizeof(value_entry), entry_cmp);

    /* Open once now so that a wrong path fails before any work is done. */
    int fd;
    rc = open_input(cs, &fd);
    if (rc != RPO_OK)
        goto fail;
    close(fd);
    *ctx = cs;
    return RPO_OK;

fail:
    csv_destroy(cs);
    return rc;
}

/* ------------------------------------------------------------------ read */

/* Order of actions: plain ones (no value map, not a flag) first, then by column. */
static int action_cmp(const void *x, const void *y)
{
    const action *a = x, *b = y;
    int sa = a->is_flag || a->values, sb = b->is_flag || b->values;

    if (sa != sb)
        return sa - sb;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->is_flag - b->is_flag;
}

/* The first column (trimmed header) equal to NAME, or -1; *DUPS counts further ones. */
static long find_column(const csv_field *hdr, size_t ncols, const char *name, int *dups)
{
    size_t len = strlen(name);
    long found = -1;

    *dups = 0;
    for (size_t j = 0; j < ncols; j++) {
        if (hdr[j].len == len && memcmp(hdr[j].ptr, name, len) == 0) {
            if (found < 0)
                found = (long)j;
            else
                (*dups)++;
        }
    }
    return found;
}

/*
 * Read the header row and build the per-column actions into *ACTS (caller
 * frees; the first *NPLAIN pass cells on unchanged, the rest have a value
 * map or are flags) and the column count into *NCOLS. Logs and returns RPO_EDATA for a
 * missing or malformed header, a mapped column it lacks, or a header that
 * feeds no field; RPO_EIO / RPO_ENOMEM as they come.
 */
/* rpo_log for read_header: parts after the first read the header too, but
 * only the first one speaks, so that a problem is told once. */
static void header_log(int quiet, const rpo_instance *inst, rpo_log_level level,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void header_log(int quiet, const rpo_instance *inst, rpo_log_level level,
                       const char *fmt, ...)
{
    char msg[1536];
    va_list ap;

    if (quiet)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rpo_log(inst, level, "%s", msg);
}

static int read_header(const csv_source *cs, csv_reader *rd, int quiet, action **acts,
                       size_t *nacts, size_t *nplain, size_t *ncols)
{
    const csv_field *f;
    csv_field *hdr = NULL;
    unsigned char *used = NULL;
    action *a = NULL;
    size_t n, na = 0, nfields;
    unsigned long line;
    int rc, any = 0;
    char list[1024];

    rc = csv_reader_next(rd, &f, &n);
    line = csv_reader_line(rd);
    if (rc == CSV_EOF) {
        header_log(quiet, cs->inst, RPO_LOG_ERROR, "%s: the file is empty; expected a header row",
                cs->display);
        return RPO_EDATA;
    }
    if (rc == CSV_EROW) {
        header_log(quiet, cs->inst, RPO_LOG_ERROR, "%s:%lu: bad header row: %s", cs->display, line,
                csv_reader_error(rd));
        return RPO_EDATA;
    }
    if (rc != CSV_ROW) {
        header_log(quiet, cs->inst, RPO_LOG_ERROR, "%s: %s", cs->display, csv_reader_error(rd));
        return rc == CSV_ENOMEM ? RPO_ENOMEM : RPO_EIO;
    }

    /* Trimmed copies of the field descriptors (the bytes stay in the reader until the next row). */
    nfields = (size_t)rpo_field_count(cs->kind);
    hdr = malloc(n * sizeof *hdr);
    used = calloc(n, 1);
    a = malloc((cs->nspecs + nfields) * sizeof *a);
    if (!hdr || !used || !a) {
        header_log(quiet, cs->inst, RPO_LOG_ERROR, "out of memory");
        rc = RPO_ENOMEM;
        goto out;
    }
    for (size_t j = 0; j < n; j++) {
        hdr[j] = f[j];
        trim(&hdr[j].ptr, &hdr[j].len);
        any |= hdr[j].len > 0;
    }
    if (!any) {
        header_log(quiet, cs->inst, RPO_LOG_ERROR, "%s:%lu: the header row is empty", cs->display, line);
        rc = RPO_EDATA;
        goto out;
    }

    /* Columns named by map./flag. keys. */
    for (size_t i = 0; i < cs->nspecs; i++) {
        const column_spec *sp = &cs->specs[i];
        int dups;
        long j = find_column(hdr, n, sp->header, &dups);

        if (j < 0) {
            list[0] = '\0';
            for (size_t k = 0; k < n && list_append(list, sizeof list, hdr[k].ptr, hdr[k].len); k++)
                ;
            header_log(quiet, cs->inst, RPO_LOG_ERROR,
                    "%s: column '%s' (%s) not in the header; columns are: %s", cs->display,
                    sp->header, sp->key, list);
            rc = RPO_EDATA;
            goto out;
        }
        if (dups)
            header_log(quiet, cs->inst, RPO_LOG_WARN,
                    "%s: column '%s' appears %d times in the header; %s uses the first",
                    cs->display, sp->header, dups + 1, sp->key);
        used[j] = 1;
        a[na++] = (action){(size_t)j, sp->field, sp->is_flag, find_map(cs, sp->field), sp->header};
    }

    /* Default mapping: a column named after a field that has no map. key and
     * is not already taken by a map./flag. key. */
    for (size_t fid = 0; fid < nfields; fid++) {
        const char *name = rpo_field_name(cs->kind, (int)fid);
        int mapped = 0, dups;
        long j;

        for (size_t i = 0; i < cs->nspecs; i++)
            mapped |= !cs->specs[i].is_flag && cs->specs[i].field == (int)fid;
        if (!name || mapped)
            continue;
        j = find_column(hdr, n, name, &dups);
        if (j < 0 || used[j] == 1)
            continue;
        if (dups)
            header_log(quiet, cs->inst, RPO_LOG_WARN,
                    "%s: column '%s' appears %d times in the header; using the first",
                    cs->display, name, dups + 1);
        used[j] = 2;
        a[na++] = (action){(size_t)j, (int)fid, 0, find_map(cs, (int)fid), name};
    }

    if (na == 0) {
        list[0] = '\0';
        for (size_t fid = 0; fid < nfields; fid++) {
            const char *name = rpo_field_name(cs->kind, (int)fid);
            if (name && !list_append(list, sizeof list, name, strlen(name)))
                break;
        }
        header_log(quiet, cs->inst, RPO_LOG_ERROR,
                "%s:%lu: no column of the header names a field of %s records (is the header row "
                "missing?); name columns %s, or set map.<field>",
                cs->display, line, rpo_record_kind_name(cs->kind), list);
        rc = RPO_EDATA;
        goto out;
    }

    list[0] = '\0';
    for (size_t j = 0; j < n; j++)
        if (!used[j] && !list_append(list, sizeof list, hdr[j].ptr, hdr[j].len))
            break;
    if (list[0])
        header_log(quiet, cs->inst, RPO_LOG_DEBUG, "%s: columns that feed no field (ignored): %s",
                cs->display, list);

    /* Put the plain actions first, each group in column order. */
    qsort(a, na, sizeof *a, action_cmp);
    *nplain = 0;
    while (*nplain < na && !a[*nplain].is_flag && !a[*nplain].values)
        ++*nplain;
    *acts = a;
    *nacts = na;
    *ncols = n;
    a = NULL;
    rc = RPO_OK;
out:
    free(a);
    free(used);
    free(hdr);
    return rc;
}

/* Files smaller than this per part are read by part 0 alone: splitting
 * them costs more than it saves. */
#define MIN_PART_BYTES ((unsigned long long)4 << 20)

/* Where part PART of PARTS starts and ends (byte offsets) and its first line. */
static int part_range(const csv_source *cs, int fd, unsigned part, unsigned parts,
                      unsigned long long size, unsigned long long *start,
                      unsigned long long *end, unsigned long *line)
{
    unsigned long end_line;

    *start = 0;
    *end = size;
    *line = 1;
    if ((part > 0 && csv_reader_boundary(fd, size / parts * part, start, line) != CSV_OK) ||
        (part + 1 < parts &&
         csv_reader_boundary(fd, size / parts * (part + 1), end, &end_line) != CSV_OK)) {
        char msg[128];
        strerror_into(errno, msg, sizeof msg);
        rpo_log(cs->inst, RPO_LOG_ERROR, "%s: read failed: %s", cs->display, msg);
        return RPO_EIO;
    }
    if (*end < *start)
        *end = *start;
    return RPO_OK;
}

/*
 * csv_read_part — emit the records of part PART of PARTS. A part is a byte
 * range of the file cut at row boundaries (csv_reader_boundary), so parts
 * can be read at once by several threads, each with its own descriptor,
 * reader and emitter; the context is only read. Every part reads the header
 * for its column map, and only part 0 reports header problems. When PARTS >
 * 1, a syntax error in a row returns RPO_ERETRY: the parity of quotes that
 * placed the cuts is only trustworthy in a well-formed file, so the engine
 * then reads the file again in one piece, where the row is rejected as
 * usual. Returns RPO_OK, RPO_ENOINPUT (file gone), RPO_EDATA (bad header),
 * RPO_EIO / RPO_ENOMEM, RPO_ERETRY, or the negative status of
 * rpo_record_end() that stopped the run.
 */
static int csv_read_part(void *ctx, rpo_emitter *em, unsigned part, unsigned parts)
{
    const csv_source *cs = ctx;
    csv_reader *rd = NULL;
    action *acts = NULL;
    size_t nacts = 0, nplain = 0, ncols = 0, n;
    const csv_field *f;
    unsigned long rows = 0, first_line;
    unsigned long long size, start, end;
    struct stat st;
    int rc, fd = -1;

    if (rpo_emitter_kind(em) != cs->kind) {
        rpo_log(cs->inst, RPO_LOG_ERROR, "the emitter takes %s records, the config says %s",
                rpo_record_kind_name(rpo_emitter_kind(em)), rpo_record_kind_name(cs->kind));
        return RPO_ERR;
    }
    if (parts == 0 || part >= parts)
        return RPO_ERR;
    if (cs->date_format)
        rpo_emitter_date_format(em, cs->date_format);
    if ((rc = open_input(cs, &fd)) != RPO_OK)
        return part == 0 ? rc : RPO_ENOINPUT;
    size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (unsigned long long)st.st_size : 0;
    if (size < MIN_PART_BYTES * parts || !S_ISREG(st.st_mode)) {
        if (part > 0) { /* part 0 reads it all */
            close(fd);
            return RPO_OK;
        }
        parts = 1;
    }
    if ((rc = part_range(cs, fd, part, parts, size, &start, &end, &first_line)) != RPO_OK)
        goto out;

    /* The header, for the column map; part 0 goes on reading after it. */
    rc = csv_reader_new(fd, cs->delimiter, 0, 0, &rd);
    if (rc != CSV_OK) {
        rpo_log(cs->inst, RPO_LOG_ERROR, "out of memory");
        rc = RPO_ENOMEM;
        goto out;
    }
    if (parts > 1 && part == 0)
        csv_reader_range(rd, 1, end);
    rc = read_header(cs, rd, part > 0, &acts, &nacts, &nplain, &ncols);
    if (rc != RPO_OK)
        goto out;
    if (part > 0) {
        csv_reader_free(rd);
        rd = NULL;
        if (start >= end) { /* an empty part (a few huge rows, or a tiny file) */
            rc = RPO_OK;
            goto out;
        }
        if (lseek(fd, (off_t)start, SEEK_SET) < 0 ||
            csv_reader_new(fd, cs->delimiter, 0, 0, &rd) != CSV_OK) {
            rpo_log(cs->inst, RPO_LOG_ERROR, "%s: cannot read part %u", cs->display, part);
            rc = RPO_EIO;
            goto out;
        }
        csv_reader_range(rd, first_line, end - start);
    }

    for (;;) {
        int r = csv_reader_next(rd, &f, &n);
        unsigned long line = csv_reader_line(rd);

        if (r == CSV_EOF)
            break;
        rows++;
        if (r == CSV_EROW) {
            if (parts > 1) { /* the cuts may be wrong: have the file read in one piece */
                rc = RPO_ERETRY;
                goto out;
            }
            rpo_record_begin(em, cs->display, line);
            rpo_record_reject(em, "%s", csv_reader_error(rd));
            continue;
        }
        if (r != CSV_ROW) {
            rpo_log(cs->inst, RPO_LOG_ERROR, "%s:%lu: %s", cs->display, line, csv_reader_error(rd));
            rc = r == CSV_ENOMEM ? RPO_ENOMEM : RPO_EIO;
            goto out;
        }
        rpo_record_begin(em, cs->display, line);
        if (n != ncols) {
            rpo_record_reject(em, "expected %zu columns, found %zu", ncols, n);
            continue;
        }
        /* The common case first: cells passed on as they are. */
        for (size_t i = 0; i < nplain; i++) {
            const csv_field *cell = &f[acts[i].col];
            if (cell->len > 0 &&
                rpo_record_field(em, acts[i].field, cell->ptr, cell->len) != RPO_OK)
                goto refused;
        }
        for (size_t i = nplain; i < nacts; i++) {
            const action *a = &acts[i];
            const char *v = f[a->col].ptr;
            size_t len = f[a->col].len;

            if (a->values)
                map_value(a->values, &v, &len);
            if (len == 0)
                continue; /* an empty cell: the field is absent */
            if (!a->is_flag) {
                if (rpo_record_field(em, a->field, v, len) != RPO_OK)
                    goto refused;
            } else {
                int reached = parse_flag(v, len);
                if (reached < 0) {
                    rpo_record_reject(em,
                                      "column '%s' (flag.%s): expected 0/1, yes/no or true/false",
                                      a->column, rpo_field_name(cs->kind, a->field));
                    goto next_row;
                }
                if (rpo_record_reached(em, a->field, reached) != RPO_OK)
                    goto refused;
            }
        }
        rc = rpo_record_end(em);
        if (rc < 0)
            goto out;
    next_row:;
    }
    rpo_log(cs->inst, RPO_LOG_DEBUG, "%s: %lu data rows", cs->display, rows);
    rc = RPO_OK;
    goto out;
refused:
    /* Only a field id the engine itself gave us can be refused: a bug. */
    rpo_log(cs->inst, RPO_LOG_ERROR, "the engine refused a field id of %s records",
            rpo_record_kind_name(cs->kind));
    rc = RPO_ERR;
out:
    free(acts);
    csv_reader_free(rd);
    if (fd >= 0)
        close(fd);
    return rc;
}

/* csv_read — the whole file, as one part. */
static int csv_read(void *ctx, rpo_emitter *em)
{
    return csv_read_part(ctx, em, 0, 1);
}



RPO_PLUGIN_EXPORT(source_csv) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SOURCE,
    .name = "csv",
    .version = "1.0",
    .description = "records from a CSV file (RFC 4180), with column, flag and value mapping",
    .keys = csv_keys,
    .create = csv_create,
    .destroy = csv_destroy,
    .read = csv_read,
    .read_part = csv_read_part,
    .write = NULL,
};
