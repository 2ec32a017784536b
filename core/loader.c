/*
 * loader.c — plugin loading with the system libltdl.
 */
#include "loader.h"
#include "util.h"

#include <dirent.h>
#include <ltdl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef RPO_PLUGINDIR
#define RPO_PLUGINDIR "/usr/local/lib/rpo"
#endif

const char *rpo_plugin_kind_name(rpo_plugin_kind kind)
{
    switch (kind) {
    case RPO_PLUGIN_SOURCE: return "source";
    case RPO_PLUGIN_FRAMEWORK: return "framework";
    case RPO_PLUGIN_SINK: return "sink";
    default: return NULL;
    }
}

/* Appends each ':'-separated entry of LIST, resolved against BASE. */
static void add_dirs(rpo_loader *ld, const char *list, const char *base)
{
    while (list && *list) {
        const char *colon = strchr(list, ':');
        size_t len = colon ? (size_t)(colon - list) : strlen(list);
        if (len) {
            char *entry = rpo_xstrndup(list, len);
            ld->dirs = rpo_xrealloc(ld->dirs, (ld->n_dirs + 1) * sizeof *ld->dirs);
            ld->dirs[ld->n_dirs++] = rpo_path_join(base, entry);
            free(entry);
        }
        list = colon ? colon + 1 : NULL;
    }
}

int rpo_loader_init(rpo_loader *ld, const rpo_logger *lg, const char *config_dir,
                    const char *plugin_path)
{
    memset(ld, 0, sizeof *ld);
    ld->lg = lg;
    if (lt_dlinit() != 0) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "cannot initialise libltdl: %s", lt_dlerror());
        return RPO_ERR;
    }
    add_dirs(ld, plugin_path, config_dir);
    add_dirs(ld, getenv("RPO_PLUGIN_PATH"), NULL);
    add_dirs(ld, RPO_PLUGINDIR, NULL);
    return RPO_OK;
}

void rpo_loader_fini(rpo_loader *ld)
{
    for (size_t i = 0; i < ld->n_dirs; i++)
        free(ld->dirs[i]);
    free(ld->dirs);
    ld->dirs = NULL;
    ld->n_dirs = 0;
    lt_dlexit();
}

int rpo_plugin_refusal(const rpo_plugin *p, const char *file, rpo_plugin_kind kind,
                       const char *name, char *err, size_t errlen)
{
    const char *what = NULL;
    char expected[128], found[128];
    if (p->abi_major != RPO_ABI_MAJOR) {
        what = "ABI major";
        snprintf(expected, sizeof expected, "%d", RPO_ABI_MAJOR);
        snprintf(found, sizeof found, "%u", p->abi_major);
    } else if (p->abi_minor > RPO_ABI_MINOR) {
        what = "ABI minor";
        snprintf(expected, sizeof expected, "<= %d", RPO_ABI_MINOR);
        snprintf(found, sizeof found, "%u", p->abi_minor);
    } else if (p->struct_size < RPO_PLUGIN_V1_SIZE) {
        what = "descriptor size";
        snprintf(expected, sizeof expected, ">= %zu", (size_t)RPO_PLUGIN_V1_SIZE);
        snprintf(found, sizeof found, "%zu", p->struct_size);
    } else if (p->kind != kind) {
        const char *fk = rpo_plugin_kind_name(p->kind);
        what = "kind";
        snprintf(expected, sizeof expected, "%s", rpo_plugin_kind_name(kind));
        snprintf(found, sizeof found, "%s", fk ? fk : "invalid");
    } else if (!p->name || strcmp(p->name, name) != 0) {
        what = "name";
        snprintf(expected, sizeof expected, "%s", name);
        snprintf(found, sizeof found, "%s", p->name ? p->name : "(none)");
    } else if (!p->version || !p->description || (kind == RPO_PLUGIN_SOURCE && !p->read) ||
               (kind == RPO_PLUGIN_SINK && !p->write) ||
               (kind == RPO_PLUGIN_FRAMEWORK &&
                (!RPO_PLUGIN_HAS(p, assess) || !p->survey || !p->assess))) {
        what = "descriptor";
        snprintf(expected, sizeof expected, "version, description and the %s callback%s",
                 kind == RPO_PLUGIN_SOURCE ? "read" : kind == RPO_PLUGIN_SINK ? "write"
                                                                             : "survey and assess",
                 kind == RPO_PLUGIN_FRAMEWORK ? "s" : "");
        snprintf(found, sizeof found, "some missing");
    }
    if (!what)
        return RPO_OK;
    snprintf(err, errlen, "plugin %s refused: %s expected %s, found %s%s", file, what, expected,
             found,
             strcmp(what, "ABI major") == 0 || strcmp(what, "ABI minor") == 0
                 ? "; rebuild the plugin against this engine's SDK"
                 : "");
    return RPO_EUNAVAIL;
}

int rpo_plugin_admit(const rpo_logger *lg, const rpo_plugin *p, const char *file,
                     rpo_plugin_kind kind, const char *name)
{
    char err[1024];
    int rc = rpo_plugin_refusal(p, file, kind, name, err, sizeof err);
    if (rc != RPO_OK)
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "%s", err);
    return rc;
}

/* Opens module BASE (a path without extension) and fetches its descriptor. */
static int open_module(const char *base, const char *file, void **handle,
                       const rpo_plugin **plugin, char *err, size_t errlen)
{
    lt_dladvise advise;
    if (lt_dladvise_init(&advise) || lt_dladvise_ext(&advise) || lt_dladvise_local(&advise)) {
        snprintf(err, errlen, "libltdl: %s", lt_dlerror());
        lt_dladvise_destroy(&advise);
        return RPO_ERR;
    }
    lt_dlhandle h = lt_dlopenadvise(base, advise);
    lt_dladvise_destroy(&advise);
    if (!h) {
        snprintf(err, errlen, "plugin %s cannot be loaded: %s", file, lt_dlerror());
        return RPO_EUNAVAIL;
    }
    /* libltdl looks for MODULE_LTX_rpo_plugin first, then rpo_plugin. */
    const rpo_plugin *p = lt_dlsym(h, "rpo_plugin");
    if (!p) {
        snprintf(err, errlen,
                 "plugin %s refused: no descriptor (expected the symbol %s_LTX_rpo_plugin)", file,
                 strrchr(base, '/') ? strrchr(base, '/') + 1 : base);
        lt_dlclose(h);
        return RPO_EUNAVAIL;
    }
    *handle = h;
    *plugin = p;
    return RPO_OK;
}

/* The module file of BASE that exists (.la preferred), or NULL. Caller frees. */
static char *module_file(const char *base)
{
    static const char *const exts[] = {".la", ".so"};
    for (int i = 0; i < 2; i++) {
        size_t lb = strlen(base);
        char *f = rpo_xrealloc(NULL, lb + 4);
        memcpy(f, base, lb);
        memcpy(f + lb, exts[i], 4);
        if (access(f, R_OK) == 0)
            return f;
        free(f);
    }
    return NULL;
}

/* Finds and admits NAME of KIND; the reason of a failure goes into ERR. */
static int find_plugin(rpo_loader *ld, rpo_plugin_kind kind, const char *name, void **handle,
                       const rpo_plugin **plugin, char **file, char *err, size_t errlen)
{
    const char *kname = rpo_plugin_kind_name(kind);
    if (!kname || !rpo_is_name(name)) {
        snprintf(err, errlen,
                 "plugin name '%s' refused: names are lower-case letters, digits and '_'", name);
        return RPO_EUNAVAIL;
    }
    char module[192];
    snprintf(module, sizeof module, "%s_%s", kname, name);
    for (size_t i = 0; i < ld->n_dirs; i++) {
        char *base = rpo_path_join(ld->dirs[i], module);
        char *f = module_file(base);
        if (!f) {
            free(base);
            continue;
        }
        const rpo_plugin *p;
        void *h;
        int rc = open_module(base, f, &h, &p, err, errlen);
        free(base);
        if (rc == RPO_OK) {
            rc = rpo_plugin_refusal(p, f, kind, name, err, errlen);
            if (rc != RPO_OK)
                lt_dlclose(h);
        }
        if (rc != RPO_OK) {
            free(f);
            return rc;
        }
        *handle = h;
        *plugin = p;
        *file = f;
        return RPO_OK;
    }
    size_t used = (size_t)snprintf(err, errlen,
                                   "%s plugin '%s' not found (no %s.la or %s.so in ", kname, name,
                                   module, module);
    for (size_t i = 0; i < ld->n_dirs && used < errlen; i++)
        used += (size_t)snprintf(err + used, errlen - used, "%s%s", i ? ":" : "", ld->dirs[i]);
    if (used < errlen)
        snprintf(err + used, errlen - used,
                 "); check the name with `rpo plugins`, or set plugin_path or RPO_PLUGIN_PATH");
    return RPO_EUNAVAIL;
}

int rpo_loader_open(rpo_loader *ld, rpo_plugin_kind kind, const char *name, void **handle,
                    const rpo_plugin **plugin, char **file, char *err, size_t errlen)
{
    *handle = NULL;
    *plugin = NULL;
    *file = NULL;
    char buf[2048];
    int rc = find_plugin(ld, kind, name, handle, plugin, file, err ? err : buf,
                         err ? errlen : sizeof buf);
    if (rc != RPO_OK && !err)
        rpo_logf(ld->lg, NULL, RPO_LOG_ERROR, "%s", buf);
    return rc;
}

void rpo_loader_close(void *handle)
{
    if (handle)
        lt_dlclose(handle);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int rpo_loader_each(rpo_loader *ld,
                    void (*fn)(void *arg, const rpo_plugin *p, const char *file), void *arg)
{
    char **names = NULL;
    size_t n = 0;
    for (size_t i = 0; i < ld->n_dirs; i++) {
        DIR *d = opendir(ld->dirs[i]);
        if (!d)
            continue;
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t l = strlen(de->d_name);
            if (l < 4 || (strcmp(de->d_name + l - 3, ".la") && strcmp(de->d_name + l - 3, ".so")))
                continue;
            char *mod = rpo_xstrndup(de->d_name, l - 3);
            const char *us = strchr(mod, '_');
            int kind_ok = us && (strncmp(mod, "source_", 7) == 0 || strncmp(mod, "sink_", 5) == 0 ||
                                 strncmp(mod, "framework_", 10) == 0);
            int seen = 0;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(names[j], mod) == 0;
            if (!kind_ok || seen) {
                free(mod);
                continue;
            }
            names = rpo_xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = mod;
        }
        closedir(d);
    }
    qsort(names, n, sizeof *names, cmp_str);
    int refused = 0;
    for (size_t i = 0; i < n; i++) {
        char *us = strchr(names[i], '_');
        *us = '\0';
        rpo_plugin_kind kind = strcmp(names[i], "source") == 0 ? RPO_PLUGIN_SOURCE
                               : strcmp(names[i], "sink") == 0 ? RPO_PLUGIN_SINK
                                                                : RPO_PLUGIN_FRAMEWORK;
        void *h;
        const rpo_plugin *p;
        char *file;
        if (rpo_loader_open(ld, kind, us + 1, &h, &p, &file, NULL, 0) == RPO_OK) {
            fn(arg, p, file);
            free(file);
            rpo_loader_close(h);
        } else {
            refused++;
        }
        free(names[i]);
    }
    free(names);
    return refused;
}
