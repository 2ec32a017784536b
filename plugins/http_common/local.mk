# http_common — the HTTP client layer (libcurl) of the plugins that talk to a
# server, compiled into each module (HTTP_COMMON in its _SOURCES, plus
# $(LIBCURL_CFLAGS) in its _CFLAGS and $(LIBCURL_LIBS) in its _LIBADD);
# plugin code: SDK headers only.
HTTP_COMMON = plugins/http_common/http.c plugins/http_common/http_parse.c \
	plugins/http_common/http_policy.c plugins/http_common/http.h

# Unit tests of the pure parts (no libcurl, no network).
check_PROGRAMS += tests/http/test_http_common
tests_http_test_http_common_SOURCES = tests/http/test_http_common.c \
	plugins/http_common/http_parse.c plugins/http_common/http_policy.c \
	plugins/http_common/http.h tests/common/fake_config.c tests/common/fake_config.h
tests_http_test_http_common_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_http_test_http_common_LDADD = $(CMOCKA_LIBS)
TESTS += tests/http/test_http_common

# The behaviour against a real server: http_probe runs one http_request()
# against tests/http/loopback_server.py (retries, timeouts, Retry-After,
# credentials, TLS with a throwaway CA).
check_PROGRAMS += tests/http/http_probe
tests_http_http_probe_SOURCES = tests/http/http_probe.c $(HTTP_COMMON) \
	tests/common/fake_config.c tests/common/fake_config.h
tests_http_http_probe_CFLAGS = $(AM_CFLAGS) $(LIBCURL_CFLAGS)
tests_http_http_probe_LDADD = $(LIBCURL_LIBS)
dist_check_SCRIPTS += tests/integration/http_common.sh tests/http/loopback_server.py \
	tests/http/serve.sh
TESTS += tests/integration/http_common.sh
