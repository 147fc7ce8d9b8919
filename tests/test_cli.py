"""The job-skills command: help for every subcommand, usage errors, and where it finds the project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from job_skills import cli
from job_skills import project as job_skills_project
from job_skills.project import PROJECT_ENV, SOURCE_CHECKOUT, ProjectNotFound, find_project_root

JOB_SKILLS = str(Path(sys.executable).with_name("job-skills"))
FLOW = ["build", "audit", "publish", "report", "postings", "diff", "docs", "taxonomy", "evaluate", "benchmark"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*args], capture_output=True, text=True, check=False, cwd=cwd, timeout=120)


def test_help_lists_the_subcommands_in_flow_order() -> None:
    result = run(JOB_SKILLS, "--help")
    assert result.returncode == 0, result.stderr
    listed = [word for word in re.findall(r"^    (\w+)", result.stdout, re.MULTILINE) if word in FLOW]
    assert listed == FLOW, result.stdout
    assert [command.name for command in cli.COMMANDS] == FLOW


def main_in_process(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """cli.main in this process (a subcommand's module is imported once, not once per case):
    its exit code, whether returned or raised by argparse, stdout and stderr."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", FLOW)
def test_every_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = main_in_process(capsys, name, "--help")
    assert code == 0, err
    assert out.startswith(f"usage: job-skills {name}"), out


def test_an_unknown_subcommand_is_a_usage_error() -> None:
    result = run(JOB_SKILLS, "nosuch")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    usage, error = result.stderr.strip().splitlines()
    assert usage.startswith("usage: job-skills")
    assert error.startswith("job-skills: error: argument <command>: invalid choice: 'nosuch'"), error


def test_a_wrong_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = main_in_process(capsys, "publish", "--no-such-option")
    assert code == 2
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "job-skills: error: unrecognized arguments: --no-such-option"


def test_version_and_python_dash_m() -> None:
    assert run(JOB_SKILLS, "--version").stdout.startswith("job-skills ")
    result = run(sys.executable, "-m", "job_skills", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: job-skills"), result.stderr


def test_make_alone_prints_help() -> None:
    result = run("make", "--no-print-directory", "-o", ".venv/.installed", cwd=SOURCE_CHECKOUT)
    assert result.returncode == 0, result.stderr
    targets = "help build test test-fast publish report validate postings pr docs benchmark".split()
    for target in targets:
        assert f"make {target} " in result.stdout, result.stdout


def project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dbt_project.yml").write_text("name: x\n")
    return folder


def test_project_root_from_the_environment_first(tmp_path: Path) -> None:
    given, nearest = project(tmp_path / "given"), project(tmp_path / "nearest")
    assert find_project_root({PROJECT_ENV: str(given)}, cwd=nearest) == given.resolve()


def test_project_root_is_the_nearest_dbt_project_at_or_above_the_cwd(tmp_path: Path) -> None:
    root = project(tmp_path / "outer")
    (root / "models" / "deep").mkdir(parents=True)
    assert find_project_root({}, cwd=root / "models" / "deep") == root.resolve()
    assert find_project_root({}, cwd=root) == root.resolve()


def test_project_root_falls_back_to_the_source_checkout(tmp_path: Path) -> None:
    assert find_project_root({}, cwd=tmp_path) == SOURCE_CHECKOUT


def test_no_project_anywhere_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFound, match=f"{PROJECT_ENV}=.*no dbt_project.yml there"):
        find_project_root({PROJECT_ENV: str(tmp_path)}, cwd=tmp_path)
    env = {"PATH": "/usr/bin:/bin", PROJECT_ENV: str(tmp_path)}
    result = subprocess.run([JOB_SKILLS, "build"], capture_output=True, text=True, check=False, env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"job-skills: {PROJECT_ENV}={tmp_path}: no dbt_project.yml there"]


# --- DBT_TARGET=spark -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [name for name in FLOW if name not in cli.ON_SPARK])
def test_duckdb_only_steps_are_refused_on_spark_in_one_line(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBT_TARGET", "spark")
    code, out, err = main_in_process(capsys, name)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"{name}: works on the DuckDB warehouse file"), err
    assert "SPARK_WAREHOUSE_DIR" in err and out == ""


def test_a_spark_build_without_its_environment_or_java_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBT_TARGET", "spark")
    monkeypatch.setattr(job_skills_project, "PROJECT_ROOT", tmp_path)  # a checkout with no .venv-spark
    code, _, err = main_in_process(capsys, "build")
    assert (code, err) == (
        2,
        "build: DBT_TARGET=spark: the Spark environment is not installed; `make spark` makes .venv-spark\n",
    )
    dbt = tmp_path / ".venv-spark" / "bin" / "dbt"
    dbt.parent.mkdir(parents=True)
    dbt.touch()
    monkeypatch.setattr(job_skills_project.shutil, "which", lambda name: None)
    code, _, err = main_in_process(capsys, "build")
    assert (code, err) == (2, "build: DBT_TARGET=spark: no java on PATH; Spark needs Java 17\n")
    monkeypatch.delenv("DBT_TARGET")
    assert job_skills_project.dbt_executable() == Path(sys.executable).with_name("dbt")
