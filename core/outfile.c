/*
 * outfile.c — atomic output files (rpo/output.h): write to a temporary file
 * in the target's folder, fsync, rename over the target.
 */
#include <rpo/output.h>
#include <rpo/log.h>
#include <rpo/status.h>
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
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

/*
 * Removes the temporary files a killed writer of PATH left beside it:
 * "BASE.tmp.PID.XXXXXX" whose PID no longer runs. SIGKILL leaves no chance
 * to clean up, and a timer runs the same engagement again and again; a
 * file of a writer still running (or of a reused PID) is left alone.
 */
static void remove_stale_temporaries(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    char dir[4096];
    if (dir_len >= sizeof dir)
        return;
    if (slash)
        memcpy(dir, path, dir_len ? dir_len : 1), dir[dir_len ? dir_len : 1] = '\0';
    else
        strcpy(dir, ".");
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t base_len = strlen(base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strncmp(n, base, base_len) != 0 || strncmp(n + base_len, ".tmp.", 5) != 0)
            continue;
        char *end;
        errno = 0;
        long pid = strtol(n + base_len + 5, &end, 10);
        if (errno || pid <= 0 || end == n + base_len + 5 || *end != '.' || strlen(end + 1) != 6)
            continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char stale[4096 + 256];
        snprintf(stale, sizeof stale, "%s/%s", dir, n);
        unlink(stale);
    }
    closedir(d);
}

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
    remove_stale_temporaries(path);
    size_t n = strlen(path);
    of->path = rpo_xstrdup(path);
    of->tmp = rpo_xrealloc(NULL, n + 40);
    /* The PID tells a later run whether the writer is gone. */
    snprintf(of->tmp, n + 40, "%s.tmp.%ld.XXXXXX", path, (long)getpid());
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
