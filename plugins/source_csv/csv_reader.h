/*
 * csv_reader.h — a streaming RFC 4180 reader.
 *
 * The reader pulls bytes from a file descriptor through one buffer and hands
 * out one row at a time as an array of (pointer, length) fields that point
 * into that buffer. Memory is bounded by the longest row, never by the size
 * of the input, so a 10 GB file costs the same as a 10 KB one.
 *
 * What it accepts (RFC 4180 plus the usual real-world relaxations):
 *   - fields separated by a one-byte delimiter (',' by default);
 *   - fields enclosed in double quotes, with "" standing for one quote and
 *     with delimiters, CR, LF and CRLF allowed inside;
 *   - rows ended by LF, CRLF or a lone CR, and a last row without any;
 *   - a UTF-8 byte order mark at the very start (skipped);
 *   - empty lines (skipped, but counted for line numbers).
 *
 * What it rejects, one row at a time: a quote inside an unquoted field, text
 * between a closing quote and the next delimiter, a quoted field still open
 * at end of file, and a row longer than the configured limit. The bad row is
 * reported (csv_reader_next returns CSV_EROW with its line and a reason) and
 * the reader starts again at the next physical line, so the caller can count
 * the row as rejected and go on.
 *
 * This file does not depend on the rpo SDK so that it can be unit-tested on
 * its own.
 */
#ifndef RPO_CSV_READER_H
#define RPO_CSV_READER_H

#include <stddef.h>

/* Return values of the csv_reader_* functions. */
enum csv_status {
    CSV_ROW = 1,     /* csv_reader_next: a row was read */
    CSV_OK = 0,      /* success; csv_reader_next: end of input, no more rows */
    CSV_EROW = -1,   /* csv_reader_next: a malformed row was skipped */
    CSV_EIO = -2,    /* read(2) failed; the reader is unusable */
    CSV_ENOMEM = -3, /* out of memory; the reader is unusable */
    CSV_EINVAL = -4  /* csv_reader_new: a bad argument */
};

/* CSV_OK: the value csv_reader_next returns at end of input. */
#define CSV_EOF CSV_OK

#define CSV_DEFAULT_BUFFER_SIZE ((size_t)256 * 1024)
#define CSV_DEFAULT_MAX_ROW ((size_t)1024 * 1024)

/* One field of a row: LEN bytes at PTR, not NUL-terminated, quotes removed. */
typedef struct csv_field {
    const char *ptr;
    size_t len;
} csv_field;

typedef struct csv_reader csv_reader;

/*
 * csv_reader_new — make a reader of file descriptor FD (which stays owned by
 * the caller and is not closed by the reader) that splits fields on byte
 * DELIMITER. BUFFER_SIZE is the size of the read buffer (0: 256 KiB) and
 * MAX_ROW the longest row accepted, in bytes of input not counting the line
 * end (0: 1 MiB); the buffer grows up to MAX_ROW + 1 bytes when a row does
 * not fit, never beyond. On success stores the reader in *OUT and returns
 * CSV_OK. Returns CSV_EINVAL if DELIMITER is a quote, CR, LF or NUL or
 * BUFFER_SIZE is below 2, CSV_ENOMEM if memory runs out; *OUT is then
 * untouched.
 */
int csv_reader_new(int fd, char delimiter, size_t buffer_size, size_t max_row, csv_reader **out);

/*
 * csv_reader_range — make R read one part of a file: at most LIMIT bytes from
 * the descriptor's current position (the caller seeks there first; it must
 * be the start of a row), numbering the first line FIRST_LINE; a byte order
 * mark is looked for only when FIRST_LINE is 1. Call before the first
 * csv_reader_next.
 */
void csv_reader_range(csv_reader *r, unsigned long first_line, unsigned long long limit);

/*
 * csv_reader_boundary — where the first row after byte APPROX of the file
 * open at FD starts: the first line end (CR, LF or CRLF) at or after APPROX
 * that lies outside quotes, by the parity of the quotes from the start of
 * the file, and not before the end of the first non-empty line (the header).
 * Stores the offset of the byte after that line end in *OFFSET (the file's
 * size if there is none) and the physical line number there in *LINE.
 * The parity is right for every well-formed file; a file with a stray quote
 * before APPROX may get a boundary inside a field, which the reader of that
 * part then finds malformed. Returns CSV_OK or CSV_EIO (errno set).
 */
int csv_reader_boundary(int fd, unsigned long long approx, unsigned long long *offset,
                        unsigned long *line);

/*
 * csv_reader_next — read the next row. Returns:
 *   CSV_ROW    the row's fields are in *FIELDS[0 .. *COUNT) (COUNT >= 1).
 *              The array and the bytes it points to belong to the reader
 *              and stay valid until the next call or csv_reader_free.
 *   CSV_EOF    no more rows (returned again on further calls).
 *   CSV_EROW   the row starting at csv_reader_line() is malformed for the
 *              reason csv_reader_error() gives; it was skipped up to the end
 *              of the physical line where the error was found. Call again
 *              for the next row.
 *   CSV_EIO    read(2) failed (csv_reader_error says why); sticky.
 *   CSV_ENOMEM the row did not fit and the buffer could not grow; sticky.
 * *FIELDS and *COUNT are set only for CSV_ROW.
 */
int csv_reader_next(csv_reader *r, const csv_field **fields, size_t *count);

/*
 * csv_reader_line — the 1-based physical line on which the row last returned
 * by csv_reader_next (CSV_ROW or CSV_EROW) starts. CR, LF and CRLF each end
 * one line, also inside quoted fields; the BOM does not count.
 */
unsigned long csv_reader_line(const csv_reader *r);

/*
 * csv_reader_error — a one-line reason for the last CSV_EROW, CSV_EIO or
 * CSV_ENOMEM ("" if none). It never contains bytes of the input, so it is
 * safe to log. The string belongs to the reader and changes with the next
 * call.
 */
const char *csv_reader_error(const csv_reader *r);

/*
 * csv_reader_memory — bytes of heap the reader holds now (buffer and field
 * array). It depends on the longest row seen, not on the input's size;
 * tests use it to prove that.
 */
size_t csv_reader_memory(const csv_reader *r);

/* csv_reader_free — free R and everything it holds (not the fd). NULL is a no-op. */
void csv_reader_free(csv_reader *r);

#endif
