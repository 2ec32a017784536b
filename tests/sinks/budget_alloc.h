/*
 * budget_alloc.h — allocation failures for the sink tests. A test compiles
 * the plugin's source into itself with malloc, calloc and realloc defined to
 * the budget_* functions below, so it can make the Nth allocation fail:
 *
 *     #include "budget_alloc.h"
 *     #define malloc budget_malloc
 *     ...  #include "../../plugins/sink_X/X.c"
 *     #undef malloc
 *
 * <stdlib.h> is included first, so the macros rename only the plugin's calls.
 */
#ifndef BUDGET_ALLOC_H
#define BUDGET_ALLOC_H

#include <stdlib.h>

static long alloc_budget = -1; /* allocations left; -1: unlimited */

static inline int budget_take(void)
{
    if (alloc_budget == 0)
        return 0;
    if (alloc_budget > 0)
        alloc_budget--;
    return 1;
}

static inline void *budget_malloc(size_t n)
{
    return budget_take() ? malloc(n) : NULL;
}

static inline void *budget_calloc(size_t n, size_t size)
{
    return budget_take() ? calloc(n, size) : NULL;
}

static inline void *budget_realloc(void *p, size_t n)
{
    return budget_take() ? realloc(p, n) : NULL;
}

#endif
