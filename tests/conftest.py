"""Shared test fixtures: the project root, its corpus, and ../shared when it is beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# the machine the suite runs on is shared: a property test's timing is not what it checks
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = (ROOT.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (spec, development corpus, scorer); tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not beside this checkout (it holds the development corpus and scorer)")
    return SHARED


def modules_loaded_by(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of `names` a fresh interpreter has imported after running `code`."""
    import subprocess
    import sys

    probe = f"{code}\nimport sys; print(','.join(m for m in {names!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def parsed_outputs(paths) -> dict:
    """notice path → its JSON as `notice-miner parse` writes it (as a dict), with the shipped classifier;
    files that fail are absent."""
    import json

    from notice_miner import pipeline

    return {Path(path): json.loads(result.to_json()) for path, result in zip(paths, pipeline.parse_many(paths))
            if not isinstance(result, pipeline.Failure)}
