"""Make a large, varied corpus of notices from the project's own ones, for benchmarks and tests.

Each generated notice is a seed notice (the project's corpus/*.txt and *.html, kept in their
encodings, and benchmarks/seed_notice.txt, a composed notice reporting no real events) with its
place name, dates and other numbers replaced at random, and the bodies of sibling items shuffled.

    python benchmarks/make_corpus.py OUT_DIR [--count 2000] [--seed 0]
"""
from __future__ import annotations

import argparse
import codecs
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_NOTICE = Path(__file__).with_name("seed_notice.txt")

PLACES = ["临川", "安远", "青阳", "西峡", "宁都", "建德", "桐庐", "永修", "海丰", "隆回", "石门", "南漳",
          "平江", "泗洪", "灵璧", "会昌", "武宁", "黎川", "崇义", "修水"]
_TITLE_PLACE = re.compile(r"中共([\u4e00-\u9fff]{2})(?:省|市|县|区)")
_DATE = re.compile(r"(\d{4})(\s*年\s*)(\d{1,2})(\s*月\s*)(\d{1,2})(\s*日)")
_NUMBER = re.compile(r"\d+(?=(月|日|%)?)")
_SIBLING_MARKERS = [re.compile(r"^(\s*[（(][一二三四五六七八九十]+[)）])"), re.compile(r"^(\s*\d+[.．、])")]
_INLINE_LIST = re.compile(r"([一二三四五六七八九十]是)")


def seed_texts() -> list[tuple[str, str, str]]:
    """(suffix, encoding, text) of every seed notice: the project corpus (.txt, .html) and the composed seed."""
    from charset_normalizer import from_bytes

    seeds = [(".txt", "utf-8", SEED_NOTICE.read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "corpus").glob("*")):
        if path.suffix not in (".txt", ".html") or path.name.startswith("."):
            continue
        data = path.read_bytes()
        if data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            best = from_bytes(data).best()
            encoding = best.encoding if best else "utf-8"
        text = data.decode(encoding, errors="replace")
        if "整改" in text:
            seeds.append((path.suffix, encoding, text))
    return seeds


def _vary_numbers(text: str, rng: random.Random) -> str:
    def date(m: re.Match) -> str:
        return f"{rng.randint(2019, 2025)}{m[2]}{rng.randint(1, 12)}{m[4]}{rng.randint(1, 28)}{m[6]}"

    def number(m: re.Match, line: str) -> str:
        digits, unit, before = m[0], m[1], line[:m.start()].strip()
        if before in ("", "(", "（") or digits.startswith("0") or len(digits) >= 5:
            return digits  # item markers, phone numbers and post codes keep their shape
        if unit == "月":
            return str(rng.randint(1, 12))
        if unit == "日":
            return str(rng.randint(1, 28))
        if unit == "%":
            return str(rng.randint(1, 100))
        return str(rng.randint(1 if len(digits) == 1 else 10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    def vary_line(line: str) -> str:
        dated = _DATE.sub(date, line)
        return _NUMBER.sub(lambda m: number(m, dated) if not _in_date(m, dated) else m[0], dated)

    def _in_date(m: re.Match, line: str) -> bool:
        return any(d.start() <= m.start() < d.end() for d in _DATE.finditer(line))

    return "\n".join(vary_line(line) for line in text.split("\n"))


def _shuffle_siblings(text: str, rng: random.Random) -> str:
    """Permute the bodies of consecutive items with the same kind of marker, markers staying in place."""
    lines = text.split("\n")
    for pattern in _SIBLING_MARKERS:
        run: list[int] = []
        for index in [*range(len(lines)), None]:
            matched = index is not None and pattern.match(lines[index])
            if matched:
                run.append(index)
                continue
            if index is not None and not lines[index].strip():
                continue
            if len(run) > 1:
                bodies = [pattern.sub("", lines[i], count=1) for i in run]
                rng.shuffle(bodies)
                for i, body in zip(run, bodies):
                    lines[i] = pattern.match(lines[i])[1] + body
            run = []
    for index, line in enumerate(lines):
        parts = _INLINE_LIST.split(line)
        if len(parts) > 4:  # text, (marker, body) pairs: shuffle the bodies but not the last
            bodies = parts[2:-1:2]
            rng.shuffle(bodies)
            parts[2:-1:2] = bodies
            lines[index] = "".join(parts)
    return "\n".join(lines)


def vary(text: str, rng: random.Random) -> str:
    """A new notice from `text`: another place, other dates and numbers, items reordered."""
    found = _TITLE_PLACE.search(text)
    if found:
        text = text.replace(found[1], rng.choice(PLACES))
    return _shuffle_siblings(_vary_numbers(text, rng), rng)


def make_corpus(out_dir: Path, count: int, *, seed: int = 0, per_folder: int = 100) -> list[Path]:
    """Write `count` varied notices under out_dir/batch_NNN/; returns their paths."""
    rng = random.Random(seed)
    seeds = seed_texts()
    paths = []
    for number in range(count):
        suffix, encoding, text = seeds[number % len(seeds)]
        folder = out_dir / f"batch_{number // per_folder:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"notice_{number:05d}{suffix}"
        path.write_bytes(vary(text, rng).encode(encoding, errors="replace"))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = make_corpus(args.out_dir, args.count, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} notices, {size / 1e6:.1f} MB, from {len(seed_texts())} seeds -> {args.out_dir}")


if __name__ == "__main__":
    main()
