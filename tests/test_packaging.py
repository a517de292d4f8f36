"""What a user meets before any notice: the licence file and the README's quick start."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_licence_file_matches_the_declared_licence() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert declared == "MIT"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted, free of charge" in licence


def test_quick_start_creates_a_venv_right_above_the_two_commands() -> None:
    """Debian/Ubuntu's system Python refuses pip install outside a virtual environment (PEP 668)."""
    quick = _section("Quick start")
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    venv = next(i for i, block in enumerate(blocks) if "python3 -m venv .venv && . .venv/bin/activate" in block)
    commands = blocks[venv] + (blocks[venv + 1] if venv + 1 < len(blocks) else "")
    assert "pip install . && notice-miner batch" in commands and 'pip install -e ".[test]" && pytest' in commands
    assert "Windows" in quick and r".venv\Scripts\activate" in quick


def test_quick_start_names_nothing_a_user_cannot_follow() -> None:
    quick = _section("Quick start")
    assert "../shared" not in quick and not re.search(r"issue #?\d", quick)
    assert "../shared" in _section("Development")


def test_ruff_is_configured_and_run_by_ci_on_src() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert config["lint"]["select"]
    assert re.search(r"^ruff check src/?$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)


def test_src_passes_ruff() -> None:
    import shutil
    import subprocess

    import pytest

    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' installs it)")
    run = subprocess.run([ruff, "check", "src/"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_type_checker_is_configured_and_run_by_ci_on_src() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["src"] and config["python_version"] == "3.11"
    for override in config.get("overrides", []):  # every loosening says why, in a comment above it
        assert override.get("ignore_missing_imports") or override.get("disable_error_code")
    assert re.search(r"^mypy src/?$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)


def test_src_passes_mypy() -> None:
    import shutil
    import subprocess
    import sys

    import pytest

    mypy = shutil.which("mypy")
    if mypy is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    run = subprocess.run([mypy, "--python-executable", sys.executable, "src/"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_shared_paths_and_issue_notes_only_in_the_development_section() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    outside = text.replace(_section("Development"), "")
    assert "../shared" not in outside and not re.search(r"\bissue #?\d", outside, re.I)
