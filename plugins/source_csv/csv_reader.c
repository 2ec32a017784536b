/*
 * csv_reader.c — a streaming RFC 4180 reader (see csv_reader.h).
 *
 * How it is fast. A row is parsed straight out of the read buffer: fields
 * are (pointer, length) pairs into it, and a quoted field is unescaped in
 * place (it only ever shrinks), so no byte is copied and nothing is
 * allocated per row or per field. Only four byte values matter to the parser
 * outside quotes — the delimiter, '"', CR and LF — so the scanner computes,
 * for 64 input bytes at a time, a bitmap of where those bytes are (with SSE2
 * where the compiler has it, else with 64-bit word tricks) and then hops
 * from one special byte to the next with count-trailing-zeros. A field of
 * ordinary bytes thus costs a few instructions whatever its length.
 *
 * The buffer always ends with a '\n' sentinel at buf[end], so the scanner
 * never needs a bounds check: it stops at the sentinel at the latest, and the
 * parser tells the sentinel from a real line end by its address. PAD bytes
 * after the data let the scanner read whole 64-byte blocks past the end.
 *
 * How it streams. When the parser reaches the end of the buffered data in
 * the middle of a row, the row's bytes are moved to the front of the buffer
 * (fixing up the field pointers already taken) and more is read behind
 * them. The parser's state (which part of a field it is in) is kept in the
 * reader, so it resumes where it stopped instead of starting the row again;
 * this matters because unescaping in place has already rewritten part of it.
 * The buffer grows only when one row does not fit, and never beyond the row
 * limit, so memory depends on the longest row, not on the input's size.
 */
#include "csv_reader.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SSE2__) && !defined(CSV_NO_SIMD)
#include <emmintrin.h>
#define CSV_USE_SSE2 1
#endif

#if defined(__GNUC__)
#define CSV_INLINE static inline __attribute__((always_inline))
#define CSV_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define CTZ64(x) ((unsigned)__builtin_ctzll(x))
#else
#define CSV_INLINE static inline
#define CSV_UNLIKELY(x) (x)
/* Index of the lowest set bit of X (X != 0). */
static inline unsigned CTZ64(uint64_t x)
{
    unsigned n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
}
#endif

/* Bytes after the data that the block scanner may read (one whole block). */
#define PAD 64

/* Where the parser is; saved in the reader between calls and across refills. */
enum parse_state {
    ST_ROW,    /* between rows: skipping line ends of empty lines */
    ST_FIELD,  /* at the start of an unquoted field (or of any field) */
    ST_QUOTED, /* inside a quoted field */
    ST_QUOTE,  /* just after a quote inside a quoted field: "" or the end */
    ST_SKIP    /* after a malformed row: skipping to the next line end */
};

/*
 * The scanner: BITS and DBITS are the bitmaps of the 64-byte block at BLK
 * (bit i for byte BLK[i]); the patterns are the four special bytes repeated
 * in every lane (SSE2) or every byte of a word (the portable version).
 */
typedef struct scanner {
    const char *blk;
    uint64_t bits;  /* all special bytes of the block */
    uint64_t dbits; /* the delimiters among them */
#ifdef CSV_USE_SSE2
    __m128i vd, vq, vcr, vlf;
#else
    uint64_t pd, pq, pcr, plf;
#endif
} scanner;

struct csv_reader {
    int fd;
    unsigned char delim;
    enum parse_state state;
    int eof;       /* read(2) has returned 0 */
    int bom_done;  /* the start of the input was checked for a BOM */
    int after_cr;  /* the last line end was a CR: an LF right after it belongs to it */
    int failed;    /* a sticky CSV_EIO or CSV_ENOMEM, else 0 */
    int limited;   /* csv_reader_range: read no more than remaining bytes */
    unsigned long long remaining;

    char *buf;      /* cap + PAD + 1 bytes */
    size_t cap;     /* how much data buf holds at most */
    size_t max_row; /* longest accepted row, in input bytes without the line end */
    size_t max_cap; /* cap never grows beyond this */
    size_t end;     /* data is buf[0 .. end); buf[end] is a '\n' sentinel */

    /* Parse position, as offsets into buf (pointers would dangle when the buffer moves). */
    size_t pos;    /* the next byte to look at */
    size_t row;    /* first byte of the current row */
    size_t fstart; /* first byte of the current quoted field's (unescaped) text */
    size_t seg;    /* first byte of the quoted text not yet moved into place */
    size_t wr;     /* where unescaped text of the current quoted field goes next */

    unsigned long line;     /* physical line of the byte at pos */
    unsigned long row_line; /* physical line where the current or last row started */

    /* Scanner cache: the bitmaps of special bytes of the 64 bytes at buf + blk. */
    size_t blk;
    uint64_t bits, dbits;
    scanner patterns; /* the scanner's byte patterns, set up once */

    csv_field *fields; /* the current row's fields, pointing into buf */
    size_t nfields, fields_cap;

    char err[160];
};

/* ---------------------------------------------------------------- scanning */

#define ONES ((uint64_t)0x0101010101010101ULL)

static void scanner_init(scanner *sc, unsigned char delim)
{
#ifdef CSV_USE_SSE2
    sc->vd = _mm_set1_epi8((char)delim);
    sc->vq = _mm_set1_epi8('"');
    sc->vcr = _mm_set1_epi8('\r');
    sc->vlf = _mm_set1_epi8('\n');
#else
    sc->pd = ONES * delim;
    sc->pq = ONES * (unsigned char)'"';
    sc->pcr = ONES * (unsigned char)'\r';
    sc->plf = ONES * (unsigned char)'\n';
#endif
}

#ifndef CSV_USE_SSE2
/* 0x80 in each byte of V that equals the byte repeated in PAT, 0 elsewhere (exact). */
CSV_INLINE uint64_t bytes_equal(uint64_t v, uint64_t pat)
{
    const uint64_t low7 = ONES * 0x7f;
    uint64_t x = v ^ pat;
    return ~(((x & low7) + low7) | x | low7);
}
#endif

/*
 * Set sc->bits (bit i: P[i], 0 <= i < 64, is the delimiter, '"', CR or LF)
 * and sc->dbits (bit i: P[i] is the delimiter) for the block at P.
 */
CSV_INLINE void block_bits(scanner *sc, const char *p)
{
    uint64_t m = 0, d = 0;
#ifdef CSV_USE_SSE2
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        __m128i vd = _mm_cmpeq_epi8(v, sc->vd);
        __m128i nl = _mm_or_si128(_mm_cmpeq_epi8(v, sc->vcr), _mm_cmpeq_epi8(v, sc->vlf));
        __m128i o = _mm_or_si128(_mm_cmpeq_epi8(v, sc->vq), nl);
        d |= (uint64_t)(unsigned)_mm_movemask_epi8(vd) << (16 * i);
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(o) << (16 * i);
    }
#else
    for (int i = 0; i < 8; i++) {
        uint64_t v;
        memcpy(&v, p + 8 * i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        v = __builtin_bswap64(v); /* byte j of the block must be bits 8j..8j+7 */
#endif
        uint64_t td = bytes_equal(v, sc->pd);
        uint64_t to = bytes_equal(v, sc->pq) | bytes_equal(v, sc->pcr) | bytes_equal(v, sc->plf);
        /* Gather the eight 0x80 flags into one byte (bit j = byte j). */
        d |= (((td >> 7) * 0x0102040810204080ULL) >> 56) << (8 * i);
        m |= (((to >> 7) * 0x0102040810204080ULL) >> 56) << (8 * i);
    }
#endif
    sc->dbits = d;
    sc->bits = m | d;
}

/*
 * The first special byte at or after P. There always is one: the sentinel
 * at buf[end], and P never passes it. The cached block is reused while P is
 * inside it, which is what makes short fields cheap.
 */
CSV_INLINE const char *next_special(scanner *sc, const char *p)
{
    size_t off = (size_t)(p - sc->blk); /* huge when P is before the block */
    uint64_t m;

    if (off < 64) {
        m = sc->bits & (~(uint64_t)0 << off);
        if (m)
            return sc->blk + CTZ64(m);
        /* No special byte up to blk + 63, so the sentinel lies beyond it. */
        sc->blk += 64;
    } else {
        sc->blk = p;
    }
    for (;;) {
        block_bits(sc, sc->blk);
        if (sc->bits)
            return sc->blk + CTZ64(sc->bits);
        sc->blk += 64;
    }
}


/* ------------------------------------------------------------------ buffer */

int csv_reader_new(int fd, char delimiter, size_t buffer_size, size_t max_row, csv_reader **out)
{
    csv_reader *r;

    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0')
        return CSV_EINVAL;
    if (buffer_size == 0)
        buffer_size = CSV_DEFAULT_BUFFER_SIZE;
    if (max_row == 0)
        max_row = CSV_DEFAULT_MAX_ROW;
    if (buffer_size < 2 || buffer_size > SIZE_MAX / 4 || max_row > SIZE_MAX / 4)
        return CSV_EINVAL;

    r = calloc(1, sizeof *r);
    if (!r)
        return CSV_ENOMEM;
    r->fd = fd;
    r->delim = (unsigned char)delimiter;
    r->state = ST_ROW;
    r->cap = buffer_size;
    r->max_row = max_row;
    /* A row of max_row bytes plus the byte that proves it longer must fit. */
    r->max_cap = buffer_size > max_row + 1 ? buffer_size : max_row + 1;
    /* calloc: the scanner reads stale bytes past the data; they must be defined. */
    r->buf = calloc(1, r->cap + PAD + 1);
    r->fields_cap = 16;
    r->fields = malloc(r->fields_cap * sizeof *r->fields);
    if (!r->buf || !r->fields) {
        free(r->buf);
        free(r->fields);
        free(r);
        return CSV_ENOMEM;
    }
    scanner_init(&r->patterns, r->delim);
    r->buf[0] = '\n';
    r->line = 1;
    r->row_line = 1;
    r->blk = 0; /* the block at the sentinel, holding only the sentinel */
    r->bits = 1;
    r->dbits = 0;
    *out = r;
    return CSV_OK;
}

void csv_reader_free(csv_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->fields);
    free(r);
}

unsigned long csv_reader_line(const csv_reader *r)
{
    return r->row_line;
}

const char *csv_reader_error(const csv_reader *r)
{
    return r->err;
}

size_t csv_reader_memory(const csv_reader *r)
{
    return sizeof *r + r->cap + PAD + 1 + r->fields_cap * sizeof *r->fields;
}

static int grow_fields(csv_reader *r)
{
    size_t ncap = r->fields_cap * 2;
    csv_field *nf;

    if (ncap > SIZE_MAX / sizeof *nf)
        return CSV_ENOMEM;
    nf = realloc(r->fields, ncap * sizeof *nf);
    if (!nf)
        return CSV_ENOMEM;
    r->fields = nf;
    r->fields_cap = ncap;
    return CSV_OK;
}

/* Refill results besides CSV_OK and the sticky errors. */
#define REFILL_TOO_LONG 1

/*
 * Make room and read more input behind the buffered data. The bytes still
 * needed (the current row, or nothing between rows) move to the front of
 * the buffer, and every saved offset and field pointer moves with them. The
 * buffer grows (up to max_cap) only when the current row fills it. Returns
 * CSV_OK (also at end of input, with r->eof set), REFILL_TOO_LONG when the
 * current row already exceeds max_row, CSV_EIO or CSV_ENOMEM.
 */
static int refill(csv_reader *r)
{
    int in_row = r->state != ST_ROW && r->state != ST_SKIP;
    size_t keep = in_row ? r->row : r->pos;

    if (keep > 0) {
        memmove(r->buf, r->buf + keep, r->end - keep);
        for (size_t i = 0; i < r->nfields; i++)
            r->fields[i].ptr -= keep;
        r->end -= keep;
        r->pos -= keep;
        if (in_row) {
            r->row -= keep;
            r->fstart -= keep;
            r->seg -= keep;
            r->wr -= keep;
        }
    }
    /* The cached block is stale once bytes move or arrive: point it at the
     * sentinel, which is its only special byte. */
    r->buf[r->end] = '\n';
    r->blk = r->end;
    r->bits = 1;
    r->dbits = 0;
    if (in_row && r->end - r->row > r->max_row)
        return REFILL_TOO_LONG;

    if (r->end == r->cap) {
        /* One row fills the buffer: grow it. Copy rather than realloc so that
         * the field pointers can be rebased while the old block still exists. */
        size_t ncap = r->cap * 2 < r->max_cap ? r->cap * 2 : r->max_cap;
        char *nb;

        if (ncap <= r->cap)
            return REFILL_TOO_LONG; /* unreachable: max_cap > max_row */
        nb = malloc(ncap + PAD + 1);
        if (!nb)
            return CSV_ENOMEM;
        memcpy(nb, r->buf, r->end);
        memset(nb + r->end, 0, ncap + PAD + 1 - r->end);
        for (size_t i = 0; i < r->nfields; i++)
            r->fields[i].ptr = nb + (r->fields[i].ptr - r->buf);
        free(r->buf);
        r->buf = nb;
        r->cap = ncap;
    }

    for (;;) {
        size_t want = r->cap - r->end;
        if (r->limited && want > r->remaining)
            want = (size_t)r->remaining;
        ssize_t n = want ? read(r->fd, r->buf + r->end, want) : 0;
        if (n > 0) {
            r->end += (size_t)n;
            r->remaining -= r->limited ? (unsigned long long)n : 0;
            break;
        }
        if (n == 0) {
            r->eof = 1;
            break;
        }
        if (errno == EINTR)
            continue;
        {
            char msg[100];
            if (strerror_r(errno, msg, sizeof msg) != 0)
                snprintf(msg, sizeof msg, "error %d", errno);
            snprintf(r->err, sizeof r->err, "read failed: %s", msg);
        }
        return CSV_EIO;
    }
    r->buf[r->end] = '\n';
    r->blk = r->end;
    r->bits = 1;
    r->dbits = 0;
    return CSV_OK;
}

/* ------------------------------------------------------------------ parser */

void csv_reader_range(csv_reader *r, unsigned long first_line, unsigned long long limit)
{
    r->line = first_line;
    if (first_line > 1)
        r->bom_done = 1; /* a byte order mark can only stand at the start of the file */
    r->limited = 1;
    r->remaining = limit;
}

int csv_reader_next(csv_reader *r, const csv_field **fields, size_t *count)
{
    char *buf, *p, *row, *fstart, *seg, *wr;
    const char *end, *s;
    csv_field *fl;
    size_t nf, fcap;
    const char delim = (char)r->delim;
    scanner sc;
    uint64_t rem;
    int rc;
    char c;

    if (r->failed)
        return r->failed;
    sc = r->patterns;
    r->err[0] = '\0';

/* Copy the saved position into locals, and back. */
#define LOAD()                                                                                     \
    do {                                                                                           \
        buf = r->buf;                                                                              \
        end = buf + r->end;                                                                        \
        p = buf + r->pos;                                                                          \
        row = buf + r->row;                                                                        \
        fstart = buf + r->fstart;                                                                  \
        seg = buf + r->seg;                                                                        \
        wr = buf + r->wr;                                                                          \
        fl = r->fields;                                                                            \
        nf = r->nfields;                                                                           \
        fcap = r->fields_cap;                                                                      \
        sc.blk = buf + r->blk;                                                                     \
        sc.bits = r->bits;                                                                         \
        sc.dbits = r->dbits;                                                                       \
    } while (0)
#define SAVE()                                                                                     \
    do {                                                                                           \
        r->pos = (size_t)(p - buf);                                                                \
        r->row = (size_t)(row - buf);                                                              \
        r->fstart = (size_t)(fstart - buf);                                                        \
        r->seg = (size_t)(seg - buf);                                                              \
        r->wr = (size_t)(wr - buf);                                                                \
        r->nfields = nf;                                                                           \
        r->blk = (size_t)(sc.blk - buf);                                                           \
        r->bits = sc.bits;                                                                         \
        r->dbits = sc.dbits;                                                                       \
    } while (0)
/* Append a field to the row. */
#define PUSH(ptr_, len_)                                                                           \
    do {                                                                                           \
        if (CSV_UNLIKELY(nf == fcap)) {                                                            \
            if (grow_fields(r) != CSV_OK)                                                          \
                goto nomem;                                                                        \
            fl = r->fields;                                                                        \
            fcap = r->fields_cap;                                                                  \
        }                                                                                          \
        fl[nf].ptr = (ptr_);                                                                       \
        fl[nf].len = (size_t)(len_);                                                               \
        nf++;                                                                                      \
    } while (0)
/* Out of buffered data in state ST_: read more and carry on. */
#define MORE(st_)                                                                                  \
    do {                                                                                           \
        r->state = (st_);                                                                          \
        goto more;                                                                                 \
    } while (0)

    LOAD();

dispatch:
    switch (r->state) {
    case ST_ROW:
        goto st_row;
    case ST_FIELD:
        goto st_field;
    case ST_QUOTED:
        goto st_quoted;
    case ST_QUOTE:
        goto st_quote;
    case ST_SKIP:
        goto st_skip;
    }
    return CSV_ENOMEM; /* not reached */

st_row:
    if (CSV_UNLIKELY(!r->bom_done)) {
        if (end - p < 3 && !r->eof)
            MORE(ST_ROW);
        if (end - p >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        r->bom_done = 1;
    }
    /* Skip the line end of the previous row's CRLF and any empty lines. */
    for (;;) {
        if (p == end) {
            if (r->eof) {
                r->state = ST_ROW;
                SAVE();
                return CSV_EOF;
            }
            MORE(ST_ROW);
        }
        c = *p;
        if (c == '\n') {
            if (!r->after_cr)
                r->line++;
            r->after_cr = 0;
        } else if (c == '\r') {
            r->line++;
            r->after_cr = 1;
        } else {
            break;
        }
        p++;
    }
    r->after_cr = 0;
    r->row_line = r->line;
    row = p;
    nf = 0;

st_field:
    /*
     * P is at the start of a field. This is the hot loop: it walks the
     * block's bitmap of special bytes, clearing the lowest bit each time,
     * so that consecutive delimiters cost a few instructions each and do not
     * wait on one another. REM holds the bits at or after P not yet visited.
     */
    {
        size_t off = (size_t)(p - sc.blk);
        if (off < 64) {
            rem = sc.bits & (~(uint64_t)0 << off);
        } else {
            sc.blk = p;
            block_bits(&sc, p);
            rem = sc.bits;
        }
    }
    for (;;) {
        while (rem) {
            unsigned i = CTZ64(rem);
            rem &= rem - 1;
            s = sc.blk + i;
            if (!((sc.dbits >> i) & 1))
                goto field_special;
            PUSH(p, s - p);
            p = (char *)s + 1;
        }
        /* No special byte left in the block, so the sentinel lies beyond it. */
        sc.blk += 64;
        block_bits(&sc, sc.blk);
        rem = sc.bits;
    }

field_special:
    /* S is the quote, CR, LF or sentinel that ends the text at P. */
    if (CSV_UNLIKELY(s == end)) {
        if (!r->eof)
            MORE(ST_FIELD); /* the field is read again from P */
        PUSH(p, end - p);
        goto row_end;
    }
    c = *s;
    if (c == '"') {
        if (CSV_UNLIKELY(s != p)) {
            snprintf(r->err, sizeof r->err, "quote inside unquoted field %zu", nf + 1);
            p = (char *)s + 1;
            goto bad_row;
        }
        p++;
        fstart = seg = wr = p;
        goto st_quoted;
    }
    /* CR or LF: the row ends. */
    PUSH(p, s - p);
    goto row_end;

st_quoted:
    /* Inside quotes only '"' matters; CR and LF are counted as lines. */
    for (;;) {
        s = next_special(&sc, p);
        if (CSV_UNLIKELY(s == end)) {
            p = (char *)end;
            if (!r->eof)
                MORE(ST_QUOTED);
            snprintf(r->err, sizeof r->err, "quoted field %zu not closed at end of file", nf + 1);
            r->state = ST_ROW;
            SAVE();
            return CSV_EROW;
        }
        c = *s;
        if (c == '"') {
            size_t n = (size_t)(s - seg);
            if (wr != seg)
                memmove(wr, seg, n); /* close the gap left by an earlier "" */
            wr += n;
            p = (char *)s + 1;
            goto st_quote;
        }
        /* s[-1] is still the input byte: unescaping only writes before SEG. */
        if (c == '\r' || (c == '\n' && s[-1] != '\r'))
            r->line++;
        p = (char *)s + 1;
    }

st_quote:
    /* P follows a quote inside a quoted field: a second quote, or the field's end. */
    if (CSV_UNLIKELY(p == end)) {
        if (!r->eof)
            MORE(ST_QUOTE);
        PUSH(fstart, wr - fstart);
        s = end;
        goto row_end;
    }
    c = *p;
    if (c == '"') {
        *wr++ = '"';
        seg = ++p;
        goto st_quoted;
    }
    if (c == delim) {
        PUSH(fstart, wr - fstart);
        p++;
        goto st_field;
    }
    if (c == '\n' || c == '\r') {
        PUSH(fstart, wr - fstart);
        s = p;
        goto row_end;
    }
    snprintf(r->err, sizeof r->err, "text after the closing quote of field %zu", nf + 1);
    goto bad_row;

row_end:
    /* S is the row's line end, or END at the end of input. */
    if (s != end) {
        r->line++;
        r->after_cr = *s == '\r';
        p = (char *)s + 1;
    } else {
        p = (char *)end;
    }
    r->state = ST_ROW;
    SAVE();
    if (CSV_UNLIKELY((size_t)(s - row) > r->max_row)) {
        snprintf(r->err, sizeof r->err, "row longer than %zu bytes", r->max_row);
        return CSV_EROW;
    }
    *fields = fl;
    *count = nf;
    return CSV_ROW;

bad_row:
    /* Report the row now; the next call skips the rest of its line first. */
    r->state = ST_SKIP;
    SAVE();
    return CSV_EROW;

st_skip:
    for (;;) {
        s = next_special(&sc, p);
        if (s == end) {
            p = (char *)end;
            if (!r->eof)
                MORE(ST_SKIP);
            goto st_row; /* returns CSV_EOF */
        }
        p = (char *)s + 1;
        if (*s == '\n' || *s == '\r') {
            r->line++;
            r->after_cr = *s == '\r';
            goto st_row;
        }
    }

more:
    SAVE();
    rc = refill(r);
    if (rc == REFILL_TOO_LONG) {
        snprintf(r->err, sizeof r->err, "row longer than %zu bytes", r->max_row);
        r->state = ST_SKIP;
        return CSV_EROW;
    }
    if (rc != CSV_OK) {
        if (rc == CSV_ENOMEM)
            snprintf(r->err, sizeof r->err, "out of memory");
        r->failed = rc;
        return rc;
    }
    LOAD();
    goto dispatch;

nomem:
    snprintf(r->err, sizeof r->err, "out of memory");
    r->failed = CSV_ENOMEM;
    return CSV_ENOMEM;

#undef LOAD
#undef SAVE
#undef PUSH
#undef MORE
}

/* ------------------------------------------------------------ part bounds */

/* How many bytes of the 8 in W equal the byte B (SWAR: no byte is missed or
 * counted twice, unlike the quick "has zero byte" test). */
static unsigned count_byte(uint64_t w, unsigned char b)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t x = w ^ (ONES * b);
    uint64_t t = ((x & lo7) + lo7) | x; /* high bit set where the byte is not B */
    return (unsigned)__builtin_popcountll(~t & ~lo7);
}

/* The counts that matter for a boundary: quotes (parity) and line ends. */
typedef struct span_counts {
    unsigned long long quotes;
    unsigned long lines;
    int last_cr; /* the span ended with a CR (a following LF belongs to it) */
} span_counts;

/* Adds the bytes B[0..N) to C. CR, LF and CRLF each count as one line end. */
static void count_span(const unsigned char *b, size_t n, span_counts *c)
{
    size_t i = 0;
    unsigned long long q = 0, lf = 0, cr = 0, crlf = 0;
    if (n && c->last_cr && b[0] == '\n')
        crlf++;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        q += count_byte(w, '"');
        lf += count_byte(w, '\n');
        unsigned ncr = count_byte(w, '\r');
        if (ncr) { /* rare in most files: find the CRLF pairs the slow way */
            cr += ncr;
            for (size_t j = i; j < i + 8; j++)
                if (b[j] == '\r' && j + 1 < n && b[j + 1] == '\n')
                    crlf++;
        }
    }
    for (; i < n; i++) {
        q += b[i] == '"';
        lf += b[i] == '\n';
        if (b[i] == '\r') {
            cr++;
            if (i + 1 < n && b[i + 1] == '\n')
                crlf++;
        }
    }
    c->quotes += q;
    c->lines += (unsigned long)(lf + cr - crlf);
    if (n)
        c->last_cr = b[n - 1] == '\r';
}

int csv_reader_boundary(int fd, unsigned long long approx, unsigned long long *offset,
                        unsigned long *line)
{
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        errno = ENOMEM;
        return CSV_EIO;
    }
    unsigned long long pos = 0, quotes = 0;
    unsigned long lines = 0;
    int cr = 0;          /* the byte before was a CR (its line end is counted) */
    int header_done = 0; /* the first non-empty line has ended */
    int seen_text = 0;   /* a byte other than a line end was seen */
    unsigned char bom[3];
    if (pread(fd, bom, 3, 0) == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
        pos = 3;
    for (;;) {
        ssize_t n = pread(fd, buf, CHUNK, (off_t)pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            return CSV_EIO;
        }
        if (n == 0) { /* no row starts at or after APPROX: the part is empty */
            *offset = pos;
            *line = lines + 1;
            break;
        }
        size_t i = 0, len = (size_t)n;
        while (i < len) {
            unsigned long long at = pos + i;
            if (header_done && at < approx && !cr) {
                /* The bulk before APPROX: only the counts matter, word by word. */
                size_t bulk = approx - at < len - i ? (size_t)(approx - at) : len - i;
                span_counts sc = {0, 0, 0};
                count_span(buf + i, bulk, &sc);
                quotes += sc.quotes;
                lines += sc.lines;
                cr = sc.last_cr;
                i += bulk;
                continue;
            }
            /* Byte by byte: the header, and from APPROX to the first row start. */
            unsigned char ch = buf[i];
            int in_quotes = (int)(quotes & 1);
            if (cr) {
                cr = 0;
                if (ch == '\n') { /* the LF of a CRLF: one line end, counted at the CR */
                    if (!in_quotes && header_done && at + 1 >= approx) {
                        *offset = at + 1;
                        *line = lines + 1;
                        goto done;
                    }
                    i++;
                    continue;
                }
                if (!in_quotes && header_done && at >= approx) { /* a lone CR ended the row */
                    *offset = at;
                    *line = lines + 1;
                    goto done;
                }
            }
            if (ch == '"') {
                quotes++;
                seen_text = 1;
            } else if (ch == '\n' || ch == '\r') {
                lines++;
                if (!in_quotes && seen_text)
                    header_done = 1;
                if (ch == '\r') {
                    cr = 1;
                } else if (!in_quotes && header_done && at + 1 >= approx) {
                    *offset = at + 1;
                    *line = lines + 1;
                    goto done;
                }
            } else {
                seen_text = 1;
            }
            i++;
        }
        pos += len;
    }
done:
    free(buf);
    return CSV_OK;
}
