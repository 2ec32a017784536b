# sink_console — the scorecard as an aligned text table.
plugin_LTLIBRARIES += plugins/sink_console.la
plugins_sink_console_la_SOURCES = plugins/sink_console/console.c $(SINK_COMMON)
plugins_sink_console_la_CFLAGS = $(AM_CFLAGS)
plugins_sink_console_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_console_la_LIBADD = $(PLUGIN_LIBADD)

# Unit tests: the plugin source is compiled into the test, over the SDK
# test double in tests/sinks/fake_report.c (never linked with librpo).
check_PROGRAMS += tests/sinks/test_sink_console
tests_sinks_test_sink_console_SOURCES = tests/sinks/test_sink_console.c \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_console_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sinks_test_sink_console_LDADD = $(CMOCKA_LIBS)
TESTS += tests/sinks/test_sink_console
