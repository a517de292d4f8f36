"""Fuzz `parse_text` with the project's own notices, mutated by a seeded mutator, and check what must hold.

Each case is one text: a notice of `corpus/` (any format, as ingest extracts it) or the composed
`seed_notice.txt`, put through one to five random edits (markers, dates, figures, whitespace runs,
control and format characters, surrogates, lines swapped, repeated or joined, spans cut, pasted or
spliced from another notice, random code points). Case `i` of seed `s` is always the same text, so a
run can be split over time (`--start`) and any case replayed (`--show I`).

Invariants checked on every case (`violations`):
  - parse_text raises nothing;
  - every item's span grounds its text (`text[start:end] == item.text`) and the text is not blank;
  - every section's and every evidence span lies in `text`, and evidence quotes what its span holds;
  - labels are taxonomy ids matching ^[a-z][a-z0-9_]*$, at most 3 an item, scores in [0, 1];
  - the JSON validates against the published JSON Schema;
  - a text under 100,000 characters takes under 1 CPU second.

    python benchmarks/fuzz.py --count 100000 [--seed 0] [--start 0] [--save DIR] [--time-limit 30] [--schema-every N]

prints one line per failing case and the totals at the end (and every --every cases).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_NOTICE = Path(__file__).with_name("seed_notice.txt")

SLOW_SECONDS = 1.0       # a text under SLOW_CHARS characters must parse within this much CPU time
SLOW_CHARS = 100_000
LABEL_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_LABELS = 3

# What a notice is made of, and what breaks parsers: markers of every rung, dates and figures in
# every written form, the words the statistics are read from, and hostile characters.
TOKENS = [
    "一、", "二、", "十一、", "(一)", "（二）", "(十)", "1.", "2、", "12.", "(3)", "（4）", "①", "⑵", "㈢",
    "第一,", "第二，", "一是", "二是", "三是", "问题1:", "下一步工作打算", "整改情况", "关于", "方面",
    "2023年3月5日", "2022年12月31日至2023年1月5日", "3月5日", "5月0日", "二〇二三年五月八日", "2023.3.5",
    "2023-03-05", "年", "月", "日", "至", "截至目前", "截至2023年6月", "共", "个问题", "已完成", "正在推进",
    "完成率", "100%", "98.5%", "万元", "亿元", "追缴资金", "人", "项", "条", "件", "给予党纪政务处分",
    "诫勉谈话", "移送问题线索", "建立完善制度", "《", "》", "“", "”", "。", "；", ";", ":", "：", ",", "，",
    "联系电话:", "0000-1234567", "邮政编码:", "100000", "电子邮箱:", "a@b.c", "中共某某县委员会",
    "县委第二巡察组", "巡察", "巡视", "整改", "通报", "反馈意见",
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "\u3000", "\u00a0", "\u200b", "\ufeff", "\u2028", "\x00",
    "\x0c", "\x1b[31m", "\ud800", "\udfff", "\U0001f600", "\u202e", "\u0301", "<p>", "</div>", "&amp;",
    "=SUM(A1)", "+1", "-1", "@x", "０１２", "ｗ", "．", "（", "）", "¥", "\\", "\"", "'",
]
SPACES = [" ", "\u3000", "\t", "\u00a0"]


def seed_texts() -> list[str]:
    """The project's notices as ingest extracts them, and the composed seed notice."""
    from notice_miner import ingest
    from notice_miner.errors import NoticeError

    texts = [SEED_NOTICE.read_text(encoding="utf-8")]
    for path in sorted((ROOT / "corpus").glob("*")):
        if path.suffix.lower() in ingest.SUPPORTED:
            try:
                texts.append(ingest.read(path).text)
            except NoticeError:
                continue
    return texts


class Mutator:
    """Random edits of the seed texts; `case(i)` depends only on the seed, `i` and the seed texts."""

    def __init__(self, seeds: list[str], seed: int = 0):
        self.seeds, self.seed = seeds, seed
        self.edits = [self._insert, self._insert, self._delete, self._duplicate, self._swap_lines,
                      self._repeat_line, self._join_lines, self._space_run, self._random_chars,
                      self._splice, self._truncate, self._digits, self._replace]

    def case(self, i: int) -> str:
        rng = random.Random(f"{self.seed}:{i}")
        text = rng.choice(self.seeds)
        for _ in range(rng.randint(1, 5)):
            text = rng.choice(self.edits)(text, rng)
        return text

    @staticmethod
    def _at(text: str, rng: random.Random) -> int:
        return rng.randint(0, len(text))

    def _insert(self, text, rng):
        for _ in range(rng.randint(1, 8)):
            at = self._at(text, rng)
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        return text

    def _delete(self, text, rng):
        at = self._at(text, rng)
        return text[:at] + text[at + rng.randint(1, 300):]

    def _duplicate(self, text, rng):
        at = self._at(text, rng)
        piece = text[at:at + rng.randint(1, 400)]
        to = self._at(text, rng)
        return text[:to] + piece + text[to:]

    def _swap_lines(self, text, rng):
        lines = text.split("\n")
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return "\n".join(lines)

    def _repeat_line(self, text, rng):
        lines = text.split("\n")
        at = rng.randrange(len(lines))
        lines[at:at + 1] = [lines[at]] * rng.randint(2, 40)
        return "\n".join(lines)

    def _join_lines(self, text, rng):
        at = self._at(text, rng)
        end = at + rng.randint(10, 2000)
        return text[:at] + text[at:end].replace("\n", rng.choice(["", " ", "\u3000"])) + text[end:]

    def _space_run(self, text, rng):
        # mostly short runs; now and then the long runs that made patterns backtrack (issue 15)
        length = rng.randint(2, 40) if rng.random() < 0.9 else rng.randint(100, 1500)
        at = self._at(text, rng)
        return text[:at] + rng.choice(SPACES) * length + text[at:]

    def _random_chars(self, text, rng):
        at = self._at(text, rng)
        chars = "".join(chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0xFFFF),
                                        rng.randint(0x4E00, 0x9FFF), rng.randint(0x10000, 0x10FFFF)]))
                        for _ in range(rng.randint(1, 30)))
        return text[:at] + chars + text[at:]

    def _splice(self, text, rng):
        other = rng.choice(self.seeds)
        return text[:self._at(text, rng)] + other[self._at(other, rng):]

    def _truncate(self, text, rng):
        return text[:self._at(text, rng)]

    def _digits(self, text, rng):
        table = str.maketrans("0123456789", rng.choice(["〇一二三四五六七八九", "０１２３４５６７８９", "零壹贰叁肆伍陆柒捌玖"]))
        at = self._at(text, rng)
        end = at + rng.randint(10, 500)
        return text[:at] + text[at:end].translate(table) + text[end:]

    def _replace(self, text, rng):
        for _ in range(rng.randint(1, 10)):
            at = self._at(text, rng)
            text = text[:at] + rng.choice(TOKENS) + text[at + 1:]
        return text


def _span_in(span, text: str) -> bool:
    return 0 <= span[0] <= span[1] <= len(text)


def violations(notice, label_ids: frozenset[str] | None, validator=None) -> list[str]:
    """What does not hold of one parsed notice (module docstring), in words; empty when all holds."""
    text, found = notice.text, []
    for item in notice.items:
        if not _span_in(item.span, text) or text[item.span[0]:item.span[1]] != item.text:
            found.append(f"item {item.id}: span {item.span} does not ground its text")
        if not item.text.strip():
            found.append(f"item {item.id}: empty text")
        if len(item.labels) > MAX_LABELS:
            found.append(f"item {item.id}: {len(item.labels)} labels")
        for label in item.labels:
            if not LABEL_ID.match(label.label) or (label_ids is not None and label.label not in label_ids):
                found.append(f"item {item.id}: label {label.label!r} is not a taxonomy id")
            if not 0.0 <= label.score <= 1.0:
                found.append(f"item {item.id}: score {label.score}")
        if not 0.0 <= item.signals.specificity <= 1.0:
            found.append(f"item {item.id}: specificity {item.signals.specificity}")
    for section in notice.sections:
        if not _span_in(section.span, text):
            found.append(f"section {section.id}: span {section.span} outside the text")
    for ev in notice.evidence:
        if ev.source == "text" and (ev.span is None or not _span_in(ev.span, text)
                                    or text[ev.span[0]:ev.span[1]] != ev.quote):
            found.append(f"evidence {ev.field}: span {ev.span} does not hold its quote")
    if validator is not None:
        for error in validator.iter_errors(json.loads(notice.to_json())):
            found.append(f"schema: {error.json_path}: {error.message[:120]}")
    return found


@dataclass
class Totals:
    cases: int = 0
    chars: int = 0
    cpu_seconds: float = 0.0
    exceptions: Counter = field(default_factory=Counter)   # "Type: where" -> count
    violations: Counter = field(default_factory=Counter)   # first words of the violation -> count
    slow: int = 0          # under SLOW_CHARS characters and over SLOW_SECONDS
    stopped: int = 0       # over the run's --time-limit, interrupted
    slowest: tuple[float, int, int] = (0.0, -1, 0)  # (cpu s, case, chars) of the slowest case

    @property
    def failing(self) -> int:
        return sum(self.exceptions.values()) + sum(self.violations.values()) + self.slow

    def describe(self) -> str:
        lines = [f"{self.cases} cases, {self.chars / max(self.cases, 1):.0f} characters on average, "
                 f"{self.cpu_seconds:.1f} CPU s ({1000 * self.cpu_seconds / max(self.cases, 1):.1f} ms a case); "
                 f"exceptions {sum(self.exceptions.values())}, invariant violations {sum(self.violations.values())}, "
                 f"slow (> {SLOW_SECONDS:g} s under {SLOW_CHARS:,} chars) {self.slow}, stopped {self.stopped}; "
                 f"slowest case {self.slowest[1]}: {self.slowest[0]:.2f} s, {self.slowest[2]} chars"]
        lines += [f"  exception  {n:6d}  {what}" for what, n in self.exceptions.most_common()]
        lines += [f"  violation  {n:6d}  {what}" for what, n in self.violations.most_common()]
        return "\n".join(lines)


class _Stopped(Exception):
    pass


def _where(err: BaseException) -> str:
    """The innermost frame of the project an exception came from: file:function."""
    import traceback

    frames = [f for f in traceback.extract_tb(err.__traceback__) if "notice_miner" in f.filename]
    frame = frames[-1] if frames else traceback.extract_tb(err.__traceback__)[-1]
    return f"{Path(frame.filename).name}:{frame.name}"


def check_case(text: str, classifier, label_ids, validator, time_limit: float | None = None) -> tuple[list[str], float]:
    """(what failed, CPU seconds) for one text; an exception is reported as a failure, never raised."""
    from notice_miner import pipeline

    def stop(signum, frame):
        raise _Stopped

    if time_limit:
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    started = time.process_time()
    try:
        notice = pipeline.parse_text(text, name="fuzz.txt", classifier=classifier)
        spent = time.process_time() - started
        problems = violations(notice, label_ids, validator)
    except _Stopped:
        return [f"stopped: over {time_limit:g} s"], time.process_time() - started
    except Exception as err:  # what the harness is for
        return [f"exception {type(err).__name__} at {_where(err)}: {str(err)[:100]}"], time.process_time() - started
    finally:
        if time_limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if spent > SLOW_SECONDS and len(text) < SLOW_CHARS:
        problems.append(f"slow: {spent:.2f} s for {len(text)} characters")
    return problems, spent


def harness(classifier="default", schema: bool = True):
    """(classifier, label ids, schema validator) for `check_case`."""
    import jsonschema

    from notice_miner import pipeline
    from notice_miner.model import json_schema

    clf = pipeline.resolve_classifier(classifier)
    ids = frozenset(getattr(clf, "labels", ()) or ()) or None
    validator = jsonschema.Draft202012Validator(json_schema()) if schema else None
    return clf, ids, validator


def run(count: int, *, seed: int = 0, start: int = 0, time_limit: float | None = 30.0, save: Path | None = None,
        every: int = 0, out=sys.stdout, classifier="default", schema_every: int = 1) -> Totals:
    """Cases start … start+count-1 of `seed`; a line per failing case on `out`, totals returned.

    The JSON Schema is checked on every `schema_every`-th case (validation costs as much as parsing).
    """
    mutator = Mutator(seed_texts(), seed)
    clf, ids, validator = harness(classifier)
    totals = Totals()
    for i in range(start, start + count):
        text = mutator.case(i)
        problems, spent = check_case(text, clf, ids, validator if i % schema_every == 0 else None, time_limit)
        totals.cases += 1
        totals.chars += len(text)
        totals.cpu_seconds += spent
        if spent > totals.slowest[0]:
            totals.slowest = (spent, i, len(text))
        for problem in problems:
            kind, _, what = problem.partition(" ")
            if kind == "exception":
                totals.exceptions[what.split(": ", 1)[0]] += 1
            elif kind == "slow:":
                totals.slow += 1
            elif kind == "stopped:":
                totals.stopped += 1
                totals.slow += len(text) < SLOW_CHARS
            else:
                totals.violations[re.sub(r"\d+", "N", problem)[:80]] += 1
        if problems:
            print(f"case {i}: {len(text)} chars: " + "; ".join(problems), file=out, flush=True)
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"case-{seed}-{i}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        if every and totals.cases % every == 0:
            print(totals.describe(), file=out, flush=True)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first case number (split a long run over time)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds before a case is interrupted")
    parser.add_argument("--save", type=Path, help="write each failing case's text here")
    parser.add_argument("--every", type=int, default=5000, help="print the totals every N cases")
    parser.add_argument("--no-labels", action="store_true", help="without the classifier")
    parser.add_argument("--schema-every", type=int, default=1, metavar="N",
                        help="validate the JSON Schema on every N-th case only (it costs as much as parsing)")
    parser.add_argument("--show", type=int, metavar="I", help="print case I's text (repr) and exit")
    args = parser.parse_args(argv)
    if args.show is not None:
        print(repr(Mutator(seed_texts(), args.seed).case(args.show)))
        return 0
    started = time.monotonic()
    totals = run(args.count, seed=args.seed, start=args.start, time_limit=args.time_limit, save=args.save,
                 every=args.every, classifier=None if args.no_labels else "default", schema_every=args.schema_every)
    print(f"seed {args.seed}, cases {args.start}-{args.start + args.count - 1}, "
          f"{time.monotonic() - started:.0f} s wall\n{totals.describe()}")
    return 1 if totals.failing else 0


if __name__ == "__main__":
    sys.exit(main())
