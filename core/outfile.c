/*
 * outfile.c — atomic output files (rpo/output.h): write to a temporary file
 * in the target's folder, fsync, rename over the target.
 */
#include <rpo/output.h>
#include <rpo/log.h>
#include <rpo/status.h>
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct rpo_outfile {
    const rpo_instance *inst;
    FILE *f;
    char *path; /* NULL for stdout */
    char *tmp;
};

int rpo_outfile_open(const rpo_instance *inst, const char *path, rpo_outfile **out)
{
    *out = NULL;
    rpo_outfile *of = rpo_xcalloc(1, sizeof *of);
    of->inst = inst;
    if (!path || strcmp(path, "-") == 0) {
        of->f = stdout;
        *out = of;
        return RPO_OK;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        rpo_log(inst, RPO_LOG_ERROR, "refusing to write %s: it exists and is not a regular file",
                path);
        free(of);
        return RPO_ECANTCREAT;
    }
    size_t n = strlen(path);
    of->path = rpo_xstrdup(path);
    of->tmp = rpo_xrealloc(NULL, n + 16);
    memcpy(of->tmp, path, n);
    memcpy(of->tmp + n, ".tmp.XXXXXX", 12);
    int fd = mkstemp(of->tmp);
    if (fd < 0) {
        rpo_log(inst, RPO_LOG_ERROR, "cannot create %s: %s (does the folder exist and is it writable?)",
                path, strerror(errno));
        free(of->path);
        free(of->tmp);
        free(of);
        return RPO_ECANTCREAT;
    }
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um & 0644);
    of->f = fdopen(fd, "w");
    if (!of->f) {
        close(fd);
        unlink(of->tmp);
        free(of->path);
        free(of->tmp);
        free(of);
        return RPO_ECANTCREAT;
    }
    *out = of;
    return RPO_OK;
}

FILE *rpo_outfile_stream(rpo_outfile *of)
{
    return of->f;
}

int rpo_outfile_commit(rpo_outfile *of)
{
    int rc = RPO_OK;
    if (!of->path) {
        if (fflush(of->f) != 0 || ferror(of->f)) {
            rpo_log(of->inst, RPO_LOG_ERROR, "cannot write standard output: %s", strerror(errno));
            rc = RPO_EIO;
        }
        free(of);
        return rc;
    }
    int bad = ferror(of->f) || fflush(of->f) != 0 || fsync(fileno(of->f)) != 0;
    int err = errno;
    if (fclose(of->f) != 0 && !bad)
        bad = 1, err = errno;
    if (!bad && rename(of->tmp, of->path) != 0)
        bad = 1, err = errno;
    if (bad) {
        rpo_log(of->inst, RPO_LOG_ERROR, "cannot write %s: %s (the previous file, if any, is untouched)",
                of->path, strerror(err));
        unlink(of->tmp);
        rc = RPO_EIO;
    }
    free(of->path);
    free(of->tmp);
    free(of);
    return rc;
}

void rpo_outfile_abort(rpo_outfile *of)
{
    if (!of)
        return;
    if (of->path) {
        fclose(of->f);
        unlink(of->tmp);
    } else {
        fflush(of->f);
    }
    free(of->path);
    free(of->tmp);
    free(of);
}
