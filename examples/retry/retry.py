"""Retry delays with exponential backoff: the small library healer's demo heals."""


def backoff_delays(base, factor=2.0, attempts=5, max_delay=30.0):
    """The delay before each retry: base, base*factor, ... capped at max_delay."""
    if base <= 0:
        raise ValueError("base must be positive")
    delays = []
    delay = float(base)
    for _ in range(attempts):
        delays.append(min(delay, max_delay))
        delay *= factor
    return delays


def total_wait(base, factor=2.0, attempts=5, max_delay=30.0):
    """How long all retries wait together."""
    return sum(backoff_delays(base, factor, attempts, max_delay))
