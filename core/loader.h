/*
 * loader.h — finding, loading and admitting plugins with libltdl.
 *
 * The search list is, in order: the config's plugin_path (relative to the
 * config file), the RPO_PLUGIN_PATH environment variable (':'-separated), and
 * the install dir. A plugin KIND/NAME is the module file DIR/KIND_NAME.la or
 * DIR/KIND_NAME.so of the first DIR that has one, opened by that full path so
 * nothing in the environment can substitute another library. It is admitted
 * under the ABI rule in rpo/plugin.h.
 */
#ifndef RPO_CORE_LOADER_H
#define RPO_CORE_LOADER_H

#include <rpo/plugin.h>
#include "log.h"

typedef struct rpo_loader {
    const rpo_logger *lg;
    char **dirs;
    size_t n_dirs;
} rpo_loader;

/*
 * rpo_loader_init — set up libltdl and the search list. CONFIG_DIR resolves
 * relative entries of PLUGIN_PATH (either may be NULL). Returns RPO_OK, or
 * RPO_ERR if libltdl cannot start (logged). Free with rpo_loader_fini.
 */
int rpo_loader_init(rpo_loader *ld, const rpo_logger *lg, const char *config_dir,
                    const char *plugin_path);

/* rpo_loader_fini — release the search list and libltdl. */
void rpo_loader_fini(rpo_loader *ld);

/* rpo_plugin_kind_name — "source", "framework", "sink"; NULL for others. */
const char *rpo_plugin_kind_name(rpo_plugin_kind kind);

/*
 * rpo_loader_open — load plugin NAME of KIND. On success stores the libltdl
 * handle (close with rpo_loader_close), the descriptor, and a malloc'ed copy
 * of the module's path (caller frees), and returns RPO_OK. Otherwise returns
 * RPO_EUNAVAIL with one line naming the file (or the folders searched) and
 * the expected and found values: written into ERR[0..ERRLEN) when ERR is not
 * NULL (for the caller to log with its own context), else logged.
 */
int rpo_loader_open(rpo_loader *ld, rpo_plugin_kind kind, const char *name, void **handle,
                    const rpo_plugin **plugin, char **file, char *err, size_t errlen);

/* rpo_loader_close — unload a handle from rpo_loader_open; NULL is fine. */
void rpo_loader_close(void *handle);

/*
 * rpo_plugin_admit — the ABI rule, apart from loading: checks P found in
 * FILE against the engine's ABI and the wanted KIND and NAME. Returns RPO_OK,
 * or logs the first violation (file, expected and found) and returns
 * RPO_EUNAVAIL.
 */
int rpo_plugin_admit(const rpo_logger *lg, const rpo_plugin *p, const char *file,
                     rpo_plugin_kind kind, const char *name);

/* rpo_plugin_refusal — like rpo_plugin_admit, but writes the reason into
 * ERR[0..ERRLEN) instead of logging it. */
int rpo_plugin_refusal(const rpo_plugin *p, const char *file, rpo_plugin_kind kind,
                       const char *name, char *err, size_t errlen);

/*
 * rpo_loader_each — call FN for every loadable plugin module in the search
 * list (first occurrence of each module name wins), in name order, with its
 * descriptor and file; modules that fail to load or are refused are logged
 * and skipped. Returns the number of modules refused.
 */
int rpo_loader_each(rpo_loader *ld,
                    void (*fn)(void *arg, const rpo_plugin *p, const char *file), void *arg);

#endif
