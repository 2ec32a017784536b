/*
 * rpo/output.h — atomic output files for sinks.
 *
 * A sink writes into a temporary file beside the target and renames it over
 * the target only when everything was written and synced, so a reader never
 * sees a half-written report, and a failed run leaves the old file in place.
 * The temporary file is "TARGET.tmp.PID.XXXXXX"; one left by a process that
 * was killed (and no longer runs) is removed by the next open of TARGET.
 */
#ifndef RPO_OUTPUT_H
#define RPO_OUTPUT_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rpo_instance rpo_instance;
typedef struct rpo_outfile rpo_outfile;

/*
 * rpo_outfile_open — start writing PATH for instance INST (used in messages).
 * PATH NULL or "-" means standard output (written directly, not atomically).
 * Refuses (RPO_ECANTCREAT) a PATH that exists and is not a regular file, or
 * whose folder does not exist or is not writable, with one logged line.
 * On success stores a handle the caller must pass to exactly one of
 * rpo_outfile_commit or rpo_outfile_abort.
 */
int rpo_outfile_open(const rpo_instance *inst, const char *path, rpo_outfile **out);

/* rpo_outfile_stream — the stdio stream to write to; owned by the handle. */
FILE *rpo_outfile_stream(rpo_outfile *of);

/*
 * rpo_outfile_commit — flush, fsync and rename the temporary file over the
 * target (mode 0644 less the umask), then free the handle. On any error the
 * temporary file is removed, the target is untouched, the error is logged and
 * RPO_EIO is returned; the handle is freed either way.
 */
int rpo_outfile_commit(rpo_outfile *of);

/* rpo_outfile_abort — remove the temporary file and free the handle. */
void rpo_outfile_abort(rpo_outfile *of);

#ifdef __cplusplus
}
#endif
#endif
