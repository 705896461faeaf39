"""fib: naive recursive Fibonacci, a benchmark of function calls and integer arithmetic."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    print(fib(32))


main()
