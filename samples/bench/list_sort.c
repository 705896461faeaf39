/* list_sort: fills an array from a linear congruential generator, sorts it, checksums it. */
#include <stdio.h>
#include <stdlib.h>

#define COUNT 1000000
#define MODULUS 1000000007LL

static int compare(const void *a, const void *b) {
    long long x = *(const long long *)a;
    long long y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(void) {
    long long *values = malloc(sizeof(long long) * COUNT);
    if (values == NULL) {
        fputs("out of memory\n", stderr);
        return 1;
    }
    long long state = 42;
    for (long long i = 0; i < COUNT; ++i) {
        /* The glibc rand() constants; the product stays below 2^62, so no language overflows. */
        state = (state * 1103515245LL + 12345) % 2147483648LL;
        values[i] = state;
    }
    qsort(values, COUNT, sizeof(long long), compare);
    long long checksum = 0;
    for (long long i = 0; i < COUNT; ++i) {
        checksum = (checksum * 31 + values[i]) % MODULUS;
    }
    free(values);
    printf("%lld\n", checksum);
    return 0;
}
