"""list_sort: fills a list from a linear congruential generator, sorts it, checksums it."""

COUNT = 1000000
MODULUS = 1000000007


def main():
    state = 42
    values = []
    for _ in range(COUNT):
        # The glibc rand() constants; the product stays below 2^62, so no language overflows.
        state = (state * 1103515245 + 12345) % 2147483648
        values.append(state)
    values.sort()
    checksum = 0
    for v in values:
        checksum = (checksum * 31 + v) % MODULUS
    print(checksum)


main()
