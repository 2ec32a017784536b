/*
 * sink_console — the scorecard as an aligned plain-text table.
 *
 * Output (ASCII punctuation only; texts from the report pass through as
 * UTF-8, control characters replaced by '?'):
 *
 *   Engagement: Acme hiring 2024
 *   Parties:    Acme Corp <-> TalentCo        (or Client: / Provider: alone)
 *   As of:      2024-09-30
 *   Generator:  rpo 0.1.0
 *   Periods:    last 2 of 3                   (only when periods are hidden)
 *
 *   Metric                      2024Q2  2024Q3  overall
 *   -------------------------  -------  ------  -------
 *   Requisitions opened              9      11       34
 *   Time to fill, median days      n<5   28.33    33.00
 *     mean                               30.12    34.04
 *     p90                                45.07    50.60
 *   Offer acceptance            90.00%       -   84.62%
 *   Cost per hire, EUR         3980.00     n<5  4105.77
 *
 *   Observations (n)            2024Q2  2024Q3  overall
 *   -------------------------  -------  ------  -------
 *   Requisitions opened              9      11       34
 *   ...                    (the n behind every value above, same columns)
 *
 *   n<5: fewer than 5 observations, value withheld; -: no observations.
 *
 *   Data quality
 *   Sources:
 *     apps (csv, application): read 120, accepted 117, rejected 3
 *   Flags:
 *     2 x Offer dated before the application (first: apps.csv:17)
 *
 * Cell formats, chosen so that the console shows exactly the digits of the
 * JSON report (the engine has already rounded every value to 2 decimals, so
 * printing fewer would round a second time and disagree with other sinks):
 *   count     an integer                       "14"
 *   percent   2 decimals and a percent sign    "78.75%"
 *   days, currency, ratio, score: 2 decimals   "34.50"; the unit goes into
 *             the row label ("Time to fill, median days", "Cost per hire,
 *             EUR" when the engagement has a currency)
 *   insufficient (0 < n < min_n)  "n<MIN";   empty (n == 0)  "-"
 * Distribution metrics show the median on their row and two indented rows
 * "mean" and "p90" (blank where the median is not shown; left out when no
 * shown column has a value).
 *
 * Columns: the label column, then the last `periods` periods that are not
 * "overall" (0 = all), then the overall column(s), all in report order.
 * Widths are computed first (in UTF-8 code points); no line ends in spaces.
 *
 * Colour only decorates (bold titles and table heads, dim "n<MIN" and "-"),
 * and is written only to a terminal: `color = auto` needs NO_COLOR unset or
 * empty (https://no-color.org); `always` ignores NO_COLOR (an explicit
 * per-instance setting overrides it, as no-color.org asks) but still never
 * puts escape codes into a file or pipe; `never` never colours. Nothing in
 * the output depends on the clock, so the same report prints the same bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpo/rpo.h>

#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_RESET "\033[0m"

/* Spaces between two columns of a table. */
#define COLUMN_GAP 2

/* Width of the "Engagement: " style labels of the header block. */
#define HEADER_LABEL_WIDTH 12

enum color_mode { COLOR_AUTO = 0, COLOR_ALWAYS, COLOR_NEVER };

typedef struct console_ctx {
    const rpo_instance *inst;
    const char *file; /* NULL: standard output; owned by the engine */
    long periods;     /* non-overall periods shown; 0 = all */
    enum color_mode color;
} console_ctx;

/* One line of a table. All strings are owned by the row. */
typedef struct table_row {
    char *label;
    char **cells;        /* ncols strings; NULL is a blank cell */
    unsigned char *dim;  /* ncols flags: draw the cell dim (colour only) */
    int head;            /* a column-head row: bold (colour only) */
    int rule;            /* a line of dashes under the head; no texts */
} table_row;

typedef struct table {
    size_t ncols; /* value columns, not counting the label column */
    size_t nrows, cap;
    table_row *rows;
} table;

static const rpo_config_key console_keys[] = {
    { "file", RPO_KEY_PATH, 0, NULL,
      "write the table here (atomically) instead of standard output" },
    { "periods", RPO_KEY_INT, 0, "4",
      "how many of the latest periods to show besides overall (0 = all)" },
    { "color", RPO_KEY_STRING, 0, "auto",
      "auto|always|never: colour only on a terminal; auto also needs NO_COLOR unset" },
    { NULL, 0, 0, NULL, NULL }
};

/* ---------------------------------------------------------------- text */

/* Return a malloc'd formatted string, or NULL when out of memory. */
__attribute__((format(printf, 1, 2)))
static char *str_printf(const char *fmt, ...)
{
    va_list ap;
    int len;
    char *s;

    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return NULL;
    s = malloc((size_t)len + 1);
    if (s == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

/*
 * The display width of S: UTF-8 code points, i.e. bytes that are not
 * continuation bytes. Exact for the Latin, Greek and Cyrillic names met in
 * practice; East Asian wide characters would be under-counted, which only
 * costs alignment, never content.
 */
static size_t text_width(const char *s)
{
    size_t w = 0;

    for (; *s != '\0'; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/*
 * Write S, replacing control characters by '?'. Texts in the report come
 * from configuration and data files; a stray escape sequence in a metric
 * name or file name must not be able to drive the reader's terminal. The
 * replacement keeps the width, so alignment is unaffected.
 */
static void put_text(FILE *fp, const char *s)
{
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7F ? '?' : c, fp);
    }
}

static void put_spaces(FILE *fp, size_t n)
{
    while (n-- > 0)
        fputc(' ', fp);
}

static const char *nonnull(const char *s)
{
    return s != NULL ? s : "";
}

/* --------------------------------------------------------------- table */

static void table_free(table *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        table_row *row = &t->rows[r];
        free(row->label);
        for (size_t c = 0; c < t->ncols; c++)
            free(row->cells[c]);
        free(row->cells);
        free(row->dim);
    }
    free(t->rows);
    memset(t, 0, sizeof(*t));
}

/*
 * Append a row labelled LABEL (taken over; freed here on failure, and NULL
 * means out of memory) with all cells blank. Returns the row or NULL.
 */
static table_row *table_add(table *t, char *label)
{
    table_row *row;
    char **cells;
    unsigned char *dim;

    if (label == NULL)
        return NULL;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        table_row *rows = realloc(t->rows, cap * sizeof(*rows));
        if (rows == NULL) {
            free(label);
            return NULL;
        }
        t->rows = rows;
        t->cap = cap;
    }
    /* One extra element: a table without value columns still gets
     * non-NULL arrays from calloc. */
    cells = calloc(t->ncols + 1, sizeof(*cells));
    dim = calloc(t->ncols + 1, sizeof(*dim));
    if (cells == NULL || dim == NULL) {
        free(cells);
        free(dim);
        free(label);
        return NULL;
    }
    row = &t->rows[t->nrows++];
    memset(row, 0, sizeof(*row));
    row->label = label;
    row->cells = cells;
    row->dim = dim;
    return row;
}

/* The text of cell C of ROW; a NULL cell is blank. */
static const char *cell_text(const table_row *row, size_t c)
{
    return row->cells[c] != NULL ? row->cells[c] : "";
}

/* Replace cell C of ROW by TEXT (taken over; NULL = out of memory). */
static int row_set(table_row *row, size_t c, char *text, int dim)
{
    if (text == NULL)
        return RPO_ENOMEM;
    free(row->cells[c]);
    row->cells[c] = text;
    row->dim[c] = (unsigned char)(dim != 0);
    return RPO_OK;
}

/*
 * Widen *LABEL_W and W[0..ncols) to fit every text of T. Called for every
 * table of a block before printing any, so the tables share their columns
 * and each n sits right under its value.
 */
static void table_widths(const table *t, size_t *label_w, size_t *w)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const table_row *row = &t->rows[r];
        if (row->rule)
            continue;
        if (text_width(row->label) > *label_w)
            *label_w = text_width(row->label);
        for (size_t c = 0; c < t->ncols; c++)
            if (text_width(cell_text(row, c)) > w[c])
                w[c] = text_width(cell_text(row, c));
    }
}

/*
 * Print T: the label column left-aligned to LABEL_W, value column C
 * right-aligned to W[C], COLUMN_GAP spaces apart. Widths come from the plain
 * texts and colour codes wrap the texts only, so colour never shifts a
 * column. A row stops after its last non-blank cell: no line ends in spaces.
 */
static void table_print(FILE *fp, const table *t, size_t label_w, const size_t *w, int color)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const table_row *row = &t->rows[r];
        size_t last = 0; /* cells [0, last) are printed */

        if (row->rule) {
            for (size_t i = 0; i < label_w; i++)
                fputc('-', fp);
            for (size_t c = 0; c < t->ncols; c++) {
                put_spaces(fp, COLUMN_GAP);
                for (size_t i = 0; i < w[c]; i++)
                    fputc('-', fp);
            }
            fputc('\n', fp);
            continue;
        }
        for (size_t c = 0; c < t->ncols; c++)
            if (cell_text(row, c)[0] != '\0')
                last = c + 1;
        if (color && row->head)
            fputs(SGR_BOLD, fp);
        put_text(fp, row->label);
        if (last > 0)
            put_spaces(fp, label_w - text_width(row->label));
        for (size_t c = 0; c < last; c++) {
            int dim = color && row->dim[c] && !row->head;
            put_spaces(fp, COLUMN_GAP + w[c] - text_width(cell_text(row, c)));
            if (dim)
                fputs(SGR_DIM, fp);
            put_text(fp, cell_text(row, c));
            if (dim)
                fputs(SGR_RESET, fp);
        }
        if (color && row->head)
            fputs(SGR_RESET, fp);
        fputc('\n', fp);
    }
}

/* ------------------------------------------------------------- content */

/*
 * The text of a number of UNIT; see the format list at the top. Values
 * arrive rounded to 2 decimals, so "%.2f" prints them without rounding again.
 */
static char *format_number(rpo_unit unit, double v)
{
    if (v == 0.0)
        v = 0.0; /* print -0 as "0.00", not "-0.00" */
    switch (unit) {
    case RPO_UNIT_COUNT:
        return str_printf("%.0f", v);
    case RPO_UNIT_PERCENT:
        return str_printf("%.2f%%", v);
    default:
        return str_printf("%.2f", v);
    }
}

/*
 * The row label of metric M: its name, plus ", median" for distributions and
 * the unit where the cells do not show it ("days", the currency code).
 */
static char *metric_label(const rpo_metric_info *m, const rpo_report_header *h)
{
    const char *median = m->distribution ? "median" : NULL;
    const char *unit = NULL;

    if (m->unit == RPO_UNIT_DAYS)
        unit = "days";
    else if (m->unit == RPO_UNIT_CURRENCY && nonnull(h->currency)[0] != '\0')
        unit = h->currency;

    if (median && unit)
        return str_printf("%s, %s %s", nonnull(m->name), median, unit);
    if (median || unit)
        return str_printf("%s, %s", nonnull(m->name), median ? median : unit);
    return str_printf("%s", nonnull(m->name));
}

/*
 * Choose the columns: indexes of the last CTX->periods non-overall periods
 * and of every overall period, in report order. Stores a malloc'd array in
 * *COLS and its length in *NCOLS, and the number of non-overall periods
 * shown and existing in *SHOWN and *TOTAL.
 */
static int pick_columns(const console_ctx *ctx, const rpo_report *r, size_t **cols,
                        size_t *ncols, size_t *shown, size_t *total)
{
    size_t np = rpo_report_period_count(r), regular = 0, skip, n = 0;
    size_t *out = calloc(np + 1, sizeof(*out));

    if (out == NULL)
        return RPO_ENOMEM;
    for (size_t p = 0; p < np; p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        if (per == NULL) {
            free(out);
            rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no period %zu of %zu", p, np);
            return RPO_ERR;
        }
        if (!per->overall)
            regular++;
    }
    skip = ctx->periods > 0 && (size_t)ctx->periods < regular ? regular - (size_t)ctx->periods
                                                                : 0;
    for (size_t p = 0, seen = 0; p < np; p++) {
        if (rpo_report_period_at(r, p)->overall)
            out[n++] = p;
        else if (seen++ >= skip)
            out[n++] = p;
    }
    *cols = out;
    *ncols = n;
    *shown = regular - skip;
    *total = regular;
    return RPO_OK;
}

/* Add the head row (TITLE over the period labels) and its rule to T. */
static int add_head(table *t, const rpo_report *r, const size_t *cols, const char *title)
{
    table_row *row = table_add(t, str_printf("%s", title));

    if (row == NULL)
        return RPO_ENOMEM;
    row->head = 1;
    for (size_t c = 0; c < t->ncols; c++)
        if (row_set(row, c, str_printf("%s", nonnull(rpo_report_period_at(r, cols[c])->label)),
                    0) != RPO_OK)
            return RPO_ENOMEM;
    row = table_add(t, str_printf("%s", ""));
    if (row == NULL)
        return RPO_ENOMEM;
    row->rule = 1;
    return RPO_OK;
}

/*
 * Fill the value table VALS and the observation table NS, one row per
 * metric (and the mean and p90 rows of distributions in VALS).
 */
static int build_tables(const console_ctx *ctx, const rpo_report *r, const size_t *cols,
                        table *vals, table *ns)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    size_t nm = rpo_report_metric_count(r);
    int rc;

    if ((rc = add_head(vals, r, cols, "Metric")) != RPO_OK ||
        (rc = add_head(ns, r, cols, "Observations (n)")) != RPO_OK)
        return rc;

    for (size_t m = 0; m < nm; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        size_t first = vals->nrows;
        table_row *row, *mean = NULL, *p90 = NULL, *nrow;
        int spread; /* show the mean and p90 rows */

        if (info == NULL) {
            rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no metric %zu of %zu", m, nm);
            return RPO_ERR;
        }
        /* Mean and p90 rows only when some shown column has a value: two
         * blank rows would say nothing. */
        spread = 0;
        for (size_t c = 0; info->distribution && c < vals->ncols; c++) {
            const rpo_metric_value *v = rpo_report_value(r, m, cols[c]);
            if (v != NULL && v->state == RPO_VALUE_OK)
                spread = 1;
        }
        if (table_add(vals, metric_label(info, h)) == NULL)
            return RPO_ENOMEM;
        if (spread && (table_add(vals, str_printf("  mean")) == NULL ||
                       table_add(vals, str_printf("  p90")) == NULL))
            return RPO_ENOMEM;
        /* Take the pointers only now: table_add may move the rows. */
        row = &vals->rows[first];
        if (spread) {
            mean = row + 1;
            p90 = row + 2;
        }
        if ((nrow = table_add(ns, str_printf("%s", nonnull(info->name)))) == NULL)
            return RPO_ENOMEM;

        for (size_t c = 0; c < vals->ncols; c++) {
            const rpo_metric_value *v = rpo_report_value(r, m, cols[c]);

            if (v == NULL) {
                rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no value for metric %s, period %s",
                        nonnull(info->id), nonnull(rpo_report_period_at(r, cols[c])->label));
                return RPO_ERR;
            }
            switch (v->state) {
            case RPO_VALUE_OK:
                rc = row_set(row, c, format_number(info->unit, v->value), 0);
                if (rc == RPO_OK && spread)
                    rc = row_set(mean, c, format_number(info->unit, v->mean), 0);
                if (rc == RPO_OK && spread)
                    rc = row_set(p90, c, format_number(info->unit, v->p90), 0);
                break;
            case RPO_VALUE_INSUFFICIENT:
                rc = row_set(row, c, str_printf("n<%u", h->min_n), 1);
                break;
            default: /* RPO_VALUE_EMPTY, and anything newer: nothing to show */
                rc = row_set(row, c, str_printf("-"), 1);
                break;
            }
            if (rc == RPO_OK)
                rc = row_set(nrow, c, str_printf("%llu", v->n), v->state != RPO_VALUE_OK);
            if (rc != RPO_OK)
                return rc;
        }
    }
    return RPO_OK;
}

/* One "Label:      value" line of the header block. */
static void put_header_line(FILE *fp, const char *label, const char *value, int bold)
{
    if (bold)
        fputs(SGR_BOLD, fp);
    put_text(fp, label);
    put_spaces(fp, HEADER_LABEL_WIDTH - text_width(label));
    put_text(fp, value);
    if (bold)
        fputs(SGR_RESET, fp);
    fputc('\n', fp);
}

static void print_header(FILE *fp, const rpo_report_header *h, size_t shown, size_t total,
                         int color)
{
    const char *client = nonnull(h->client), *provider = nonnull(h->provider);

    put_header_line(fp, "Engagement:", nonnull(h->engagement), color);
    if (client[0] != '\0' && provider[0] != '\0') {
        fputs("Parties:", fp);
        put_spaces(fp, HEADER_LABEL_WIDTH - strlen("Parties:"));
        put_text(fp, client);
        fputs(" <-> ", fp);
        put_text(fp, provider);
        fputc('\n', fp);
    } else if (client[0] != '\0') {
        put_header_line(fp, "Client:", client, 0);
    } else if (provider[0] != '\0') {
        put_header_line(fp, "Provider:", provider, 0);
    }
    put_header_line(fp, "As of:", nonnull(h->as_of), 0);
    put_header_line(fp, "Generator:", nonnull(h->generator), 0);
    if (shown < total)
        fprintf(fp, "%-*slast %zu of %zu\n", HEADER_LABEL_WIDTH, "Periods:", shown, total);
}

static void print_quality(FILE *fp, const rpo_report *r, int color)
{
    size_t ns = rpo_report_source_count(r), nf = rpo_report_flag_count(r);

    if (color)
        fputs(SGR_BOLD, fp);
    fputs("Data quality", fp);
    if (color)
        fputs(SGR_RESET, fp);
    fputc('\n', fp);

    fputs(ns ? "Sources:\n" : "Sources: none\n", fp);
    for (size_t i = 0; i < ns; i++) {
        const rpo_source_summary *s = rpo_report_source_at(r, i);
        if (s == NULL)
            continue;
        fputs("  ", fp);
        put_text(fp, nonnull(s->instance));
        fputs(" (", fp);
        put_text(fp, nonnull(s->plugin));
        fputs(", ", fp);
        put_text(fp, nonnull(s->record));
        fprintf(fp, "): read %llu, accepted %llu, rejected %llu\n", s->read, s->accepted,
                s->rejected);
    }

    fputs(nf ? "Flags:\n" : "Flags: none\n", fp);
    for (size_t i = 0; i < nf; i++) {
        const rpo_quality_flag *f = rpo_report_flag_at(r, i);
        if (f == NULL)
            continue;
        fprintf(fp, "  %llu x ", f->count);
        put_text(fp, nonnull(f->description));
        if (nonnull(f->example)[0] != '\0') {
            fputs(" (first: ", fp);
            put_text(fp, f->example);
            fputc(')', fp);
        }
        fputc('\n', fp);
    }
}

/* Whether to colour FP: see the top of the file. */
static int use_color(const console_ctx *ctx, FILE *fp)
{
    const char *no_color = getenv("NO_COLOR");
    int fd = fileno(fp);

    if (ctx->color == COLOR_NEVER || fd < 0 || !isatty(fd))
        return 0;
    if (ctx->color == COLOR_ALWAYS)
        return 1;
    return no_color == NULL || no_color[0] == '\0';
}

/* Render the whole report to FP. */
static int render(const console_ctx *ctx, const rpo_report *r, FILE *fp)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    table vals = { 0 }, ns = { 0 };
    size_t *cols = NULL, ncols = 0, shown = 0, total = 0, label_w = 0, *w = NULL;
    int color = use_color(ctx, fp);
    int rc;

    if (h == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no header");
        return RPO_ERR;
    }
    rc = pick_columns(ctx, r, &cols, &ncols, &shown, &total);
    vals.ncols = ns.ncols = ncols;
    if (rc == RPO_OK)
        rc = build_tables(ctx, r, cols, &vals, &ns);
    if (rc == RPO_OK && (w = calloc(ncols + 1, sizeof(*w))) == NULL)
        rc = RPO_ENOMEM;
    /* Everything that can fail is done: nothing is printed before this. */
    if (rc == RPO_OK) {
        table_widths(&vals, &label_w, w);
        table_widths(&ns, &label_w, w);
        print_header(fp, h, shown, total, color);
        fputc('\n', fp);
        if (rpo_report_metric_count(r) == 0) {
            fputs("No metrics in this report.\n", fp);
        } else {
            table_print(fp, &vals, label_w, w, color);
            fputc('\n', fp);
            table_print(fp, &ns, label_w, w, color);
            fprintf(fp, "\nn<%u: fewer than %u observations, value withheld; "
                        "-: no observations.\n",
                    h->min_n, h->min_n);
        }
        fputc('\n', fp);
        print_quality(fp, r, color);
    }
    if (rc == RPO_ENOMEM)
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
    table_free(&vals);
    table_free(&ns);
    free(cols);
    free(w);
    return rc;
}

/* ------------------------------------------------------------ callbacks */

static int console_create(rpo_instance *inst, void **ctxp)
{
    console_ctx *ctx;
    const char *file = rpo_config_get(inst, "file");
    const char *color = rpo_config_get(inst, "color");
    long periods = rpo_config_long(inst, "periods", 4);
    enum color_mode mode;

    if (color == NULL || strcmp(color, "auto") == 0)
        mode = COLOR_AUTO;
    else if (strcmp(color, "always") == 0)
        mode = COLOR_ALWAYS;
    else if (strcmp(color, "never") == 0)
        mode = COLOR_NEVER;
    else
        return rpo_config_error(inst, "color", "must be auto, always or never, not \"%s\"",
                                color);
    if (periods < 0)
        return rpo_config_error(inst, "periods", "must be 0 (all) or more, not %ld", periods);

    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    /* Check the raw value first: "-" (or nothing) means standard output and
     * must not be resolved into a path beside the configuration file. */
    ctx->file = file == NULL || file[0] == '\0' || strcmp(file, "-") == 0
                    ? NULL
                    : rpo_config_path(inst, "file");
    ctx->periods = periods;
    ctx->color = mode;
    *ctxp = ctx;
    return RPO_OK;
}

static void console_destroy(void *ctx)
{
    free(ctx);
}

static int console_write(void *vctx, const rpo_report *report)
{
    const console_ctx *ctx = vctx;
    rpo_outfile *of = NULL;
    FILE *fp;
    int rc;

    rc = rpo_outfile_open(ctx->inst, ctx->file, &of);
    if (rc != RPO_OK)
        return rc;
    fp = rpo_outfile_stream(of);
    rc = render(ctx, report, fp);
    if (rc == RPO_OK && ferror(fp)) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "cannot write %s",
                ctx->file ? ctx->file : "to standard output");
        rc = RPO_EIO;
    }
    if (rc != RPO_OK) {
        rpo_outfile_abort(of);
        return rc;
    }
    return rpo_outfile_commit(of);
}

RPO_PLUGIN_EXPORT(sink_console) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "console",
    .version = "1.0.0",
    .description = "the scorecard as an aligned text table on standard output or in a file",
    .keys = console_keys,
    .create = console_create,
    .destroy = console_destroy,
    .read = NULL,
    .write = console_write,
};
