/* binary_trees: build and walk many complete binary trees (after the Benchmarks Game).
 *
 * The same arena algorithm as binary_trees.rae: an array of nodes naming their children by
 * index (-1 for a leaf), a fresh arena per tree sized to fit it exactly. */
#include <stdio.h>
#include <stdlib.h>

#define MIN_DEPTH 4
#define MAX_DEPTH 13

typedef struct {
    long long left;
    long long right;
} Node;

typedef struct {
    Node *nodes;
    long long length;
} Arena;

static Arena arena_new(long long depth) {
    Arena arena = {malloc(sizeof(Node) * (size_t)((1LL << (depth + 1)) - 1)), 0};
    if (arena.nodes == NULL) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
    return arena;
}

/* Appends a complete tree of the given depth to the arena; returns the index of its root. */
static long long build(Arena *arena, long long depth) {
    Node node = {-1, -1};
    if (depth > 0) {
        node.left = build(arena, depth - 1);
        node.right = build(arena, depth - 1);
    }
    arena->nodes[arena->length] = node;
    return arena->length++;
}

/* Counts the nodes reachable from index. */
static long long check(const Arena *arena, long long index) {
    const Node *node = &arena->nodes[index];
    if (node->left < 0) {
        return 1;
    }
    return 1 + check(arena, node->left) + check(arena, node->right);
}

static long long tree_check(long long depth) {
    Arena arena = arena_new(depth);
    long long root = build(&arena, depth);
    long long count = check(&arena, root);
    free(arena.nodes);
    return count;
}

int main(void) {
    long long total = tree_check(MAX_DEPTH + 1);
    Arena long_lived = arena_new(MAX_DEPTH);
    long long long_lived_root = build(&long_lived, MAX_DEPTH);
    for (long long depth = MIN_DEPTH; depth <= MAX_DEPTH; depth += 2) {
        long long iterations = 1LL << (MAX_DEPTH - depth + MIN_DEPTH);
        for (long long i = 0; i < iterations; ++i) {
            total += tree_check(depth);
        }
    }
    total += check(&long_lived, long_lived_root);
    free(long_lived.nodes);
    printf("%lld\n", total);
    return 0;
}
