"""DuckDB 1.x readers open the published file: the newest duckdb-cli on PyPI (1.5.x, which reads
storage formats 64..68 only), installed in its own virtual environment, runs the command of
docs/publication.md on a publication. A file in DuckDB 2.x's default format (newer) is refused by it."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_publish import cheap_audit

from job_skills import publish
from job_skills.project import PROJECT_ROOT

DUCKDB_CLI = "duckdb-cli==1.5.6"
CLI_VENV = PROJECT_ROOT / ".venv" / "duckdb-cli-1.5.6"  # cached beside the project's venv (git-ignored)


@pytest.fixture(scope="session")
def duckdb_cli() -> Path:
    """The duckdb binary of duckdb-cli 1.5.6, installed once into its own virtual environment."""
    binary = CLI_VENV / "bin" / "duckdb"
    if not binary.exists():
        shutil.rmtree(CLI_VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(CLI_VENV)], check=True)
        subprocess.run([str(CLI_VENV / "bin" / "pip"), "install", "--quiet", DUCKDB_CLI], check=True)
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.5.6"), version
    return binary


def readme_cli_command() -> list[str]:
    """The duckdb CLI line of docs/publication.md's "Connecting a BI tool" table, as a user would type it."""
    readme = (PROJECT_ROOT / "docs" / "publication.md").read_text(encoding="utf-8")
    line = next(row for row in readme.splitlines() if row.startswith("| duckdb CLI"))
    return shlex.split(re.findall(r"`([^`]+)`", line)[-1])


def test_readme_cli_line_reads_the_published_file_with_duckdb_1_x(
    duckdb_cli: Path, built_warehouse: Path, tmp_path: Path
) -> None:
    working = tmp_path / "working.duckdb"
    shutil.copy2(built_warehouse, working)
    publish.publish(working, tmp_path / "warehouse" / "published", audit=cheap_audit)  # the documented path
    command = readme_cli_command()
    assert command[0] == "duckdb" and "-readonly" in command, command
    result = subprocess.run([str(duckdb_cli), *command[1:]], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Leading AI/ML infrastructure teams" in result.stdout and "Core" in result.stdout
    counted = subprocess.run(
        [str(duckdb_cli), "-readonly", "-csv", "-noheader", "warehouse/published/job_skills.duckdb",
         "select count(*), sum(frequency) from marts.fct_skill_frequency"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert counted.stdout.strip() == "8,139"


def test_duckdb_1_x_refuses_the_working_file_format(duckdb_cli: Path, built_warehouse: Path) -> None:
    """Why the published file is written in another format: the working file (DuckDB 2.x's default) is refused."""
    result = subprocess.run(
        [str(duckdb_cli), "-readonly", str(built_warehouse), "select 1"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "version number" in result.stderr or "version number" in result.stdout
