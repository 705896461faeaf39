"""method_call: small methods of a class called in a hot loop."""

CALLS = 2000000
MODULUS = 1000003


class Counter:
    __slots__ = ("value", "step")

    def __init__(self, value, step):
        self.value = value
        self.step = step

    def bump(self, by):
        self.value = (self.value + by * self.step) % MODULUS

    def current(self):
        return self.value

    def is_even(self):
        return self.value % 2 == 0


def main():
    counter = Counter(0, 3)
    total = 0
    for i in range(CALLS):
        counter.bump(i)
        if counter.is_even():
            total = (total + counter.current()) % MODULUS
    print(total)


main()
