"""Steps per second of a Python callable: 200 warm-up calls, then batches of
100 for `seconds` of wall time (shared by the PyTorch side of the benchmarks)."""
import time


def rate(step, seconds):
    for _ in range(200):
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(100):
            step()
        n += 100
    return n / (time.perf_counter() - start)
