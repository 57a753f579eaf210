"""50 lines that import nothing: each checker's own start-up cost, for typing_cost.py."""


def step0(values: list[int]) -> int:
    return sum(v * 0 for v in values)


def step1(values: list[int]) -> int:
    return sum(v * 1 for v in values)


def step2(values: list[int]) -> int:
    return sum(v * 2 for v in values)


def step3(values: list[int]) -> int:
    return sum(v * 3 for v in values)


def step4(values: list[int]) -> int:
    return sum(v * 4 for v in values)


def step5(values: list[int]) -> int:
    return sum(v * 5 for v in values)


def step6(values: list[int]) -> int:
    return sum(v * 6 for v in values)


def step7(values: list[int]) -> int:
    return sum(v * 7 for v in values)


def step8(values: list[int]) -> int:
    return sum(v * 8 for v in values)


def step9(values: list[int]) -> int:
    return sum(v * 9 for v in values)


def step10(values: list[int]) -> int:
    return sum(v * 10 for v in values)


def step11(values: list[int]) -> int:
    return sum(v * 11 for v in values)
print(step0([1, 2, 3]))
