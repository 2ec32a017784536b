/*
 * source_batches — a test source that reads incrementally, to test the
 * engine's side of rpo_source_sync (rpo/record.h) without a server.
 *
 * Key `dir`: a folder of batches 1.csv, 2.csv, ... (simple CSV: a header of
 * field names, then rows; no quoting). The cursor is the number of the last
 * batch read: a run reads the batches after it, or all of them on a full
 * fetch. A row's key is its `id` column (the engine's default). Logs
 * "read batch N" at info level for each batch it reads, so a test can see
 * which ones it fetched.
 */
#include <rpo/rpo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct batches {
    const rpo_instance *inst;
    const char *dir;
} batches;

static const rpo_config_key batches_keys[] = {
    {"dir", RPO_KEY_PATH, RPO_KEY_REQUIRED, NULL, "folder of 1.csv, 2.csv, ..."},
    {NULL, 0, 0, NULL, NULL}};

static int batches_create(rpo_instance *inst, void **ctx)
{
    batches *b = calloc(1, sizeof *b);
    if (!b)
        return RPO_ENOMEM;
    b->inst = inst;
    b->dir = rpo_config_path(inst, "dir");
    *ctx = b;
    return RPO_OK;
}

static void batches_destroy(void *ctx)
{
    free(ctx);
}

/* Splits LINE at commas in place into at most MAX cells; returns the count. */
static int split(char *line, char **cells, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max;) {
        cells[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static int read_batch(batches *b, rpo_emitter *em, FILE *f, const char *path)
{
    char header[4096], line[4096];
    char *names[64], *cells[64];
    int fields[64];
    if (!fgets(header, sizeof header, f))
        return RPO_OK;
    int n = split(header, names, 64);
    for (int i = 0; i < n; i++)
        fields[i] = rpo_field_lookup(rpo_emitter_kind(em), names[i]);
    unsigned long line_no = 1;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        int k = split(line, cells, 64);
        rpo_record_begin(em, path, line_no);
        for (int i = 0; i < k && i < n; i++)
            if (fields[i] >= 0)
                rpo_record_field(em, fields[i], cells[i], strlen(cells[i]));
        int rc = rpo_record_end(em);
        if (rc != RPO_OK)
            return rc;
    }
    (void)b;
    return RPO_OK;
}

static int batches_read(void *ctx, rpo_emitter *em)
{
    batches *b = ctx;
    const char *cursor = rpo_source_sync(em);
    long last = cursor ? strtol(cursor, NULL, 10) : 0;
    for (long n = last + 1;; n++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%ld.csv", b->dir, n);
        FILE *f = fopen(path, "r");
        if (!f)
            break;
        rpo_log(b->inst, RPO_LOG_INFO, "read batch %ld", n);
        int rc = read_batch(b, em, f, path);
        fclose(f);
        if (rc != RPO_OK)
            return rc;
        last = n;
    }
    char text[32];
    snprintf(text, sizeof text, "%ld", last);
    return rpo_source_set_cursor(em, text);
}

RPO_PLUGIN_EXPORT(source_batches) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SOURCE,
    .name = "batches",
    .version = "1",
    .description = "test source: numbered CSV batches read incrementally",
    .keys = batches_keys,
    .create = batches_create,
    .destroy = batches_destroy,
    .read = batches_read,
};
