/*
 * sink_csv — every metric value of the report as tidy CSV (RFC 4180), one
 * row per metric × segment × period, for spreadsheets, pandas and R.
 *
 *   engagement,period,segment_dimension,segment_value,metric,value,n,target,baseline,status,state,unit
 *   Acme hiring 2024,2024Q1,all,,time_to_fill,34.5,12,30,40,missed,ok,days
 *
 * Rows come in report order: metric by metric (key metrics first), within
 * a metric segment "all" and then each segment the `segments` key asks for
 * whose dimension the metric supports, within a segment every period (the
 * last one "overall"). Columns:
 *   value     the figure (the median for distributions); empty unless state
 *             is ok. Counts are integers; everything else has at most two
 *             decimals, trailing zeros dropped ("34.5", "4105.77", "40"), so
 *             the digits are the engine's (already rounded to 2 decimals)
 *             and the JSON report's. Percent values are 0..100.
 *   n         the observations behind the value
 *   target, baseline   as configured for the cell, empty when none
 *   status    none, met, near, missed, insufficient (rpo_target_status_name)
 *   state     ok, insufficient (0 < n < min_n), empty (n = 0): why a value
 *             is empty
 *   unit      count, days, percent, currency, ratio, score; the currency
 *             itself is the engagement's (the JSON report's engagement.currency)
 * RFC 4180: CRLF after every record, the header included; a field holding a
 * comma, a double quote, CR or LF is enclosed in double quotes, with its
 * quotes doubled. Text from the report is written as it is (UTF-8, no BOM).
 *
 * A `file` is written through rpo_outfile_* (a temporary file renamed over
 * the target when complete; a path that exists and is not a regular file is
 * refused). Standard output cannot be taken back, so there the document is
 * built in memory first and printed only when complete.
 */
#include <math.h> /* isfinite, a macro: no libm needed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpo/rpo.h>

#include "../sink_common/segments.h"
#include "../sink_common/text.h"

typedef struct csv_ctx {
    const rpo_instance *inst;
    const char *file;     /* NULL: standard output; owned by the engine */
    const char *segments; /* the `segments` key; owned by the engine */
} csv_ctx;

static const rpo_config_key csv_keys[] = {
    { "file", RPO_KEY_PATH, 0, NULL,
      "write the CSV here (atomically) instead of standard output" },
    { "segments", RPO_KEY_STRING, 0, "all",
      "per-segment rows to write: all, none, or dimensions such as department, source" },
    { NULL, 0, 0, NULL, NULL }
};

static const char csv_header[] = "engagement,period,segment_dimension,segment_value,metric,"
                                 "value,n,target,baseline,status,state,unit\r\n";

/* Write S as one RFC 4180 field: quoted (quotes doubled) when it holds a
 * comma, a double quote, CR or LF, as it is otherwise. */
static void put_field(FILE *fp, const char *s)
{
    s = sink_text_or_empty(s);
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/*
 * Write V, a number of UNIT, as a field: an integer for counts, else at most
 * 2 decimals with trailing zeros dropped; nothing when !HAVE. A value that
 * is not finite would be an engine bug: it is left empty, with a warning.
 */
static int put_number(const csv_ctx *ctx, FILE *fp, int have, double v, rpo_unit unit)
{
    char *s;

    if (!have)
        return RPO_OK;
    if (!isfinite(v)) {
        rpo_log(ctx->inst, RPO_LOG_WARN, "the report holds a value that is not a number; "
                                         "written as an empty field");
        return RPO_OK;
    }
    s = unit == RPO_UNIT_COUNT ? sink_text_printf("%.0f", v == 0.0 ? 0.0 : v)
                               : sink_text_trimmed(v, 2);
    if (s == NULL)
        return RPO_ENOMEM;
    fputs(s, fp);
    free(s);
    return RPO_OK;
}

/* One row: metric INFO in period PER, segment SEG, value V. */
static int put_row(const csv_ctx *ctx, FILE *fp, const rpo_report_header *h,
                   const rpo_period *per, const rpo_segment *seg, const rpo_metric_info *info,
                   const rpo_metric_value *v)
{
    int rc;

    put_field(fp, h->engagement);
    fputc(',', fp);
    put_field(fp, per->label);
    fputc(',', fp);
    put_field(fp, seg->dimension);
    fputc(',', fp);
    put_field(fp, seg->value);
    fputc(',', fp);
    put_field(fp, info->id);
    fputc(',', fp);
    if ((rc = put_number(ctx, fp, v->state == RPO_VALUE_OK, v->value, info->unit)) != RPO_OK)
        return rc;
    fprintf(fp, ",%llu,", v->n);
    if ((rc = put_number(ctx, fp, v->has_target, v->target, info->unit)) != RPO_OK)
        return rc;
    fputc(',', fp);
    if ((rc = put_number(ctx, fp, v->has_baseline, v->baseline, info->unit)) != RPO_OK)
        return rc;
    fputc(',', fp);
    put_field(fp, rpo_target_status_name(v->status));
    fputc(',', fp);
    put_field(fp, rpo_value_state_name(v->state));
    fputc(',', fp);
    put_field(fp, rpo_unit_name(info->unit));
    fputs("\r\n", fp);
    return RPO_OK;
}

/* The rows of metric M in segment S (SEG), one per period. */
static int put_segment(const csv_ctx *ctx, FILE *fp, const rpo_report *r, size_t m,
                       const rpo_metric_info *info, size_t s, const rpo_segment *seg)
{
    const rpo_report_header *h = rpo_report_get_header(r);

    for (size_t p = 0; p < rpo_report_period_count(r); p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        const rpo_metric_value *v = rpo_report_cell(r, m, p, s);
        int rc;

        /* A hole in a supported segment would silently drop a row. */
        if (per == NULL || v == NULL) {
            rpo_log(ctx->inst, RPO_LOG_ERROR,
                    "report has no value for metric %s, period %zu, segment %s = \"%s\"",
                    sink_text_or_empty(info->id), p, sink_text_or_empty(seg->dimension),
                    sink_text_or_empty(seg->value));
            return RPO_ERR;
        }
        if ((rc = put_row(ctx, fp, h, per, seg, info, v)) != RPO_OK)
            return rc;
    }
    return RPO_OK;
}

/* The whole document. */
static int render(const csv_ctx *ctx, const rpo_report *r, FILE *fp)
{
    if (rpo_report_get_header(r) == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no header");
        return RPO_ERR;
    }
    fputs(csv_header, fp);
    for (size_t m = 0; m < rpo_report_metric_count(r); m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        int rc;

        if (info == NULL) {
            rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no metric %zu", m);
            return RPO_ERR;
        }
        for (size_t s = 0; s < rpo_report_segment_count(r); s++) {
            const rpo_segment *seg = rpo_report_segment_at(r, s);

            if (seg == NULL) {
                rpo_log(ctx->inst, RPO_LOG_ERROR, "report has no segment %zu", s);
                return RPO_ERR;
            }
            /* Segment 0 is the whole engagement; other segments only when
             * asked for and when the metric supports their dimension
             * (without periods there is no cell to tell that by). */
            if (s > 0 && (!sink_segments_listed(ctx->segments, seg->dimension) ||
                          rpo_report_period_count(r) == 0 ||
                          rpo_report_cell(r, m, 0, s) == NULL))
                continue;
            if ((rc = put_segment(ctx, fp, r, m, info, s, seg)) != RPO_OK)
                return rc;
        }
    }
    return RPO_OK;
}

/* ------------------------------------------------------------ callbacks */

static int csv_sink_create(rpo_instance *inst, void **ctxp)
{
    const char *file = rpo_config_get(inst, "file");
    const char *segments = rpo_config_get(inst, "segments");
    csv_ctx *ctx;
    int rc;

    if ((rc = sink_segments_check(inst, "segments", segments)) != RPO_OK)
        return rc;
    if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    /* "-" (or nothing) means standard output and must not be resolved
     * into a path beside the configuration file. */
    ctx->file = file == NULL || file[0] == '\0' || strcmp(file, "-") == 0
                    ? NULL
                    : rpo_config_path(inst, "file");
    ctx->segments = segments != NULL ? segments : "all";
    *ctxp = ctx;
    return RPO_OK;
}

static void csv_sink_destroy(void *ctx)
{
    free(ctx);
}

static int csv_sink_write(void *vctx, const rpo_report *report)
{
    const csv_ctx *ctx = vctx;
    rpo_outfile *of = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp;
    int rc;

    if (ctx->file != NULL) {
        if ((rc = rpo_outfile_open(ctx->inst, ctx->file, &of)) != RPO_OK)
            return rc; /* logged */
        fp = rpo_outfile_stream(of);
    } else if ((fp = open_memstream(&buf, &len)) == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    rc = render(ctx, report, fp);
    if (rc == RPO_OK && ferror(fp))
        rc = RPO_EIO;
    if (of == NULL) {
        if (fclose(fp) != 0 && rc == RPO_OK)
            rc = RPO_ENOMEM;
        if (rc == RPO_OK && (rc = rpo_outfile_open(ctx->inst, NULL, &of)) == RPO_OK &&
            fwrite(buf, 1, len, rpo_outfile_stream(of)) != len)
            rc = RPO_EIO;
        free(buf);
        if (of == NULL) {
            if (rc == RPO_ENOMEM)
                rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
            return rc;
        }
    }
    if (rc == RPO_ENOMEM)
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
    else if (rc == RPO_EIO)
        rpo_log(ctx->inst, RPO_LOG_ERROR, "cannot write %s",
                ctx->file ? ctx->file : "to standard output");
    if (rc != RPO_OK) {
        rpo_outfile_abort(of);
        return rc;
    }
    return rpo_outfile_commit(of);
}

RPO_PLUGIN_EXPORT(sink_csv) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "csv",
    .version = "1.0.0",
    .description = "every metric value as tidy CSV (RFC 4180): one row per metric, segment "
                   "and period",
    .keys = csv_keys,
    .create = csv_sink_create,
    .destroy = csv_sink_destroy,
    .read = NULL,
    .write = csv_sink_write,
};
