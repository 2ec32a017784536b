# Tests: cmocka unit tests (TAP output), broken plugins for the loader, and
# integration tests that run the real rpo binary with the real plugins.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	RPO_PLUGIN_PATH='$(abs_top_builddir)/plugins'; export RPO_PLUGIN_PATH; \
	RPO_TEST_PLUGINS='$(abs_top_builddir)/tests/plugins'; export RPO_TEST_PLUGINS; \
	RPO_BIN='$(abs_top_builddir)/core/rpo'; export RPO_BIN; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	RPO_SHARED_DATA='$(abs_top_srcdir)/../shared/data'; export RPO_SHARED_DATA; \
	NO_COLOR=1; export NO_COLOR; unset RPO_PSEUDONYM_KEY_FILE;

TEST_PLUGIN_LDFLAGS = -module -avoid-version -shared -rpath /nowhere -no-undefined
check_LTLIBRARIES += tests/plugins/source_badabi.la tests/plugins/source_newminor.la \
	tests/plugins/source_wrongname.la tests/plugins/source_nodesc.la \
	tests/plugins/source_small.la tests/plugins/sink_wrongkind.la tests/plugins/sink_metrics.la \
	tests/plugins/source_batches.la
tests_plugins_source_badabi_la_SOURCES = tests/plugins/test_plugins.c
tests_plugins_source_badabi_la_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_PLUGIN=1
tests_plugins_source_badabi_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_source_newminor_la_SOURCES = tests/plugins/test_plugins.c
tests_plugins_source_newminor_la_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_PLUGIN=2
tests_plugins_source_newminor_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_source_wrongname_la_SOURCES = tests/plugins/test_plugins.c
tests_plugins_source_wrongname_la_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_PLUGIN=3
tests_plugins_source_wrongname_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_source_nodesc_la_SOURCES = tests/plugins/test_plugins.c
tests_plugins_source_nodesc_la_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_PLUGIN=4
tests_plugins_source_nodesc_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_source_small_la_SOURCES = tests/plugins/test_plugins.c
tests_plugins_source_small_la_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_PLUGIN=5
tests_plugins_source_small_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_sink_wrongkind_la_SOURCES = tests/plugins/test_plugins.c
tests_plugins_sink_wrongkind_la_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_PLUGIN=6
tests_plugins_sink_wrongkind_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_sink_metrics_la_SOURCES = tests/plugins/sink_metrics.c
tests_plugins_sink_metrics_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_source_batches_la_SOURCES = tests/plugins/source_batches.c
tests_plugins_source_batches_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(top_srcdir)/core
UNIT_LDADD = core/librpo.la $(CMOCKA_LIBS)
UNIT_TESTS = tests/unit/test_date tests/unit/test_parse tests/unit/test_cfg \
	tests/unit/test_loader tests/unit/test_model tests/unit/test_pseudonym \
	tests/unit/test_hist tests/unit/test_registry tests/unit/test_formula tests/unit/test_stats \
	tests/unit/test_calendar tests/unit/test_store tests/unit/test_secret
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_unit_test_date_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_date_LDADD = $(UNIT_LDADD)
tests_unit_test_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_parse_LDADD = $(UNIT_LDADD)
tests_unit_test_cfg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cfg_LDADD = $(UNIT_LDADD)
tests_unit_test_loader_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_loader_LDADD = $(UNIT_LDADD)
tests_unit_test_model_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_model_LDADD = $(UNIT_LDADD)
tests_unit_test_secret_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_secret_LDADD = $(UNIT_LDADD)
tests_unit_test_pseudonym_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pseudonym_LDADD = $(UNIT_LDADD)
tests_unit_test_hist_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hist_LDADD = $(UNIT_LDADD)
tests_unit_test_registry_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_registry_LDADD = $(UNIT_LDADD)
tests_unit_test_formula_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_formula_LDADD = $(UNIT_LDADD)
tests_unit_test_stats_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_stats_LDADD = $(UNIT_LDADD)
tests_unit_test_calendar_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_calendar_LDADD = $(UNIT_LDADD)
tests_unit_test_store_CFLAGS = $(UNIT_CFLAGS) $(SQLITE3_CFLAGS)
tests_unit_test_store_LDADD = $(UNIT_LDADD) $(SQLITE3_LIBS)
EXTRA_DIST += tests/unit/testutil.h

INTEGRATION_TESTS = tests/integration/cli.sh tests/integration/errors.sh \
	tests/integration/simulated_funnel.sh tests/integration/example.sh \
	tests/integration/parallel.sh tests/integration/registry.sh tests/integration/store.sh \
	tests/integration/signals.sh tests/integration/sample.sh tests/integration/incremental.sh
dist_check_SCRIPTS += $(INTEGRATION_TESTS) tests/integration/tap.sh \
	tests/integration/sample_check.py
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += tests/fixtures tests/sinks/budget_alloc.h

# `make installcheck` (and distcheck): an out-of-tree plugin builds against
# the installed SDK with pkg-config alone and runs in the installed rpo.
EXTRA_DIST += tests/sdk/source_hello.c tests/sdk/check-sdk.sh
installcheck-local:
	PKG_CONFIG_PATH='$(DESTDIR)$(libdir)/pkgconfig'$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH} \
	  $(SHELL) $(top_srcdir)/tests/sdk/check-sdk.sh '$(DESTDIR)$(bindir)'
