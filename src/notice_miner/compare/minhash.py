"""Character shingles as integer codes, datasketch MinHash signatures, and LSH clustering whose work
stays linear when many texts are near-identical (copied measures, republished notices)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

NUM_PERM = 128
# a bucket's members are checked against at most this many of its leaders (see `lsh_clusters`)
MAX_LEADERS = 8
_NOT_TEXT = re.compile(r"[^\w]|_", re.UNICODE)
# odd multipliers folding a band of the signature into one bucket key (wrapping uint64 arithmetic)
_BAND_MIX = np.random.default_rng(20261207).integers(1, 2**63, size=NUM_PERM * 2, dtype=np.uint64) | np.uint64(1)


def bare(text: str) -> str:
    """The text with punctuation, spaces and underscores dropped (what shingles are taken over)."""
    return _NOT_TEXT.sub("", text)


def shingle_codes(text: str, k: int) -> np.ndarray:
    """The distinct character k-shingles of `bare(text)` as sorted uint64 codes.

    For k <= 3 the code packs each code point in 21 bits, so it is the shingle itself (no collision)
    and exact Jaccard over codes is exact Jaccard over shingles; longer shingles are a polynomial hash."""
    points = np.frombuffer(bare(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) < k:
        return np.empty(0, dtype=np.uint64)
    width = len(points) - k + 1
    code = np.zeros(width, dtype=np.uint64)
    step = np.uint64(1 << 21) if k <= 3 else np.uint64(0x100000001B3)
    for offset in range(k):
        code = code * step + points[offset : offset + width]
    return np.unique(code)


def hash32(codes: np.ndarray) -> np.ndarray:
    """Shingle codes folded to the 32-bit values datasketch's affine32 MinHash takes."""
    codes = codes.astype(np.uint64, copy=False)
    return ((codes ^ (codes >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def _identity(value):
    return value


def signatures(code_sets: list[np.ndarray], num_perm: int = NUM_PERM) -> np.ndarray:
    """One datasketch MinHash per code set (the same permutations for all), as rows of a
    (len(code_sets), num_perm) uint32 matrix."""
    sketch = _sketch(num_perm)
    out = np.empty((len(code_sets), num_perm), dtype=np.uint32)
    for row, codes in enumerate(code_sets):
        sketch.clear()
        sketch.update_batch(hash32(codes))
        out[row] = sketch.hashvalues
    return out


@lru_cache(maxsize=4)
def _sketch(num_perm: int):
    """A datasketch MinHash (default seed and scheme) fed precomputed 32-bit shingle hashes; its
    permutations are drawn once per process."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, hashfunc=_identity)


def lean(signature: np.ndarray):
    """A datasketch LeanMinHash of one signature row."""
    from datasketch import LeanMinHash, MinHash

    return LeanMinHash(MinHash(num_perm=len(signature), hashvalues=signature, scheme="affine32"))


def bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) datasketch's MinHashLSH picks for `threshold`."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def buckets(matrix: np.ndarray, threshold: float) -> list[np.ndarray]:
    """Row numbers sharing an LSH bucket (one band of the signature equal), every bucket of two or more."""
    n_bands, rows = bands(threshold, matrix.shape[1])
    out = []
    for band in range(n_bands):
        part = matrix[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = (part * _BAND_MIX[band * rows : (band + 1) * rows]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(keys)])
        out.extend(order[s : s + n] for s, n in zip(starts[sizes > 1], sizes[sizes > 1]))
    return out


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by the smaller root)."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def lsh_clusters(
    matrix: np.ndarray, threshold: float, similarity, *, allowed=None, candidate_threshold: float | None = None
) -> tuple[UnionFind, list[tuple[int, int, float]]]:
    """Join rows whose `similarity(i, j)` is >= threshold, proposed by MinHash LSH, into clusters.

    Bounded work: within a bucket each row is checked only against the bucket's leaders (at most
    MAX_LEADERS rows that matched no earlier leader) and not at all when union-find already holds it
    in a leader's cluster, so a bucket of 10,000 near-identical rows costs ~10,000 checks, not 50
    million pairs. A pair the bucket misses is usually joined through another band or another
    member. `allowed(i, j)` may refuse a pair (e.g. two measures of one notice). Returns the
    union-find and the joining edges (i, j, similarity)."""
    union = UnionFind(len(matrix))
    edges: list[tuple[int, int, float]] = []
    for bucket in buckets(matrix, candidate_threshold or threshold):
        leaders: list[int] = []
        for row in bucket.tolist():
            joined = False
            for leader in leaders:
                if union.find(leader) == union.find(row):
                    joined = True
                    continue
                if allowed is not None and not allowed(leader, row):
                    continue
                score = similarity(leader, row)
                if score is not None and score >= threshold:
                    union.union(leader, row)
                    edges.append((leader, row, score))
                    joined = True
            if not joined and len(leaders) < MAX_LEADERS:
                leaders.append(row)
    return union, edges


def estimate(matrix: np.ndarray, i: int, j: int) -> float:
    """MinHash estimate of the Jaccard similarity of rows i and j."""
    return float(np.count_nonzero(matrix[i] == matrix[j])) / matrix.shape[1]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct codes."""
    if not len(a) and not len(b):
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
