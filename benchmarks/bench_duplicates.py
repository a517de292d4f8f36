"""Calibrate the near-duplicate threshold for notices (compare.duplicates) on composed variants.

    python benchmarks/bench_duplicates.py [--variants 4] [--seed 1]

Base notices: the seeds of make_corpus.py (the project corpus and seed_notice.txt). For each, parsed
with the pipeline, the body similarity (exact Jaccard of character 5-shingles, and the MinHash
estimate the threshold is applied to) against:
  chrome   the same notice under other page chrome (site header, navigation, a "published … views"
           line, footer and related links);
  edited   the same, plus a few characters changed and a sentence added or dropped;
  agency   another notice of the same agency: its opening and closing, another notice's measures;
  reworded the notice re-used with other figures, dates and place (make_corpus.vary).
Prints min / median / max per kind and how many of each reach each threshold.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import seed_texts, vary

from notice_miner import parse_text
from notice_miner.compare import duplicates
from notice_miner.compare.minhash import estimate, jaccard, shingle_codes

SITES = ["临江市人民政府门户网站", "东湖区纪委监委网站", "清溪县融媒体中心", "南岭市委巡察办"]
NAV = ["首页 > 信息公开 > 通知公告", "当前位置:首页 > 巡察工作 > 整改公开", "首页 | 机构概况 | 工作动态 | 巡察整改"]
FOOTERS = ["主办单位:{site} 网站标识码:{n} 备案号:{n}号", "相关链接:\n上一篇:关于开展专项整治的通知\n下一篇:工作动态",
           "【打印本页】【关闭窗口】\n版权所有 {site}"]


def chrome(rng: random.Random, text: str) -> str:
    site = rng.choice(SITES)
    head = [site, rng.choice(NAV), f"发布时间:2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 来源:{site} "
            f"浏览次数:{rng.randint(10, 9999)}", "【字体:大 中 小】"]
    foot = rng.choice(FOOTERS).format(site=site, n=rng.randint(10 ** 9, 10 ** 10))
    return "\n".join(head[:rng.randint(2, 4)]) + "\n" + text + "\n" + foot + "\n"


def edited(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    body = [k for k, line in enumerate(lines) if len(line) > 30]
    for k in rng.sample(body, min(3, len(body))):
        chars = list(lines[k])
        at = rng.randrange(len(chars))
        chars[at] = rng.choice("各有关全面")
        lines[k] = "".join(chars)
    if body and rng.random() < 0.5:
        k = rng.choice(body)
        lines[k] += "同时建立整改工作台账,逐项对账销号。"
    elif len(body) > 3:
        del lines[rng.choice(body[1:-1])]
    return chrome(rng, "\n".join(lines))


def other_notice(rng: random.Random, text: str, donor: str) -> str:
    """The opening (3 lines) and closing (3 lines) of `text` around the middle of `donor`."""
    own, given = text.split("\n"), donor.split("\n")
    return "\n".join(own[:3] + given[3:-3] + own[-3:])


def body_of(text: str) -> dict:
    return parse_text(text, classifier=None).to_dict()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = [text for _, _, text in seed_texts()]
    scores: dict[str, list[tuple[float, float]]] = {k: [] for k in ("chrome", "edited", "agency", "reworded")}
    for k, text in enumerate(seeds):
        base = body_of(chrome(rng, text))
        base_codes = shingle_codes(duplicates.notice_body(base), duplicates.BODY_SHINGLE)
        for _ in range(args.variants):
            donor = seeds[(k + rng.randint(1, len(seeds) - 1)) % len(seeds)]
            for kind, variant in (("chrome", chrome(rng, text)), ("edited", edited(rng, text)),
                                  ("agency", chrome(rng, other_notice(rng, text, donor))),
                                  ("reworded", chrome(rng, vary(text, rng)))):
                doc = body_of(variant)
                codes = shingle_codes(duplicates.notice_body(doc), duplicates.BODY_SHINGLE)
                matrix = duplicates.signatures([base_codes, codes])
                scores[kind].append((jaccard(base_codes, codes), estimate(matrix, 0, 1)))
    print(f"{len(seeds)} base notices, {args.variants} variants of each kind; body 5-shingle Jaccard exact / MinHash")
    print(f"{'kind':9s} {'n':>3s} {'min':>11s} {'median':>11s} {'max':>11s}   share >= 0.6 / 0.7 / 0.8 / 0.85 / 0.9 (MinHash)")
    for kind, pairs in scores.items():
        exact = sorted(p[0] for p in pairs)
        guess = sorted(p[1] for p in pairs)
        shares = " / ".join(f"{sum(g >= t for g in guess) / len(guess):.2f}" for t in (0.6, 0.7, 0.8, 0.85, 0.9))
        print(f"{kind:9s} {len(pairs):3d} {exact[0]:5.2f}/{guess[0]:4.2f} {exact[len(exact) // 2]:5.2f}/"
              f"{guess[len(guess) // 2]:4.2f} {exact[-1]:5.2f}/{guess[-1]:4.2f}   {shares}")


if __name__ == "__main__":
    main()
