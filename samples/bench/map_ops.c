/* map_ops: string-keyed and integer-keyed hash maps, set/get/has in a loop, then a checksum.
 * C has no map type, so both are small open-addressing tables (FNV-1a for strings) that double
 * when they are half full, as a runtime library would provide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 500000

typedef struct {
    char *key; /* NULL: empty slot */
    long long value;
} StrEntry;

typedef struct {
    StrEntry *slots;
    size_t cap;
    size_t length;
} StrMap;

typedef struct {
    long long key;
    long long value;
    int used;
} IntEntry;

typedef struct {
    IntEntry *slots;
    size_t cap;
    size_t length;
} IntMap;

static void *zalloc(size_t count, size_t size) {
    void *p = calloc(count, size);
    if (p == NULL) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static size_t hash_str(const char *s) {
    size_t h = 1469598103934665603ULL;
    for (; *s; ++s) {
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    }
    return h;
}

static size_t hash_int(long long k) {
    return (size_t)((unsigned long long)k * 11400714819323198485ULL);
}

static StrEntry *str_find(const StrMap *m, const char *key) {
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0) {
        i = (i + 1) & (m->cap - 1);
    }
    return &m->slots[i];
}

static void str_grow(StrMap *m) {
    StrMap bigger = {zalloc(m->cap * 2, sizeof(StrEntry)), m->cap * 2, 0};
    for (size_t i = 0; i < m->cap; ++i) {
        if (m->slots[i].key != NULL) {
            *str_find(&bigger, m->slots[i].key) = m->slots[i];
            bigger.length++;
        }
    }
    free(m->slots);
    *m = bigger;
}

static void str_set(StrMap *m, const char *key, long long value) {
    StrEntry *e = str_find(m, key);
    if (e->key == NULL) {
        size_t n = strlen(key) + 1;
        e->key = memcpy(zalloc(n, 1), key, n);
        m->length++;
    }
    e->value = value;
    if (m->length * 2 > m->cap) {
        str_grow(m);
    }
}

static IntEntry *int_find(const IntMap *m, long long key) {
    size_t i = hash_int(key) & (m->cap - 1);
    while (m->slots[i].used && m->slots[i].key != key) {
        i = (i + 1) & (m->cap - 1);
    }
    return &m->slots[i];
}

static void int_set(IntMap *m, long long key, long long value) {
    IntEntry *e = int_find(m, key);
    if (!e->used) {
        e->used = 1;
        e->key = key;
        m->length++;
    }
    e->value = value;
    if (m->length * 2 > m->cap) {
        IntMap bigger = {zalloc(m->cap * 2, sizeof(IntEntry)), m->cap * 2, m->length};
        for (size_t i = 0; i < m->cap; ++i) {
            if (m->slots[i].used) {
                *int_find(&bigger, m->slots[i].key) = m->slots[i];
            }
        }
        free(m->slots);
        *m = bigger;
    }
}

int main(void) {
    StrMap words = {zalloc(16, sizeof(StrEntry)), 16, 0};
    IntMap latest = {zalloc(16, sizeof(IntEntry)), 16, 0};
    long long hits = 0;
    char key[32];
    for (long long i = 0; i < ROUNDS; ++i) {
        snprintf(key, sizeof key, "k%lld", i % 1000);
        StrEntry *seen = str_find(&words, key);
        if (seen->key != NULL) {
            str_set(&words, key, (seen->value + i % 7) % 1000003);
        } else {
            str_set(&words, key, 1);
        }
        int_set(&latest, i % 5000, i);
        if (int_find(&latest, i * 7 % 6000)->used) {
            hits++;
        }
    }
    long long checksum = hits;
    for (size_t i = 0; i < words.cap; ++i) {
        if (words.slots[i].key != NULL) {
            checksum = checksum + words.slots[i].value;
            free(words.slots[i].key);
        }
    }
    for (size_t i = 0; i < latest.cap; ++i) {
        if (latest.slots[i].used) {
            checksum = (checksum + latest.slots[i].value) % 1000003;
        }
    }
    free(words.slots);
    free(latest.slots);
    printf("%lld\n", checksum);
    return 0;
}
