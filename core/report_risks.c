/*
 * report_risks.c — the report's risk log (rpo_report_risk_at), as it stood
 * on the as-of date: risks raised later are left out, and a risk closed
 * after the as-of date is shown open, so an --as-of run is reproducible.
 */
#include "model_internal.h"
#include "report_internal.h"
#include "date.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A risk of the report and the text of its dates. */
struct rpo_report_risk {
    rpo_risk pub;
    char raised[11], closed[11];
};

static const char *word(int field, int w)
{
    const rpo_field_def *d = rpo_field_def_of(RPO_REC_RISK, field);
    return w >= 0 && d && d->words ? d->words[w] : "";
}

static int cmp_risk(const void *a, const void *b)
{
    const struct rpo_report_risk *x = a, *y = b;
    if (x->pub.severity != y->pub.severity)
        return y->pub.severity - x->pub.severity;
    int c = strcmp(x->raised, y->raised);
    return c ? c : strcmp(x->pub.id, y->pub.id);
}

void rpo_report_build_risks(rpo_report *r, const rpo_model *m)
{
    const char *prev = r->header.previous_run_as_of;
    rpo_day prev_day = 0;
    const char *why;
    int has_prev = prev && *prev && rpo_date_parse_iso(prev, strlen(prev), &prev_day, &why) == 0;
    r->risks = rpo_xcalloc(m->risks.count ? m->risks.count : 1, sizeof *r->risks);
    for (size_t i = 0; i < m->risks.count; i++) {
        const risk_info *k = rpo_strmap_at(&m->risks, i);
        if (k->raised > m->as_of)
            continue;
        struct rpo_report_risk *x = &r->risks[r->n_risks++];
        int closed = k->closed_undated || (k->closed != NO_DAY && k->closed <= m->as_of);
        rpo_date_format(k->raised, x->raised);
        if (k->closed != NO_DAY && k->closed <= m->as_of)
            rpo_date_format(k->closed, x->closed);
        x->pub.id = k->id;
        x->pub.title = k->title;
        x->pub.category = word(RISK_CATEGORY, k->category);
        x->pub.severity = k->severity;
        /* As of the as-of date a risk closed later was not closed yet. */
        x->pub.status = closed || k->status != 2 ? word(RISK_STATUS, k->status) : "open";
        x->pub.owner = word(RISK_OWNER, k->owner_word);
        x->pub.open = !closed;
        x->pub.is_new = !has_prev || k->raised > prev_day;
    }
    qsort(r->risks, r->n_risks, sizeof *r->risks, cmp_risk);
    /* The dates point into their own struct: set them where sorting left it. */
    for (size_t i = 0; i < r->n_risks; i++) {
        r->risks[i].pub.raised_at = r->risks[i].raised;
        r->risks[i].pub.closed_at = r->risks[i].closed;
    }
}

void rpo_report_free_risks(rpo_report *r)
{
    free(r->risks);
    r->risks = NULL;
    r->n_risks = 0;
}

size_t rpo_report_risk_count(const rpo_report *r)
{
    return r->n_risks;
}

const rpo_risk *rpo_report_risk_at(const rpo_report *r, size_t i)
{
    return i < r->n_risks ? &r->risks[i].pub : NULL;
}
