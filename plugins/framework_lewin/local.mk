# framework_lewin — Lewin's unfreeze-change-refreeze stages and force-field
# analysis (docs/framework-lewin.md).
plugin_LTLIBRARIES += plugins/framework_lewin.la
plugins_framework_lewin_la_SOURCES = plugins/framework_lewin/lewin.c $(FRAMEWORK_COMMON)
plugins_framework_lewin_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_framework_lewin_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += docs/framework-lewin.md

# Unit tests: lewin.c and book.c are compiled into the test, over the SDK
# test double of tests/frameworks/fake_framework_sdk.c (never linked with
# librpo).
check_PROGRAMS += tests/frameworks/test_framework_lewin
tests_frameworks_test_framework_lewin_SOURCES = tests/frameworks/test_framework_lewin.c \
	tests/frameworks/fake_framework_sdk.c tests/frameworks/fake_framework_sdk.h \
	tests/common/fake_config.c tests/common/fake_config.h \
	tests/frameworks/fake_framework_budget.h tests/frameworks/fake_framework_budget_end.h
tests_frameworks_test_framework_lewin_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_frameworks_test_framework_lewin_LDADD = $(CMOCKA_LIBS) -lm
TESTS += tests/frameworks/test_framework_lewin

# Integration: the real rpo on the hand-checked fixture (tests/fixtures/frameworks/lewin/).
dist_check_SCRIPTS += tests/integration/framework_lewin.sh
TESTS += tests/integration/framework_lewin.sh
