"""Progress bars label elapsed and remaining time and show no rate before one means something."""
from __future__ import annotations

import io

from rich.console import Console

from notice_miner.progress import SETTLED_SECONDS, progress_bar


class Clock:
    """The bar's time source, set by the test (rich's Progress takes one: get_time)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _line(bar) -> str:
    out = io.StringIO()
    Console(file=out, width=160, color_system=None).print(bar.get_renderable())
    return " ".join(out.getvalue().split())


def test_a_burst_at_the_start_shows_no_rate_and_no_time_left() -> None:
    clock = Clock()
    bar = progress_bar("notices", get_time=clock)
    task = bar.add_task("notices", total=100)
    assert _line(bar).endswith("0/100 –/s elapsed 0:00:00 left –")
    clock.now += 0.05
    bar.advance(task, 8)  # a worker's chunk arrives at once
    assert _line(bar).endswith("8/100 –/s elapsed 0:00:00 left –")
    clock.now += SETTLED_SECONDS - 0.1
    assert "–/s" in _line(bar) and _line(bar).endswith("left –")


def test_rate_and_time_left_are_the_average_since_the_start() -> None:
    clock = Clock()
    bar = progress_bar("notices", get_time=clock)
    task = bar.add_task("notices", total=100)
    for _ in range(40):
        clock.now += 0.5
        bar.advance(task)
    assert _line(bar).endswith("40/100 2.0/s elapsed 0:00:20 left 0:00:30")
    clock.now += 100
    bar.advance(task, 60)
    assert _line(bar).endswith("100/100 0.8/s elapsed 0:02:00 left 0:00:00")
