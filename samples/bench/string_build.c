/* string_build: builds short strings by appending formatted numbers and sums their lengths.
 * C has neither `+` on strings nor interpolation: snprintf into a buffer does both. */
#include <stdio.h>
#include <string.h>

#define ROWS 200000

int main(void) {
    long long total = 0;
    char cells[256];
    char line[512];
    for (long long i = 0; i < ROWS; ++i) {
        size_t length = 0;
        cells[0] = '\0';
        for (long long j = 0; j < 10; ++j) {
            length += (size_t)snprintf(cells + length, sizeof cells - length, "%lld,", i % 7 + j);
        }
        snprintf(line, sizeof line, "row %lld: %s", i, cells);
        total = total + (long long)strlen(line);
    }
    printf("%lld\n", total);
    return 0;
}
