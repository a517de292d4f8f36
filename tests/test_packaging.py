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
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^ruff check src/?$", ci, re.M) and re.search(r"^ruff format --check src/?$", ci, re.M)
    assert "I" in config["lint"]["select"] and "format" in config


def test_src_passes_ruff() -> None:
    import shutil
    import subprocess

    import pytest

    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' installs it)")
    for args in (["check", "src/"], ["format", "--check", "src/"]):
        run = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True)
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


def _floors() -> dict[str, str]:
    """Each direct dependency's floor (`>=`) in pyproject.toml: the package's, its test extra's and the build's."""
    from packaging.requirements import Requirement

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = [*pyproject["project"]["dependencies"], *pyproject["project"]["optional-dependencies"]["test"],
              *pyproject["build-system"]["requires"]]
    floors = {}
    for text in listed:
        requirement = Requirement(text)
        (floor,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        floors[requirement.name.lower()] = floor
    return floors


def test_the_lowest_constraints_pin_every_floor_and_ci_tests_them() -> None:
    from packaging.version import Version

    pins = dict(line.split("==") for line in (ROOT / ".ci" / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#"))
    floors = _floors()
    assert set(pins) == set(floors)
    assert {name: Version(pins[name]) for name in floors} == {name: Version(floor) for name, floor in floors.items()}
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c .ci/constraints-lowest.txt" in ci and re.search(r"^\s*\. \.venv-lowest/bin/activate", ci, re.M)


def test_floors_the_code_is_known_to_need() -> None:
    """Floors found by running the tests on the lowest versions (each comment in pyproject.toml says why)."""
    from packaging.version import Version

    floors = {name: Version(v) for name, v in _floors().items()}
    assert floors["pydantic"] >= Version("2.12") and floors["setuptools"] >= Version("77")
    assert floors["pyarrow"] >= Version("26") and floors["numpy"] >= Version("2")  # csv.WriteOptions(eol=…)
    assert floors["rjieba"] >= Version("0.2.2") and floors["datasketch"] >= Version("2")
