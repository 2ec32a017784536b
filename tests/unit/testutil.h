/*
 * testutil.h — shared helpers for the cmocka unit tests: capturing what the
 * engine logs to stderr, writing fixture files, and the TAP main().
 */
#ifndef RPO_TESTUTIL_H
#define RPO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Redirects stderr into a temporary file until capture_end. */
typedef struct capture {
    int saved_fd;
    FILE *tmp;
    char text[16384];
} capture;

static inline void capture_begin(capture *c)
{
    fflush(stderr);
    c->saved_fd = dup(2);
    c->tmp = tmpfile();
    dup2(fileno(c->tmp), 2);
    c->text[0] = '\0';
}

/* Restores stderr and returns what was logged meanwhile. */
static inline const char *capture_end(capture *c)
{
    fflush(stderr);
    dup2(c->saved_fd, 2);
    close(c->saved_fd);
    rewind(c->tmp);
    size_t n = fread(c->text, 1, sizeof c->text - 1, c->tmp);
    c->text[n] = '\0';
    fclose(c->tmp);
    return c->text;
}

/* Writes TEXT to a fresh file under a temporary folder; returns its path (static buffer per call site). */
static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

#define assert_contains(hay, needle)                                                      \
    do {                                                                                  \
        if (!strstr((hay), (needle)))                                                     \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));                  \
    } while (0)

#define assert_lacks(hay, needle)                                                         \
    do {                                                                                  \
        if (strstr((hay), (needle)))                                                      \
            fail_msg("expected not to find \"%s\" in:\n%s", (needle), (hay));            \
    } while (0)

/* A temporary folder for a test group: test_dir_setup and test_dir_teardown
 * are cmocka group fixtures; TEST_DIR names the folder in between. */
static char test_dir[64] __attribute__((unused));
#define TEST_DIR test_dir

static inline int test_dir_setup(void **state)
{
    (void)state;
    strcpy(test_dir, "/tmp/rpo-test-XXXXXX");
    return mkdtemp(test_dir) ? 0 : -1;
}

static inline int test_dir_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    return system(cmd);
}

#define RUN_TAP(tests)                                       \
    int main(void)                                           \
    {                                                        \
        cmocka_set_message_output(CM_OUTPUT_TAP);            \
        return cmocka_run_group_tests(tests, NULL, NULL);    \
    }

#endif
