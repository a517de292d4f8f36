"""Progress bars on stderr (rich): what is counted, done of total, rate, and elapsed and remaining
time, each labelled: `notices ━━━━╸━━━ 40/100 2.1/s elapsed 0:00:19 left 0:00:28`.

The rate is the average since the bar started, and neither it nor the time left is shown before
`SETTLED_SECONDS` have passed with something done: the first results of a run come in a burst (a
worker's chunk at once), and a rate read off them would promise thousands a second.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
from rich.text import Text

SETTLED_SECONDS = 2.0
UNKNOWN = "–"


def clock(seconds: float | None) -> str:
    """H:MM:SS of a duration, or – when it is not known yet."""
    if seconds is None:
        return UNKNOWN
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def rate(task: Task) -> float | None:
    """Items a second since the start, once it means something (see the module docstring)."""
    elapsed = task.finished_time if task.finished else task.elapsed
    if not elapsed or elapsed < SETTLED_SECONDS or not task.completed:
        return None
    return task.completed / elapsed


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = rate(task)
        return Text(f"{speed:.1f}/s" if speed is not None else f"{UNKNOWN}/s", style="progress.data.speed")


class ElapsedColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        return Text(f"elapsed {clock(elapsed or 0.0)}", style="progress.elapsed")


class RemainingColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = rate(task)
        if task.finished:
            left: float | None = 0.0
        elif speed is None or task.total is None:
            left = None
        else:
            left = (task.total - task.completed) / speed
        return Text(f"left {clock(left)}", style="progress.remaining")


def progress_bar(what: str, *, enabled: bool = True, get_time: Callable[[], float] | None = None) -> Progress:
    """A bar counting `what` on stderr; shown only when `enabled` and stderr is a terminal."""
    console = Console(stderr=True)
    return Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        ElapsedColumn(),
        RemainingColumn(),
        console=console,
        get_time=get_time,
        disable=not (enabled and console.is_terminal),
    )
