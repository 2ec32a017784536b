/*
 * framework.c — the assessments framework plugins fill (rpo/framework.h):
 * the builder functions plugins call in assess(), and the views sinks read.
 */
#include "framework.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct group_build {
    rpo_assessment_group_view view; /* its arrays point into the members below */
    rpo_assessment_dimension_view *dims;
    size_t n_dims;
    rpo_assessment_figure_view *figs;
    size_t n_figs;
    rpo_assessment_finding_view *finds;
    size_t n_finds;
} group_build;

struct rpo_assessment {
    const rpo_calendar *cal;
    char *index_name, *stage_name;
    group_build *groups;
    size_t n_groups;
};

rpo_assessment *rpo_assessment_new(const rpo_calendar *cal)
{
    rpo_assessment *a = rpo_xcalloc(1, sizeof *a);
    a->cal = cal;
    a->index_name = rpo_xstrdup("");
    a->stage_name = rpo_xstrdup("");
    return a;
}

void rpo_assessment_free(rpo_assessment *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_groups; i++) {
        group_build *g = &a->groups[i];
        free((char *)g->view.group);
        free((char *)g->view.period);
        free((char *)g->view.stage);
        for (size_t k = 0; k < g->n_dims; k++) {
            free((char *)g->dims[k].name);
            free((char *)g->dims[k].status);
        }
        free(g->dims);
        for (size_t k = 0; k < g->n_figs; k++) {
            free((char *)g->figs[k].table);
            free((char *)g->figs[k].name);
        }
        free(g->figs);
        for (size_t k = 0; k < g->n_finds; k++) {
            free((char *)g->finds[k].finding);
            free((char *)g->finds[k].action);
        }
        free(g->finds);
    }
    free(a->groups);
    free(a->index_name);
    free(a->stage_name);
    free(a);
}

/* X rounded half away from zero to 1/SCALE. Survey data are decimals with a
 * few digits, so a value within 1e-9 of a tie is the tie that binary
 * arithmetic missed (1.005 is 1.00499999...): it rounds away from zero. */
static double round_to(double x, double scale)
{
    if (!isfinite(x))
        return 0;
    double y = x * scale;
    return round(y + copysign(1e-9 * scale, y)) / scale;
}

static char *dup_text(const char *s)
{
    return rpo_xstrdup(s ? s : "");
}

int rpo_assessment_headline(rpo_assessment *a, const char *index_name, const char *stage_name)
{
    free(a->index_name);
    free(a->stage_name);
    a->index_name = dup_text(index_name);
    a->stage_name = dup_text(stage_name);
    return RPO_OK;
}

int rpo_assessment_group(rpo_assessment *a, const char *group, int period,
                         unsigned long long n, rpo_value_state state, size_t *g)
{
    if ((unsigned)state > RPO_VALUE_EMPTY)
        return RPO_ERR;
    a->groups = rpo_xrealloc(a->groups, (a->n_groups + 1) * sizeof *a->groups);
    group_build *b = &a->groups[a->n_groups];
    memset(b, 0, sizeof *b);
    char label[16] = "overall";
    if (period != RPO_PERIOD_OVERALL)
        rpo_period_label(a->cal, period, label);
    b->view.group = dup_text(group);
    b->view.period = rpo_xstrdup(label);
    b->view.stage = rpo_xstrdup("");
    b->view.n = n;
    b->view.state = state;
    *g = a->n_groups++;
    return RPO_OK;
}

int rpo_assessment_index(rpo_assessment *a, size_t g, double index, const char *stage)
{
    if (g >= a->n_groups)
        return RPO_ERR;
    group_build *b = &a->groups[g];
    b->view.has_index = 1;
    b->view.index = round_to(index, 100);
    free((char *)b->view.stage);
    b->view.stage = dup_text(stage);
    return RPO_OK;
}

int rpo_assessment_dimension(rpo_assessment *a, size_t g, const char *name,
                             unsigned long long n, rpo_value_state state, double score,
                             double spread, const char *status)
{
    if (g >= a->n_groups || (unsigned)state > RPO_VALUE_EMPTY)
        return RPO_ERR;
    group_build *b = &a->groups[g];
    b->dims = rpo_xrealloc(b->dims, (b->n_dims + 1) * sizeof *b->dims);
    rpo_assessment_dimension_view *d = &b->dims[b->n_dims++];
    d->name = dup_text(name);
    d->n = n;
    d->state = state;
    d->score = state == RPO_VALUE_OK ? round_to(score, 100) : 0;
    d->spread = state == RPO_VALUE_OK ? round_to(spread, 100) : 0;
    d->status = dup_text(status);
    return RPO_OK;
}

int rpo_assessment_figure(rpo_assessment *a, size_t g, const char *table, const char *name,
                          double value, unsigned long long n)
{
    if (g >= a->n_groups)
        return RPO_ERR;
    group_build *b = &a->groups[g];
    b->figs = rpo_xrealloc(b->figs, (b->n_figs + 1) * sizeof *b->figs);
    rpo_assessment_figure_view *f = &b->figs[b->n_figs++];
    f->table = dup_text(table);
    f->name = dup_text(name);
    f->value = round_to(value, 10000);
    f->n = n;
    return RPO_OK;
}

int rpo_assessment_finding(rpo_assessment *a, size_t g, const char *finding, const char *action)
{
    if (g >= a->n_groups)
        return RPO_ERR;
    group_build *b = &a->groups[g];
    b->finds = rpo_xrealloc(b->finds, (b->n_finds + 1) * sizeof *b->finds);
    b->finds[b->n_finds].finding = dup_text(finding);
    b->finds[b->n_finds].action = dup_text(action);
    b->n_finds++;
    return RPO_OK;
}

void rpo_assessment_view(rpo_assessment *a, rpo_framework_view *v,
                         rpo_assessment_group_view **groups)
{
    /* The group views get their arrays now: building may have moved them. */
    *groups = rpo_xcalloc(a->n_groups ? a->n_groups : 1, sizeof **groups);
    for (size_t i = 0; i < a->n_groups; i++) {
        group_build *b = &a->groups[i];
        b->view.dimensions = b->dims;
        b->view.n_dimensions = b->n_dims;
        b->view.figures = b->figs;
        b->view.n_figures = b->n_figs;
        b->view.findings = b->finds;
        b->view.n_findings = b->n_finds;
        (*groups)[i] = b->view;
    }
    v->index_name = a->index_name;
    v->stage_name = a->stage_name;
    v->groups = *groups;
    v->n_groups = a->n_groups;
}
