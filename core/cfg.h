/*
 * cfg.h — the engagement's INI file as the engine holds it.
 *
 * The file is read once with inih into sections of (key, value, line)
 * entries. Sections are [engagement], [store], [source.NAME], [sink.NAME],
 * [framework.NAME], [metric.ID], [incentive], [achievements] and
 * [goal.NAME]; anything else is an error. Keys are then
 * checked against key tables (rpo_config_key, the same type plugins use), so
 * the engine's own keys and every plugin's keys get the same messages:
 * "FILE:LINE: [section] key: what is wrong; did you mean 'x'?".
 */
#ifndef RPO_CORE_CFG_H
#define RPO_CORE_CFG_H

#include <stddef.h>
#include <rpo/plugin.h>
#include "log.h"

typedef enum rpo_section_kind {
    RPO_SEC_ENGAGEMENT,
    RPO_SEC_STORE,
    RPO_SEC_SOURCE,
    RPO_SEC_SINK,
    RPO_SEC_FRAMEWORK,
    RPO_SEC_METRIC,
    RPO_SEC_INCENTIVE,
    RPO_SEC_ACHIEVEMENTS,
    RPO_SEC_GOAL
} rpo_section_kind;

typedef struct rpo_cfg_entry {
    char *key;
    char *value;
    unsigned line;
} rpo_cfg_entry;

typedef struct rpo_cfg_section {
    char *name;     /* as written: "source.apps" */
    rpo_section_kind kind;
    char *instance; /* after the dot: "apps"; NULL for engagement/store */
    unsigned line;
    rpo_cfg_entry *entries;
    size_t n_entries, cap_entries;
} rpo_cfg_section;

typedef struct rpo_cfg {
    char *path; /* as given */
    char *dir;  /* folder of path, for relative paths */
    rpo_cfg_section *sections;
    size_t n_sections, cap_sections;
} rpo_cfg;

/* The [engagement] keys, shared with `rpo validate` and the man page. */
extern const rpo_config_key rpo_engagement_keys[];
extern const rpo_config_key rpo_store_keys[];
/* Keys the engine itself reads in plugin sections, by section kind. */
extern const rpo_config_key rpo_source_core_keys[];
extern const rpo_config_key rpo_plugin_core_keys[];
extern const rpo_config_key rpo_framework_core_keys[];

/*
 * rpo_cfg_load — read and structurally check PATH: sections known, instance
 * names [a-z0-9_]+, no duplicate sections or keys, lines not too long, and
 * [engagement] present with its keys valid. On success stores a config the
 * caller frees with rpo_cfg_free and returns RPO_OK. On failure logs one line
 * per problem (all of them, not just the first) and returns RPO_ENOINPUT
 * (file missing/unreadable) or RPO_ECONFIG.
 */
int rpo_cfg_load(const char *path, const rpo_logger *lg, rpo_cfg **out);

/* rpo_cfg_free — free CFG and everything in it; NULL is fine. */
void rpo_cfg_free(rpo_cfg *cfg);

/* rpo_cfg_find — the section named NAME ("engagement"), or NULL. */
const rpo_cfg_section *rpo_cfg_find(const rpo_cfg *cfg, const char *name);

/* rpo_cfg_entry_find — the entry KEY of SEC, or NULL (SEC may be NULL). */
const rpo_cfg_entry *rpo_cfg_entry_find(const rpo_cfg_section *sec, const char *key);

/* rpo_cfg_value — the value of KEY in SEC, or DEF. */
const char *rpo_cfg_value(const rpo_cfg_section *sec, const char *key, const char *def);

/*
 * rpo_cfg_check_keys — check every entry of SEC against TABLE_A and TABLE_B
 * (either may be NULL; both end with a NULL name): unknown keys (with the
 * nearest valid key), values of the wrong type, required keys missing. Logs
 * one line per problem; returns the number of problems (0 = all good).
 */
int rpo_cfg_check_keys(const rpo_logger *lg, const rpo_cfg *cfg, const rpo_cfg_section *sec,
                       const rpo_config_key *table_a, const rpo_config_key *table_b);

/*
 * rpo_cfg_error — log "FILE:LINE: [SECTION] KEY: MESSAGE" (KEY may be NULL,
 * LINE 0 means the section's line). Returns RPO_ECONFIG.
 */
int rpo_cfg_error(const rpo_logger *lg, const rpo_cfg *cfg, const rpo_cfg_section *sec,
                  const char *key, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* rpo_cfg_key_find — the entry of TABLE that KEY matches (prefix keys too), or NULL. */
const rpo_config_key *rpo_cfg_key_find(const rpo_config_key *table, const char *key);

#endif
