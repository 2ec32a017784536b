# sink_prometheus — a node_exporter textfile-collector file; docs/sink-prometheus.md.
plugin_LTLIBRARIES += plugins/sink_prometheus.la
plugins_sink_prometheus_la_SOURCES = plugins/sink_prometheus/prometheus.c $(SINK_COMMON) \
	$(SINK_SEGMENTS)
plugins_sink_prometheus_la_CFLAGS = $(AM_CFLAGS)
plugins_sink_prometheus_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_prometheus_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += docs/sink-prometheus.md

# Unit tests: the plugin source is compiled into the test, over the SDK
# test double in tests/sinks/fake_report.c (never linked with librpo).
check_PROGRAMS += tests/sinks/test_sink_prometheus
tests_sinks_test_sink_prometheus_SOURCES = tests/sinks/test_sink_prometheus.c \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_prometheus_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sinks_test_sink_prometheus_LDADD = $(CMOCKA_LIBS)
TESTS += tests/sinks/test_sink_prometheus
