"""loops: nested loops doing integer arithmetic on the loop counters."""

OUTER = 4000
INNER = 1000


def main():
    total = 0
    for i in range(OUTER):
        for j in range(INNER):
            total = (total + i * j + (i ^ j)) % 1000003
            if (i + j) % 3 == 0:
                total = total + 1
    print(total)


main()
