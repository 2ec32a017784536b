# source_rest — records from a JSON API: Greenhouse, Lever, or generic
# (docs/source-rest.md). HTTP is plugins/http_common (HTTP_COMMON).
plugin_LTLIBRARIES += plugins/source_rest.la
plugins_source_rest_la_SOURCES = plugins/source_rest/rest.c plugins/source_rest/rest.h \
	plugins/source_rest/rest_map.c plugins/source_rest/json_path.c \
	plugins/source_rest/json_path.h plugins/source_rest/greenhouse.c \
	plugins/source_rest/lever.c $(HTTP_COMMON)
plugins_source_rest_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(LIBCURL_CFLAGS)
plugins_source_rest_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_source_rest_la_LIBADD = $(PLUGIN_LIBADD) $(JANSSON_LIBS) $(LIBCURL_LIBS)
EXTRA_DIST += docs/source-rest.md conf/example-greenhouse.ini

# Unit test of the pure part (JSON paths, epoch milliseconds): no SDK, no network.
check_PROGRAMS += tests/rest/test_json_path
tests_rest_test_json_path_SOURCES = tests/rest/test_json_path.c \
	plugins/source_rest/json_path.c plugins/source_rest/json_path.h
tests_rest_test_json_path_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_rest_test_json_path_LDADD = $(CMOCKA_LIBS) $(JANSSON_LIBS)
TESTS += tests/rest/test_json_path

# Unit test of the presets' item mapping without HTTP: the mapping code
# compiled in, emitting through the engine's real emitter (librpo).
check_PROGRAMS += tests/rest/test_presets
tests_rest_test_presets_SOURCES = tests/rest/test_presets.c plugins/source_rest/rest_map.c \
	plugins/source_rest/json_path.c plugins/source_rest/greenhouse.c \
	plugins/source_rest/lever.c
tests_rest_test_presets_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core -I$(top_srcdir)/tests/unit
tests_rest_test_presets_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_rest_test_presets_LDADD = core/librpo.la $(CMOCKA_LIBS) $(JANSSON_LIBS)
TESTS += tests/rest/test_presets

# Integration tests: the real rpo and plugin against tests/rest/fake_ats.py,
# a Greenhouse and Lever imitation on 127.0.0.1 with fault injection; the
# fixtures are written by tests/rest/make_fixtures.py (one engagement, as
# Greenhouse JSON, Lever JSON and CSV).
REST_TESTS = tests/integration/rest_greenhouse.sh tests/integration/rest_lever.sh \
	tests/integration/rest_generic.sh tests/integration/rest_incremental.sh \
	tests/integration/rest_faults.sh
dist_check_SCRIPTS += $(REST_TESTS) tests/rest/fake_ats.py tests/rest/make_fixtures.py \
	tests/rest/rest_lib.sh tests/rest/expected_lever.py
TESTS += $(REST_TESTS)
