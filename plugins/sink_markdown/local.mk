# sink_markdown — the report as GitHub Flavoured Markdown; docs/sink-markdown.md.
plugin_LTLIBRARIES += plugins/sink_markdown.la
plugins_sink_markdown_la_SOURCES = plugins/sink_markdown/markdown.c $(SINK_COMMON)
plugins_sink_markdown_la_CFLAGS = $(AM_CFLAGS)
plugins_sink_markdown_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_markdown_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += docs/sink-markdown.md

# Unit tests: the plugin source is compiled into the test, over the SDK
# test double in tests/sinks/fake_report.c (never linked with librpo).
check_PROGRAMS += tests/sinks/test_sink_markdown
tests_sinks_test_sink_markdown_SOURCES = tests/sinks/test_sink_markdown.c \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_markdown_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_sinks_test_sink_markdown_LDADD = $(CMOCKA_LIBS)
TESTS += tests/sinks/test_sink_markdown
