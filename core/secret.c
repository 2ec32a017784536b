/*
 * secret.c — reading secrets by reference (see secret.h and rpo/config.h).
 */
#include "secret.h"
#include "cfg.h"
#include "instance.h"
#include "util.h"

#include <rpo/config.h>
#include <rpo/status.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Secrets are short; a larger file is not a token but a mistake. */
#define SECRET_MAX 65536

const char *rpo_secret_check_ref(const char *ref)
{
    const char *colon = strchr(ref, ':');
    static const char form[] =
        "must say where the secret is, not hold it: file:PATH, credential:NAME "
        "(systemd LoadCredential=) or env:NAME";
    if (!colon || colon[1] == '\0')
        return form;
    size_t scheme = (size_t)(colon - ref);
    if (!((scheme == 4 && memcmp(ref, "file", 4) == 0) ||
          (scheme == 10 && memcmp(ref, "credential", 10) == 0) ||
          (scheme == 3 && memcmp(ref, "env", 3) == 0)))
        return form;
    if (scheme == 10 && strchr(colon + 1, '/'))
        return "a credential NAME has no '/' (it is a file in $CREDENTIALS_DIRECTORY)";
    return NULL;
}

/* Reads the file at PATH (not readable by others unless UNCHECKED) into *OUT. */
static int read_file(const char *path, int check_mode, char **out, size_t *len, char *why,
                     size_t why_size, const char *ref)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_size, "%s: cannot open %s: %s", ref, path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "%s: %s is not a regular file", ref, path);
        close(fd);
        return -1;
    }
    if (check_mode && (st.st_mode & 077)) {
        snprintf(why, why_size, "%s: %s is readable by others; chmod 600 it", ref, path);
        close(fd);
        return -1;
    }
    if (st.st_size > SECRET_MAX) {
        snprintf(why, why_size, "%s: %s is larger than %d bytes; not a secret", ref, path,
                 SECRET_MAX);
        close(fd);
        return -1;
    }
    char *buf = rpo_xcalloc((size_t)st.st_size + 1, 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    *out = buf;
    *len = got;
    return 0;
}

int rpo_secret_read(const char *ref, const char *dir, char **out, char *why, size_t why_size)
{
    *out = NULL;
    const char *bad = rpo_secret_check_ref(ref);
    if (bad) {
        snprintf(why, why_size, "%s", bad);
        return -1;
    }
    const char *name = strchr(ref, ':') + 1;
    char *buf = NULL;
    size_t len = 0;
    if (ref[0] == 'e') {
        const char *v = getenv(name);
        if (!v) {
            snprintf(why, why_size, "%s: the environment variable %s is not set", ref, name);
            return -1;
        }
        len = strlen(v);
        buf = rpo_xcalloc(len + 1, 1);
        memcpy(buf, v, len);
    } else if (ref[0] == 'c') {
        const char *cd = getenv("CREDENTIALS_DIRECTORY");
        if (!cd || !*cd) {
            snprintf(why, why_size,
                     "%s: CREDENTIALS_DIRECTORY is not set (run under systemd with "
                     "LoadCredential=%s:PATH, or use file:PATH)",
                     ref, name);
            return -1;
        }
        char *path = rpo_path_join(cd, name);
        /* systemd makes credentials readable by the service alone. */
        int rc = read_file(path, 0, &buf, &len, why, why_size, ref);
        free(path);
        if (rc != 0)
            return -1;
    } else {
        char *path = rpo_path_join(dir, name);
        int rc = read_file(path, 1, &buf, &len, why, why_size, ref);
        free(path);
        if (rc != 0)
            return -1;
    }
    if (len && buf[len - 1] == '\n')
        buf[--len] = '\0';
    if (len && buf[len - 1] == '\r')
        buf[--len] = '\0';
    if (memchr(buf, '\0', len) || len == 0) {
        snprintf(why, why_size, "%s: the secret is %s", ref, len ? "binary (has a NUL byte)" : "empty");
        rpo_secret_free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

void rpo_secret_free(char *secret)
{
    if (!secret)
        return;
    /* volatile: the compiler must not drop the wipe of memory about to be freed */
    for (volatile char *p = secret; *p; p++)
        *p = '\0';
    free(secret);
}

int rpo_config_secret(const rpo_instance *inst, const char *key, char **value)
{
    *value = NULL;
    const char *ref = rpo_config_get(inst, key);
    if (!ref)
        return RPO_ENOINPUT;
    char why[1024];
    if (rpo_secret_read(ref, inst->cfg->dir, value, why, sizeof why) != 0)
        return rpo_config_error(inst, key, "%s", why);
    return RPO_OK;
}
