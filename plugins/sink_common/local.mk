# sink_common — text formatting the sink plugins share, compiled into each
# module (SINK_COMMON in its _SOURCES); plugin code: SDK headers only.
SINK_COMMON = plugins/sink_common/text.c plugins/sink_common/text.h
