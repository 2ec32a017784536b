/*
 * fake_framework_budget.h — routes the allocations of the plugin sources a
 * test compiles into itself through the budget of fake_framework_sdk.h:
 * malloc, calloc, realloc, strdup, strndup and free become fake_malloc and
 * so on. Include it just before the plugin's .c files, and
 * fake_framework_budget_end.h just after them, so that only the plugin's
 * calls are renamed: the C library's headers are included here first (the
 * plugin's includes of them are then empty), and the test's own code after
 * the plugin keeps the real functions.
 *
 * No include guard, on purpose: it switches the renaming on each time.
 */
#include <stdlib.h>
#include <string.h>

#include "fake_framework_sdk.h"

/* The C library may define some of them as macros. */
#include "fake_framework_budget_end.h"

#define malloc fake_malloc
#define calloc fake_calloc
#define realloc fake_realloc
#define strdup fake_strdup
#define strndup fake_strndup
#define free fake_free
