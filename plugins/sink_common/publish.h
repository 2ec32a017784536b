/*
 * sink_common/publish.h — hand a report a sink rendered in memory to its
 * output, atomically. Sinks that render into memory first (html, markdown,
 * prometheus) publish nothing at all when rendering fails half-way.
 */
#ifndef RPO_SINK_COMMON_PUBLISH_H
#define RPO_SINK_COMMON_PUBLISH_H

#include <stddef.h>
#include <rpo/rpo.h>

/*
 * sink_publish — write BUF[0..LEN) to FILE (NULL: standard output) through
 * rpo_outfile (<rpo/output.h>): a temporary file renamed over FILE once all
 * of it is written and synced. Returns RPO_OK; RPO_ECANTCREAT (FILE is not a
 * regular file, or its folder is missing) or RPO_EIO, logged for INST with
 * the file named, the old file left in place. BUF stays the caller's.
 */
int sink_publish(const rpo_instance *inst, const char *file, const char *buf, size_t len);

#endif
