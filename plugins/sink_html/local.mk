# sink_html — the scorecard as one self-contained HTML page (docs/sink-html.md).
SINK_HTML_SOURCES = plugins/sink_html/html.c plugins/sink_html/html.h \
	plugins/sink_html/esc.c plugins/sink_html/chart.c plugins/sink_html/metrics.c \
	plugins/sink_html/frameworks.c plugins/sink_html/partnership.c
plugin_LTLIBRARIES += plugins/sink_html.la
plugins_sink_html_la_SOURCES = $(SINK_HTML_SOURCES) $(SINK_COMMON)
plugins_sink_html_la_CFLAGS = $(AM_CFLAGS)
plugins_sink_html_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_html_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += docs/sink-html.md docs/img/report-html.png

# Unit tests: the plugin sources are compiled into the test (with an
# allocation budget), over the SDK test double in tests/sinks/fake_report.c.
check_PROGRAMS += tests/sinks/test_sink_html
tests_sinks_test_sink_html_SOURCES = tests/sinks/test_sink_html.c \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_html_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sinks_test_sink_html_LDADD = $(CMOCKA_LIBS)
TESTS += tests/sinks/test_sink_html

# Integration: the example engagement's page in headless Chromium (skips
# when chromium is not installed); the screenshot stays in tests/artefacts/.
dist_check_SCRIPTS += tests/integration/html.sh tests/integration/html_check.py
TESTS += tests/integration/html.sh
CLEANFILES += tests/artefacts/report.png tests/artefacts/report.html
