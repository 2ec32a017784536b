/*
 * sink_console — the scorecard as aligned plain-text tables.
 *
 * Output (texts from the report pass through as UTF-8, control characters
 * replaced by '?'):
 *
 *   Engagement: Acme hiring 2024
 *   Parties:    Acme Corp <-> TalentCo        (or Client: / Provider: alone)
 *   As of:      2024-09-30
 *   Generator:  rpo 0.1.0
 *   Periods:    last 2 of 3                   (only when periods are hidden)
 *
 *   Metric                                      2024Q2         2024Q3  overall
 *   ------------------------------------------  -------------  ------  ...
 *   Time to fill, median days (target ≤ 30.00)    n<5 ? n<5   28.33 ✔ met ...
 *     mean                                                     30.12
 *     p90                                                      45.07
 *   Requisitions opened                             9             11       34
 *   Offer acceptance                           90.00%              -   84.62%
 *   Cost per hire, EUR                        3980.00            n<5  4105.77
 *
 *   Observations (n)                            2024Q2         2024Q3  overall
 *   ...                    (the n behind every value above, same columns)
 *
 *   n<5: fewer than 5 observations, value withheld; -: no observations.
 *   Target: ✔ met; ≈ near (missed within the tolerance); ✘ missed; ? ...
 *
 *   Incentive                        2024Q2       2024Q3  (when configured)
 *   Time to fill (weight 60)            n<5      105.89%  (attainment)
 *   Weighted attainment             105.88%      105.89%
 *   Tier (attainment → payout)  100% → 100%  100% → 100%  (or "none")
 *   Payout, EUR                    10000.00     10000.00
 *   Pool ... per period; attainment capped at 120%. (and a note)
 *
 *   Achievements                              (when there are any)
 *     - Hire number 25 accepted on 2024-08-14
 *
 *   Goal alignment: speed                     (one block per goal)
 *   Faster fills should keep new hires longer.
 *   Link                                  Lag  n  Pearson  Spearman
 *   lever:sourcers → metric:time_to_fill    0  3  -0.9449   -1.0000
 *   lever:sourcers → metric:time_to_fill    1  2  too few periods (n=2)
 *
 *   Framework: readiness (adkar, instrument adkar)   (one block per framework)
 *   Responses: 830 taken, 2 refused
 *   All respondents, overall: n=167; readiness index 62.50; barrier point: desire
 *     Element          n  Score  Spread  Status
 *     awareness      167   4.10    0.80  ok
 *     barrier points: awareness 3, desire 40, none 100
 *     - Barrier point: desire (mean 2.90 at or below 3)
 *       → Build desire: engage sponsors and people managers, ...
 *   recruiters, 2025Q4: n=3; insufficient (too few respondents to score)
 *   (each group in the latest shown period and overall)
 *
 *   Data quality
 *   Sources:
 *     apps (csv, application): read 120, accepted 117, rejected 3
 *   Flags:
 *     2 x Offer dated before the application (first: apps.csv:17)
 *
 * Metrics come in report order (key metrics first). Segments are not shown:
 * every figure is segment "all".
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
 * Targets: when any metric has a target in a shown column, every period
 * column gets a status column beside it, filled for values with a target:
 * "✔ met", "≈ near", "✘ missed", or "? n<MIN" / "? n=0" (no value to judge);
 * the metric's label names the target and the side it is met on ("target
 * ≤ 30.00"). Without any target the tables look as they did before targets
 * existed.
 *
 * Columns: the label column, then the last `periods` periods that are not
 * "overall" (0 = all), then the overall column(s), all in report order; the
 * incentive table has the shown periods that are not overall. Widths are
 * computed first (in UTF-8 code points); no line ends in spaces.
 *
 * Colour only decorates (bold titles and table heads; dim "n<MIN", "-" and
 * notes; green met, yellow near, red missed), and is written only to a
 * terminal: `color = auto` needs NO_COLOR unset or empty
 * (https://no-color.org); `always` ignores NO_COLOR (an explicit
 * per-instance setting overrides it, as no-color.org asks) but still never
 * puts escape codes into a file or pipe; `never` never colours. Nothing in
 * the output depends on the clock, so the same report prints the same bytes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpo/rpo.h>

#include "../sink_common/text.h"

#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_RED "\033[31m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_RESET "\033[0m"

/* How a cell is drawn when colour is on; the text alone always says it. */
enum style { STYLE_PLAIN = 0, STYLE_DIM, STYLE_MET, STYLE_NEAR, STYLE_MISSED };

static const char *const style_sgr[] = { "", SGR_DIM, SGR_GREEN, SGR_YELLOW, SGR_RED };

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
    char **cells;          /* ncols strings; NULL is a blank cell */
    unsigned char *style;  /* ncols enum style values (colour only) */
    char *note;            /* NULL, or text after the last non-blank cell, not measured */
    int head;              /* a column-head row: bold (colour only) */
    int rule;              /* a line of dashes under the head; no texts */
} table_row;

typedef struct table {
    size_t ncols; /* value columns, not counting the label column */
    /* NULL, or ncols flags: a status column, left-aligned one space after
     * the value column before it, the rule running on under both. */
    const unsigned char *marker;
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

/* --------------------------------------------------------------- table */

static void table_free(table *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        table_row *row = &t->rows[r];
        free(row->label);
        for (size_t c = 0; c < t->ncols; c++)
            free(row->cells[c]);
        free(row->cells);
        free(row->style);
        free(row->note);
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
    unsigned char *style;

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
    style = calloc(t->ncols + 1, sizeof(*style));
    if (cells == NULL || style == NULL) {
        free(cells);
        free(style);
        free(label);
        return NULL;
    }
    row = &t->rows[t->nrows++];
    memset(row, 0, sizeof(*row));
    row->label = label;
    row->cells = cells;
    row->style = style;
    return row;
}

/* The text of cell C of ROW; a NULL cell is blank. */
static const char *cell_text(const table_row *row, size_t c)
{
    return row->cells[c] != NULL ? row->cells[c] : "";
}

/* Replace cell C of ROW by TEXT (taken over; NULL = out of memory), drawn
 * in STYLE. */
static int row_set(table_row *row, size_t c, char *text, enum style style)
{
    if (text == NULL)
        return RPO_ENOMEM;
    free(row->cells[c]);
    row->cells[c] = text;
    row->style[c] = (unsigned char)style;
    return RPO_OK;
}

/* Whether column C of T is a status column. */
static int is_marker(const table *t, size_t c)
{
    return t->marker != NULL && t->marker[c];
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
 * right-aligned to W[C], COLUMN_GAP spaces apart; a status column follows
 * its value column after one space, left-aligned (and is left out when it
 * is empty throughout). Widths come from the plain texts and colour codes
 * wrap the texts only, so colour never shifts a column. A row stops after
 * its last non-blank cell (then its note, if any): no line ends in spaces.
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
                if (is_marker(t, c)) {
                    /* The value column's dashes run on under its status. */
                    for (size_t i = 0; w[c] > 0 && i < 1 + w[c]; i++)
                        fputc('-', fp);
                    continue;
                }
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
        if (last > 0 || row->note != NULL)
            put_spaces(fp, label_w - text_width(row->label));
        for (size_t c = 0; c < last; c++) {
            const char *text = cell_text(row, c);
            enum style st = color && !row->head ? (enum style)row->style[c] : STYLE_PLAIN;
            int marker = is_marker(t, c);

            if (marker && w[c] == 0)
                continue; /* an empty status column takes no room */
            put_spaces(fp, marker ? 1 : COLUMN_GAP + w[c] - text_width(text));
            if (st != STYLE_PLAIN)
                fputs(style_sgr[st], fp);
            put_text(fp, text);
            if (st != STYLE_PLAIN)
                fputs(SGR_RESET, fp);
            if (marker && (c + 1 < last || row->note != NULL))
                put_spaces(fp, w[c] - text_width(text));
        }
        if (row->note != NULL) {
            put_spaces(fp, COLUMN_GAP);
            if (color)
                fputs(SGR_DIM, fp);
            put_text(fp, row->note);
            if (color)
                fputs(SGR_RESET, fp);
        }
        if (color && row->head)
            fputs(SGR_RESET, fp);
        fputc('\n', fp);
    }
}

/* ------------------------------------------------------------- content */

/* The colour of a status; the words of sink_text_status say it without. */
static enum style status_style(rpo_target_status status)
{
    switch (status) {
    case RPO_STATUS_NONE: return STYLE_PLAIN;
    case RPO_STATUS_MET: return STYLE_MET;
    case RPO_STATUS_NEAR: return STYLE_NEAR;
    case RPO_STATUS_MISSED: return STYLE_MISSED;
    default: return STYLE_DIM;
    }
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

/* The value column of the K-th period of T (status columns sit between). */
static size_t value_col(const table *t, size_t k)
{
    return t->marker != NULL ? 2 * k : k;
}

/* Add the head row (TITLE over the labels of periods COLS[0..N)) and its
 * rule to T. */
static int add_head(table *t, const rpo_report *r, const size_t *cols, size_t n,
                    const char *title)
{
    table_row *row = table_add(t, sink_text_printf("%s", title));

    if (row == NULL)
        return RPO_ENOMEM;
    row->head = 1;
    for (size_t k = 0; k < n; k++)
        if (row_set(row, value_col(t, k),
                    sink_text_printf("%s", sink_text_or_empty(rpo_report_period_at(r, cols[k])->label)),
                    STYLE_PLAIN) != RPO_OK)
            return RPO_ENOMEM;
    row = table_add(t, sink_text_printf("%s", ""));
    if (row == NULL)
        return RPO_ENOMEM;
    row->rule = 1;
    return RPO_OK;
}

/* The first of the NCOLS shown values of metric M that has a target, or
 * NULL: the metric's target as the label shows it. */
static const rpo_metric_value *shown_target(const rpo_report *r, size_t m, const size_t *cols,
                                            size_t ncols)
{
    for (size_t k = 0; k < ncols; k++) {
        const rpo_metric_value *v = rpo_report_value(r, m, cols[k]);
        if (v != NULL && v->has_target)
            return v;
    }
    return NULL;
}

/* Whether any metric has a target in a shown column: the value tables then
 * get status columns. */
static int any_target(const rpo_report *r, const size_t *cols, size_t ncols)
{
    for (size_t m = 0; m < rpo_report_metric_count(r); m++)
        if (shown_target(r, m, cols, ncols) != NULL)
            return 1;
    return 0;
}

/*
 * Fill the value table VALS and the observation table NS, one row per
 * metric (and the mean and p90 rows of distributions in VALS), over the
 * NCOLS periods COLS.
 */
static int build_tables(const console_ctx *ctx, const rpo_report *r, const size_t *cols,
                        size_t ncols, table *vals, table *ns)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    size_t nm = rpo_report_metric_count(r);
    int rc;

    if ((rc = add_head(vals, r, cols, ncols, "Metric")) != RPO_OK ||
        (rc = add_head(ns, r, cols, ncols, "Observations (n)")) != RPO_OK)
        return rc;

    for (size_t m = 0; m < nm; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        const rpo_metric_value *target;
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
        for (size_t k = 0; info->distribution && k < ncols; k++) {
            const rpo_metric_value *v = rpo_report_value(r, m, cols[k]);
            if (v != NULL && v->state == RPO_VALUE_OK)
                spread = 1;
        }
        target = shown_target(r, m, cols, ncols);
        if (table_add(vals, sink_text_metric_label(info, h, target)) == NULL)
            return RPO_ENOMEM;
        if (spread && (table_add(vals, sink_text_printf("  mean")) == NULL ||
                       table_add(vals, sink_text_printf("  p90")) == NULL))
            return RPO_ENOMEM;
        /* Take the pointers only now: table_add may move the rows. */
        row = &vals->rows[first];
        if (spread) {
            mean = row + 1;
            p90 = row + 2;
        }
        if ((nrow = table_add(ns, sink_text_printf("%s", sink_text_or_empty(info->name)))) == NULL)
            return RPO_ENOMEM;

        for (size_t k = 0; k < ncols; k++) {
            const rpo_metric_value *v = rpo_report_value(r, m, cols[k]);
            size_t c = value_col(vals, k);

            if (v == NULL) {
                rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no value for metric %s, period %s",
                        sink_text_or_empty(info->id), sink_text_or_empty(rpo_report_period_at(r, cols[k])->label));
                return RPO_ERR;
            }
            switch (v->state) {
            case RPO_VALUE_OK:
                rc = row_set(row, c, sink_text_number(info->unit, v->value), STYLE_PLAIN);
                if (rc == RPO_OK && spread)
                    rc = row_set(mean, c, sink_text_number(info->unit, v->mean), STYLE_PLAIN);
                if (rc == RPO_OK && spread)
                    rc = row_set(p90, c, sink_text_number(info->unit, v->p90), STYLE_PLAIN);
                break;
            case RPO_VALUE_INSUFFICIENT:
                rc = row_set(row, c, sink_text_printf("n<%u", h->min_n), STYLE_DIM);
                break;
            default: /* RPO_VALUE_EMPTY, and anything newer: nothing to show */
                rc = row_set(row, c, sink_text_printf("-"), STYLE_DIM);
                break;
            }
            if (rc == RPO_OK && vals->marker != NULL && v->has_target) {
                enum style st;
                char *text = sink_text_status(v, h->min_n);
                st = status_style(v->status);
                rc = row_set(row, c + 1, text, st);
            }
            if (rc == RPO_OK)
                rc = row_set(nrow, value_col(ns, k), sink_text_printf("%llu", v->n),
                             v->state != RPO_VALUE_OK ? STYLE_DIM : STYLE_PLAIN);
            if (rc != RPO_OK)
                return rc;
        }
    }
    return RPO_OK;
}

/*
 * The incentive table INC over the shown periods COLS[0..NCOLS) that have an
 * incentive period: one row per metric (its attainment), then the weighted
 * attainment, the tier reached and the payout. Stores the number of
 * columns used in INC->ncols (set up by the caller to NCOLS).
 */
static int build_incentive(const console_ctx *ctx, const rpo_report *r,
                           const rpo_incentive *inc, const size_t *cols, size_t ncols,
                           table *inc_t)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    const rpo_incentive_period **ips = calloc(ncols + 1, sizeof(*ips));
    size_t *pcols = calloc(ncols + 1, sizeof(*pcols));
    size_t *metrics = NULL, nmet = 0, n = 0, first;
    table_row *row;
    int rc = RPO_OK;

    if (ips == NULL || pcols == NULL) {
        rc = RPO_ENOMEM;
        goto out;
    }
    /* The columns: shown periods with an incentive period, in shown order. */
    for (size_t k = 0; k < ncols; k++)
        for (size_t i = 0; i < inc->n_periods; i++)
            if (inc->periods[i].period == cols[k]) {
                ips[n] = &inc->periods[i];
                pcols[n++] = cols[k];
                break;
            }
    inc_t->ncols = n;
    /* The rows: every metric of a shown period's lines, first seen first. */
    for (size_t k = 0; k < n; k++) {
        if (ips[k]->n_lines > SIZE_MAX / sizeof(*metrics) - nmet) {
            rc = RPO_ENOMEM;
            goto out;
        }
        size_t *grown = realloc(metrics, (nmet + ips[k]->n_lines + 1) * sizeof(*metrics));
        if (grown == NULL) {
            rc = RPO_ENOMEM;
            goto out;
        }
        metrics = grown;
        for (size_t i = 0; i < ips[k]->n_lines; i++) {
            size_t m = ips[k]->lines[i].metric, j = 0;
            while (j < nmet && metrics[j] != m)
                j++;
            if (j == nmet)
                metrics[nmet++] = m;
        }
    }
    if ((rc = add_head(inc_t, r, pcols, n, "Incentive")) != RPO_OK)
        goto out;
    first = inc_t->nrows;
    for (size_t j = 0; j < nmet; j++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, metrics[j]);
        const rpo_incentive_line *l = NULL;
        char *weight;

        if (info == NULL) {
            rpo_log(ctx->inst, RPO_LOG_ERROR, "report's incentive names no metric %zu",
                    metrics[j]);
            rc = RPO_ERR;
            goto out;
        }
        for (size_t k = 0; k < n && l == NULL; k++)
            for (size_t i = 0; i < ips[k]->n_lines && l == NULL; i++)
                if (ips[k]->lines[i].metric == metrics[j])
                    l = &ips[k]->lines[i];
        if ((weight = sink_text_trimmed(l->weight, 2)) == NULL) {
            rc = RPO_ENOMEM;
            goto out;
        }
        row = table_add(inc_t, sink_text_printf("%s (weight %s)", sink_text_or_empty(info->name), weight));
        free(weight);
        if (row == NULL) {
            rc = RPO_ENOMEM;
            goto out;
        }
    }
    if (table_add(inc_t, sink_text_printf("Weighted attainment")) == NULL ||
        table_add(inc_t, sink_text_printf("Tier (attainment \xE2\x86\x92 payout)")) == NULL ||
        table_add(inc_t, sink_text_or_empty(h->currency)[0] != '\0'
                             ? sink_text_printf("Payout, %s", h->currency)
                             : sink_text_printf("Payout")) == NULL) {
        rc = RPO_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < n && rc == RPO_OK; k++) {
        const rpo_incentive_period *ip = ips[k];
        table_row *sum = &inc_t->rows[first + nmet];

        for (size_t i = 0; i < ip->n_lines && rc == RPO_OK; i++) {
            const rpo_incentive_line *l = &ip->lines[i];
            size_t j = 0;

            while (metrics[j] != l->metric)
                j++;
            row = &inc_t->rows[first + j];
            if (l->has_attainment)
                rc = row_set(row, k, sink_text_number(RPO_UNIT_PERCENT, l->attainment),
                             STYLE_PLAIN);
            else if (l->state == RPO_VALUE_INSUFFICIENT)
                rc = row_set(row, k, sink_text_printf("n<%u", h->min_n), STYLE_DIM);
            else
                rc = row_set(row, k, sink_text_printf("-"), STYLE_DIM);
        }
        if (rc == RPO_OK)
            rc = ip->has_weighted
                     ? row_set(sum, k, sink_text_number(RPO_UNIT_PERCENT, ip->weighted), STYLE_PLAIN)
                     : row_set(sum, k, sink_text_printf("-"), STYLE_DIM);
        if (rc == RPO_OK && ip->has_tier) {
            char *at = sink_text_trimmed(ip->tier_threshold, 2);
            char *pay = sink_text_trimmed(ip->tier_payout, 2);
            rc = row_set(sum + 1, k,
                         at && pay ? sink_text_printf("%s%% \xE2\x86\x92 %s%%", at, pay) : NULL,
                         STYLE_PLAIN);
            free(at);
            free(pay);
        } else if (rc == RPO_OK) {
            rc = row_set(sum + 1, k, sink_text_printf("none"), STYLE_DIM);
        }
        if (rc == RPO_OK)
            rc = row_set(sum + 2, k, sink_text_number(RPO_UNIT_CURRENCY, ip->payout), STYLE_PLAIN);
    }
out:
    free(ips);
    free(pcols);
    free(metrics);
    return rc;
}

/* The "too few periods (n=2)" / "no variation" note of a link without
 * coefficients. */
static char *link_note(const rpo_alignment_link *l)
{
    switch (l->state) {
    case RPO_CORR_TOO_FEW:
        return sink_text_printf("too few periods (n=%zu)", l->n);
    case RPO_CORR_NO_VARIATION:
        return sink_text_printf("no variation");
    default:
        return sink_text_printf("%s", rpo_corr_state_name(l->state));
    }
}

/* A correlation coefficient, rounded by the engine to 4 decimals. */
static char *format_coefficient(double v)
{
    return sink_text_printf("%.4f", v == 0.0 ? 0.0 : v);
}

/* The table of goal G: one row per link, "from → to", lag, n, Pearson and
 * Spearman (or a note why not). */
static int build_goal(const rpo_goal *g, table *t)
{
    static const char *const heads[] = { "Lag", "n", "Pearson", "Spearman" };
    table_row *row = table_add(t, sink_text_printf("Link"));

    if (row == NULL)
        return RPO_ENOMEM;
    row->head = 1;
    for (size_t c = 0; c < 4; c++)
        if (row_set(row, c, sink_text_printf("%s", heads[c]), STYLE_PLAIN) != RPO_OK)
            return RPO_ENOMEM;
    if ((row = table_add(t, sink_text_printf("%s", ""))) == NULL)
        return RPO_ENOMEM;
    row->rule = 1;
    for (size_t i = 0; i < g->n_links; i++) {
        const rpo_alignment_link *l = &g->links[i];

        row = table_add(t, sink_text_printf("%s \xE2\x86\x92 %s", sink_text_or_empty(l->from), sink_text_or_empty(l->to)));
        if (row == NULL || row_set(row, 0, sink_text_printf("%d", l->lag), STYLE_PLAIN) != RPO_OK ||
            row_set(row, 1, sink_text_printf("%zu", l->n), STYLE_PLAIN) != RPO_OK)
            return RPO_ENOMEM;
        if (l->state == RPO_CORR_OK) {
            if (row_set(row, 2, format_coefficient(l->pearson), STYLE_PLAIN) != RPO_OK ||
                row_set(row, 3, format_coefficient(l->spearman), STYLE_PLAIN) != RPO_OK)
                return RPO_ENOMEM;
        } else if ((row->note = link_note(l)) == NULL) {
            return RPO_ENOMEM;
        }
    }
    return RPO_OK;
}

/* A table's head row of texts HEADS (NCOLS of them) under LABEL, and its rule. */
static int add_head_row(table *t, const char *label, const char *const *heads)
{
    table_row *row = table_add(t, sink_text_printf("%s", label));

    if (row == NULL)
        return RPO_ENOMEM;
    row->head = 1;
    for (size_t c = 0; c < t->ncols; c++)
        if (row_set(row, c, sink_text_printf("%s", heads[c]), STYLE_PLAIN) != RPO_OK)
            return RPO_ENOMEM;
    if ((row = table_add(t, sink_text_printf("%s", ""))) == NULL)
        return RPO_ENOMEM;
    row->rule = 1;
    return RPO_OK;
}

/*
 * The values that changed since the last committed run, for the whole
 * engagement in the periods COLS shows: before, now and the change. A cell
 * whose value went away shows "-" now.
 */
static int build_since_run(const rpo_report *r, const size_t *cols, size_t ncols, table *t)
{
    static const char *const heads[] = { "Period", "Before", "Now", "Change" };
    int rc = add_head_row(t, "Metric", heads);

    for (size_t m = 0; m < rpo_report_metric_count(r) && rc == RPO_OK; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        for (size_t k = 0; k < ncols && rc == RPO_OK && info != NULL; k++) {
            const rpo_metric_value *v = rpo_report_value(r, m, cols[k]);
            const rpo_period *p = rpo_report_period_at(r, cols[k]);
            int ok = v != NULL && v->state == RPO_VALUE_OK;
            table_row *row;

            if (v == NULL || p == NULL || !v->has_previous_run || (ok && v->change_vs_run == 0.0))
                continue;
            row = table_add(t, sink_text_printf("%s", sink_text_or_empty(info->name)));
            if (row == NULL ||
                row_set(row, 0, sink_text_printf("%s", sink_text_or_empty(p->label)), STYLE_PLAIN) ||
                row_set(row, 1, sink_text_number(info->unit, v->previous_run), STYLE_PLAIN) ||
                row_set(row, 2, ok ? sink_text_number(info->unit, v->value) : sink_text_printf("-"),
                        STYLE_PLAIN) ||
                (ok && row_set(row, 3, sink_text_printf("%+.2f", v->change_vs_run), STYLE_PLAIN)))
                rc = RPO_ENOMEM;
        }
    }
    return rc;
}

/* The open risks (the engine orders them, highest severity first). */
static int build_risks(const rpo_report *r, table *t, size_t *closed)
{
    static const char *const heads[] = { "Severity", "Category", "Owner", "Raised", "Status", "" };
    int rc = add_head_row(t, "Risk", heads);

    *closed = 0;
    for (size_t i = 0; i < rpo_report_risk_count(r) && rc == RPO_OK; i++) {
        const rpo_risk *k = rpo_report_risk_at(r, i);
        table_row *row;

        if (k == NULL)
            continue;
        if (!k->open) {
            (*closed)++;
            continue;
        }
        row = table_add(t, sink_text_printf("%s %s", sink_text_or_empty(k->id),
                                            sink_text_or_empty(k->title)));
        if (row == NULL ||
            row_set(row, 0, k->severity ? sink_text_printf("%d", k->severity) : sink_text_printf("?"),
                    k->severity >= 4 ? STYLE_MISSED : STYLE_PLAIN) ||
            row_set(row, 1, sink_text_printf("%s", sink_text_or_empty(k->category)), STYLE_PLAIN) ||
            row_set(row, 2, sink_text_printf("%s", sink_text_or_empty(k->owner)), STYLE_PLAIN) ||
            row_set(row, 3, sink_text_printf("%s", sink_text_or_empty(k->raised_at)), STYLE_PLAIN) ||
            row_set(row, 4, sink_text_printf("%s", sink_text_or_empty(k->status)), STYLE_PLAIN) ||
            row_set(row, 5, sink_text_printf("%s", k->is_new ? "new" : ""), STYLE_PLAIN))
            rc = RPO_ENOMEM;
    }
    return rc;
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
    const char *client = sink_text_or_empty(h->client), *provider = sink_text_or_empty(h->provider);

    put_header_line(fp, "Engagement:", sink_text_or_empty(h->engagement), color);
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
    if (sink_text_or_empty(h->phase)[0] != '\0')
        put_header_line(fp, "Phase:", h->phase, 0);
    put_header_line(fp, "As of:", sink_text_or_empty(h->as_of), 0);
    if (sink_text_or_empty(h->previous_run_as_of)[0] != '\0')
        put_header_line(fp, "Last run:", h->previous_run_as_of, 0);
    put_header_line(fp, "Generator:", sink_text_or_empty(h->generator), 0);
    if (shown < total)
        fprintf(fp, "%-*slast %zu of %zu\n", HEADER_LABEL_WIDTH, "Periods:", shown, total);
}

static void print_title(FILE *fp, const char *title, int color);

static void print_quality(FILE *fp, const rpo_report *r, int color)
{
    size_t ns = rpo_report_source_count(r), nf = rpo_report_flag_count(r);

    print_title(fp, "Data quality", color);

    fputs(ns ? "Sources:\n" : "Sources: none\n", fp);
    for (size_t i = 0; i < ns; i++) {
        const rpo_source_summary *s = rpo_report_source_at(r, i);
        if (s == NULL)
            continue;
        fputs("  ", fp);
        put_text(fp, sink_text_or_empty(s->instance));
        fputs(" (", fp);
        put_text(fp, sink_text_or_empty(s->plugin));
        fputs(", ", fp);
        put_text(fp, sink_text_or_empty(s->record));
        fprintf(fp, "): read %llu, accepted %llu, rejected %llu\n", s->read, s->accepted,
                s->rejected);
    }

    fputs(nf ? "Flags:\n" : "Flags: none\n", fp);
    for (size_t i = 0; i < nf; i++) {
        const rpo_quality_flag *f = rpo_report_flag_at(r, i);
        if (f == NULL)
            continue;
        fprintf(fp, "  %llu x ", f->count);
        put_text(fp, sink_text_or_empty(f->description));
        if (sink_text_or_empty(f->example)[0] != '\0') {
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

/* A bold title line. */
static void print_title(FILE *fp, const char *title, int color)
{
    if (color)
        fputs(SGR_BOLD, fp);
    put_text(fp, title);
    if (color)
        fputs(SGR_RESET, fp);
    fputc('\n', fp);
}

static void print_achievements(FILE *fp, const rpo_report *r, int color)
{
    print_title(fp, "Achievements", color);
    for (size_t i = 0; i < rpo_report_achievement_count(r); i++) {
        const rpo_achievement *a = rpo_report_achievement_at(r, i);
        if (a == NULL)
            continue;
        fputs("  - ", fp);
        put_text(fp, sink_text_or_empty(a->text));
        fputc('\n', fp);
    }
}

/* Everything the console shows, built before the first byte is written. */
typedef struct page {
    size_t *cols, ncols, shown, total;
    unsigned char *marker;   /* status columns of vals and ns, or NULL */
    table vals, ns;          /* share their column widths */
    size_t label_w, *w;
    const rpo_incentive *inc;
    table inc_t;
    size_t inc_label_w, *inc_w;
    char *pool, *cap;        /* the incentive's, formatted */
    table *goals;            /* one per goal of the report (NULL ones stay empty) */
    size_t ngoals, goal_label_w, goal_w[4];
    table since_t;           /* changes since the last run (ABI 1.2) */
    size_t since_label_w, since_w[4];
    table risk_t;            /* the open risks (ABI 1.2) */
    size_t risk_label_w, risk_w[6], risks_closed;
} page;

static void page_free(page *pg)
{
    table_free(&pg->vals);
    table_free(&pg->ns);
    table_free(&pg->inc_t);
    table_free(&pg->since_t);
    table_free(&pg->risk_t);
    for (size_t g = 0; g < pg->ngoals; g++)
        table_free(&pg->goals[g]);
    free(pg->goals);
    free(pg->cols);
    free(pg->marker);
    free(pg->w);
    free(pg->inc_w);
    free(pg->pool);
    free(pg->cap);
}

/* Build PG for R: every table, every width. */
static int build_page(const console_ctx *ctx, const rpo_report *r, page *pg)
{
    size_t tcols;
    int rc = pick_columns(ctx, r, &pg->cols, &pg->ncols, &pg->shown, &pg->total);

    if (rc != RPO_OK)
        return rc;
    /* With a target anywhere, every period gets a status column after it. */
    tcols = pg->ncols;
    if (any_target(r, pg->cols, pg->ncols)) {
        tcols = 2 * pg->ncols;
        if ((pg->marker = calloc(tcols + 1, 1)) == NULL)
            return RPO_ENOMEM;
        for (size_t k = 0; k < pg->ncols; k++)
            pg->marker[2 * k + 1] = 1;
    }
    pg->vals.ncols = pg->ns.ncols = tcols;
    pg->vals.marker = pg->ns.marker = pg->marker;
    if ((rc = build_tables(ctx, r, pg->cols, pg->ncols, &pg->vals, &pg->ns)) != RPO_OK)
        return rc;
    if ((pg->w = calloc(tcols + 1, sizeof(*pg->w))) == NULL)
        return RPO_ENOMEM;
    table_widths(&pg->vals, &pg->label_w, pg->w);
    table_widths(&pg->ns, &pg->label_w, pg->w);

    if ((pg->inc = rpo_report_incentive(r)) != NULL) {
        pg->inc_t.ncols = pg->ncols;
        rc = build_incentive(ctx, r, pg->inc, pg->cols, pg->ncols, &pg->inc_t);
        if (rc != RPO_OK)
            return rc;
        if ((pg->inc_w = calloc(pg->inc_t.ncols + 1, sizeof(*pg->inc_w))) == NULL ||
            (pg->pool = sink_text_number(RPO_UNIT_CURRENCY, pg->inc->pool)) == NULL ||
            (pg->cap = sink_text_trimmed(pg->inc->cap, 2)) == NULL)
            return RPO_ENOMEM;
        table_widths(&pg->inc_t, &pg->inc_label_w, pg->inc_w);
    }

    if (rpo_report_goal_count(r) > 0) {
        pg->ngoals = rpo_report_goal_count(r);
        if ((pg->goals = calloc(pg->ngoals, sizeof(*pg->goals))) == NULL) {
            pg->ngoals = 0;
            return RPO_ENOMEM;
        }
        for (size_t g = 0; g < pg->ngoals; g++) {
            const rpo_goal *goal = rpo_report_goal_at(r, g);
            pg->goals[g].ncols = 4;
            if (goal != NULL && (rc = build_goal(goal, &pg->goals[g])) != RPO_OK)
                return rc;
            /* All goals share their widths: the links line up. */
            table_widths(&pg->goals[g], &pg->goal_label_w, pg->goal_w);
        }
    }

    if (sink_text_or_empty(rpo_report_get_header(r)->previous_run_as_of)[0] != '\0') {
        pg->since_t.ncols = 4;
        if ((rc = build_since_run(r, pg->cols, pg->ncols, &pg->since_t)) != RPO_OK)
            return rc;
        table_widths(&pg->since_t, &pg->since_label_w, pg->since_w);
    }
    if (rpo_report_risk_count(r) > 0) {
        pg->risk_t.ncols = 6;
        if ((rc = build_risks(r, &pg->risk_t, &pg->risks_closed)) != RPO_OK)
            return rc;
        table_widths(&pg->risk_t, &pg->risk_label_w, pg->risk_w);
    }
    return RPO_OK;
}

/* The changes since the last run, or that there are none. */
static void print_since_run(FILE *fp, const rpo_report *r, const page *pg, int color)
{
    print_title(fp, "Since the last run", color);
    fputs("The run as of ", fp);
    put_text(fp, rpo_report_get_header(r)->previous_run_as_of);
    if (pg->since_t.nrows <= 2) {
        fputs(" reported the same values.\n", fp);
        return;
    }
    fputs(" reported these values differently:\n", fp);
    table_print(fp, &pg->since_t, pg->since_label_w, pg->since_w, color);
}

/* The open risks, and how many are closed. */
static void print_risks(FILE *fp, const page *pg, int color)
{
    print_title(fp, "Risk log", color);
    if (pg->risk_t.nrows > 2)
        table_print(fp, &pg->risk_t, pg->risk_label_w, pg->risk_w, color);
    else
        fputs("No open risk.\n", fp);
    fprintf(fp, "%zu closed (listed in the JSON report).\n", pg->risks_closed);
}

/* The incentive table and what its numbers mean. */
static void print_incentive(FILE *fp, const rpo_report *r, const page *pg, int color)
{
    const rpo_report_header *h = rpo_report_get_header(r);

    table_print(fp, &pg->inc_t, pg->inc_label_w, pg->inc_w, color);
    fputs("\nPool ", fp);
    fputs(pg->pool, fp);
    if (sink_text_or_empty(h->currency)[0] != '\0') {
        fputc(' ', fp);
        put_text(fp, h->currency);
    }
    fprintf(fp, " per period; attainment capped at %s%%.\n"
                "Metrics without a value are left out of the weighted attainment.\n",
            pg->cap);
}

static void print_goals(FILE *fp, const rpo_report *r, const page *pg, int color)
{
    for (size_t g = 0; g < pg->ngoals; g++) {
        const rpo_goal *goal = rpo_report_goal_at(r, g);

        if (goal == NULL)
            continue;
        if (color)
            fputs(SGR_BOLD, fp);
        fputs("Goal alignment: ", fp);
        put_text(fp, sink_text_or_empty(goal->name));
        if (color)
            fputs(SGR_RESET, fp);
        fputc('\n', fp);
        if (sink_text_or_empty(goal->description)[0] != '\0') {
            put_text(fp, goal->description);
            fputc('\n', fp);
        }
        if (goal->n_links == 0)
            fputs("No links.\n", fp);
        else
            table_print(fp, &pg->goals[g], pg->goal_label_w, pg->goal_w, color);
        fputc('\n', fp);
    }
}

/* Whether the framework block shows period label LABEL: the latest period
 * the tables show, and overall (earlier periods are in the JSON report). */
static int period_shown(const rpo_report *r, const page *pg, const char *label)
{
    if (strcmp(label, "overall") == 0)
        return 1;
    const rpo_period *p = pg->ncols ? rpo_report_period_at(r, pg->cols[pg->ncols - 1]) : NULL;
    if (p != NULL && p->overall && pg->ncols > 1)
        p = rpo_report_period_at(r, pg->cols[pg->ncols - 2]);
    return p != NULL && !p->overall && strcmp(sink_text_or_empty(p->label), label) == 0;
}

/* One assessed group: its headline, dimensions, figures and findings. */
static void print_assessment_group(FILE *fp, const rpo_framework_view *f,
                                   const rpo_assessment_group_view *g)
{
    put_text(fp, sink_text_or_empty(g->group)[0] ? g->group : "All respondents");
    fputs(", ", fp);
    put_text(fp, sink_text_or_empty(g->period));
    fprintf(fp, ": n=%llu", g->n);
    if (g->state != RPO_VALUE_OK) {
        fputs(g->n ? "; insufficient (too few respondents to score)\n"
                   : "; no responses\n",
              fp);
        return;
    }
    if (g->has_index) {
        fputs("; ", fp);
        put_text(fp, sink_text_or_empty(f->index_name)[0] ? f->index_name : "index");
        fprintf(fp, " %.2f", g->index);
    }
    if (sink_text_or_empty(g->stage)[0]) {
        fputs("; ", fp);
        put_text(fp, sink_text_or_empty(f->stage_name)[0] ? f->stage_name : "stage");
        fputs(": ", fp);
        put_text(fp, g->stage);
    }
    fputc('\n', fp);
    size_t w = strlen("Element");
    for (size_t k = 0; k < g->n_dimensions; k++)
        if (text_width(sink_text_or_empty(g->dimensions[k].name)) > w)
            w = text_width(sink_text_or_empty(g->dimensions[k].name));
    if (g->n_dimensions) {
        fputs("  Element", fp);
        put_spaces(fp, w - strlen("Element"));
        fputs("      n  Score  Spread  Status\n", fp);
    }
    for (size_t k = 0; k < g->n_dimensions; k++) {
        const rpo_assessment_dimension_view *d = &g->dimensions[k];
        fputs("  ", fp);
        put_text(fp, sink_text_or_empty(d->name));
        put_spaces(fp, w - text_width(sink_text_or_empty(d->name)));
        if (d->state == RPO_VALUE_OK)
            fprintf(fp, "  %5llu  %5.2f  %6.2f", d->n, d->score, d->spread);
        else
            fprintf(fp, "  %5llu  %5s  %6s", d->n, "-", "-");
        if (sink_text_or_empty(d->status)[0]) {
            fputs("  ", fp);
            put_text(fp, d->status);
        }
        fputc('\n', fp);
    }
    for (size_t k = 0; k < g->n_figures; k++) {
        const rpo_assessment_figure_view *x = &g->figures[k];
        int first = k == 0 || strcmp(sink_text_or_empty(g->figures[k - 1].table), sink_text_or_empty(x->table)) != 0;
        int last = k + 1 == g->n_figures ||
                   strcmp(sink_text_or_empty(g->figures[k + 1].table), sink_text_or_empty(x->table)) != 0;
        if (first) {
            fputs("  ", fp);
            put_text(fp, sink_text_or_empty(x->table));
            fputs(": ", fp);
        }
        put_text(fp, sink_text_or_empty(x->name));
        char *v = sink_text_trimmed(x->value, 4);
        fprintf(fp, " %s%s", v ? v : "?", last ? "\n" : ", ");
        free(v);
    }
    for (size_t k = 0; k < g->n_findings; k++) {
        fputs("  - ", fp);
        put_text(fp, sink_text_or_empty(g->findings[k].finding));
        if (sink_text_or_empty(g->findings[k].action)[0]) {
            fputs("\n    \xE2\x86\x92 ", fp);
            put_text(fp, g->findings[k].action);
        }
        fputc('\n', fp);
    }
}

/* The framework assessments, for the periods the tables show. */
static void print_frameworks(FILE *fp, const rpo_report *r, const page *pg, int color)
{
    for (size_t i = 0; i < rpo_report_framework_count(r); i++) {
        const rpo_framework_view *f = rpo_report_framework_at(r, i);
        if (f == NULL)
            continue;
        char *title = sink_text_printf("Framework: %s (%s, instrument %s)", sink_text_or_empty(f->instance),
                                 sink_text_or_empty(f->framework), sink_text_or_empty(f->instrument));
        print_title(fp, title ? title : "Framework", color);
        free(title);
        fprintf(fp, "Responses: %llu taken, %llu refused\n", f->accepted, f->rejected);
        for (size_t g = 0; g < f->n_groups; g++)
            if (period_shown(r, pg, sink_text_or_empty(f->groups[g].period)))
                print_assessment_group(fp, f, &f->groups[g]);
        fputc('\n', fp);
    }
}

/* Render the whole report to FP. */
static int render(const console_ctx *ctx, const rpo_report *r, FILE *fp)
{
    const rpo_report_header *h = rpo_report_get_header(r);
    page pg;
    int color = use_color(ctx, fp);
    int rc;

    if (h == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no header");
        return RPO_ERR;
    }
    memset(&pg, 0, sizeof(pg));
    rc = build_page(ctx, r, &pg);
    /* Everything that can fail is done: nothing is printed before this. */
    if (rc == RPO_OK) {
        print_header(fp, h, pg.shown, pg.total, color);
        fputc('\n', fp);
        if (rpo_report_metric_count(r) == 0) {
            fputs("No metrics in this report.\n", fp);
        } else {
            table_print(fp, &pg.vals, pg.label_w, pg.w, color);
            fputc('\n', fp);
            table_print(fp, &pg.ns, pg.label_w, pg.w, color);
            fprintf(fp, "\nn<%u: fewer than %u observations, value withheld; "
                        "-: no observations.\n",
                    h->min_n, h->min_n);
            if (pg.marker != NULL)
                fputs("Target: \xE2\x9C\x94 met; \xE2\x89\x88 near (missed within the "
                      "tolerance); \xE2\x9C\x98 missed; ? no value to judge.\n",
                      fp);
        }
        fputc('\n', fp);
        if (pg.inc != NULL) {
            print_incentive(fp, r, &pg, color);
            fputc('\n', fp);
        }
        if (rpo_report_achievement_count(r) > 0) {
            print_achievements(fp, r, color);
            fputc('\n', fp);
        }
        if (pg.since_t.ncols) {
            print_since_run(fp, r, &pg, color);
            fputc('\n', fp);
        }
        if (pg.risk_t.ncols) {
            print_risks(fp, &pg, color);
            fputc('\n', fp);
        }
        print_goals(fp, r, &pg, color);
        print_frameworks(fp, r, &pg, color);
        print_quality(fp, r, color);
    }
    if (rc == RPO_ENOMEM)
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
    page_free(&pg);
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
    .version = "1.1.0",
    .description = "the scorecard as an aligned text table on standard output or in a file",
    .keys = console_keys,
    .create = console_create,
    .destroy = console_destroy,
    .read = NULL,
    .write = console_write,
};
