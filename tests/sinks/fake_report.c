/*
 * fake_report.c — the SDK functions the sinks call, over the structs of
 * fake_report.h, for unit tests that must not depend on librpo. Behaviour
 * follows the contracts in include/rpo/ as closely as a test needs.
 */
#include "fake_report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------- fixture */

static const rpo_period fixture_periods[] = {
    { "2024Q1", "2024-01-01", "2024-03-31", 0, 1 },
    { "2024Q2", "2024-04-01", "2024-06-30", 0, 1 },
    { "2024Q3", "2024-07-01", "2024-09-30", 0, 1 },
    { "overall", "", "2024-09-30", 1, 0 },
};

static const char *const dims_department[] = { "department", NULL };
/* Not in report order: the json sink orders segments by the report. */
static const char *const dims_source_department[] = { "source", "department", NULL };

static const rpo_metric_info fixture_metrics[] = {
    { "requisitions_opened", "Requisitions opened", RPO_UNIT_COUNT, RPO_DIRECTION_NONE,
      "requisition opened", "before a role is live",
      "Requisitions whose opened_at falls in the period.", 0, dims_department, 0, "built-in" },
    { "time_to_fill", "Time to fill", RPO_UNIT_DAYS, RPO_LOWER_IS_BETTER, "offer accepted",
      "role live",
      "Calendar days from requisition opened to offer accepted, minus hold days "
      "(ANSI/SHRM 06001).",
      1, dims_source_department, 1, "built-in" },
    { "offer_acceptance", "Offer acceptance", RPO_UNIT_PERCENT, RPO_HIGHER_IS_BETTER,
      "offer accepted or declined", "selection", "Accepted offers / decided offers x 100.", 0,
      NULL, 1, "plugin extra" },
    { "cost_per_hire", "Cost per hire", RPO_UNIT_CURRENCY, RPO_LOWER_IS_BETTER, "hire started",
      "pre-day-one", "(External + internal costs) / hires, per ANSI/SHRM 06001.", 0, NULL, 0,
      "config" },
};

#define OK RPO_VALUE_OK
#define INSUFF RPO_VALUE_INSUFFICIENT
#define EMPTY RPO_VALUE_EMPTY

/* Value initialisers: the figures, then the ABI 1.1 extras. */
#define V(st_, n_, v_) .state = (st_), .n = (n_), .value = (v_)
#define D(st_, n_, v_, mean_, p90_) V(st_, n_, v_), .mean = (mean_), .p90 = (p90_)
#define TARGET(t_, status_) .has_target = 1, .target = (t_), .status = RPO_STATUS_##status_
#define BASE(b_) .has_baseline = 1, .baseline = (b_)
#define VS_BASE(b_, d_) BASE(b_), .has_change_baseline = 1, .change_vs_baseline = (d_)
/* ABI 1.2: the value the last committed run reported for the cell. */
#define VS_RUN(prev, d, st) .has_previous_run = 1, .previous_run = (prev), .change_vs_run = (d), \
                            .has_previous_status = 1, .previous_status = RPO_STATUS_##st
#define VS_PREV(d_) .has_change_previous = 1, .change_vs_previous = (d_)

static const rpo_metric_value fixture_values[] = {
    /* requisitions_opened */
    { V(OK, 14, 14) },
    { V(OK, 9, 9), VS_PREV(-5) },
    { V(OK, 11, 11), VS_PREV(2) },
    { V(OK, 34, 34) },
    /* time_to_fill: 2024Q2 has too few hires to show; target 30, 10% */
    { D(OK, 12, 34.5, 36.2, 51.3), TARGET(30, MISSED), VS_BASE(40, -5.5) },
    { V(INSUFF, 3, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { D(OK, 8, 28.33, 30.12, 45.07), TARGET(30, MET), VS_BASE(40, -11.67), VS_RUN(31.5, -3.17, NEAR) },
    { D(OK, 23, 33, 34.04, 50.6), TARGET(30, NEAR), VS_BASE(40, -7), VS_RUN(33, 0, NEAR) },
    /* offer_acceptance: no offer was decided in 2024Q3 */
    { V(OK, 16, 81.25), TARGET(85, MISSED) },
    { V(OK, 10, 90), TARGET(85, MET), VS_PREV(8.75) },
    { V(EMPTY, 0, 0), TARGET(85, INSUFFICIENT) },
    { V(OK, 26, 84.62), TARGET(85, MISSED) },
    /* cost_per_hire: a baseline, no target */
    { V(OK, 6, 4250.5), VS_BASE(4000, 250.5) },
    { V(OK, 5, 3980), VS_BASE(4000, -20), VS_PREV(-270.5) },
    { V(INSUFF, 2, 0), BASE(4000) },
    { V(OK, 13, 4105.77), VS_BASE(4000, 105.77) },
};

static const rpo_segment fixture_segments[] = {
    { "all", "" },
    { "department", "Engineering" },
    { "department", "Sales" },
    { "source", "referral" },
};

static const rpo_metric_value ttf_engineering[] = { /* its own target: 25 */
    { D(OK, 7, 31, 32.5, 44), TARGET(25, MISSED), VS_BASE(40, -9) },
    { V(INSUFF, 2, 0), TARGET(25, INSUFFICIENT), BASE(40) },
    { D(OK, 5, 26.5, 27.1, 33.9), TARGET(25, NEAR), VS_BASE(40, -13.5) },
    { D(OK, 14, 29, 30.06, 41.2), TARGET(25, MISSED), VS_BASE(40, -11) },
};
static const rpo_metric_value ttf_sales[] = {
    { V(INSUFF, 4, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { V(INSUFF, 1, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { V(INSUFF, 3, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { D(OK, 8, 38, 39.5, 52.3), TARGET(30, MISSED), VS_BASE(40, -2) },
};
static const rpo_metric_value ttf_referral[] = {
    { V(INSUFF, 3, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { V(EMPTY, 0, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { V(INSUFF, 2, 0), TARGET(30, INSUFFICIENT), BASE(40) },
    { D(OK, 5, 27, 27.4, 31.6), TARGET(30, MET), VS_BASE(40, -13) },
};
static const rpo_metric_value opened_engineering[] = {
    { V(OK, 8, 8) },
    { V(OK, 5, 5), VS_PREV(-3) },
    { V(OK, 6, 6), VS_PREV(1) },
    { V(OK, 19, 19) },
};
static const rpo_metric_value opened_sales[] = {
    { V(OK, 6, 6) },
    { V(OK, 4, 4), VS_PREV(-2) },
    { V(OK, 5, 5), VS_PREV(1) },
    { V(OK, 15, 15) },
};

static const fake_segment_values fixture_segment_values[] = {
    { 0, 1, opened_engineering, 4 }, { 0, 2, opened_sales, 4 }, { 1, 1, ttf_engineering, 4 },
    { 1, 2, ttf_sales, 4 },          { 1, 3, ttf_referral, 4 },
};

static const rpo_incentive_line inc_q1[] = {
    { 1, 60, OK, 34.5, 30, 1, 86.96 },
    { 2, 40, OK, 81.25, 85, 1, 95.59 },
};
static const rpo_incentive_line inc_q2[] = {
    { 1, 60, INSUFF, 0, 30, 0, 0 },
    { 2, 40, OK, 90, 85, 1, 105.88 },
};
static const rpo_incentive_line inc_q3[] = {
    { 1, 60, OK, 28.33, 30, 1, 105.89 },
    { 2, 40, EMPTY, 0, 85, 0, 0 },
};
static const rpo_incentive_period inc_periods[] = {
    { 0, inc_q1, 2, 1, 90.41, 1, 80, 50, 5000 },
    { 1, inc_q2, 2, 1, 105.88, 1, 100, 100, 10000 },
    { 2, inc_q3, 2, 1, 105.89, 1, 100, 100, 10000 },
};
static const rpo_incentive fixture_incentive = { 10000, 120, inc_periods, 3 };

static const rpo_achievement fixture_achievements[] = {
    { RPO_ACH_MILESTONE, "hires", "2024-08-14", "2024-08-14", 25,
      "Hire number 25 accepted on 2024-08-14", 1 },
    { RPO_ACH_BEST_PERIOD, "requisitions_opened", "2024Q1", "2024Q1", 14,
      "Best period for Requisitions opened: 2024Q1 at 14.00 (of 3 periods)", 0 },
    { RPO_ACH_IMPROVEMENT, "time_to_fill", "2024Q3", "2024Q3", 29.18,
      "Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in 2024Q3", 1 },
};

static const rpo_alignment_link fixture_links[] = {
    { "lever:sourcers", "metric:time_to_fill", 0, 3, RPO_CORR_OK, -0.9449, -1 },
    /* Coefficients the engine left behind must not be shown. */
    { "lever:sourcers", "metric:time_to_fill", 1, 2, RPO_CORR_TOO_FEW, 0.5, 0.5 },
    { "metric:time_to_fill", "outcome:retention", 0, 3, RPO_CORR_NO_VARIATION, 0, 0 },
};
static const rpo_goal fixture_goals[] = {
    { "speed", "Faster fills should keep new hires longer.", fixture_links, 3 },
};

static const rpo_source_summary fixture_sources[] = {
    { "apps", "csv", "application", 120, 117, 3 },
    { "reqs", "csv", "requisition", 30, 30, 0 },
};

static const rpo_quality_flag fixture_flags[] = {
    { "offer_before_application", "Offer dated before the application", 2, "apps.csv:17" },
};

static const rpo_risk fixture_risks[] = {
    { "R-7", "Hiring-manager interview capacity in Engineering", "operational", 5, "open",
      "2024-09-02", "", "client", 1, 1 },
    { "R-3", "Sourcing channel for night-shift roles", "gap", 4, "mitigating", "2024-04-15", "",
      "provider", 1, 0 },
    { "R-1", "ATS migration delays reporting", "strategic", 3, "closed", "2024-01-20",
      "2024-03-01", "provider", 0, 0 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const rpo_report fixture = {
    { "Acme hiring 2024", "Acme Corp", "TalentCo", "EUR", "2024-09-30", "rpo 0.1.0", 5, "2024-09-15", "run" },
    fixture_periods, COUNT(fixture_periods),
    fixture_metrics, COUNT(fixture_metrics),
    fixture_values,
    fixture_sources, COUNT(fixture_sources),
    fixture_flags, COUNT(fixture_flags),
    fixture_segments, COUNT(fixture_segments),
    fixture_segment_values, COUNT(fixture_segment_values),
    &fixture_incentive,
    fixture_achievements, COUNT(fixture_achievements),
    fixture_goals, COUNT(fixture_goals),
    NULL, 0, /* no frameworks: test_frameworks builds its own */
    fixture_risks, COUNT(fixture_risks),
};

/* fake_report_standard — see fake_report.h. */
const rpo_report *fake_report_standard(void)
{
    return &fixture;
}

/* ------------------------------------------------------------- logging */

static char log_buf[8192];
static size_t log_len;

static void log_append(const char *fmt, va_list ap)
{
    int n;

    if (log_len >= sizeof(log_buf) - 1)
        return;
    n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
    if (n > 0)
        log_len += (size_t)n < sizeof(log_buf) - log_len ? (size_t)n : sizeof(log_buf) - 1 - log_len;
}

__attribute__((format(printf, 1, 2)))
static void log_line(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_append(fmt, ap);
    va_end(ap);
}

/* fake_log_text — see fake_report.h. */
const char *fake_log_text(void)
{
    return log_buf;
}

/* fake_log_reset — see fake_report.h. */
void fake_log_reset(void)
{
    log_len = 0;
    log_buf[0] = '\0';
}

/* rpo_log — records "LEVEL [sink:NAME] MESSAGE" in the fake's log. */
void rpo_log(const rpo_instance *inst, rpo_log_level level, const char *fmt, ...)
{
    va_list ap;

    log_line("<%d> [sink:%s] ", (int)level, inst ? inst->name : "-");
    va_start(ap, fmt);
    log_append(fmt, ap);
    va_end(ap);
    log_line("\n");
}

/* ------------------------------------------------------ report accessors */

const rpo_report_header *rpo_report_get_header(const rpo_report *r)
{
    return &r->header;
}

size_t rpo_report_period_count(const rpo_report *r)
{
    return r->nperiods;
}

const rpo_period *rpo_report_period_at(const rpo_report *r, size_t i)
{
    return i < r->nperiods ? &r->periods[i] : NULL;
}

size_t rpo_report_metric_count(const rpo_report *r)
{
    return r->nmetrics;
}

const rpo_metric_info *rpo_report_metric_at(const rpo_report *r, size_t i)
{
    return i < r->nmetrics ? &r->metrics[i] : NULL;
}

const rpo_metric_value *rpo_report_value(const rpo_report *r, size_t m, size_t p)
{
    /* values == NULL stands for a report with a hole, to test the sinks. */
    if (m >= r->nmetrics || p >= r->nperiods || r->values == NULL)
        return NULL;
    return &r->values[m * r->nperiods + p];
}

size_t rpo_report_risk_count(const rpo_report *r)
{
    return r->nrisks;
}

const rpo_risk *rpo_report_risk_at(const rpo_report *r, size_t i)
{
    return i < r->nrisks ? &r->risks[i] : NULL;
}

static const rpo_segment segment_all = { "all", "" };

size_t rpo_report_segment_count(const rpo_report *r)
{
    return r->segments != NULL ? r->nsegments : 1;
}

const rpo_segment *rpo_report_segment_at(const rpo_report *r, size_t i)
{
    if (r->segments == NULL)
        return i == 0 ? &segment_all : NULL;
    return i < r->nsegments ? &r->segments[i] : NULL;
}

/* Whether metric M names the dimension of segment S (as the engine does). */
static int supports(const rpo_report *r, size_t m, size_t s)
{
    const rpo_segment *seg = rpo_report_segment_at(r, s);

    if (s == 0)
        return 1;
    for (const char *const *d = r->metrics[m].dimensions; seg != NULL && d && *d; d++)
        if (strcmp(*d, seg->dimension) == 0)
            return 1;
    return 0;
}

const rpo_metric_value *rpo_report_cell(const rpo_report *r, size_t m, size_t p, size_t s)
{
    if (m >= r->nmetrics || p >= r->nperiods || s >= rpo_report_segment_count(r) ||
        !supports(r, m, s))
        return NULL;
    if (s == 0)
        return rpo_report_value(r, m, p);
    for (size_t i = 0; i < r->nsegment_values; i++)
        if (r->segment_values[i].metric == m && r->segment_values[i].segment == s)
            return p < r->segment_values[i].nvalues ? &r->segment_values[i].values[p]
                                                     : NULL;
    return NULL;
}

const rpo_incentive *rpo_report_incentive(const rpo_report *r)
{
    return r->incentive;
}

size_t rpo_report_achievement_count(const rpo_report *r)
{
    return r->nachievements;
}

const rpo_achievement *rpo_report_achievement_at(const rpo_report *r, size_t i)
{
    return i < r->nachievements ? &r->achievements[i] : NULL;
}

size_t rpo_report_framework_count(const rpo_report *r)
{
    return r->nframeworks;
}

const rpo_framework_view *rpo_report_framework_at(const rpo_report *r, size_t i)
{
    return i < r->nframeworks ? &r->frameworks[i] : NULL;
}

size_t rpo_report_goal_count(const rpo_report *r)
{
    return r->ngoals;
}

const rpo_goal *rpo_report_goal_at(const rpo_report *r, size_t i)
{
    return i < r->ngoals ? &r->goals[i] : NULL;
}

size_t rpo_report_source_count(const rpo_report *r)
{
    return r->nsources;
}

const rpo_source_summary *rpo_report_source_at(const rpo_report *r, size_t i)
{
    return i < r->nsources ? &r->sources[i] : NULL;
}

size_t rpo_report_flag_count(const rpo_report *r)
{
    return r->nflags;
}

const rpo_quality_flag *rpo_report_flag_at(const rpo_report *r, size_t i)
{
    return i < r->nflags ? &r->flags[i] : NULL;
}

const char *rpo_unit_name(rpo_unit unit)
{
    static const char *const names[] = { "count", "days", "percent", "currency", "ratio",
                                         "score" };
    return (unsigned)unit < COUNT(names) ? names[unit] : "unknown";
}

const char *rpo_direction_name(rpo_direction direction)
{
    static const char *const names[] = { "none", "higher_is_better", "lower_is_better" };
    return (unsigned)direction < COUNT(names) ? names[direction] : "unknown";
}

const char *rpo_value_state_name(rpo_value_state state)
{
    static const char *const names[] = { "ok", "insufficient", "empty" };
    return (unsigned)state < COUNT(names) ? names[state] : "unknown";
}

/* The names below live in core/report.c in the real engine. */
const char *rpo_target_status_name(rpo_target_status status)
{
    static const char *const names[] = { "none", "met", "near", "missed", "insufficient" };
    return (unsigned)status < COUNT(names) ? names[status] : "unknown";
}

const char *rpo_achievement_kind_name(rpo_achievement_kind kind)
{
    static const char *const names[] = { "streak", "best_period", "milestone", "improvement" };
    return (unsigned)kind < COUNT(names) ? names[kind] : "unknown";
}

const char *rpo_corr_state_name(rpo_corr_state state)
{
    static const char *const names[] = { "ok", "too_few_periods", "no_variation" };
    return (unsigned)state < COUNT(names) ? names[state] : "unknown";
}

/* --------------------------------------------------------------- config */

int rpo_config_error(const rpo_instance *inst, const char *key, const char *fmt, ...)
{
    va_list ap;

    log_line("test.ini:1: [sink.%s] %s: ", inst->name, key ? key : "");
    va_start(ap, fmt);
    log_append(fmt, ap);
    va_end(ap);
    log_line("\n");
    return RPO_ECONFIG;
}

/* --------------------------------------------------------------- outfile */

struct rpo_outfile {
    const rpo_instance *inst;
    FILE *fp;
    char *path; /* NULL: standard output */
    char *tmp;
};

static FILE *fake_stdout;

/* fake_set_stdout — see fake_report.h. */
void fake_set_stdout(FILE *fp)
{
    fake_stdout = fp;
}

/* rpo_stop_requested — a test run is never asked to stop. */
int rpo_stop_requested(void)
{
    return 0;
}

/* fake_run_sink — see fake_report.h. */
char *fake_run_sink(const rpo_plugin *sink, const char *name, const rpo_report *r,
                    const char *const *kv, FILE *out, int *status)
{
    rpo_instance inst = { name, sink->keys, kv };
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = out ? NULL : open_memstream(&buf, &len);
    void *ctx = NULL;
    int rc;

    if (out == NULL && mem == NULL) {
        fprintf(stderr, "fake_run_sink: no memory stream\n");
        abort();
    }
    fake_set_stdout(out ? out : mem);
    rc = sink->create(&inst, &ctx);
    if (rc == RPO_OK) {
        rc = sink->write(ctx, r);
        sink->destroy(ctx);
    }
    fake_set_stdout(NULL);
    if (mem != NULL && fclose(mem) != 0) {
        fprintf(stderr, "fake_run_sink: cannot close the memory stream\n");
        abort();
    }
    *status = rc;
    return buf;
}

int rpo_outfile_open(const rpo_instance *inst, const char *path, rpo_outfile **out)
{
    rpo_outfile *of = calloc(1, sizeof(*of));
    struct stat st;
    int fd;

    if (of == NULL)
        return RPO_ENOMEM;
    of->inst = inst;
    if (path == NULL || strcmp(path, "-") == 0) {
        of->fp = fake_stdout ? fake_stdout : stdout;
        *out = of;
        return RPO_OK;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: exists and is not a regular file", path);
        free(of);
        return RPO_ECANTCREAT;
    }
    of->path = strdup(path);
    of->tmp = malloc(strlen(path) + sizeof(".tmp.XXXXXX"));
    if (of->path == NULL || of->tmp == NULL) {
        free(of->path);
        free(of->tmp);
        free(of);
        return RPO_ENOMEM;
    }
    strcpy(of->tmp, path);
    strcat(of->tmp, ".tmp.XXXXXX");
    if ((fd = mkstemp(of->tmp)) < 0 || (of->fp = fdopen(fd, "w")) == NULL) {
        rpo_log(inst, RPO_LOG_ERROR, "%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(of->tmp);
        }
        free(of->path);
        free(of->tmp);
        free(of);
        return RPO_ECANTCREAT;
    }
    fchmod(fd, 0644);
    *out = of;
    return RPO_OK;
}

FILE *rpo_outfile_stream(rpo_outfile *of)
{
    return of->fp;
}

int rpo_outfile_commit(rpo_outfile *of)
{
    int rc = RPO_OK;

    if (of->path == NULL) {
        if (fflush(of->fp) != 0 || ferror(of->fp)) {
            rpo_log(of->inst, RPO_LOG_ERROR, "standard output: write failed");
            rc = RPO_EIO;
        }
        free(of);
        return rc;
    }
    if (fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp)) != 0) {
        rc = RPO_EIO;
    }
    if (fclose(of->fp) != 0)
        rc = RPO_EIO;
    if (rc == RPO_OK && rename(of->tmp, of->path) != 0)
        rc = RPO_EIO;
    if (rc != RPO_OK) {
        rpo_log(of->inst, RPO_LOG_ERROR, "%s: write failed", of->path);
        unlink(of->tmp);
    }
    free(of->path);
    free(of->tmp);
    free(of);
    return rc;
}

void rpo_outfile_abort(rpo_outfile *of)
{
    if (of->path != NULL) {
        fclose(of->fp);
        unlink(of->tmp);
    }
    free(of->path);
    free(of->tmp);
    free(of);
}
