# sink_csv — every metric value as tidy CSV (RFC 4180); docs/sink-csv.md.
plugin_LTLIBRARIES += plugins/sink_csv.la
plugins_sink_csv_la_SOURCES = plugins/sink_csv/csv.c $(SINK_COMMON) $(SINK_SEGMENTS)
plugins_sink_csv_la_CFLAGS = $(AM_CFLAGS)
plugins_sink_csv_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_csv_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += docs/sink-csv.md

# Unit tests: the plugin source is compiled into the test, over the SDK
# test double in tests/sinks/fake_report.c (never linked with librpo).
check_PROGRAMS += tests/sinks/test_sink_csv
tests_sinks_test_sink_csv_SOURCES = tests/sinks/test_sink_csv.c \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_csv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sinks_test_sink_csv_LDADD = $(CMOCKA_LIBS)
TESTS += tests/sinks/test_sink_csv

# The markdown, csv and prometheus sinks against the JSON report of the
# example engagement (registered here; the script covers all three).
TESTS += tests/integration/flat_sinks.sh
dist_check_SCRIPTS += tests/integration/flat_sinks.sh tests/integration/flat_sinks_check.py
