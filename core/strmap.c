/*
 * strmap.c — open addressing with linear probing, FNV-1a hashing.
 */
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry_head {
    uint64_t hash;
    const char *key;
    size_t len;
} entry_head;

static size_t entry_size(const rpo_strmap *m)
{
    size_t s = sizeof(entry_head) + m->value_size;
    return (s + 7) & ~(size_t)7;
}

static entry_head *entry(const rpo_strmap *m, size_t i)
{
    return (entry_head *)(m->entries + i * entry_size(m));
}

static uint64_t hash_key(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)k[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

void rpo_strmap_init(rpo_strmap *m, size_t value_size)
{
    memset(m, 0, sizeof *m);
    m->value_size = value_size;
}

void *rpo_strmap_get(const rpo_strmap *m, const char *key, size_t len)
{
    if (!m->count)
        return NULL;
    uint64_t h = hash_key(key, len);
    for (size_t i = h & (m->n_slots - 1);; i = (i + 1) & (m->n_slots - 1)) {
        uint32_t s = m->slots[i];
        if (!s)
            return NULL;
        entry_head *e = entry(m, s - 1);
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return e + 1;
    }
}

static void grow_slots(rpo_strmap *m)
{
    size_t n = m->n_slots ? 2 * m->n_slots : 64;
    free(m->slots);
    m->slots = rpo_xcalloc(n, sizeof *m->slots);
    m->n_slots = n;
    for (size_t j = 0; j < m->count; j++) {
        size_t i = entry(m, j)->hash & (n - 1);
        while (m->slots[i])
            i = (i + 1) & (n - 1);
        m->slots[i] = (uint32_t)(j + 1);
    }
}

static const char *copy_key(rpo_strmap *m, const char *key, size_t len)
{
    if (!m->n_chunks || m->chunk_used + len > m->chunk_size) {
        m->chunk_size = len > 65536 ? len : 65536;
        m->chunks = rpo_xrealloc(m->chunks, (m->n_chunks + 1) * sizeof *m->chunks);
        m->chunks[m->n_chunks++] = rpo_xrealloc(NULL, m->chunk_size);
        m->chunk_used = 0;
    }
    char *p = m->chunks[m->n_chunks - 1] + m->chunk_used;
    memcpy(p, key, len);
    m->chunk_used += len;
    return p;
}

void *rpo_strmap_put(rpo_strmap *m, const char *key, size_t len, int *created)
{
    void *v = rpo_strmap_get(m, key, len);
    if (v) {
        *created = 0;
        return v;
    }
    *created = 1;
    if ((m->count + 1) * 2 > m->n_slots)
        grow_slots(m);
    if (m->count == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->entries = rpo_xrealloc(m->entries, m->cap * entry_size(m));
    }
    entry_head *e = entry(m, m->count);
    e->hash = hash_key(key, len);
    e->key = copy_key(m, key, len);
    e->len = len;
    memset(e + 1, 0, m->value_size);
    size_t i = e->hash & (m->n_slots - 1);
    while (m->slots[i])
        i = (i + 1) & (m->n_slots - 1);
    m->slots[i] = (uint32_t)(m->count + 1);
    m->count++;
    return e + 1;
}

void *rpo_strmap_at(const rpo_strmap *m, size_t i)
{
    return entry(m, i) + 1;
}

void rpo_strmap_free(rpo_strmap *m)
{
    for (size_t i = 0; i < m->n_chunks; i++)
        free(m->chunks[i]);
    free(m->chunks);
    free(m->slots);
    free(m->entries);
    size_t vs = m->value_size;
    rpo_strmap_init(m, vs);
}
