/*
 * rpo/plugin.h — the plugin descriptor and the ABI rule.
 *
 * A plugin is a libtool module named KIND_NAME (source_csv, sink_json, ...)
 * that exports one descriptor, `const rpo_plugin KIND_NAME_LTX_rpo_plugin`
 * (write it with RPO_PLUGIN_EXPORT). The engine loads it by path from its
 * search list (config plugin_path, RPO_PLUGIN_PATH, the install dir) and
 * accepts it only if:
 *   abi_major == RPO_ABI_MAJOR of the engine,
 *   abi_minor <= RPO_ABI_MINOR of the engine,
 *   struct_size >= RPO_PLUGIN_V1_SIZE,
 *   kind and name match the INI section that asked for it.
 * Additions to this header bump the minor; changes or removals bump the major.
 *
 * Lifecycle per instance (one INI section = one instance; a plugin may run as
 * several instances at once, so it keeps no global state):
 *   create(inst, &ctx) → read(ctx, em) | survey(...), assess(...) |
 *   write(ctx, report) → destroy(ctx)
 */
#ifndef RPO_PLUGIN_H
#define RPO_PLUGIN_H

#include <stddef.h>
#include <rpo/status.h>
#include <rpo/log.h>
#include <rpo/config.h>
#include <rpo/record.h>
#include <rpo/report.h>
#include <rpo/metric.h>
#include <rpo/framework.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RPO_ABI_MAJOR 1
#define RPO_ABI_MINOR 2

typedef enum rpo_plugin_kind {
    RPO_PLUGIN_SOURCE = 1,    /* emits records */
    RPO_PLUGIN_FRAMEWORK = 2, /* assesses survey data (rpo/framework.h, ABI 1.1) */
    RPO_PLUGIN_SINK = 3       /* renders the report */
} rpo_plugin_kind;

typedef enum rpo_key_type {
    RPO_KEY_STRING = 0, /* any text */
    RPO_KEY_INT,        /* a decimal integer */
    RPO_KEY_BOOL,       /* true/false, yes/no, on/off, 1/0 */
    RPO_KEY_PATH,       /* a file path, relative to the config file's folder */
    RPO_KEY_SECRET      /* ABI 1.2: where a secret is, never the secret itself:
                           "file:PATH", "credential:NAME" or "env:NAME"
                           (read it with rpo_config_secret, rpo/config.h) */
} rpo_key_type;

#define RPO_KEY_REQUIRED 0x1u /* the section must set this key */
#define RPO_KEY_PREFIX 0x2u   /* name is "prefix.<what>": any key "prefix.X" matches */

/* One accepted configuration key; the table is also the help text. */
typedef struct rpo_config_key {
    const char *name;          /* "delimiter", or "map.<field>" with RPO_KEY_PREFIX */
    rpo_key_type type;
    unsigned flags;            /* RPO_KEY_* */
    const char *default_value; /* NULL: none */
    const char *help;          /* one line, shown by `rpo plugins` */
} rpo_config_key;

typedef struct rpo_plugin {
    unsigned abi_major;  /* RPO_ABI_MAJOR when built */
    unsigned abi_minor;  /* RPO_ABI_MINOR when built */
    size_t struct_size;  /* sizeof(rpo_plugin) when built */
    rpo_plugin_kind kind;
    const char *name;        /* [a-z0-9_]+, the NAME in the module file KIND_NAME */
    const char *version;     /* the plugin's own version, free form */
    const char *description; /* one line */
    const rpo_config_key *keys; /* terminated by an entry whose name is NULL */

    /*
     * create — set up an instance from its section (read with rpo/config.h)
     * and store the plugin's context in *CTX. Return RPO_OK, or a negative
     * status after logging why (rpo_config_error for config problems). On
     * failure the engine does not call destroy. May be NULL.
     */
    int (*create)(rpo_instance *inst, void **ctx);

    /* destroy — free everything create() made. May be NULL. */
    void (*destroy)(void *ctx);

    /*
     * read (sources) — emit every record through EM (rpo/record.h), then
     * return RPO_OK; or return a negative status after logging why (a missing
     * file is RPO_ENOINPUT, an unusable header RPO_EDATA). Rows the engine
     * rejects are not failures of read.
     */
    int (*read)(void *ctx, rpo_emitter *em);

    /*
     * write (sinks) — render REPORT (owned by the engine, read-only, valid
     * during the call). Return RPO_OK or a negative status after logging why.
     */
    int (*write)(void *ctx, const rpo_report *report);

    /*
     * read_part (sources, optional) — emit the records of part PART of PARTS
     * (0 <= PART < PARTS) of the input through EM, and return as read()
     * does. For record kinds whose records add up in any order, the engine
     * may call it instead of read(), from PARTS threads at once, each with
     * its own emitter; so it must treat CTX as read-only and keep all state
     * of a part on its own stack or heap. Together the parts must emit every
     * record exactly once; each part in input order, and part P's records
     * must come before part P+1's in the input (the engine reports the first
     * rejections in part order). Returning RPO_ERETRY from any part makes
     * the engine discard all parts and call read() instead (for input that
     * cannot be split safely). NULL: the engine always calls read(). Read
     * only when struct_size covers it.
     */
    int (*read_part)(void *ctx, rpo_emitter *em, unsigned part, unsigned parts);

    /*
     * metrics (any kind, optional, ABI 1.1) — metrics the plugin adds to the
     * registry, ended by an entry whose info.id is NULL (see rpo/metric.h).
     * They are available while the plugin has an instance in the engagement;
     * compute() gets the first instance's context. Read only when
     * struct_size covers it.
     */
    const rpo_metric_spec *metrics;

    /*
     * survey (frameworks, ABI 1.1) — take one survey response of the
     * instance's instrument (rpo/framework.h). Return RPO_OK to keep it; to
     * refuse it, 1 for its item, 2 for its score, 3 for its group, with the
     * reason in *WHY (valid until the next call); or a negative status to
     * stop the run. A refused response is rejected as a record (logged with
     * its location and field, counted, the run goes on) when no framework
     * instance reading its instrument keeps it.
     */
    int (*survey)(void *ctx, const rpo_survey_item *item, const char **why);

    /*
     * assess (frameworks, ABI 1.1) — after every source was read, fill OUT
     * with the assessment (rpo_assessment_* in rpo/framework.h). Return
     * RPO_OK or a negative status after logging why.
     */
    int (*assess)(void *ctx, rpo_assessment *out);
} rpo_plugin;

/* Whether descriptor P is large enough to have member M. */
#define RPO_PLUGIN_HAS(p, m) ((p)->struct_size >= offsetof(rpo_plugin, m) + sizeof((p)->m))

/* The smallest descriptor an engine of ABI major 1 accepts. */
#define RPO_PLUGIN_V1_SIZE (offsetof(rpo_plugin, write) + sizeof(void (*)(void)))

/* Fills the first three fields of a descriptor: RPO_PLUGIN_HEADER, .kind = ... */
#define RPO_PLUGIN_HEADER                                                       \
    .abi_major = RPO_ABI_MAJOR, .abi_minor = RPO_ABI_MINOR,                     \
    .struct_size = sizeof(rpo_plugin)

/* Declares the exported descriptor of module MODULE (e.g. source_csv). */
#define RPO_PLUGIN_EXPORT(module) const rpo_plugin module##_LTX_rpo_plugin

#ifdef __cplusplus
}
#endif
#endif
