# sink_json — the report as JSON (schema: plugins/sink_json/SCHEMA.md).
plugin_LTLIBRARIES += plugins/sink_json.la
plugins_sink_json_la_SOURCES = plugins/sink_json/json.c $(SINK_COMMON)
plugins_sink_json_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_sink_json_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_json_la_LIBADD = $(PLUGIN_LIBADD) $(JANSSON_LIBS)
EXTRA_DIST += plugins/sink_json/SCHEMA.md

# Unit tests: the plugin source is compiled into the test, over the SDK
# test double in tests/sinks/fake_report.c (never linked with librpo).
check_PROGRAMS += tests/sinks/test_sink_json
tests_sinks_test_sink_json_SOURCES = tests/sinks/test_sink_json.c \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_json_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_sinks_test_sink_json_LDADD = $(CMOCKA_LIBS) $(JANSSON_LIBS)
TESTS += tests/sinks/test_sink_json
