# sink_common — text formatting the sink plugins share, compiled into each
# module (SINK_COMMON in its _SOURCES); plugin code: SDK headers only.
SINK_COMMON = plugins/sink_common/text.c plugins/sink_common/text.h \
	plugins/sink_common/publish.c plugins/sink_common/publish.h
# The `segments` key of the sinks that write per-segment values (csv,
# prometheus): SINK_SEGMENTS in their _SOURCES.
SINK_SEGMENTS = plugins/sink_common/segments.c plugins/sink_common/segments.h
