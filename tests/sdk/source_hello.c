/*
 * source_hello.c — the smallest out-of-tree source plugin: it emits three
 * applications. It is built against the INSTALLED SDK with nothing but
 * `pkg-config rpo` (see check-sdk.sh), proving an integrator can do the same.
 */
#include <rpo/rpo.h>
#include <stdlib.h>

static const rpo_config_key hello_keys[] = {
    {"count", RPO_KEY_INT, 0, "3", "how many applications to emit"},
    {NULL, 0, 0, NULL, NULL}};

typedef struct hello {
    long count;
} hello;

static int hello_create(rpo_instance *inst, void **ctx)
{
    hello *h = malloc(sizeof *h); /* one context per instance: no global state */
    if (!h)
        return RPO_ENOMEM;
    h->count = rpo_config_long(inst, "count", 3);
    if (h->count < 0 || h->count > 9) {
        free(h);
        return rpo_config_error(inst, "count", "must be 0..9");
    }
    *ctx = h;
    return RPO_OK;
}

static void hello_destroy(void *ctx)
{
    free(ctx);
}

static int hello_read(void *ctx, rpo_emitter *em)
{
    const hello *h = ctx;
    int id = rpo_field_lookup(RPO_REC_APPLICATION, "id");
    int req = rpo_field_lookup(RPO_REC_APPLICATION, "requisition_id");
    int applied = rpo_field_lookup(RPO_REC_APPLICATION, "applied_at");
    for (long i = 0; i < h->count; i++) {
        char name[2] = {(char)('a' + i), '\0'};
        rpo_record_begin(em, "hello", (unsigned long)i + 1);
        rpo_record_field(em, id, name, 1);
        rpo_record_field(em, req, "R1", 2);
        rpo_record_field(em, applied, "2024-05-01", 10);
        int rc = rpo_record_end(em);
        if (rc != RPO_OK)
            return rc;
    }
    return RPO_OK;
}

RPO_PLUGIN_EXPORT(source_hello) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SOURCE,
    .name = "hello",
    .version = "1.0",
    .description = "emits a few fixed applications (SDK example)",
    .keys = hello_keys,
    .create = hello_create,
    .destroy = hello_destroy,
    .read = hello_read,
};
