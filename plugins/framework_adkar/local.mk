# framework_adkar — ADKAR readiness (Prosci): element scores, barrier points
# per respondent and group, the readiness index and its actions
# (docs/framework-adkar.md).
plugin_LTLIBRARIES += plugins/framework_adkar.la
plugins_framework_adkar_la_SOURCES = plugins/framework_adkar/adkar.c \
	plugins/framework_adkar/assess.c plugins/framework_adkar/adkar.h $(FRAMEWORK_COMMON)
plugins_framework_adkar_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_framework_adkar_la_LIBADD = $(PLUGIN_LIBADD) -lm
EXTRA_DIST += docs/framework-adkar.md

# Unit tests: the plugin's sources are compiled into the test, over the SDK
# test double of tests/frameworks/fake_framework_sdk.c (never linked with
# librpo).
check_PROGRAMS += tests/frameworks/test_framework_adkar
tests_frameworks_test_framework_adkar_SOURCES = tests/frameworks/test_framework_adkar.c \
	tests/frameworks/fake_framework_sdk.c tests/frameworks/fake_framework_sdk.h \
	tests/common/fake_config.c tests/common/fake_config.h \
	tests/frameworks/fake_framework_budget.h tests/frameworks/fake_framework_budget_end.h
tests_frameworks_test_framework_adkar_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_frameworks_test_framework_adkar_LDADD = $(CMOCKA_LIBS) -lm
TESTS += tests/frameworks/test_framework_adkar

# Integration: the real rpo binary on tests/fixtures/frameworks/adkar/
# (EXTRA_DIST has tests/fixtures already).
dist_check_SCRIPTS += tests/integration/framework_adkar.sh
TESTS += tests/integration/framework_adkar.sh
