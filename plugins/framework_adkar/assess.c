/*
 * assess.c — the ADKAR assessment of each group and period: element scores,
 * the barrier point of the group and of each respondent, the readiness
 * index, the change against the previous period, and the findings with
 * their actions (docs/framework-adkar.md).
 */
#include "adkar.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The action each element's barrier calls for (Prosci's remedies). */
static const char *const actions[ADKAR_N] = {
    "Communicate why the change is needed: the business reasons and the risk of not changing, "
    "from senior sponsors and direct managers.",
    "Build desire: engage sponsors and people managers, address what is in it for each person, "
    "and manage resistance.",
    "Train and educate on how to change: the new process, tools and roles, with practice "
    "material.",
    "Coach and support hands-on practice; give people time and remove obstacles so they can "
    "perform the new way.",
    "Reinforce: recognise and reward adoption, measure it, and correct reversion to the old "
    "ways."};

/* Means that differ from the threshold by less than this count as equal. */
#define ADKAR_EPSILON 1e-9

/* What a cell's responses give, before rounding. */
typedef struct cell_scores {
    unsigned long long n[ADKAR_N]; /* answers per element */
    double mean[ADKAR_N], sd[ADKAR_N];
    int has_index;                 /* every element has answers */
    double index;                  /* readiness 0-100 */
    size_t barrier;                /* the first element at or below the threshold; ADKAR_N: none */
    unsigned long long complete;   /* respondents who answered every element */
    unsigned long long barriers[ADKAR_N + 1]; /* complete respondents by barrier (last: none) */
} cell_scores;

/* Whether mean X is at or below the threshold. */
static int at_or_below(const adkar *a, double x)
{
    return x <= a->threshold + ADKAR_EPSILON;
}

/* The first element answered (N[e] > 0) whose MEAN is at or below the
 * threshold, or ADKAR_N. */
static size_t barrier_of(const adkar *a, const unsigned long long *n, const double *mean)
{
    for (size_t e = 0; e < ADKAR_N; e++)
        if (n[e] && at_or_below(a, mean[e]))
            return e;
    return ADKAR_N;
}

/* Counts the complete respondents of C by their own barrier point. */
static void score_respondents(const adkar *a, const fw_cell *c, cell_scores *s)
{
    for (size_t i = 0; i < c->n_resp; i++) {
        unsigned long long n[ADKAR_N];
        double mean[ADKAR_N];
        int complete = 1;
        for (size_t e = 0; e < ADKAR_N; e++) {
            const fw_sums *r = fw_respondent(&a->book, c, i, e);
            n[e] = r->n;
            mean[e] = r->n ? r->sum / (double)r->n : 0;
            complete &= r->n > 0;
        }
        if (!complete)
            continue;
        s->complete++;
        s->barriers[barrier_of(a, n, mean)]++;
    }
}

/* Fills S from cell C. */
static void score_cell(const adkar *a, const fw_cell *c, cell_scores *s)
{
    memset(s, 0, sizeof *s);
    double total = 0;
    s->has_index = 1;
    for (size_t e = 0; e < ADKAR_N; e++) {
        s->n[e] = fw_stats(&c->dims[e], &s->mean[e], &s->sd[e]);
        s->has_index &= s->n[e] > 0;
        total += s->mean[e];
    }
    if (s->has_index)
        s->index = (total / ADKAR_N - ADKAR_SCALE_MIN) / (ADKAR_SCALE_MAX - ADKAR_SCALE_MIN) * 100;
    s->barrier = barrier_of(a, s->n, s->mean);
    score_respondents(a, c, s);
}

/* The status word of element E in a cell scored S. */
static const char *status_of(const adkar *a, const cell_scores *s, size_t e)
{
    if (!s->n[e])
        return "";
    if (e == s->barrier)
        return "barrier";
    if (s->barrier < e && at_or_below(a, s->mean[e]))
        return "at or below threshold";
    return "ok";
}

/* The index, stage and dimensions of group G. */
static int put_scores(const adkar *a, rpo_assessment *out, size_t g, const cell_scores *s)
{
    int rc = RPO_OK;
    if (s->has_index)
        rc = rpo_assessment_index(out, g, s->index,
                                  s->barrier < ADKAR_N ? adkar_element_name(s->barrier) : "none");
    for (size_t e = 0; e < ADKAR_N && rc == RPO_OK; e++)
        rc = rpo_assessment_dimension(out, g, adkar_element_name(e), s->n[e],
                                      s->n[e] ? RPO_VALUE_OK : RPO_VALUE_EMPTY, s->mean[e],
                                      s->sd[e], status_of(a, s, e));
    return rc;
}

/* Table "barrier points": complete respondents by their barrier point. */
static int put_barrier_points(rpo_assessment *out, size_t g, const cell_scores *s)
{
    int rc = RPO_OK;
    for (size_t e = 0; e <= ADKAR_N && rc == RPO_OK; e++)
        rc = rpo_assessment_figure(out, g, "barrier points",
                                   e < ADKAR_N ? adkar_element_name(e) : "none",
                                   (double)s->barriers[e], s->complete);
    return rc;
}

/* Table "change vs previous period": S minus PREV, where both have a value;
 * n is this period's (respondents for the index, answers for an element). */
static int put_change(rpo_assessment *out, size_t g, const fw_cell *c, const cell_scores *s,
                      const cell_scores *prev)
{
    static const char table[] = "change vs previous period";
    int rc = RPO_OK;
    if (s->has_index && prev->has_index)
        rc = rpo_assessment_figure(out, g, table, "readiness index", s->index - prev->index,
                                   c->n_resp);
    for (size_t e = 0; e < ADKAR_N && rc == RPO_OK; e++)
        if (s->n[e] && prev->n[e])
            rc = rpo_assessment_figure(out, g, table, adkar_element_name(e),
                                       s->mean[e] - prev->mean[e], s->n[e]);
    return rc;
}

/* The findings: the group's barrier point, and the most common barrier of
 * its complete respondents (ties: the earlier element). */
static int put_findings(const adkar *a, rpo_assessment *out, size_t g, const cell_scores *s)
{
    char text[160];
    int rc = RPO_OK;
    if (s->barrier < ADKAR_N) {
        /* Rounded as the engine rounds scores: half away from zero. */
        snprintf(text, sizeof text, "Barrier point: %s (mean %.2f at or below %g)",
                 adkar_element_name(s->barrier), round(s->mean[s->barrier] * 100) / 100,
                 a->threshold);
        rc = rpo_assessment_finding(out, g, text, actions[s->barrier]);
    }
    size_t top = 0;
    for (size_t e = 1; e < ADKAR_N; e++)
        if (s->barriers[e] > s->barriers[top])
            top = e;
    if (rc == RPO_OK && s->barriers[top] > 0) {
        snprintf(text, sizeof text, "Most common individual barrier: %s (%llu of %llu respondents)",
                 adkar_element_name(top), s->barriers[top], s->complete);
        rc = rpo_assessment_finding(out, g, text, actions[top]);
    }
    return rc;
}

/* Whether cell C has enough respondents to be scored. */
static int sufficient(const adkar *a, const fw_cell *c)
{
    return c->n_resp >= a->min_n;
}

/* The assessment of cell I of the sorted book. */
static int assess_cell(const adkar *a, rpo_assessment *out, size_t i)
{
    const fw_cell *c = &a->book.cells[i];
    size_t g;
    int ok = sufficient(a, c);
    int rc = rpo_assessment_group(out, c->group, c->period, c->n_resp,
                                  ok ? RPO_VALUE_OK : RPO_VALUE_INSUFFICIENT, &g);
    if (rc != RPO_OK || !ok)
        return rc;
    cell_scores s;
    score_cell(a, c, &s);
    rc = put_scores(a, out, g, &s);
    if (rc == RPO_OK)
        rc = put_barrier_points(out, g, &s);
    /* The group's previous period, when it is the cell just before. */
    const fw_cell *p = i ? &a->book.cells[i - 1] : NULL;
    if (rc == RPO_OK && p && c->period != RPO_PERIOD_OVERALL && p->period != RPO_PERIOD_OVERALL &&
        (long long)p->period == (long long)c->period - 1 && strcmp(p->group, c->group) == 0 &&
        sufficient(a, p)) {
        cell_scores prev;
        score_cell(a, p, &prev);
        rc = put_change(out, g, c, &s, &prev);
    }
    if (rc == RPO_OK)
        rc = put_findings(a, out, g, &s);
    return rc;
}

int adkar_assess(void *ctx, rpo_assessment *out)
{
    adkar *a = ctx;
    if (fw_add_listed_groups(&a->book, &a->groups) != RPO_OK) {
        rpo_log(a->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    fw_book_sort(&a->book);
    int rc = rpo_assessment_headline(out, "readiness index", "barrier point");
    for (size_t i = 0; i < a->book.n_cells && rc == RPO_OK; i++)
        rc = assess_cell(a, out, i);
    if (rc == RPO_ENOMEM)
        rpo_log(a->inst, RPO_LOG_ERROR, "out of memory");
    return rc;
}
