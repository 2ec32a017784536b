/*
 * book.c — survey responses booked by group and period (see book.h).
 */
#include "book.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void fw_book_init(fw_book *b, size_t n_dims)
{
    memset(b, 0, sizeof *b);
    b->n_dims = n_dims;
}

static void cell_free(fw_cell *c)
{
    for (size_t i = 0; i < c->n_resp; i++)
        free(c->keys[i]);
    free(c->keys);
    free(c->slots);
    free(c->resp);
    free(c->dims);
    free(c->group);
}

void fw_book_free(fw_book *b)
{
    for (size_t i = 0; i < b->n_cells; i++)
        cell_free(&b->cells[i]);
    free(b->cells);
    memset(b, 0, sizeof *b);
}

/* The cell of GROUP in PERIOD, created when new; NULL when out of memory. */
static fw_cell *cell_of(fw_book *b, const char *group, int period)
{
    for (size_t i = 0; i < b->n_cells; i++)
        if (b->cells[i].period == period && strcmp(b->cells[i].group, group) == 0)
            return &b->cells[i];
    if (b->n_cells == b->cap_cells) {
        size_t cap = b->cap_cells ? 2 * b->cap_cells : 16;
        fw_cell *cells = realloc(b->cells, cap * sizeof *cells);
        if (!cells)
            return NULL;
        b->cells = cells;
        b->cap_cells = cap;
    }
    fw_cell *c = &b->cells[b->n_cells];
    memset(c, 0, sizeof *c);
    c->group = strdup(group);
    c->period = period;
    c->dims = calloc(b->n_dims ? b->n_dims : 1, sizeof *c->dims);
    if (!c->group || !c->dims) {
        cell_free(c);
        return NULL;
    }
    b->n_cells++;
    return c;
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Grows C's respondent arrays and index for one more respondent. */
static int grow(fw_cell *c, size_t n_dims)
{
    if (c->n_resp < c->cap_resp)
        return RPO_OK;
    size_t cap = c->cap_resp ? 2 * c->cap_resp : 16;
    fw_sums *resp = realloc(c->resp, cap * n_dims * sizeof *resp);
    if (!resp)
        return RPO_ENOMEM;
    c->resp = resp;
    char **keys = realloc(c->keys, cap * sizeof *keys);
    if (!keys)
        return RPO_ENOMEM;
    c->keys = keys;
    size_t *slots = calloc(2 * cap, sizeof *slots);
    if (!slots)
        return RPO_ENOMEM;
    free(c->slots);
    c->slots = slots;
    c->n_slots = 2 * cap;
    c->cap_resp = cap;
    for (size_t i = 0; i < c->n_resp; i++) { /* rehash the keyed ones */
        if (!c->keys[i][0])
            continue;
        size_t s = hash(c->keys[i]) & (c->n_slots - 1);
        while (c->slots[s])
            s = (s + 1) & (c->n_slots - 1);
        c->slots[s] = i + 1;
    }
    return RPO_OK;
}

/* The index of respondent KEY in C ("" = a new one each time); SIZE_MAX on OOM. */
static size_t respondent(fw_cell *c, size_t n_dims, const char *key)
{
    size_t s = 0;
    if (key[0] && c->n_slots) {
        s = hash(key) & (c->n_slots - 1);
        while (c->slots[s]) {
            if (strcmp(c->keys[c->slots[s] - 1], key) == 0)
                return c->slots[s] - 1;
            s = (s + 1) & (c->n_slots - 1);
        }
    }
    if (grow(c, n_dims) != RPO_OK)
        return SIZE_MAX;
    size_t i = c->n_resp;
    c->keys[i] = strdup(key);
    if (!c->keys[i])
        return SIZE_MAX;
    memset(&c->resp[i * n_dims], 0, n_dims * sizeof *c->resp);
    c->n_resp++;
    if (key[0]) {
        s = hash(key) & (c->n_slots - 1);
        while (c->slots[s])
            s = (s + 1) & (c->n_slots - 1);
        c->slots[s] = i + 1;
    }
    return i;
}

static void add_sums(fw_sums *s, double x)
{
    s->n++;
    s->sum += x;
    s->sumsq += x * x;
}

int fw_book_add(fw_book *b, const rpo_survey_item *item, size_t dim, double score)
{
    const char *groups[2] = {"", item->group};
    const int periods[2] = {item->period, RPO_PERIOD_OVERALL};
    for (int g = 0; g < (item->group[0] ? 2 : 1); g++) {
        for (int p = 0; p < 2; p++) {
            fw_cell *c = cell_of(b, groups[g], periods[p]);
            if (!c)
                return RPO_ENOMEM;
            size_t r = respondent(c, b->n_dims, item->respondent);
            if (r == SIZE_MAX)
                return RPO_ENOMEM;
            c->responses++;
            add_sums(&c->dims[dim], score);
            add_sums(&c->resp[r * b->n_dims + dim], score);
        }
    }
    return RPO_OK;
}

static int cmp_cell(const void *x, const void *y)
{
    const fw_cell *a = x, *b = y;
    int g = strcmp(a->group, b->group);
    if (g)
        return g;
    if (a->period == b->period)
        return 0;
    if (a->period == RPO_PERIOD_OVERALL)
        return 1;
    if (b->period == RPO_PERIOD_OVERALL)
        return -1;
    return a->period < b->period ? -1 : 1;
}

void fw_book_sort(fw_book *b)
{
    if (b->n_cells > 1)
        qsort(b->cells, b->n_cells, sizeof *b->cells, cmp_cell);
}

unsigned long long fw_stats(const fw_sums *s, double *mean, double *sd)
{
    *mean = s->n ? s->sum / (double)s->n : 0;
    *sd = 0;
    if (s->n >= 2) {
        double var = (s->sumsq - s->sum * s->sum / (double)s->n) / (double)(s->n - 1);
        *sd = var > 0 ? sqrt(var) : 0;
    }
    return s->n;
}

const fw_sums *fw_respondent(const fw_book *b, const fw_cell *c, size_t i, size_t d)
{
    return &c->resp[i * b->n_dims + d];
}

int fw_groups_read(const rpo_instance *inst, fw_groups *g)
{
    memset(g, 0, sizeof *g);
    const char *list = rpo_config_get(inst, "groups");
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *t = e;
        while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        if (t > p) {
            char **names = realloc(g->names, (g->n + 1) * sizeof *names);
            if (!names)
                return RPO_ENOMEM;
            g->names = names;
            g->names[g->n] = strndup(p, (size_t)(t - p));
            if (!g->names[g->n])
                return RPO_ENOMEM;
            g->n++;
        }
        p = e;
    }
    return RPO_OK;
}

void fw_groups_free(fw_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->names[i]);
    free(g->names);
    memset(g, 0, sizeof *g);
}

int fw_group_allowed(const fw_groups *g, const char *group)
{
    if (!g->n)
        return 1;
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->names[i], group) == 0)
            return 1;
    return 0;
}

int fw_add_listed_groups(fw_book *b, const fw_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        if (!cell_of(b, g->names[i], RPO_PERIOD_OVERALL))
            return RPO_ENOMEM;
    return RPO_OK;
}
