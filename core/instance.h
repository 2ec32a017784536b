/*
 * instance.h — one plugin instance: a loaded plugin bound to its INI section.
 * This is the engine-side definition of the SDK's opaque rpo_instance.
 */
#ifndef RPO_CORE_INSTANCE_H
#define RPO_CORE_INSTANCE_H

#include <rpo/plugin.h>
#include "cfg.h"
#include "log.h"

struct rpo_instance {
    const rpo_logger *logger;
    const rpo_cfg *cfg;
    const rpo_cfg_section *section;
    const rpo_plugin *plugin;
    void *handle;     /* lt_dlhandle of the module, owned by the instance */
    char *file;       /* the module's path, for messages */
    char prefix[160]; /* "[source:apps]" */
    char **paths;     /* resolved paths handed out by rpo_config_path, owned */
    size_t n_paths;
    void *ctx;        /* the plugin's context, from create() */
    int created;
};

/*
 * rpo_instance_open — load the plugin SEC names (key "plugin") with LOADER,
 * check its keys against its table plus CORE_KEYS, and fill *INST (zeroed
 * by the caller). Does not call create(). Returns RPO_OK, RPO_ECONFIG (bad
 * keys) or RPO_EUNAVAIL (plugin missing or refused); every problem logged.
 * On failure *INST holds nothing that needs closing.
 */
struct rpo_loader;
int rpo_instance_open(struct rpo_loader *loader, const rpo_cfg *cfg, const rpo_cfg_section *sec,
                      const rpo_config_key *core_keys, struct rpo_instance *inst);

/* rpo_instance_create — call the plugin's create(); RPO_OK or its status. */
int rpo_instance_create(struct rpo_instance *inst);

/* rpo_instance_close — destroy() if created, unload, free what it owns. */
void rpo_instance_close(struct rpo_instance *inst);

#endif
