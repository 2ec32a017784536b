/*
 * sample.c — sampling the period's hiring managers (see sample.h).
 */
#include "sample.h"
#include "model_internal.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct manager {
    char pseudonym[RPO_PSEUDONYM_HEX + 1];
    uint32_t seg;     /* the manager's segment id */
    uint32_t level;   /* segment id of the level, 0 none */
    rpo_day opened;   /* of the requisition that gave the level */
} manager;

static int cmp_manager(const void *a, const void *b)
{
    const manager *x = a, *y = b;
    int c = strcmp(x->pseudonym, y->pseudonym);
    return c ? c : (x->seg > y->seg) - (x->seg < y->seg);
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* The period of CAL labelled LABEL, found among the periods from FIRST to
 * LAST; 0 when there is none. */
static int find_period(const rpo_calendar *cal, const char *label, int first, int last, int *p)
{
    char buf[16];
    for (int q = first; q <= last; q++) {
        rpo_period_label(cal, q, buf);
        if (strcmp(buf, label) == 0) {
            *p = q;
            return 1;
        }
    }
    return 0;
}

/* Shuffles the N managers at M with STATE and keeps the first K, sorted. */
static void draw(manager *m, size_t n, size_t k, uint64_t *state)
{
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)(splitmix64(state) % i);
        manager t = m[i - 1];
        m[i - 1] = m[j];
        m[j] = t;
    }
    qsort(m, k, sizeof *m, cmp_manager);
}

static size_t how_many(size_t n, double fraction)
{
    size_t k = (size_t)llround(fraction * (double)n);
    return k < 1 && n ? 1 : k > n ? n : k;
}

int rpo_sample_hiring_managers(const rpo_model *m, const rpo_pseudonymizer *p,
                               const rpo_sample_options *opt, const rpo_logger *lg, FILE *out)
{
    if (!p->key_len) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "rpo sample lists hiring managers by pseudonym and needs the key: set "
                 "[engagement] pseudonym_key_file or RPO_PSEUDONYM_KEY_FILE");
        return RPO_ECONFIG;
    }
    if (!((m->opt.dims >> DIM_HIRING_MANAGER) & 1u) ||
        (opt->stratify_level && !((m->opt.dims >> DIM_LEVEL) & 1u))) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "rpo sample needs the hiring_manager%s segments: add them to [engagement] "
                 "segments",
                 opt->stratify_level ? " and level" : "");
        return RPO_ECONFIG;
    }
    int first, last, q;
    if (!rpo_model_period_range(m, &first, &last) ||
        !find_period(&m->opt.cal, opt->period, first, last, &q)) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "--period %s: not a period of this engagement's data (e.g. 2025Q3)", opt->period);
        return RPO_ECONFIG;
    }
    rpo_day p_first, p_last;
    rpo_period_bounds(&m->opt.cal, q, &p_first, &p_last);
    if (p_last > m->as_of)
        p_last = m->as_of;

    /* The managers active in the period, each once (by segment id). */
    manager *ms = rpo_xcalloc(m->requisitions.count ? m->requisitions.count : 1, sizeof *ms);
    size_t n = 0;
    for (size_t i = 0; i < m->requisitions.count; i++) {
        const req_info *r = rpo_strmap_at(&m->requisitions, i);
        uint32_t hm = r->seg[DIM_HIRING_MANAGER];
        /* Filled or closed on a day the run knows (on or before the as-of date). */
        rpo_day end = r->filled != NO_DAY && r->filled <= m->as_of   ? r->filled
                      : r->closed != NO_DAY && r->closed <= m->as_of ? r->closed
                                                                     : NO_DAY;
        if (!hm || r->opened > p_last || (end != NO_DAY && end < p_first))
            continue;
        size_t k = 0;
        while (k < n && ms[k].seg != hm)
            k++;
        if (k == n) {
            ms[n].seg = hm;
            ms[n].opened = r->opened;
            ms[n].level = r->seg[DIM_LEVEL];
            const char *id = m->segs[hm].value;
            rpo_pseudonymize(p, id, strlen(id), ms[n].pseudonym);
            n++;
        } else if (r->opened >= ms[k].opened) { /* the latest requisition gives the level */
            ms[k].opened = r->opened;
            ms[k].level = r->seg[DIM_LEVEL];
        }
    }
    qsort(ms, n, sizeof *ms, cmp_manager);
    uint64_t state = (uint64_t)opt->seed;
    if (!opt->stratify_level) {
        size_t k = how_many(n, opt->fraction);
        draw(ms, n, k, &state);
        for (size_t i = 0; i < k; i++)
            fprintf(out, "%s\n", ms[i].pseudonym);
    } else {
        /* Each level (sorted bytewise; "-" for none) is drawn on its own. */
        manager *by = rpo_xcalloc(n ? n : 1, sizeof *by);
        const char **levels = rpo_xcalloc(n + 1, sizeof *levels);
        size_t nl = 0;
        for (size_t i = 0; i < n; i++) {
            const char *lv = ms[i].level ? m->segs[ms[i].level].value : "-";
            size_t k = 0;
            while (k < nl && strcmp(levels[k], lv) != 0)
                k++;
            if (k == nl)
                levels[nl++] = lv;
        }
        for (size_t a = 1; a < nl; a++)
            for (size_t b = a; b > 0 && strcmp(levels[b - 1], levels[b]) > 0; b--) {
                const char *t = levels[b];
                levels[b] = levels[b - 1];
                levels[b - 1] = t;
            }
        for (size_t l = 0; l < nl; l++) {
            size_t c = 0;
            for (size_t i = 0; i < n; i++) {
                const char *lv = ms[i].level ? m->segs[ms[i].level].value : "-";
                if (strcmp(lv, levels[l]) == 0)
                    by[c++] = ms[i];
            }
            size_t k = how_many(c, opt->fraction);
            draw(by, c, k, &state);
            for (size_t i = 0; i < k; i++)
                fprintf(out, "%s\t%s\n", levels[l], by[i].pseudonym);
        }
        free(levels);
        free(by);
    }
    free(ms);
    return ferror(out) ? RPO_EIO : RPO_OK;
}
