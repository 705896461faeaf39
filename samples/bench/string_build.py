"""string_build: builds short strings by concatenation and interpolation and sums their lengths."""

ROWS = 200000


def main():
    total = 0
    for i in range(ROWS):
        cells = ""
        for j in range(10):
            cells = cells + f"{i % 7 + j},"
        line = f"row {i}: " + cells
        total = total + len(line)
    print(total)


main()
