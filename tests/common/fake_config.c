/*
 * fake_config.c — rpo_instance_name and the rpo_config_* accessors of the
 * SDK over a fake instance (fake_config.h): values from the instance's
 * pairs, else the key table's defaults.
 */
#include "fake_config.h"

#include <stdlib.h>
#include <string.h>

/* rpo_instance_name — see rpo/config.h. */
const char *rpo_instance_name(const rpo_instance *inst)
{
    return inst->name ? inst->name : "";
}

/* rpo_config_get — see rpo/config.h: the value of KEY's first pair in the
 * instance, else the default of KEY in its key table (not a prefix key). */
const char *rpo_config_get(const rpo_instance *inst, const char *key)
{
    for (const char *const *kv = inst->kv; kv && kv[0]; kv += 2)
        if (strcmp(kv[0], key) == 0)
            return kv[1];
    for (const rpo_config_key *k = inst->keys; k && k->name; k++)
        if (!(k->flags & RPO_KEY_PREFIX) && strcmp(k->name, key) == 0)
            return k->default_value;
    return NULL;
}

/* rpo_config_long — see rpo/config.h. */
long rpo_config_long(const rpo_instance *inst, const char *key, long default_value)
{
    const char *v = rpo_config_get(inst, key);
    return v ? strtol(v, NULL, 10) : default_value;
}

/* rpo_config_bool — see rpo/config.h. */
int rpo_config_bool(const rpo_instance *inst, const char *key, int default_value)
{
    const char *v = rpo_config_get(inst, key);
    if (!v)
        return default_value;
    return strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 ||
           strcmp(v, "1") == 0;
}

/* rpo_config_path — see rpo/config.h; relative paths stay relative (the
 * tests' configuration file is in "."). */
const char *rpo_config_path(const rpo_instance *inst, const char *key)
{
    return rpo_config_get(inst, key);
}

/* rpo_config_count — see rpo/config.h. */
size_t rpo_config_count(const rpo_instance *inst)
{
    size_t n = 0;
    for (const char *const *kv = inst->kv; kv && kv[0]; kv += 2)
        n++;
    return n;
}

/* rpo_config_entry — see rpo/config.h; pair I is on line I + 2. */
int rpo_config_entry(const rpo_instance *inst, size_t i, const char **key, const char **value,
                     unsigned *line)
{
    if (i >= rpo_config_count(inst))
        return RPO_ERR;
    if (key)
        *key = inst->kv[2 * i];
    if (value)
        *value = inst->kv[2 * i + 1];
    if (line)
        *line = (unsigned)i + 2;
    return RPO_OK;
}
