/*
 * instance.c — plugin instances and the SDK's config accessors (rpo/config.h).
 */
#include "instance.h"
#include "loader.h"
#include "parse.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rpo_instance_open(rpo_loader *loader, const rpo_cfg *cfg, const rpo_cfg_section *sec,
                      const rpo_config_key *core_keys, rpo_instance *inst)
{
    const rpo_logger *lg = loader->lg;
    rpo_plugin_kind kind = sec->kind == RPO_SEC_SOURCE ? RPO_PLUGIN_SOURCE
                           : sec->kind == RPO_SEC_SINK ? RPO_PLUGIN_SINK
                                                       : RPO_PLUGIN_FRAMEWORK;
    const rpo_cfg_entry *pe = rpo_cfg_entry_find(sec, "plugin");
    if (!pe) {
        /* Report the missing key (and any other core-key problem) uniformly. */
        rpo_cfg_check_keys(lg, cfg, sec, core_keys, NULL);
        return RPO_ECONFIG;
    }
    void *h;
    const rpo_plugin *p;
    char *file;
    char err[2048];
    if (rpo_loader_open(loader, kind, pe->value, &h, &p, &file, err, sizeof err) != RPO_OK) {
        rpo_cfg_error(lg, cfg, sec, "plugin", pe->line, "%s", err);
        return RPO_EUNAVAIL;
    }
    if (rpo_cfg_check_keys(lg, cfg, sec, core_keys, p->keys) != 0) {
        free(file);
        rpo_loader_close(h);
        return RPO_ECONFIG;
    }
    memset(inst, 0, sizeof *inst);
    inst->logger = lg;
    inst->cfg = cfg;
    inst->section = sec;
    inst->plugin = p;
    inst->handle = h;
    inst->file = file;
    snprintf(inst->prefix, sizeof inst->prefix, "[%s:%s]", rpo_plugin_kind_name(kind),
             sec->instance);
    return RPO_OK;
}

int rpo_instance_create(rpo_instance *inst)
{
    int rc = inst->plugin->create ? inst->plugin->create(inst, &inst->ctx) : RPO_OK;
    if (rc == RPO_OK)
        inst->created = 1;
    else if (rc > 0)
        rc = RPO_ERR; /* a plugin bug: statuses are 0 or negative */
    return rc;
}

void rpo_instance_close(rpo_instance *inst)
{
    if (inst->created && inst->plugin->destroy)
        inst->plugin->destroy(inst->ctx);
    inst->created = 0;
    for (size_t i = 0; i < inst->n_paths; i++)
        free(inst->paths[i]);
    free(inst->paths);
    inst->paths = NULL;
    inst->n_paths = 0;
    free(inst->file);
    inst->file = NULL;
    rpo_loader_close(inst->handle);
    inst->handle = NULL;
}

const char *rpo_instance_name(const rpo_instance *inst)
{
    return inst->section->instance;
}

const char *rpo_config_get(const rpo_instance *inst, const char *key)
{
    const rpo_cfg_entry *e = rpo_cfg_entry_find(inst->section, key);
    if (e)
        return e->value;
    const rpo_config_key *k = rpo_cfg_key_find(inst->plugin->keys, key);
    return k && !(k->flags & RPO_KEY_PREFIX) ? k->default_value : NULL;
}

long rpo_config_long(const rpo_instance *inst, const char *key, long default_value)
{
    const char *v = rpo_config_get(inst, key);
    const char *why;
    long l;
    if (!v || rpo_parse_integer(v, strlen(v), -1000000000L, 1000000000L, &l, &why) != 0)
        return default_value;
    return l;
}

int rpo_config_bool(const rpo_instance *inst, const char *key, int default_value)
{
    const char *v = rpo_config_get(inst, key);
    const char *why;
    int b;
    if (!v || rpo_parse_bool(v, strlen(v), &b, &why) != 0)
        return default_value;
    return b;
}

const char *rpo_config_path(const rpo_instance *inst, const char *key)
{
    const char *v = rpo_config_get(inst, key);
    if (!v)
        return NULL;
    rpo_instance *mut = (rpo_instance *)inst; /* the path cache is the instance's own */
    mut->paths = rpo_xrealloc(mut->paths, (mut->n_paths + 1) * sizeof *mut->paths);
    mut->paths[mut->n_paths] = rpo_path_join(inst->cfg->dir, v);
    return mut->paths[mut->n_paths++];
}

size_t rpo_config_count(const rpo_instance *inst)
{
    return inst->section->n_entries;
}

int rpo_config_entry(const rpo_instance *inst, size_t i, const char **key, const char **value,
                     unsigned *line)
{
    if (i >= inst->section->n_entries)
        return RPO_ERR;
    const rpo_cfg_entry *e = &inst->section->entries[i];
    if (key)
        *key = e->key;
    if (value)
        *value = e->value;
    if (line)
        *line = e->line;
    return RPO_OK;
}

int rpo_config_error(const rpo_instance *inst, const char *key, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const rpo_cfg_entry *e = key ? rpo_cfg_entry_find(inst->section, key) : NULL;
    return rpo_cfg_error(inst->logger, inst->cfg, inst->section, key, e ? e->line : 0, "%s", msg);
}
