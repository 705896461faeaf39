"""map_ops: string-keyed and int-keyed dict set/get/has in a loop, then a checksum over values."""

ROUNDS = 500000


def main():
    words = {}
    latest = {}
    hits = 0
    for i in range(ROUNDS):
        key = f"k{i % 1000}"
        seen = words.get(key)
        if seen is not None:
            words[key] = (seen + i % 7) % 1000003
        else:
            words[key] = 1
        latest[i % 5000] = i
        if i * 7 % 6000 in latest:
            hits += 1
    checksum = hits
    for v in words.values():
        checksum = checksum + v
    for v in latest.values():
        checksum = (checksum + v) % 1000003
    print(checksum)


main()
