# sink_webhook — a short summary POSTed to a Slack-compatible incoming
# webhook (docs/sink-webhook.md), over plugins/http_common (libcurl).
plugin_LTLIBRARIES += plugins/sink_webhook.la
plugins_sink_webhook_la_SOURCES = plugins/sink_webhook/webhook.c \
	plugins/sink_webhook/summary.c plugins/sink_webhook/payload.c \
	plugins/sink_webhook/summary.h $(SINK_COMMON) $(HTTP_COMMON)
plugins_sink_webhook_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(LIBCURL_CFLAGS)
plugins_sink_webhook_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_sink_webhook_la_LIBADD = $(PLUGIN_LIBADD) $(JANSSON_LIBS) $(LIBCURL_LIBS)
EXTRA_DIST += docs/sink-webhook.md

# Unit tests: the plugin source is compiled into the test, over the SDK
# test double in tests/sinks/fake_report.c (never linked with librpo).
check_PROGRAMS += tests/sinks/test_sink_webhook
tests_sinks_test_sink_webhook_SOURCES = tests/sinks/test_sink_webhook.c \
	plugins/sink_webhook/webhook.c plugins/sink_webhook/summary.c \
	plugins/sink_webhook/payload.c plugins/sink_webhook/summary.h \
	$(SINK_COMMON) $(HTTP_COMMON) \
	tests/sinks/fake_report.c tests/sinks/fake_report.h \
	tests/common/fake_config.c tests/common/fake_config.h
tests_sinks_test_sink_webhook_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS) \
	$(LIBCURL_CFLAGS)
tests_sinks_test_sink_webhook_LDADD = $(CMOCKA_LIBS) $(JANSSON_LIBS) $(LIBCURL_LIBS)
TESTS += tests/sinks/test_sink_webhook

# The real rpo on the example engagement against tests/http/loopback_server.py.
dist_check_SCRIPTS += tests/integration/sink_webhook.sh tests/integration/sink_webhook_check.py
TESTS += tests/integration/sink_webhook.sh
