/*
 * framework_adkar — ADKAR readiness (Prosci): the plugin's descriptor, its
 * configuration, and the survey responses it takes. The assessment itself
 * is in assess.c; the scoring rules in docs/framework-adkar.md.
 */
#include "adkar.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const element_names[ADKAR_N] = {"awareness", "desire", "knowledge", "ability",
                                                   "reinforcement"};

const char *adkar_element_name(size_t e)
{
    return e < ADKAR_N ? element_names[e] : "";
}

static const rpo_config_key adkar_keys[] = {
    {"threshold", RPO_KEY_STRING, 0, "3",
     "a number from 1 to 5: an element whose mean is at or below it is a barrier"},
    {"min_n", RPO_KEY_INT, 0, "5",
     "groups with fewer respondents are reported as insufficient, without scores"},
    {"groups", RPO_KEY_STRING, 0, NULL,
     "assess only these groups (comma-separated); responses of other groups are rejected"},
    {"item.<element>", RPO_KEY_STRING, RPO_KEY_PREFIX, NULL,
     "the survey item(s), comma-separated, that measure awareness, desire, knowledge, "
     "ability or reinforcement"},
    {NULL, 0, 0, NULL, NULL}};

static void adkar_destroy(void *ctx)
{
    adkar *a = ctx;
    if (!a)
        return;
    for (size_t i = 0; i < a->n_aliases; i++)
        free(a->aliases[i].item);
    free(a->aliases);
    free(a->unknown_why);
    fw_groups_free(&a->groups);
    fw_book_free(&a->book);
    free(a);
}

/* The element survey item ITEM counts as, or ADKAR_N when none. */
static size_t element_of(const adkar *a, const char *item)
{
    for (size_t i = 0; i < a->n_aliases; i++)
        if (strcmp(a->aliases[i].item, item) == 0)
            return a->aliases[i].element;
    return ADKAR_N;
}

/* The alias whose item is ITEM, or NULL. */
static const adkar_alias *alias_of(const adkar *a, const char *item, size_t len)
{
    for (size_t i = 0; i < a->n_aliases; i++)
        if (strlen(a->aliases[i].item) == len && memcmp(a->aliases[i].item, item, len) == 0)
            return &a->aliases[i];
    return NULL;
}

/* Appends the alias ITEM[0..LEN) → ELEMENT set by KEY. RPO_OK or RPO_ENOMEM. */
static int add_alias(adkar *a, const char *item, size_t len, size_t element, const char *key)
{
    adkar_alias *al = realloc(a->aliases, (a->n_aliases + 1) * sizeof *al);
    if (!al)
        return RPO_ENOMEM;
    a->aliases = al;
    char *copy = strndup(item, len);
    if (!copy)
        return RPO_ENOMEM;
    a->aliases[a->n_aliases++] = (adkar_alias){copy, element, key};
    return RPO_OK;
}

/* Reads `threshold`: a number from 1 to 5. */
static int read_threshold(adkar *a)
{
    const char *text = rpo_config_get(a->inst, "threshold");
    char *end;
    errno = 0;
    double t = strtod(text, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == text || *end || errno || !isfinite(t) || t < ADKAR_SCALE_MIN || t > ADKAR_SCALE_MAX)
        return rpo_config_error(a->inst, "threshold",
                                "must be a number from 1 to 5 (an element whose mean is at or "
                                "below it is a barrier), e.g. 3");
    a->threshold = t;
    return RPO_OK;
}

/* Reads `min_n`: at least 1. */
static int read_min_n(adkar *a)
{
    long n = rpo_config_long(a->inst, "min_n", 5);
    if (n < 1)
        return rpo_config_error(a->inst, "min_n", "must be a whole number of at least 1");
    a->min_n = (unsigned long long)n;
    return RPO_OK;
}

/* Reads `groups`: when present it must name at least one group. */
static int read_groups(adkar *a)
{
    if (fw_groups_read(a->inst, &a->groups) != RPO_OK)
        return RPO_ENOMEM;
    if (rpo_config_get(a->inst, "groups") && a->groups.n == 0)
        return rpo_config_error(a->inst, "groups",
                                "names no group: list the groups to assess, separated by commas, "
                                "or leave the key out to assess every group");
    return RPO_OK;
}

/* Takes the item names of key KEY (item.ELEMENT) = VALUE, a comma list. */
static int read_item_key(adkar *a, const char *key, const char *value)
{
    const char *name = key + strlen("item.");
    size_t e = 0;
    while (e < ADKAR_N && strcmp(element_names[e], name) != 0)
        e++;
    if (e == ADKAR_N)
        return rpo_config_error(a->inst, key,
                                "no such ADKAR element; the keys are item.awareness, item.desire, "
                                "item.knowledge, item.ability and item.reinforcement");
    size_t taken = 0;
    for (const char *p = value; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        size_t len = (size_t)(end - p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len) {
            const adkar_alias *dup = alias_of(a, p, len);
            if (dup)
                return rpo_config_error(a->inst, key, "item \"%.*s\" is already mapped by %s",
                                        (int)len, p, dup->key);
            int rc = add_alias(a, p, len, e, key);
            if (rc != RPO_OK)
                return rc;
            taken++;
        }
        p = end;
    }
    if (!taken)
        return rpo_config_error(a->inst, key, "names no survey item");
    return RPO_OK;
}

/*
 * Reads the item.<element> keys; then every element that none maps keeps
 * its own name as its item (which must not be mapped to another element).
 */
static int read_items(adkar *a)
{
    for (size_t i = 0; i < rpo_config_count(a->inst); i++) {
        const char *key, *value;
        if (rpo_config_entry(a->inst, i, &key, &value, NULL) != RPO_OK)
            return RPO_ERR;
        if (strncmp(key, "item.", strlen("item.")) != 0)
            continue;
        int rc = read_item_key(a, key, value);
        if (rc != RPO_OK)
            return rc;
    }
    size_t mapped = a->n_aliases;
    for (size_t e = 0; e < ADKAR_N; e++) {
        int has = 0;
        for (size_t i = 0; i < mapped; i++)
            has |= a->aliases[i].element == e;
        if (has)
            continue;
        const adkar_alias *dup = alias_of(a, element_names[e], strlen(element_names[e]));
        if (dup)
            return rpo_config_error(a->inst, dup->key,
                                    "\"%s\" is the item of element %s unless item.%s maps "
                                    "another one",
                                    element_names[e], element_names[e], element_names[e]);
        int rc = add_alias(a, element_names[e], strlen(element_names[e]), e, NULL);
        if (rc != RPO_OK)
            return rc;
    }
    return RPO_OK;
}

/* Appends TEXT to the string *S of length *LEN. RPO_OK or RPO_ENOMEM. */
static int append(char **s, size_t *len, const char *text)
{
    size_t add = strlen(text);
    char *t = realloc(*s, *len + add + 1);
    if (!t)
        return RPO_ENOMEM;
    memcpy(t + *len, text, add + 1);
    *s = t;
    *len += add;
    return RPO_OK;
}

/*
 * Builds the reason an unknown item is rejected with: the items expected,
 * element by element ("aw_q1 or aw_q2 (awareness), desire, ..."), and the key
 * that maps others.
 */
static int build_unknown_why(adkar *a)
{
    size_t len = 0;
    int rc = append(&a->unknown_why, &len, "not an ADKAR item; expected ");
    for (size_t e = 0; e < ADKAR_N && rc == RPO_OK; e++) {
        if (e)
            rc = append(&a->unknown_why, &len, e + 1 < ADKAR_N ? ", " : " or ");
        int first = 1, own = 0;
        for (size_t i = 0; i < a->n_aliases && rc == RPO_OK; i++) {
            if (a->aliases[i].element != e)
                continue;
            own = !a->aliases[i].key;
            if (!first)
                rc = append(&a->unknown_why, &len, " or ");
            if (rc == RPO_OK)
                rc = append(&a->unknown_why, &len, a->aliases[i].item);
            first = 0;
        }
        if (!own && rc == RPO_OK) {
            char named[32];
            snprintf(named, sizeof named, " (%s)", element_names[e]);
            rc = append(&a->unknown_why, &len, named);
        }
    }
    if (rc == RPO_OK)
        rc = append(&a->unknown_why, &len, "; map the instrument's items with item.<element>");
    return rc;
}

static int adkar_create(rpo_instance *inst, void **ctxp)
{
    adkar *a = calloc(1, sizeof *a);
    if (!a) {
        rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    a->inst = inst;
    fw_book_init(&a->book, ADKAR_N);
    int rc = read_threshold(a);
    if (rc == RPO_OK)
        rc = read_min_n(a);
    if (rc == RPO_OK)
        rc = read_groups(a);
    if (rc == RPO_OK)
        rc = read_items(a);
    if (rc == RPO_OK)
        rc = build_unknown_why(a);
    if (rc != RPO_OK) {
        if (rc == RPO_ENOMEM)
            rpo_log(inst, RPO_LOG_ERROR, "out of memory");
        else if (rc == RPO_ERR)
            rpo_log(inst, RPO_LOG_ERROR, "cannot read the section's keys");
        adkar_destroy(a);
        return rc;
    }
    *ctxp = a;
    return RPO_OK;
}

static int adkar_survey(void *ctx, const rpo_survey_item *item, const char **why)
{
    adkar *a = ctx;
    size_t e = element_of(a, item->item);
    if (e == ADKAR_N) {
        *why = a->unknown_why;
        return 1;
    }
    if (!fw_group_allowed(&a->groups, item->group)) {
        *why = item->group[0] ? "group not among the framework's `groups`"
                              : "no group, and the framework assesses only its `groups`";
        return 3;
    }
    if (!isfinite(item->score) || item->score < ADKAR_SCALE_MIN || item->score > ADKAR_SCALE_MAX) {
        *why = "score outside the ADKAR scale 1-5";
        return 2;
    }
    if (fw_book_add(&a->book, item, e, item->score) != RPO_OK) {
        rpo_log(a->inst, RPO_LOG_ERROR, "out of memory");
        return RPO_ENOMEM;
    }
    return RPO_OK;
}

RPO_PLUGIN_EXPORT(framework_adkar) = {
    RPO_PLUGIN_HEADER,
    .kind = RPO_PLUGIN_FRAMEWORK,
    .name = "adkar",
    .version = "1.0.0",
    .description = "ADKAR readiness (Prosci): barrier points per respondent and group",
    .keys = adkar_keys,
    .create = adkar_create,
    .destroy = adkar_destroy,
    .survey = adkar_survey,
    .assess = adkar_assess,
};
