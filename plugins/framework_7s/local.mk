# framework_7s — the McKinsey 7-S framework (docs/framework-7s.md).
plugin_LTLIBRARIES += plugins/framework_7s.la
plugins_framework_7s_la_SOURCES = plugins/framework_7s/seven_s.c \
	plugins/framework_7s/score.c plugins/framework_7s/score.h $(FRAMEWORK_COMMON)
plugins_framework_7s_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_framework_7s_la_LIBADD = $(PLUGIN_LIBADD)

# The fixture (tests/fixtures/frameworks/7s/, in the dist with tests/fixtures)
# checked against expected.py by the real rpo with the real plugins.
dist_check_SCRIPTS += tests/integration/framework_7s.sh
TESTS += tests/integration/framework_7s.sh

# Unit tests: the plugin sources are compiled into the test, over the SDK
# test double of tests/frameworks/fake_framework_sdk.c (never linked with
# librpo).
check_PROGRAMS += tests/frameworks/test_framework_7s
tests_frameworks_test_framework_7s_SOURCES = tests/frameworks/test_framework_7s.c \
	tests/frameworks/fake_framework_sdk.c tests/frameworks/fake_framework_sdk.h \
	tests/common/fake_config.c tests/common/fake_config.h \
	tests/frameworks/fake_framework_budget.h tests/frameworks/fake_framework_budget_end.h
tests_frameworks_test_framework_7s_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_frameworks_test_framework_7s_LDADD = $(CMOCKA_LIBS) -lm
TESTS += tests/frameworks/test_framework_7s
