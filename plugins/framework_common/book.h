/*
 * book.h — what the framework plugins share: survey responses booked by
 * group and period, with per-dimension statistics and per-respondent
 * scores. Compiled into each framework module (it is plugin code: it
 * includes only the SDK).
 *
 * Every response counts in four cells: its group in its period, its group
 * overall, all respondents ("") in its period, and all respondents overall.
 * Cells come out sorted: all respondents first, then groups bytewise; within
 * a group its periods in order, overall last.
 */
#ifndef RPO_FRAMEWORK_BOOK_H
#define RPO_FRAMEWORK_BOOK_H

#include <stddef.h>
#include <rpo/rpo.h>

/* One dimension's sums in a cell (or for one respondent). */
typedef struct fw_sums {
    unsigned long long n;
    double sum, sumsq;
} fw_sums;

/* One group in one period (or overall). */
typedef struct fw_cell {
    char *group; /* "" = all respondents */
    int period;  /* RPO_PERIOD_OVERALL for the whole engagement */
    unsigned long long responses;
    fw_sums *dims; /* [n_dims] */
    /* Respondents in first-seen order; a response without a respondent key
     * is a respondent of its own. resp[i * n_dims + d]. */
    size_t n_resp, cap_resp;
    fw_sums *resp;
    /* respondent key → index + 1 (open addressing; keys point into keys[]) */
    char **keys;
    size_t *slots, n_slots;
} fw_cell;

typedef struct fw_book {
    size_t n_dims;
    fw_cell *cells;
    size_t n_cells, cap_cells;
} fw_book;

/* fw_book_init / fw_book_free — an empty book of N_DIMS dimensions; release it. */
void fw_book_init(fw_book *b, size_t n_dims);
void fw_book_free(fw_book *b);

/* fw_book_add — book ITEM's SCORE under dimension DIM (< n_dims) in its four
 * cells. RPO_OK or RPO_ENOMEM. */
int fw_book_add(fw_book *b, const rpo_survey_item *item, size_t dim, double score);

/* fw_book_sort — order the cells as described above; call before reading. */
void fw_book_sort(fw_book *b);

/* fw_stats — N, MEAN and sample standard deviation SD (0 when n < 2) of S;
 * returns n. */
unsigned long long fw_stats(const fw_sums *s, double *mean, double *sd);

/* fw_respondent — respondent I's sums of dimension D in cell C. */
const fw_sums *fw_respondent(const fw_book *b, const fw_cell *c, size_t i, size_t d);

/*
 * fw_groups — the `groups` key of INST (a comma-separated list, or NULL):
 * when set, responses of other groups or of none are refused, and listed
 * groups without responses are reported with n = 0. fw_group_allowed says
 * whether GROUP may be booked; fw_add_listed_groups adds an empty cell for
 * every listed group missing from B's overall cells.
 */
typedef struct fw_groups {
    char **names;
    size_t n;
} fw_groups;
int fw_groups_read(const rpo_instance *inst, fw_groups *g);
void fw_groups_free(fw_groups *g);
int fw_group_allowed(const fw_groups *g, const char *group);
int fw_add_listed_groups(fw_book *b, const fw_groups *g);

#endif
