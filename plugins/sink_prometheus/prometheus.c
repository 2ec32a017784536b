/*
 * sink_prometheus — the scorecard as a node_exporter textfile-collector file
 * (Prometheus text exposition format 0.0.4), written atomically, so that an
 * operator's monitoring can graph the metrics and alert on a stale run.
 *
 * Families (all gauges, every series labelled engagement="NAME"; the layout
 * is documented in docs/sink-prometheus.md):
 *   rpo_engagement_info{client,provider,phase,currency,generator} 1
 *   rpo_run_status 1          written only by a run that got as far as its sinks
 *   rpo_run_timestamp_seconds when this sink wrote (Unix time)
 *   rpo_run_duration_seconds  from this sink's create() to its write(): the
 *                             run's loading, reading and computing (the engine
 *                             gives sinks no start time)
 *   rpo_report_as_of_timestamp_seconds  00:00 UTC of the as-of date
 *   rpo_source_records{source,outcome="read|accepted|rejected"}
 *   rpo_data_quality_flags{code}        cases of each data-quality flag
 *   per metric ID of the report, for the exported cells:
 *     rpo_ID[_UNIT]{period[,dimension,segment][,statistic]}  the value, only
 *             when its state is ok (an absent series, not NaN, otherwise);
 *             distributions carry statistic="median|mean|p90"
 *     rpo_ID_target[_UNIT], rpo_ID_baseline[_UNIT]  when the metric has them
 *   rpo_metric_observations{metric,period[,dimension,segment]}  n of every cell
 *   rpo_metric_status{metric,period[,dimension,segment],status}  a state set
 *             (1 for the cell's status, 0 for the others) for cells with a target
 *
 * Base units, as Prometheus asks (and promtool checks): days are written as
 * seconds (x 86400; `_seconds`), percentages as ratios 0..1 (/ 100;
 * `_ratio`); currency keeps its amount with the ISO code in a `currency`
 * label; counts, ratios and scores have no suffix. An id part "days" becomes
 * "time" (stage_days_apply_to_screen → rpo_stage_time_apply_to_screen_seconds),
 * since promtool reads any "days" in a name as a unit; other characters
 * outside [a-z0-9_] become "_". A name taken twice is written once, with a
 * warning naming the metric left out.
 *
 * Cardinality: by default only the latest complete period (key `periods`)
 * and overall, and segment "all" alone (key `segments`); the current,
 * unfinished quarter is never exported (its values move until it ends).
 */
#include <math.h> /* isfinite, a macro: no libm needed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpo/rpo.h>

#include "../sink_common/segments.h"
#include "../sink_common/publish.h"
#include "../sink_common/text.h"

#define SECONDS_PER_DAY 86400.0

typedef struct prom_ctx {
    const rpo_instance *inst;
    const char *file;      /* NULL: standard output; owned by the engine */
    long periods;          /* latest complete periods exported besides overall */
    const char *segments;  /* the `segments` key; owned by the engine */
    int with_segments;     /* cell series carry dimension and segment labels */
    struct timespec started; /* CLOCK_MONOTONIC at create() */
} prom_ctx;

/* State of one write. */
typedef struct writer {
    const prom_ctx *ctx;
    const rpo_report *r;
    FILE *fp;
    char *engagement;  /* the engagement label, escaped */
    size_t *periods;   /* exported period indexes, report order */
    size_t nperiods;
    char **names;      /* family names written so far */
    size_t nnames, capnames;
    int status;        /* first failure */
} writer;

static const rpo_config_key prom_keys[] = {
    { "file", RPO_KEY_PATH, 0, NULL,
      "the .prom file to write (atomically), e.g. in node_exporter's textfile directory" },
    { "periods", RPO_KEY_INT, 0, "1",
      "how many of the latest complete periods to export besides overall (0: overall only)" },
    { "segments", RPO_KEY_STRING, 0, "none",
      "per-segment series: none, all, or dimensions such as department, source" },
    { NULL, 0, 0, NULL, NULL }
};

static void record_failure(writer *w, int status)
{
    if (w->status == RPO_OK)
        w->status = status;
}

/* ---------------------------------------------------------------- text */

/*
 * S escaped for the exposition format: in a label value (HELP 0) backslash,
 * double quote and newline as \\, \" and \n; in HELP text (HELP 1)
 * backslash and newline. Label values must be UTF-8: an invalid byte
 * becomes U+FFFD. Returns a malloc'd string, NULL when out of memory.
 */
static char *escape(const char *s, int help)
{
    const unsigned char *p = (const unsigned char *)sink_text_or_empty(s);
    char *out = malloc(3 * strlen((const char *)p) + 1), *o = out;

    if (out == NULL)
        return NULL;
    while (*p != '\0') {
        size_t n = sink_text_utf8_sequence(p);
        if (n == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        } else if (*p == '\\' || (*p == '"' && !help) || *p == '\n') {
            *o++ = '\\';
            *o++ = *p == '\n' ? 'n' : (char)*p;
            p++;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

/* Write S escaped (see escape()), or record the failure. */
static void put_escaped(writer *w, const char *s, int help)
{
    char *e = escape(s, help);

    if (e == NULL) {
        record_failure(w, RPO_ENOMEM);
        return;
    }
    fputs(e, w->fp);
    free(e);
}

/* ------------------------------------------------------------- families */

/*
 * Start family NAME (HELP text HELP, type gauge), unless a family of that
 * name was written already: then log why METRIC_ID (NULL for the fixed
 * families) is left out and return 0. Returns 1 when the samples may follow.
 */
static int family(writer *w, const char *name, const char *help, const char *metric_id)
{
    for (size_t i = 0; i < w->nnames; i++)
        if (strcmp(w->names[i], name) == 0) {
            rpo_log(w->ctx->inst, RPO_LOG_WARN,
                    "metric %s: its Prometheus name %s is taken by another metric; "
                    "left out of the file",
                    metric_id ? metric_id : "?", name);
            return 0;
        }
    if (w->nnames == w->capnames) {
        size_t cap = w->capnames ? 2 * w->capnames : 32;
        char **names = realloc(w->names, cap * sizeof(*names));
        if (names == NULL) {
            record_failure(w, RPO_ENOMEM);
            return 0;
        }
        w->names = names;
        w->capnames = cap;
    }
    if ((w->names[w->nnames] = strdup(name)) == NULL) {
        record_failure(w, RPO_ENOMEM);
        return 0;
    }
    w->nnames++;
    fprintf(w->fp, "# HELP %s ", name);
    put_escaped(w, help, 1);
    fprintf(w->fp, "\n# TYPE %s gauge\n", name);
    return 1;
}

/* Write sample NAME{engagement="...",LABELS} VALUE; LABELS is "" or
 * ',key="escaped value",...'. */
static void sample(writer *w, const char *name, const char *labels, const char *value)
{
    fprintf(w->fp, "%s{engagement=\"%s\"%s} %s\n", name, w->engagement, labels, value);
}

/* A sample whose value is V printed with "%.*f" (DECIMALS), trailing zeros
 * of the decimals dropped. */
static void sample_num(writer *w, const char *name, const char *labels, double v, int decimals)
{
    /* sink_text_trimmed would also drop the zeros of a whole number */
    char *s = decimals > 0 ? sink_text_trimmed(v, decimals)
                           : sink_text_printf("%.0f", v == 0.0 ? 0.0 : v);

    if (s == NULL) {
        record_failure(w, RPO_ENOMEM);
        return;
    }
    sample(w, name, labels, s);
    free(s);
}

/* ',KEY="VALUE"' with VALUE escaped, appended to *LABELS (malloc'd, may be
 * NULL at first). */
static void add_label(writer *w, char **labels, const char *key, const char *value)
{
    char *e = escape(value, 0), *s;

    if (e == NULL) {
        record_failure(w, RPO_ENOMEM);
        return;
    }
    s = sink_text_printf("%s,%s=\"%s\"", *labels ? *labels : "", key, e);
    free(e);
    if (s == NULL) {
        record_failure(w, RPO_ENOMEM);
        return;
    }
    free(*labels);
    *labels = s;
}

/* ------------------------------------------------------------- the run */

/* Days since 1970-01-01 of the ISO date ISO ("YYYY-MM-DD"); -1 when it is
 * not one. (H. Hinnant's days_from_civil.) */
static long long days_from_iso(const char *iso)
{
    int y, m, d;
    char end;

    if (iso == NULL || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return -1;
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void put_run(writer *w, const rpo_report_header *h)
{
    struct timespec now, mono;
    char *labels = NULL;
    double duration;
    long long days;

    add_label(w, &labels, "client", h->client);
    add_label(w, &labels, "provider", h->provider);
    add_label(w, &labels, "phase", h->phase);
    add_label(w, &labels, "currency", h->currency);
    add_label(w, &labels, "generator", h->generator);
    if (labels != NULL &&
        family(w, "rpo_engagement_info", "The engagement this file describes.", NULL))
        sample(w, "rpo_engagement_info", labels, "1");
    free(labels);

    if (family(w, "rpo_run_status",
               "1: the last rpo run got as far as writing its report (a failed run "
               "leaves this file as it was; alert on rpo_run_timestamp_seconds).",
               NULL))
        sample(w, "rpo_run_status", "", "1");
    clock_gettime(CLOCK_REALTIME, &now);
    if (family(w, "rpo_run_timestamp_seconds",
               "When the last rpo run wrote this file, in seconds since the epoch.", NULL))
        sample_num(w, "rpo_run_timestamp_seconds", "", (double)now.tv_sec, 0);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    duration = (double)(mono.tv_sec - w->ctx->started.tv_sec) +
               (double)(mono.tv_nsec - w->ctx->started.tv_nsec) / 1e9;
    if (family(w, "rpo_run_duration_seconds",
               "Seconds the last rpo run took to load, read and compute, until this "
               "sink wrote.",
               NULL))
        sample_num(w, "rpo_run_duration_seconds", "", duration < 0 ? 0 : duration, 3);
    if ((days = days_from_iso(h->as_of)) >= 0 &&
        family(w, "rpo_report_as_of_timestamp_seconds",
               "The as-of date of the report (00:00 UTC), in seconds since the epoch.", NULL))
        sample_num(w, "rpo_report_as_of_timestamp_seconds", "", (double)days * SECONDS_PER_DAY,
                   0);
}

static void put_sources(writer *w)
{
    const rpo_report *r = w->r;
    static const char *const outcomes[] = { "read", "accepted", "rejected" };

    if (rpo_report_source_count(r) == 0 ||
        !family(w, "rpo_source_records",
                "Records of each source in the last run: read, accepted, rejected.", NULL))
        return;
    for (size_t i = 0; i < rpo_report_source_count(r); i++) {
        const rpo_source_summary *s = rpo_report_source_at(r, i);
        if (s == NULL)
            continue;
        const unsigned long long counts[] = { s->read, s->accepted, s->rejected };
        for (size_t k = 0; k < 3; k++) {
            char *labels = NULL, *v;
            add_label(w, &labels, "source", s->instance);
            add_label(w, &labels, "outcome", outcomes[k]);
            if (labels != NULL && (v = sink_text_printf("%llu", counts[k])) != NULL) {
                sample(w, "rpo_source_records", labels, v);
                free(v);
            } else {
                record_failure(w, RPO_ENOMEM);
            }
            free(labels);
        }
    }
}

static void put_flags(writer *w)
{
    const rpo_report *r = w->r;

    if (rpo_report_flag_count(r) == 0 ||
        !family(w, "rpo_data_quality_flags",
                "Cases of each data-quality flag (implausible data kept in the report).", NULL))
        return;
    for (size_t i = 0; i < rpo_report_flag_count(r); i++) {
        const rpo_quality_flag *f = rpo_report_flag_at(r, i);
        char *labels = NULL, *v;
        if (f == NULL)
            continue;
        add_label(w, &labels, "code", f->code);
        if (labels != NULL && (v = sink_text_printf("%llu", f->count)) != NULL) {
            sample(w, "rpo_data_quality_flags", labels, v);
            free(v);
        } else {
            record_failure(w, RPO_ENOMEM);
        }
        free(labels);
    }
}

/* ------------------------------------------------------------- metrics */

/*
 * Choose the exported periods: the last CTX->periods complete non-overall
 * periods and every overall period, in report order.
 */
static int pick_periods(writer *w)
{
    const rpo_report *r = w->r;
    size_t np = rpo_report_period_count(r), complete = 0, skip, seen = 0;

    if ((w->periods = calloc(np + 1, sizeof(*w->periods))) == NULL)
        return RPO_ENOMEM;
    for (size_t p = 0; p < np; p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        if (per == NULL) {
            rpo_log(w->ctx->inst, RPO_LOG_ERROR, "report has no period %zu of %zu", p, np);
            return RPO_ERR;
        }
        complete += !per->overall && per->complete;
    }
    skip = (size_t)w->ctx->periods < complete ? complete - (size_t)w->ctx->periods : 0;
    for (size_t p = 0; p < np; p++) {
        const rpo_period *per = rpo_report_period_at(r, p);
        if (per->overall || (per->complete && seen++ >= skip))
            w->periods[w->nperiods++] = p;
    }
    return RPO_OK;
}

/* Whether C is kept in a name part: a letter or a digit (NUL is not). */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * The Prometheus name of metric INFO: "rpo_" + its id (lower case; other
 * characters than [a-z0-9_] as "_"; an id part "days" as "time") + PART
 * ("", "_target", "_baseline") + the unit's suffix.
 */
static char *metric_name(const rpo_metric_info *info, const char *part)
{
    const char *id = sink_text_or_empty(info->id);
    const char *suffix = info->unit == RPO_UNIT_DAYS      ? "_seconds"
                         : info->unit == RPO_UNIT_PERCENT ? "_ratio"
                                                          : "";
    size_t len = strlen(id);
    char *base = malloc(len + 1), *o = base, *s;

    if (base == NULL)
        return NULL;
    for (size_t i = 0; i < len;) {
        /* "days" as a whole part of the id: between separators or the ends */
        if ((i == 0 || !name_char(id[i - 1])) && strncmp(id + i, "days", 4) == 0 &&
            !name_char(id[i + 4])) {
            memcpy(o, "time", 4);
            o += 4;
            i += 4;
            continue;
        }
        char c = id[i++];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        *o++ = name_char(c) ? c : '_';
    }
    *o = '\0';
    /* "time_to_fill_ratio" stays; only a suffix already there is not doubled */
    if (part[0] == '\0' && len >= strlen(suffix) &&
        strcmp(base + strlen(base) - strlen(suffix), suffix) == 0)
        suffix = "";
    s = sink_text_printf("rpo_%s%s%s", base, part, suffix);
    free(base);
    return s;
}

/* V of a metric of UNIT in the base unit, with the decimals it has then. */
static void sample_value(writer *w, const char *name, const char *labels, double v,
                         rpo_unit unit)
{
    if (!isfinite(v)) {
        rpo_log(w->ctx->inst, RPO_LOG_WARN, "the report holds a value that is not a number; "
                                            "left out");
        return;
    }
    switch (unit) {
    case RPO_UNIT_DAYS: /* 2 decimals of a day are whole seconds */
        sample_num(w, name, labels, v * SECONDS_PER_DAY, 0);
        break;
    case RPO_UNIT_PERCENT:
        sample_num(w, name, labels, v / 100.0, 4);
        break;
    case RPO_UNIT_COUNT:
        sample_num(w, name, labels, v, 0);
        break;
    default:
        sample_num(w, name, labels, v, 2);
        break;
    }
}

/* The labels of a cell: [,metric=ID],period=P[,dimension=D,segment=S]. */
static char *cell_labels(writer *w, const char *metric_id, const rpo_period *per,
                         const rpo_segment *seg)
{
    char *labels = NULL;

    if (metric_id != NULL)
        add_label(w, &labels, "metric", metric_id);
    add_label(w, &labels, "period", per->label);
    if (w->ctx->with_segments) {
        add_label(w, &labels, "dimension", seg->dimension);
        add_label(w, &labels, "segment", seg->value);
    }
    return labels;
}

/* What one family of a metric's cells writes. */
enum cell_part { PART_VALUE, PART_TARGET, PART_BASELINE, PART_N, PART_STATUS };

/* Whether the cells of metric M write anything for PART (so its family is
 * announced only then). */
static int cell_has(const rpo_metric_value *v, enum cell_part part)
{
    switch (part) {
    case PART_VALUE: return v->state == RPO_VALUE_OK;
    case PART_TARGET: return v->has_target;
    case PART_BASELINE: return v->has_baseline;
    case PART_N: return 1;
    default: return v->status != RPO_STATUS_NONE;
    }
}

/* Whether segment S of metric M is exported. */
static int segment_exported(writer *w, size_t m, size_t s, const rpo_segment *seg)
{
    if (s == 0)
        return 1;
    return w->ctx->with_segments && sink_segments_listed(w->ctx->segments, seg->dimension) &&
           rpo_report_period_count(w->r) > 0 && rpo_report_cell(w->r, m, 0, s) != NULL;
}

/* The samples of PART of metric M (INFO) under NAME, every exported cell. */
static void put_cells(writer *w, size_t m, const rpo_metric_info *info, const char *name,
                      enum cell_part part)
{
    static const char *const statistic[] = { "median", "mean", "p90" };
    static const rpo_target_status states[] = { RPO_STATUS_MET, RPO_STATUS_NEAR,
                                                RPO_STATUS_MISSED, RPO_STATUS_INSUFFICIENT };
    const rpo_report *r = w->r;

    for (size_t s = 0; s < rpo_report_segment_count(r) && w->status == RPO_OK; s++) {
        const rpo_segment *seg = rpo_report_segment_at(r, s);
        if (seg == NULL || !segment_exported(w, m, s, seg))
            continue;
        for (size_t k = 0; k < w->nperiods && w->status == RPO_OK; k++) {
            const rpo_period *per = rpo_report_period_at(r, w->periods[k]);
            const rpo_metric_value *v = rpo_report_cell(r, m, w->periods[k], s);
            char *labels;

            if (v == NULL) {
                rpo_log(w->ctx->inst, RPO_LOG_ERROR,
                        "report has no value for metric %s, period %s, segment %s = \"%s\"",
                        sink_text_or_empty(info->id), sink_text_or_empty(per->label),
                        sink_text_or_empty(seg->dimension), sink_text_or_empty(seg->value));
                record_failure(w, RPO_ERR);
                return;
            }
            if (!cell_has(v, part))
                continue;
            labels = cell_labels(w, part == PART_N || part == PART_STATUS ? info->id : NULL,
                                 per, seg);
            if (labels == NULL)
                return; /* out of memory, recorded */
            if (part == PART_VALUE && info->unit == RPO_UNIT_CURRENCY)
                add_label(w, &labels, "currency",
                          sink_text_or_empty(rpo_report_get_header(r)->currency));
            if (part == PART_VALUE && info->distribution) {
                const double figures[] = { v->value, v->mean, v->p90 };
                for (size_t i = 0; i < 3 && w->status == RPO_OK; i++) {
                    char *l = sink_text_printf("%s,statistic=\"%s\"", labels, statistic[i]);
                    if (l == NULL) {
                        record_failure(w, RPO_ENOMEM);
                        break;
                    }
                    sample_value(w, name, l, figures[i], info->unit);
                    free(l);
                }
            } else if (part == PART_VALUE) {
                sample_value(w, name, labels, v->value, info->unit);
            } else if (part == PART_TARGET || part == PART_BASELINE) {
                /* targets and baselines carry the currency too */
                if (info->unit == RPO_UNIT_CURRENCY)
                    add_label(w, &labels, "currency",
                              sink_text_or_empty(rpo_report_get_header(r)->currency));
                sample_value(w, name, labels,
                             part == PART_TARGET ? v->target : v->baseline, info->unit);
            } else if (part == PART_N) {
                char *n = sink_text_printf("%llu", v->n);
                if (n == NULL)
                    record_failure(w, RPO_ENOMEM);
                else
                    sample(w, name, labels, n);
                free(n);
            } else {
                for (size_t i = 0; i < 4 && w->status == RPO_OK; i++) {
                    char *l = sink_text_printf("%s,status=\"%s\"", labels,
                                               rpo_target_status_name(states[i]));
                    if (l == NULL) {
                        record_failure(w, RPO_ENOMEM);
                        break;
                    }
                    sample(w, name, l, v->status == states[i] ? "1" : "0");
                    free(l);
                }
            }
            free(labels);
        }
    }
}

/* Whether any exported cell of metric M writes PART. */
static int metric_has(writer *w, size_t m, enum cell_part part)
{
    for (size_t s = 0; s < rpo_report_segment_count(w->r); s++) {
        const rpo_segment *seg = rpo_report_segment_at(w->r, s);
        if (seg == NULL || !segment_exported(w, m, s, seg))
            continue;
        for (size_t k = 0; k < w->nperiods; k++) {
            const rpo_metric_value *v = rpo_report_cell(w->r, m, w->periods[k], s);
            if (v != NULL && cell_has(v, part))
                return 1;
        }
    }
    return 0;
}

/* The value, target and baseline families of metric M. */
static void put_metric(writer *w, size_t m, const rpo_metric_info *info)
{
    static const struct {
        enum cell_part part;
        const char *name_part, *what;
    } parts[] = {
        { PART_VALUE, "", "" },
        { PART_TARGET, "_target", " target" },
        { PART_BASELINE, "_baseline", " baseline" },
    };
    const char *unit = info->unit == RPO_UNIT_DAYS       ? ", in seconds"
                       : info->unit == RPO_UNIT_PERCENT  ? ", as a ratio 0..1"
                       : info->unit == RPO_UNIT_CURRENCY ? ", in the currency of the label"
                                                         : "";

    for (size_t i = 0; i < 3 && w->status == RPO_OK; i++) {
        char *name, *help;

        if (!metric_has(w, m, parts[i].part))
            continue;
        if ((name = metric_name(info, parts[i].name_part)) == NULL) {
            record_failure(w, RPO_ENOMEM);
            return;
        }
        help = sink_text_printf(
            "%s%s (rpo metric %s)%s%s.", sink_text_or_empty(info->name), parts[i].what,
            sink_text_or_empty(info->id),
            parts[i].part == PART_VALUE && info->distribution ? ": median, mean and p90" : "",
            unit);
        if (help == NULL)
            record_failure(w, RPO_ENOMEM);
        else if (family(w, name, help, info->id))
            put_cells(w, m, info, name, parts[i].part);
        free(help);
        free(name);
    }
}

static void put_metrics(writer *w)
{
    const rpo_report *r = w->r;
    size_t nm = rpo_report_metric_count(r);
    int any_status = 0;

    for (size_t m = 0; m < nm && w->status == RPO_OK; m++) {
        const rpo_metric_info *info = rpo_report_metric_at(r, m);
        if (info == NULL) {
            rpo_log(w->ctx->inst, RPO_LOG_ERROR, "report has no metric %zu of %zu", m, nm);
            record_failure(w, RPO_ERR);
            return;
        }
        put_metric(w, m, info);
        any_status |= metric_has(w, m, PART_STATUS);
    }
    if (nm > 0 && w->nperiods > 0 &&
        family(w, "rpo_metric_observations",
               "Observations (n) behind each metric's value; the value is withheld below "
               "min_n.",
               NULL))
        for (size_t m = 0; m < nm && w->status == RPO_OK; m++)
            put_cells(w, m, rpo_report_metric_at(r, m), "rpo_metric_observations", PART_N);
    if (any_status &&
        family(w, "rpo_metric_status",
               "Each metric's standing against its target: 1 for its status (met, near, "
               "missed, insufficient), 0 for the others.",
               NULL))
        for (size_t m = 0; m < nm && w->status == RPO_OK; m++)
            put_cells(w, m, rpo_report_metric_at(r, m), "rpo_metric_status", PART_STATUS);
}

/* The whole file into W->fp. */
static int render(writer *w)
{
    const rpo_report_header *h = rpo_report_get_header(w->r);
    int rc;

    if (h == NULL) {
        rpo_log(w->ctx->inst, RPO_LOG_ERROR, "report has no header");
        return RPO_ERR;
    }
    if ((w->engagement = escape(h->engagement, 0)) == NULL)
        return RPO_ENOMEM;
    if ((rc = pick_periods(w)) != RPO_OK)
        return rc;
    put_run(w, h);
    put_sources(w);
    put_flags(w);
    put_metrics(w);
    return w->status;
}

/* ------------------------------------------------------------ callbacks */

static int prom_create(rpo_instance *inst, void **ctxp)
{
    const char *file = rpo_config_get(inst, "file");
    const char *segments = rpo_config_get(inst, "segments");
    long periods = rpo_config_long(inst, "periods", 1);
    prom_ctx *ctx;
    int rc;

    if (periods < 0)
        return rpo_config_error(inst, "periods",
                                "must be 0 (overall only) or more, not %ld", periods);
    if ((rc = sink_segments_check(inst, "segments", segments)) != RPO_OK)
        return rc;
    if ((ctx = calloc(1, sizeof(*ctx))) == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    ctx->inst = inst;
    ctx->file = file == NULL || file[0] == '\0' || strcmp(file, "-") == 0
                    ? NULL
                    : rpo_config_path(inst, "file");
    if (ctx->file != NULL &&
        (strlen(ctx->file) < 5 || strcmp(ctx->file + strlen(ctx->file) - 5, ".prom") != 0))
        rpo_log(inst, RPO_LOG_WARN,
                "file %s does not end in .prom: node_exporter's textfile collector reads "
                "only *.prom files",
                ctx->file);
    ctx->periods = periods;
    ctx->segments = segments != NULL ? segments : "none";
    ctx->with_segments = !sink_segments_none(ctx->segments);
    clock_gettime(CLOCK_MONOTONIC, &ctx->started);
    *ctxp = ctx;
    return RPO_OK;
}

static void prom_destroy(void *ctx)
{
    free(ctx);
}

static int prom_write(void *vctx, const rpo_report *report)
{
    const prom_ctx *ctx = vctx;
    writer w;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    w.r = report;
    /* Built in memory first: nothing is written, not even to standard
     * output, unless the whole file could be made. */
    if ((w.fp = open_memstream(&buf, &len)) == NULL) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    rc = render(&w);
    if (rc == RPO_OK && ferror(w.fp))
        rc = RPO_ENOMEM;
    if (fclose(w.fp) != 0 && rc == RPO_OK)
        rc = RPO_ENOMEM;
    free(w.engagement);
    free(w.periods);
    for (size_t i = 0; i < w.nnames; i++)
        free(w.names[i]);
    free(w.names);
    if (rc == RPO_OK) {
        rc = sink_publish(ctx->inst, ctx->file, buf, len);
    } else if (rc == RPO_ENOMEM) {
        rpo_log(ctx->inst, RPO_LOG_ERROR, "out of memory");
    }
    free(buf);
    return rc;
}

RPO_PLUGIN_EXPORT(sink_prometheus) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_SINK,
    .name = "prometheus",
    .version = "1.0.0",
    .description = "the scorecard as a node_exporter textfile-collector file (.prom), "
                   "with run status and duration",
    .keys = prom_keys,
    .create = prom_create,
    .destroy = prom_destroy,
    .read = NULL,
    .write = prom_write,
};
