"""The command line fits its users' habits: --version, examples in every --help, -q/-v, Ctrl-C."""
from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from notice_miner import pipeline
from notice_miner.cli import INTERRUPTED, cli
from notice_miner.model import VERSION

COMMANDS = sorted(cli.commands)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert VERSION in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_real_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    tail = result.output.rstrip().split("Examples:")
    assert len(tail) == 2, f"{command} --help has no Examples section"
    examples = [line.strip() for line in tail[1].splitlines() if line.strip()]
    assert 2 <= len(examples) <= 3
    assert all(line.startswith(f"notice-miner {command} ") for line in examples)


@pytest.mark.parametrize("command", COMMANDS)
def test_quiet_and_verbose_on_every_command(command: str) -> None:
    options = {opt for param in cli.commands[command].params for opt in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options


@pytest.mark.parametrize(("flag", "level"), [("-q", logging.WARNING), ("-v", logging.DEBUG), (None, logging.INFO)])
def test_verbosity_sets_logging_level(flag: str | None, level: int) -> None:
    args = ["schema"] + ([flag] if flag else [])
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert logging.getLogger("notice_miner").level == level


def test_ctrl_c_exits_130_saying_a_rerun_resumes(tmp_path, monkeypatch) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text("临江市委关于巡察整改情况的通报\n一、整改落实情况\n", encoding="utf-8")

    def interrupted(*args, **kwargs):  # what Ctrl-C raises in the middle of a parse
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "parse_many", interrupted)
    result = CliRunner().invoke(cli, ["parse", str(notice), "--no-labels"])
    assert result.exit_code == INTERRUPTED == 130
    assert "again to resume" in result.stderr
