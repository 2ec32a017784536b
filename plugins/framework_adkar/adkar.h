/*
 * adkar.h — what the two halves of the ADKAR framework plugin share: the
 * instance context (adkar.c reads the configuration and books responses;
 * assess.c turns the book into the assessment). Rules: docs/framework-adkar.md.
 * Plugin code: it includes only the SDK (and the shared book).
 */
#ifndef RPO_FRAMEWORK_ADKAR_H
#define RPO_FRAMEWORK_ADKAR_H

#include <stddef.h>
#include <rpo/rpo.h>

#include "../framework_common/book.h"

/* The five elements, in ADKAR order: the book's dimensions 0..4. */
enum { ADKAR_AWARENESS, ADKAR_DESIRE, ADKAR_KNOWLEDGE, ADKAR_ABILITY, ADKAR_REINFORCEMENT,
       ADKAR_N };

/* The lowest and highest score of the ADKAR scale. */
#define ADKAR_SCALE_MIN 1.0
#define ADKAR_SCALE_MAX 5.0

/* A survey item name that counts as an element. */
typedef struct adkar_alias {
    char *item;      /* the survey item's name */
    size_t element;  /* < ADKAR_N */
    const char *key; /* the item.<element> key that mapped it; NULL: the element's own name */
} adkar_alias;

/* One [framework.NAME] instance with plugin = adkar. */
typedef struct adkar {
    const rpo_instance *inst;
    double threshold;          /* an element scoring at or below it is a barrier */
    unsigned long long min_n;  /* fewer respondents: insufficient */
    fw_groups groups;          /* the `groups` key; empty: every group */
    adkar_alias *aliases;      /* every item name taken, in element order */
    size_t n_aliases;
    char *unknown_why;         /* the reason given for an unknown item */
    fw_book book;              /* the responses taken, by group and period */
} adkar;

/*
 * adkar_element_name — the name of element E (< ADKAR_N), "awareness" ..
 * "reinforcement". Static.
 */
const char *adkar_element_name(size_t e);

/*
 * adkar_assess — the framework's assess() callback: fill OUT from the book
 * of CTX (an adkar). Sorts the book and adds the cells of listed groups
 * without responses. RPO_OK, or a negative status after logging why.
 */
int adkar_assess(void *ctx, rpo_assessment *out);

#endif
