/*
 * sink_common/publish.c — atomic output of a rendered report (see publish.h).
 */
#include "publish.h"

#include <rpo/output.h>

int sink_publish(const rpo_instance *inst, const char *file, const char *buf, size_t len)
{
    rpo_outfile *of = NULL;
    int rc = rpo_outfile_open(inst, file, &of);
    if (rc != RPO_OK)
        return rc;
    FILE *fp = rpo_outfile_stream(of);
    if (fwrite(buf, 1, len, fp) != len || ferror(fp)) {
        rpo_log(inst, RPO_LOG_ERROR, "cannot write %s", file ? file : "to standard output");
        rpo_outfile_abort(of);
        return RPO_EIO;
    }
    return rpo_outfile_commit(of);
}
