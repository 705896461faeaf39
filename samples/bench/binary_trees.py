"""binary_trees: build and walk many complete binary trees (after the Benchmarks Game).

The same arena algorithm as binary_trees.rae: a list of [left, right] nodes naming their
children by index (-1 for a leaf), a fresh arena per tree.
"""

MIN_DEPTH = 4
MAX_DEPTH = 13


def build(nodes, depth):
    """Appends a complete tree of the given depth to the arena; returns its root's index."""
    if depth == 0:
        nodes.append((-1, -1))
        return len(nodes) - 1
    left = build(nodes, depth - 1)
    right = build(nodes, depth - 1)
    nodes.append((left, right))
    return len(nodes) - 1


def check(nodes, index):
    """Counts the nodes reachable from index."""
    left, right = nodes[index]
    if left < 0:
        return 1
    return 1 + check(nodes, left) + check(nodes, right)


def tree_check(depth):
    nodes = []
    root = build(nodes, depth)
    return check(nodes, root)


def main():
    total = tree_check(MAX_DEPTH + 1)
    long_lived = []
    long_lived_root = build(long_lived, MAX_DEPTH)
    depth = MIN_DEPTH
    while depth <= MAX_DEPTH:
        iterations = 1 << (MAX_DEPTH - depth + MIN_DEPTH)
        for _ in range(iterations):
            total += tree_check(depth)
        depth += 2
    total += check(long_lived, long_lived_root)
    print(total)


main()
