/*
 * sink_common/segments.h — the `segments` key of the sinks that write
 * per-segment values (json, csv, prometheus): "all", "none" (or empty), or
 * a comma-separated list of segment dimensions. Compiled into each module
 * that uses it; SDK headers only.
 */
#ifndef RPO_SINK_COMMON_SEGMENTS_H
#define RPO_SINK_COMMON_SEGMENTS_H

#include <rpo/rpo.h>

/*
 * sink_segments_check — validate LIST for instance INST. Returns RPO_OK, or
 * logs one config error naming KEY and the first unknown dimension and
 * returns RPO_ECONFIG.
 */
int sink_segments_check(rpo_instance *inst, const char *key, const char *list);

/*
 * sink_segments_listed — whether LIST (already checked) asks for segments
 * of DIMENSION. "all" lists every dimension; "none" and "" list none; the
 * whole-engagement segment ("all") is never asked about.
 */
int sink_segments_listed(const char *list, const char *dimension);

/* sink_segments_none — whether LIST (already checked) asks for no segment. */
int sink_segments_none(const char *list);

#endif
