/*
 * strmap.h — a hash map from short strings (record ids) to fixed-size values.
 *
 * Keys are copied into an arena that grows in chunks; values live in one
 * array in insertion order, so a map can also be walked in a stable order.
 * Pointers to values are valid only until the next insertion.
 */
#ifndef RPO_CORE_STRMAP_H
#define RPO_CORE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct rpo_strmap {
    size_t value_size;
    uint32_t *slots; /* 0 = empty, else index+1 into the entries */
    size_t n_slots;  /* a power of two */
    char *entries;   /* count × (sizeof(entry header) + value_size) */
    size_t count, cap;
    char **chunks;   /* key arena */
    size_t n_chunks, chunk_used, chunk_size;
} rpo_strmap;

/* rpo_strmap_init — an empty map of values VALUE_SIZE bytes long. */
void rpo_strmap_init(rpo_strmap *m, size_t value_size);

/* rpo_strmap_get — the value stored for KEY[0..LEN), or NULL. */
void *rpo_strmap_get(const rpo_strmap *m, const char *key, size_t len);

/*
 * rpo_strmap_put — the value for KEY[0..LEN), inserting a zeroed one if the
 * key is new (then *CREATED = 1, else 0). Never NULL (aborts on OOM).
 */
void *rpo_strmap_put(rpo_strmap *m, const char *key, size_t len, int *created);

/* rpo_strmap_at — the I-th value in insertion order (I < count). */
void *rpo_strmap_at(const rpo_strmap *m, size_t i);

/* rpo_strmap_free — release everything; the map may be initialised again. */
void rpo_strmap_free(rpo_strmap *m);

#endif
