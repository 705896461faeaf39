/* method_call: small functions on a struct (the C spelling of methods) called in a hot loop. */
#include <stdio.h>

#define CALLS 2000000
#define MODULUS 1000003

typedef struct {
    long long value;
    long long step;
} Counter;

static void bump(Counter *counter, long long by) {
    counter->value = (counter->value + by * counter->step) % MODULUS;
}

static long long current(const Counter *counter) {
    return counter->value;
}

static int is_even(const Counter *counter) {
    return counter->value % 2 == 0;
}

int main(void) {
    Counter counter = {0, 3};
    long long total = 0;
    for (long long i = 0; i < CALLS; ++i) {
        bump(&counter, i);
        if (is_even(&counter)) {
            total = (total + current(&counter)) % MODULUS;
        }
    }
    printf("%lld\n", total);
    return 0;
}
