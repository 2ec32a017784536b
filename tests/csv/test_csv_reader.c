/*
 * test_csv_reader.c — unit tests of the streaming CSV reader alone
 * (plugins/source_csv/csv_reader.c), without the engine.
 *
 * Inputs are written to an unlinked temporary file (or a pipe, for the
 * streaming test) and read back through a reader; every row, field, line
 * number and error reason is compared exactly. Many tests run once per
 * buffer size from 2 bytes up, so that every row, quote, doubled quote and
 * CRLF of the input falls on a buffer boundary at least once.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "csv_reader.h"

/* ------------------------------------------------------------- harness */

typedef struct input {
    FILE *file; /* holds the data; the reader reads its fd */
    csv_reader *r;
} input;

/* Open a reader over DATA[0..LEN) with the given delimiter, buffer and row limit. */
static void open_data(input *in, const char *data, size_t len, char delim, size_t bufsize,
                      size_t max_row)
{
    in->file = tmpfile();
    assert_non_null(in->file);
    if (len > 0)
        assert_int_equal(fwrite(data, 1, len, in->file), len);
    assert_int_equal(fflush(in->file), 0);
    assert_int_equal(lseek(fileno(in->file), 0, SEEK_SET), 0);
    in->r = NULL;
    assert_int_equal(csv_reader_new(fileno(in->file), delim, bufsize, max_row, &in->r), CSV_OK);
    assert_non_null(in->r);
}

static void open_str(input *in, const char *data, size_t bufsize)
{
    open_data(in, data, strlen(data), ',', bufsize, 0);
}

static void close_input(input *in)
{
    csv_reader_free(in->r);
    fclose(in->file);
}

/*
 * Expect the next row to start on LINE and to have exactly the N fields
 * given as NUL-terminated strings.
 */
static void expect_row(input *in, unsigned long line, size_t n, ...)
{
    const csv_field *f = NULL;
    size_t count = 0;
    va_list ap;

    int rc = csv_reader_next(in->r, &f, &count);
    if (rc != CSV_ROW)
        fail_msg("expected a row at line %lu, got status %d (%s)", line, rc,
                 csv_reader_error(in->r));
    assert_int_equal(csv_reader_line(in->r), line);
    assert_int_equal(count, n);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        size_t wlen = strlen(want);
        if (f[i].len != wlen || memcmp(f[i].ptr, want, wlen) != 0)
            fail_msg("line %lu field %zu: want [%s] (%zu bytes), got [%.*s] (%zu bytes)", line,
                     i + 1, want, wlen, (int)f[i].len, f[i].ptr, f[i].len);
    }
    va_end(ap);
}

/* Expect the next row, starting on LINE, to be rejected for REASON. */
static void expect_bad_row(input *in, unsigned long line, const char *reason)
{
    const csv_field *f = NULL;
    size_t count = 0;

    assert_int_equal(csv_reader_next(in->r, &f, &count), CSV_EROW);
    assert_int_equal(csv_reader_line(in->r), line);
    assert_string_equal(csv_reader_error(in->r), reason);
}

static void expect_eof(input *in)
{
    const csv_field *f = NULL;
    size_t count = 0;

    assert_int_equal(csv_reader_next(in->r, &f, &count), CSV_EOF);
    /* End of input is sticky. */
    assert_int_equal(csv_reader_next(in->r, &f, &count), CSV_EOF);
}

/* Buffer sizes every boundary test runs with: tiny ones, and the default. */
static const size_t buffer_sizes[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 16, 17, 31, 64, 65, 0};
#define N_SIZES (sizeof buffer_sizes / sizeof buffer_sizes[0])

/* --------------------------------------------------------------- tests */

static void test_simple_rows(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, "id,name,score\n1,ann,7\n2,bob,9\n", buffer_sizes[k]);
        expect_row(&in, 1, 3, "id", "name", "score");
        expect_row(&in, 2, 3, "1", "ann", "7");
        expect_row(&in, 3, 3, "2", "bob", "9");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_quoted_fields(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, "\"a,b\",\"\",c\n\"x\",\"long quoted, with, commas\",\"\"\n",
                 buffer_sizes[k]);
        expect_row(&in, 1, 3, "a,b", "", "c");
        expect_row(&in, 2, 3, "x", "long quoted, with, commas", "");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_doubled_quotes(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in,
                 "\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\",\"a\"\"b\"\"c\"\"d\"\n"
                 "\"end\"\"\",z\n",
                 buffer_sizes[k]);
        expect_row(&in, 1, 4, "say \"hi\"", "\"", "\"\"", "a\"b\"c\"d");
        expect_row(&in, 2, 2, "end\"", "z");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_embedded_newlines(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        /* LF, CRLF, a lone CR and a CR "" LF pair inside quotes: 1 + 1 + 1 + 2 extra lines. */
        open_str(&in,
                 "h1,h2\n"
                 "\"a\nb\",\"c\r\nd\"\n"
                 "\"e\rf\",g\n"
                 "\"x\r\"\"\ny\",w\n"
                 "last,row\n",
                 buffer_sizes[k]);
        expect_row(&in, 1, 2, "h1", "h2");
        expect_row(&in, 2, 2, "a\nb", "c\r\nd");
        expect_row(&in, 5, 2, "e\rf", "g");
        expect_row(&in, 7, 2, "x\r\"\ny", "w");
        expect_row(&in, 10, 2, "last", "row");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_crlf_and_cr_rows(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, "a,b\r\n\"c\",d\r\ne,\"f\"\r\n\r\ng,h\rij,k\r\n", buffer_sizes[k]);
        expect_row(&in, 1, 2, "a", "b");
        expect_row(&in, 2, 2, "c", "d");
        expect_row(&in, 3, 2, "e", "f");
        expect_row(&in, 5, 2, "g", "h");
        expect_row(&in, 6, 2, "ij", "k");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_bom(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, "\xEF\xBB\xBFid,name\n1,\xEF\xBB\xBFx\n", buffer_sizes[k]);
        expect_row(&in, 1, 2, "id", "name");
        /* Only a BOM at the very start is skipped; later ones are data. */
        expect_row(&in, 2, 2, "1", "\xEF\xBB\xBFx");
        expect_eof(&in);
        close_input(&in);
    }
    {
        input in;
        open_str(&in, "\xEF\xBB\xBF\"q\"\n", 2);
        expect_row(&in, 1, 1, "q");
        expect_eof(&in);
        close_input(&in);
    }
    {
        input in; /* a BOM alone, and the first two bytes of one */
        open_str(&in, "\xEF\xBB\xBF", 0);
        expect_eof(&in);
        close_input(&in);
        open_str(&in, "\xEF\xBB", 0);
        expect_row(&in, 1, 1, "\xEF\xBB");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_other_delimiters(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        const char *semi = "a;b,c;\"d;e\"\n1;;3\n";
        open_data(&in, semi, strlen(semi), ';', buffer_sizes[k], 0);
        expect_row(&in, 1, 3, "a", "b,c", "d;e");
        expect_row(&in, 2, 3, "1", "", "3");
        expect_eof(&in);
        close_input(&in);

        const char *tab = "a\tb c\t\"d\te\"\n\t\n";
        open_data(&in, tab, strlen(tab), '\t', buffer_sizes[k], 0);
        expect_row(&in, 1, 3, "a", "b c", "d\te");
        expect_row(&in, 2, 2, "", "");
        expect_eof(&in);
        close_input(&in);

        const char *pipe = "x|y,z|\"|\"\n";
        open_data(&in, pipe, strlen(pipe), '|', buffer_sizes[k], 0);
        expect_row(&in, 1, 3, "x", "y,z", "|");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_empty_fields(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, ",,\na,,b\n,x\nx,\n\"\"\n \n", buffer_sizes[k]);
        expect_row(&in, 1, 3, "", "", "");
        expect_row(&in, 2, 3, "a", "", "b");
        expect_row(&in, 3, 2, "", "x");
        expect_row(&in, 4, 2, "x", "");
        expect_row(&in, 5, 1, "");
        expect_row(&in, 6, 1, " "); /* a blank is data, not an empty line */
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_last_line_without_newline(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, "a,b\nc,d", buffer_sizes[k]);
        expect_row(&in, 1, 2, "a", "b");
        expect_row(&in, 2, 2, "c", "d");
        expect_eof(&in);
        close_input(&in);

        open_str(&in, "a,b\nc,", buffer_sizes[k]); /* trailing empty field at EOF */
        expect_row(&in, 1, 2, "a", "b");
        expect_row(&in, 2, 2, "c", "");
        expect_eof(&in);
        close_input(&in);

        open_str(&in, "a,\"b\"\"\"", buffer_sizes[k]); /* closing quote is the last byte */
        expect_row(&in, 1, 2, "a", "b\"");
        expect_eof(&in);
        close_input(&in);

        open_str(&in, "a,b\r", buffer_sizes[k]); /* CR as the last byte */
        expect_row(&in, 1, 2, "a", "b");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_empty_lines(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in, "\n\r\n\na,b\n\n\r\r\nc,d\n\n\n", buffer_sizes[k]);
        expect_row(&in, 4, 2, "a", "b");
        expect_row(&in, 8, 2, "c", "d");
        expect_eof(&in);
        close_input(&in);
    }
    {
        input in;
        open_str(&in, "", 0);
        expect_eof(&in);
        close_input(&in);
        open_str(&in, "\n\n\r\n", 0);
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_syntax_errors(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        open_str(&in,
                 "h1,h2\n"
                 "ok,1\n"
                 "ab\"c,2\n"          /* line 3: quote in an unquoted field */
                 "x,y\"\n"            /* line 4: the same in field 2, at the line end */
                 "\"abc\"d,3\n"       /* line 5: text after the closing quote */
                 "fine,\"q\" \n"      /* line 6: a blank after the closing quote */
                 "\"multi\nline\"x\n" /* line 7: error found on line 8 */
                 "after,4\r\n"        /* line 9 */
                 "p,\"never closed\nz,5\n",
                 buffer_sizes[k]);
        expect_row(&in, 1, 2, "h1", "h2");
        expect_row(&in, 2, 2, "ok", "1");
        expect_bad_row(&in, 3, "quote inside unquoted field 1");
        expect_bad_row(&in, 4, "quote inside unquoted field 2");
        expect_bad_row(&in, 5, "text after the closing quote of field 1");
        expect_bad_row(&in, 6, "text after the closing quote of field 2");
        expect_bad_row(&in, 7, "text after the closing quote of field 1");
        expect_row(&in, 9, 2, "after", "4");
        expect_bad_row(&in, 10, "quoted field 2 not closed at end of file");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_resync_after_error(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        /* The rest of the bad line, quotes and all, is skipped; the next line parses. */
        open_str(&in, "a\"b,\"c,d\ne,f\n\"g\"h\"i,j\r\nk,l\n", buffer_sizes[k]);
        expect_bad_row(&in, 1, "quote inside unquoted field 1");
        expect_row(&in, 2, 2, "e", "f");
        expect_bad_row(&in, 3, "text after the closing quote of field 1");
        expect_row(&in, 4, 2, "k", "l");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_row_too_long(void **state)
{
    (void)state;
    for (size_t k = 0; k < N_SIZES; k++) {
        input in;
        const char *data = "0123456789\n"        /* 10 bytes: the limit */
                           "01234,678901\n"      /* 12 bytes: too long */
                           "\"0123\"\"456789\"\n" /* 14 raw bytes, 11 unescaped: too long */
                           "short\n"
                           "0123456789abcdefghijklmnopqrstuvwxyz\n" /* 36 bytes */
                           "ok,k\n"
                           "01234567890"; /* 11 bytes at EOF */
        open_data(&in, data, strlen(data), ',', buffer_sizes[k], 10);
        expect_row(&in, 1, 1, "0123456789");
        expect_bad_row(&in, 2, "row longer than 10 bytes");
        expect_bad_row(&in, 3, "row longer than 10 bytes");
        expect_row(&in, 4, 1, "short");
        expect_bad_row(&in, 5, "row longer than 10 bytes");
        expect_row(&in, 6, 2, "ok", "k");
        expect_bad_row(&in, 7, "row longer than 10 bytes");
        expect_eof(&in);
        close_input(&in);
    }
}

static void test_row_longer_than_buffer(void **state)
{
    (void)state;
    /* A 5000-byte row through an 8-byte buffer: the buffer grows to fit it. */
    char *big = malloc(5000 + 64);
    assert_non_null(big);
    memset(big, 'x', 5000);
    big[2500] = ',';
    memcpy(big + 5000, "\nnext,row\n", 11);

    input in;
    open_data(&in, big, strlen(big), ',', 8, 0);
    const csv_field *f;
    size_t n;
    assert_int_equal(csv_reader_next(in.r, &f, &n), CSV_ROW);
    assert_int_equal(n, 2);
    assert_int_equal(f[0].len, 2500);
    assert_int_equal(f[1].len, 2499);
    for (size_t i = 0; i < 2500; i++)
        assert_int_equal(f[0].ptr[i], 'x');
    size_t mem = csv_reader_memory(in.r);
    assert_true(mem >= 5000);
    assert_true(mem < 5000 * 3);
    expect_row(&in, 2, 2, "next", "row");
    expect_eof(&in);
    close_input(&in);
    free(big);
}

static void test_many_columns(void **state)
{
    (void)state;
    /* 1000 fields (beyond the initial field array) in one row. */
    char line[4096];
    size_t len = 0;
    for (int i = 0; i < 1000; i++)
        len += (size_t)snprintf(line + len, sizeof line - len, i ? ",%d" : "%d", i % 10);
    line[len++] = '\n';
    line[len] = '\0';
    input in;
    open_data(&in, line, len, ',', 0, 0);
    const csv_field *f;
    size_t n;
    assert_int_equal(csv_reader_next(in.r, &f, &n), CSV_ROW);
    assert_int_equal(n, 1000);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(f[i].len, 1);
        assert_int_equal(f[i].ptr[0], '0' + (int)(i % 10));
    }
    expect_eof(&in);
    close_input(&in);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    csv_reader *r = NULL;
    assert_int_equal(csv_reader_new(0, '"', 0, 0, &r), CSV_EINVAL);
    assert_int_equal(csv_reader_new(0, '\n', 0, 0, &r), CSV_EINVAL);
    assert_int_equal(csv_reader_new(0, '\r', 0, 0, &r), CSV_EINVAL);
    assert_int_equal(csv_reader_new(0, '\0', 0, 0, &r), CSV_EINVAL);
    assert_int_equal(csv_reader_new(0, ',', 1, 0, &r), CSV_EINVAL);
    assert_null(r);
    csv_reader_free(NULL);
}

static void test_read_error(void **state)
{
    (void)state;
    /* read(2) of a directory fails with EISDIR; the error is sticky. */
    int fd = open(".", O_RDONLY);
    assert_true(fd >= 0);
    csv_reader *r = NULL;
    assert_int_equal(csv_reader_new(fd, ',', 0, 0, &r), CSV_OK);
    const csv_field *f;
    size_t n;
    assert_int_equal(csv_reader_next(r, &f, &n), CSV_EIO);
    assert_string_equal(csv_reader_error(r), "read failed: Is a directory");
    assert_int_equal(csv_reader_next(r, &f, &n), CSV_EIO);
    csv_reader_free(r);
    close(fd);
}

/*
 * Stream 200,000 generated rows (about 14 MB, with quoted fields, doubled
 * quotes and embedded line ends) through a pipe from a child process, and
 * check every row while the reader's memory stays at its initial size.
 */
#define STREAM_ROWS 200000

static size_t stream_row(char *out, unsigned long i)
{
    /* Row i; every 7th has a doubled quote, every 11th an embedded CRLF. */
    if (i % 11 == 0)
        return (size_t)sprintf(out, "%lu,\"note\r\nline two\",%lu.50,x\r\n", i, i * 3);
    if (i % 7 == 0)
        return (size_t)sprintf(out, "%lu,\"say \"\"%lu\"\"\",%lu.50,\r\n", i, i, i * 3);
    return (size_t)sprintf(out, "%lu,plain text %lu,%lu.50,y\n", i, i % 1000, i * 3);
}

static void test_stream_constant_memory(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The child writes the rows in 64 KiB chunks and exits. */
        static char chunk[65536 + 256];
        size_t len = 0;
        close(fds[0]);
        for (unsigned long i = 0; i < STREAM_ROWS; i++) {
            len += stream_row(chunk + len, i);
            if (len >= 65536 || i + 1 == STREAM_ROWS) {
                size_t off = 0;
                while (off < len) {
                    ssize_t w = write(fds[1], chunk + off, len - off);
                    if (w < 0 && errno == EINTR)
                        continue;
                    if (w <= 0)
                        _exit(1);
                    off += (size_t)w;
                }
                len = 0;
            }
        }
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);

    csv_reader *r = NULL;
    assert_int_equal(csv_reader_new(fds[0], ',', 4096, 0, &r), CSV_OK);
    size_t mem0 = csv_reader_memory(r);
    unsigned long rows = 0, line = 1, quoted = 0;
    const csv_field *f;
    size_t n;
    char want[128];
    int rc;
    while ((rc = csv_reader_next(r, &f, &n)) == CSV_ROW) {
        assert_int_equal(csv_reader_line(r), line);
        assert_int_equal(n, 4);
        /* Compare field 1 (the quoted or plain text) exactly. */
        unsigned long i = rows;
        size_t wl;
        if (i % 11 == 0)
            wl = (size_t)sprintf(want, "note\r\nline two");
        else if (i % 7 == 0)
            wl = (size_t)sprintf(want, "say \"%lu\"", i);
        else
            wl = (size_t)sprintf(want, "plain text %lu", i % 1000);
        assert_int_equal(f[1].len, wl);
        assert_memory_equal(f[1].ptr, want, wl);
        wl = (size_t)sprintf(want, "%lu", i);
        assert_int_equal(f[0].len, wl);
        assert_memory_equal(f[0].ptr, want, wl);
        if (i % 11 == 0)
            quoted++;
        line += i % 11 == 0 ? 2 : 1;
        rows++;
    }
    assert_int_equal(rc, CSV_EOF);
    assert_int_equal(rows, STREAM_ROWS);
    assert_int_equal(quoted, (STREAM_ROWS + 10) / 11);
    assert_int_equal(csv_reader_memory(r), mem0);
    csv_reader_free(r);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * Differential check: random rows of random fields (plain, quoted, with
 * delimiters, quotes, CR, LF and CRLF inside) are encoded, then read back
 * through random small buffers, and must come back byte for byte.
 */
static unsigned long long rng_state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* A temporary file holding TEXT, opened for reading; the caller closes it. */
static int temp_fd(const char *text)
{
    char path[] = "/tmp/rpo-csv-boundary-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    return fd;
}

static void expect_boundary(const char *text, unsigned long long approx,
                            unsigned long long offset, unsigned long line)
{
    int fd = temp_fd(text);
    unsigned long long got = 0;
    unsigned long got_line = 0;
    assert_int_equal(csv_reader_boundary(fd, approx, &got, &got_line), CSV_OK);
    close(fd);
    if (got != offset || got_line != line)
        fail_msg("approx %llu: got offset %llu line %lu, expected %llu line %lu", approx, got,
                 got_line, offset, line);
}

/* Where parts of a file may be cut: after a line end outside quotes, after
 * the header, with CR, LF and CRLF, worked out by hand from the offsets. */
static void test_part_boundaries(void **state)
{
    (void)state;
    /* "h,i\n" is bytes 0-3, "a,b\n" 4-7, "\"x\ny\",z\n" 8-15 (lines 3 and 4), "c,d\n" 16-19. */
    const char *t = "h,i\na,b\n\"x\ny\",z\nc,d\n";
    expect_boundary(t, 0, 4, 2);   /* never before the header's end */
    expect_boundary(t, 4, 4, 2);   /* 4 is a row start already */
    expect_boundary(t, 5, 8, 3);
    expect_boundary(t, 10, 16, 5); /* the LF at 10 is inside quotes: not a cut */
    expect_boundary(t, 19, 20, 6); /* no row starts after it: the end */
    /* CRLF counts as one line end; a lone CR as one too. */
    const char *c = "h\r\na\r\nb\rc\n";
    expect_boundary(c, 0, 3, 2);
    expect_boundary(c, 4, 6, 3);
    expect_boundary(c, 7, 8, 4);
    /* Leading empty lines and a BOM come before the header. */
    expect_boundary("\xEF\xBB\xBF\n\nh\na\n", 0, 7, 4);
    /* Doubled quotes keep the parity: "\"a\"\"\nb\"\n" is bytes 2-9, one row on lines 2-3. */
    expect_boundary("h\n\"a\"\"\nb\"\nc\n", 3, 10, 4);
}

static void test_random_roundtrip(void **state)
{
    (void)state;
    enum { ROWS = 300, MAXF = 6, MAXLEN = 12 };
    static char fields[ROWS][MAXF][MAXLEN + 1];
    static size_t nfields[ROWS];
    static unsigned long lines[ROWS];
    static char enc[ROWS * MAXF * (2 * MAXLEN + 4) + 16];
    const char alphabet[] = "ab,\"\r\n;x ";

    for (int round = 0; round < 40; round++) {
        size_t len = 0;
        unsigned long line = 1;
        for (int i = 0; i < ROWS; i++) {
            nfields[i] = 1 + rnd(MAXF);
            lines[i] = line;
            for (size_t j = 0; j < nfields[i]; j++) {
                size_t fl = rnd(MAXLEN + 1);
                int needs_quotes = 0;
                for (size_t c = 0; c < fl; c++) {
                    char ch = alphabet[rnd(sizeof alphabet - 1)];
                    fields[i][j][c] = ch;
                    if (ch == ',' || ch == '"' || ch == '\r' || ch == '\n')
                        needs_quotes = 1;
                }
                fields[i][j][fl] = '\0';
                /* A lone empty field must be quoted, or the line would be empty. */
                if (nfields[i] == 1 && fl == 0)
                    needs_quotes = 1;
                if (j)
                    enc[len++] = ',';
                if (needs_quotes || rnd(4) == 0) {
                    enc[len++] = '"';
                    for (size_t c = 0; c < fl; c++) {
                        char ch = fields[i][j][c];
                        enc[len++] = ch;
                        if (ch == '"')
                            enc[len++] = '"';
                        /* Count line ends inside the field as the reader must. */
                        if (ch == '\r' || (ch == '\n' && (c == 0 || fields[i][j][c - 1] != '\r')))
                            line++;
                    }
                    enc[len++] = '"';
                } else {
                    memcpy(enc + len, fields[i][j], fl);
                    len += fl;
                }
            }
            switch (rnd(3)) {
            case 0: enc[len++] = '\n'; break;
            case 1: enc[len++] = '\r'; enc[len++] = '\n'; break;
            default: enc[len++] = '\r'; break;
            }
            line++;
        }
        size_t bufsize = 2 + rnd(80);
        input in;
        open_data(&in, enc, len, ',', bufsize, 0);
        for (int i = 0; i < ROWS; i++) {
            const csv_field *f;
            size_t n;
            int rc = csv_reader_next(in.r, &f, &n);
            if (rc != CSV_ROW)
                fail_msg("round %d row %d (buffer %zu): status %d %s", round, i, bufsize, rc,
                         csv_reader_error(in.r));
            assert_int_equal(csv_reader_line(in.r), lines[i]);
            assert_int_equal(n, nfields[i]);
            for (size_t j = 0; j < n; j++) {
                size_t wl = strlen(fields[i][j]);
                assert_int_equal(f[j].len, wl);
                assert_memory_equal(f[j].ptr, fields[i][j], wl);
            }
        }
        expect_eof(&in);
        close_input(&in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_rows),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_doubled_quotes),
        cmocka_unit_test(test_embedded_newlines),
        cmocka_unit_test(test_crlf_and_cr_rows),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_other_delimiters),
        cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_last_line_without_newline),
        cmocka_unit_test(test_empty_lines),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_resync_after_error),
        cmocka_unit_test(test_row_too_long),
        cmocka_unit_test(test_row_longer_than_buffer),
        cmocka_unit_test(test_many_columns),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_stream_constant_memory),
        cmocka_unit_test(test_random_roundtrip),
        cmocka_unit_test(test_part_boundaries),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("csv_reader", tests, NULL, NULL);
}
