"""Shell completion of ids (cli/complete.py): the callbacks on examples/acme, click's
completion protocol end to end, and the script typer installs, run by a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from okrkit.checks.registry import CHECKS
from okrkit.cli import app
from okrkit.cli.complete import (
    bash_word,
    check_lists,
    check_names,
    initiative_ids,
    key_result_ids,
    matching,
    owner_values,
    period_ids,
    period_lists,
    plan_path,
    status_lists,
    tag_values,
    team_ids,
    team_lists,
)
from okrkit.load import load_plan
from okrkit.model.filters import known_owners, known_tags

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
GROUP: Any = typer.main.get_command(app)


def _ctx(command: str, *args: str) -> Any:
    """The context click builds while completing ``okrkit COMMAND ARGS... <TAB>``."""
    return GROUP.commands[command].make_context(command, list(args), resilient_parsing=True)


def test_initiative_ids_filtered_by_prefix_and_sorted() -> None:
    plan = load_plan(ACME)
    got = initiative_ids(_ctx("explain", "x", str(ACME)), "s")
    ids = [value for value, _ in got]
    assert ids == sorted(i.id for i in plan.initiatives if i.id.startswith("s"))
    assert ids  # acme has some
    titles = {i.id: i.title for i in plan.initiatives}
    assert all(help == " ".join(titles[value].split()) for value, help in got)
    assert [v for v, _ in initiative_ids(_ctx("explain", "x", str(ACME)), "")] == sorted(titles)
    assert initiative_ids(_ctx("explain", "x", str(ACME)), "no-such-") == []


def test_key_result_team_and_period_ids() -> None:
    plan = load_plan(ACME)
    ctx = _ctx("checkin", "kr", "1", str(ACME))
    assert [v for v, _ in key_result_ids(ctx, "")] == sorted(plan.key_result_by_id)
    ctx = _ctx("score", str(ACME))
    assert [v for v, _ in team_ids(ctx, "")] == sorted(t.id for t in plan.teams)
    assert [v for v, _ in period_ids(ctx, "")] == sorted(p.id for p in plan.periods)
    first = plan.periods[0]
    assert (first.id, f"{first.start} to {first.end}") in period_ids(ctx, first.id[:3])


def test_a_list_option_completes_its_last_item() -> None:
    ctx = _ctx("score", str(ACME))
    teams = sorted(t.id for t in load_plan(ACME).teams)
    got = [v for v, _ in team_lists(ctx, f"{teams[0]},")]
    assert got == [f"{teams[0]},{t}" for t in teams[1:]]  # the one chosen is not offered again
    last = teams[-1]
    assert [v for v, _ in team_lists(ctx, f"{teams[0]},{last[:2]}")] == [
        f"{teams[0]},{t}" for t in teams[1:] if t.startswith(last[:2])
    ]
    assert [v for v, _ in period_lists(ctx, "")] == sorted(p.id for p in load_plan(ACME).periods)


def test_tags_and_owners(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = load_plan(ACME)
    ctx = _ctx("status", str(ACME))
    assert [v for v, _ in tag_values(ctx, "")] == sorted(known_tags(plan))
    owners = sorted(known_owners(plan))
    assert any(" " in o for o in owners)  # acme's owners are names: the case that matters
    monkeypatch.delenv("_OKRKIT_COMPLETE", raising=False)
    assert [v for v, _ in owner_values(ctx, "")] == owners
    monkeypatch.setenv("_OKRKIT_COMPLETE", "complete_bash")
    assert [v for v, _ in owner_values(ctx, owners[0][:2])] == [
        bash_word(o) for o in owners if o.startswith(owners[0][:2])
    ]
    assert bash_word("Ana Ruiz") == "Ana\\ Ruiz"
    assert bash_word("O'Neil (ops) $x") == "O\\'Neil\\ \\(ops\\)\\ \\$x"
    assert bash_word("ana@example.com") == "ana@example.com"


def test_check_names_codes_and_statuses_need_no_plan() -> None:
    names = sorted(c.name for c in CHECKS)
    assert [v for v, _ in check_names("")] == names
    assert [v for v, _ in check_names("o")] == [n for n in names if n.startswith("o")]
    assert ("orphan-initiative", "An initiative serves no key result.") in check_names("orph")
    assert [v for v, _ in check_names("OKR3")] == sorted(
        c.code for c in CHECKS if c.code.startswith("OKR3")
    )
    assert [v for v, _ in check_lists("OKR1,OKR30")] == sorted(
        f"OKR1,{c.code}" for c in CHECKS if c.code.startswith("OKR30")
    )
    assert status_lists("proposed,c") == [("proposed,committed", "")]


def test_matching() -> None:
    pairs = [("b", "B\n two"), ("a", "A"), ("ab", ""), ("a", "again")]
    assert matching(pairs, "") == [("a", "A"), ("ab", ""), ("b", "B two")]
    assert matching(pairs, "a") == [("a", "A"), ("ab", "")]
    assert matching(pairs, "x,a", many=True) == [("x,a", "A"), ("x,ab", "")]
    assert matching(pairs, "a,a", many=True) == [("a,ab", "")]
    assert matching(pairs, "a,a") == []  # not a list: the whole text is the prefix


def test_the_plan_is_the_commands_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PLAN given before an option whose value is being completed (click leaves it in args)
    assert plan_path(_ctx("plan", str(ACME), "--period")) == str(ACME)
    assert plan_path(_ctx("explain", "x", str(ACME), "--by")) == str(ACME)
    assert plan_path(_ctx("checkin", "kr", "1", str(ACME), "--note")) == str(ACME)
    assert plan_path(_ctx("explain", "x", "--by")) is None
    # no PLAN: the default, plan/ in the current folder, as the command would read
    shutil.copytree(ACME, tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    assert [v for v, _ in team_ids(_ctx("status", "--team"), "")] == sorted(
        t.id for t in load_plan(ACME).teams
    )


def test_a_broken_or_missing_plan_completes_nothing_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "okrkit.yaml"
    broken.write_text("teams: [unclosed\n", encoding="utf-8")
    assert team_ids(_ctx("score", str(broken)), "") == []
    assert period_ids(_ctx("score", str(tmp_path / "missing")), "") == []
    monkeypatch.chdir(tmp_path / "..")  # no okrkit.yaml, no plan/
    assert initiative_ids(_ctx("explain", "x"), "") == []
    assert capsys.readouterr() == ("", "")


def _id_options() -> list[tuple[str, str]]:
    """(command, option) for every --team, --period, --focus, --tag and --owner, and every
    id argument."""
    out = []
    for name, cmd in sorted(GROUP.commands.items()):
        for param in cmd.params:
            if param.name in ("team", "period", "focus", "tag", "owner") or (name, param.name) in (
                ("explain", "id"),
                ("checkin", "kr_id"),
            ):
                out.append((name, str(param.name)))
    return out


@pytest.mark.parametrize(("command", "param"), _id_options())
def test_every_id_option_completes(command: str, param: str) -> None:
    cmd = GROUP.commands[command]
    found = next(p for p in cmd.params if p.name == param)
    ctx = _ctx(command)
    ctx.params["path"] = ACME
    values = [item.value for item in found.shell_complete(ctx, "")]
    assert values, f"okrkit {command}: {param} completes nothing"


def _complete(words: str, cwd: Path, shell: str = "bash") -> subprocess.CompletedProcess[str]:
    """Run the console script as typer's bash script does: COMP_WORDS, COMP_CWORD."""
    parts = words.split(" ")
    env = {
        "PATH": "/usr/bin:/bin",
        "OKRKIT_CACHE_DIR": os.environ["OKRKIT_CACHE_DIR"],
        "_OKRKIT_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "_TYPER_COMPLETE_ARGS": words,
    }
    return subprocess.run(
        [sys.executable, "-m", "okrkit"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def test_completion_protocol_end_to_end(tmp_path: Path) -> None:
    plan = load_plan(ACME)
    done = _complete(f"okrkit score {ACME} --team ", tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.split() == sorted(t.id for t in plan.teams)

    shutil.copytree(ACME, tmp_path / "plan")
    done = _complete("okrkit explain s", tmp_path)
    assert done.stdout.split() == sorted(i.id for i in plan.initiatives if i.id.startswith("s"))
    done = _complete("okrkit checkin ", tmp_path)
    assert done.stdout.split() == sorted(plan.key_result_by_id)

    done = _complete("okrkit plan /nonexistent --period ", tmp_path)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")

    zsh = _complete("okrkit status --period 2026", tmp_path, shell="zsh")
    assert zsh.stdout.startswith("_arguments")
    assert '"2026-Q1":"2026-01-01 to 2026-03-31"' in zsh.stdout


BASH = shutil.which("bash")
OKRKIT = Path(sys.executable).parent / "okrkit"


@pytest.mark.skipif(
    BASH is None or not OKRKIT.exists(), reason="needs bash and the okrkit console script"
)
def test_installed_bash_completion_completes_ids(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(ACME, tmp_path / "plan")
    env = {
        "PATH": f"{OKRKIT.parent}:/usr/bin:/bin",
        "HOME": str(home),
        "OKRKIT_CACHE_DIR": os.environ["OKRKIT_CACHE_DIR"],
    }
    # `; true` keeps bash as okrkit's parent, so typer detects the shell
    run: Any = {"capture_output": True, "text": True, "timeout": 120, "env": env}
    done = subprocess.run([str(BASH), "-c", "okrkit --install-completion; true"], **run)
    assert "bash completion installed" in done.stdout, done.stderr
    script = home / ".bash_completions" / "okrkit.sh"
    assert f"source '{script}'" in (home / ".bashrc").read_text()
    shown = subprocess.run([str(BASH), "-c", "okrkit --show-completion; true"], **run)
    assert shown.stdout.strip() == script.read_text().strip()

    plan = load_plan(ACME)
    done = subprocess.run(
        [
            str(BASH),
            "-c",
            f"source '{script}'; COMP_WORDS=(okrkit deps --team ''); COMP_CWORD=3; "
            '_okrkit_completion okrkit; printf "%s\\n" "${COMPREPLY[@]}"',
        ],
        cwd=tmp_path,
        **run,
    )
    assert done.stdout.split() == sorted(t.id for t in plan.teams), done.stderr
