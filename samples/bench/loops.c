/* loops: nested loops doing integer arithmetic on the loop counters. */
#include <stdio.h>

#define OUTER 4000
#define INNER 1000

int main(void) {
    long long sum = 0;
    for (long long i = 0; i < OUTER; ++i) {
        for (long long j = 0; j < INNER; ++j) {
            sum = (sum + i * j + (i ^ j)) % 1000003;
            if ((i + j) % 3 == 0) {
                sum = sum + 1;
            }
        }
    }
    printf("%lld\n", sum);
    return 0;
}
