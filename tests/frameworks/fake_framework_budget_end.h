/*
 * fake_framework_budget_end.h — ends the renaming fake_framework_budget.h
 * began: include it just after the plugin's .c files, so that the test's
 * own malloc, calloc, realloc, strdup, strndup and free are the C
 * library's again.
 *
 * No include guard, on purpose: it switches the renaming off each time.
 */
#undef malloc
#undef calloc
#undef realloc
#undef strdup
#undef strndup
#undef free
