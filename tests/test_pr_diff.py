"""`make pr`: slim CI against a base revision and the diff of the marts (src/job_skills/diff.py).

The two end-to-end cases build a throwaway git repository (a copy of the project, committed),
change it, commit again and compare with HEAD~1; each builds the sample twice (~30 s), so each
case is one test (pytest-xdist would otherwise build the same fixture on both workers). The diff
itself is also tested on small hand-made warehouses, without dbt.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import copy_project

from job_skills import cli
from job_skills import diff as pr_diff
from job_skills.project import read_frame

ROLE = "AI Infrastructure Team Lead"
FREQUENCY_MARTS = {
    "fct_skill_frequency": "skill_id",
    "fct_tool_frequency": "tool_id",
    "fct_tool_category_frequency": "tool_category_id",
    "fct_theme_frequency": "theme_id",
    "fct_signal_frequency": "signal_id",
}

# tier_core_min_share 0.75 -> 0.85 on 22 postings: Core needs 19/22 (0.864) instead of 17/22 (0.773).
# Items at 17/22 (0.773) and 18/22 (0.818) drop to Important (their share is still >= 0.50); items at
# 19, 20, 21 of 22 stay Core. No tool reaches 17/22, so fct_tool_frequency does not change, and
# fct_sample_profile / fct_sample_summary have no tier. The published analysis calls both 18/22
# skills Core, so their two tier rows of the reconciliation turn into mismatches.
TIER_CHANGES = {
    ("fct_skill_frequency", (ROLE, "cross_functional_collaboration")),  # 18/22
    ("fct_skill_frequency", (ROLE, "mentorship_performance_management")),  # 18/22
    ("fct_theme_frequency", (ROLE, "stakeholder_alignment")),  # 18/22
    ("fct_theme_frequency", (ROLE, "talent_culture")),  # 18/22
    ("fct_tool_category_frequency", (ROLE, "orchestration_platforms")),  # 17/22
    ("fct_signal_frequency", (ROLE, "hands_on_technical_credibility")),  # 17/22
}
RECONCILIATION_CHANGES = {
    ("fct_published_reconciliation", (f"skill_frequency:{skill}:tier",), column, old, new)
    for skill in ("Cross-functional collaboration", "Mentorship & performance management")
    for column, old, new in [
        ("computed_value", "Core", "Important"),
        ("status", "match", "mismatch"),
        ("is_match", "true", "false"),
    ]
}
EXPECTED_THRESHOLD_CHANGES = {(mart, key, "tier", "Core", "Important") for mart, key in TIER_CHANGES}
EXPECTED_THRESHOLD_CHANGES |= RECONCILIATION_CHANGES


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def throwaway_repo(root: Path) -> Path:
    """A git repository holding a copy of the project's dbt files and scripts, one commit."""
    repo = copy_project(root / "repo", extra=("src",))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def commit_change(repo: Path, path: str, old: str, new: str) -> None:
    target = repo / path
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is no longer (once) in {path}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    git(repo, "commit", "-q", "-am", f"change {path}")


def worktrees(repo: Path) -> list[str]:
    return [line for line in git(repo, "worktree", "list", "--porcelain").splitlines() if line.startswith("worktree ")]


def cells(line: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def changes_in_markdown(markdown: str) -> set[tuple[str, tuple[str, ...], str, str, str]]:
    """(mart, key values, column, before, after) from the per-mart tables of the markdown."""
    found: set[tuple[str, tuple[str, ...], str, str, str]] = set()
    mart, header = None, None
    for line in markdown.splitlines():
        if line.startswith("### `"):
            mart, header = line.split("`")[1], None
        elif mart and line.startswith("| "):
            if header is None:
                header = cells(line)
                continue
            row = cells(line)
            at = header.index("column")
            found.add((mart, tuple(row[:at]), row[at], row[at + 1], row[at + 2]))
    return found


def tier_changes_implied_by_shares(base_warehouse: Path) -> set[tuple[str, tuple[str, ...]]]:
    """Rows of each frequency mart whose share lies in [0.75, 0.85): Core before, Important after."""
    implied = set()
    for mart, key in FREQUENCY_MARTS.items():
        frame = read_frame(
            f"select role, {key} from marts.{mart} where share_of_postings >= 0.75 and share_of_postings < 0.85",
            path=base_warehouse,
        )
        implied |= {(mart, (row.role, getattr(row, key))) for row in frame.itertuples()}
    return implied


def test_threshold_change_shows_exactly_the_rows_whose_tier_moves(tmp_path: Path) -> None:
    repo = throwaway_repo(tmp_path)
    commit_change(repo, "dbt_project.yml", "tier_core_min_share: 0.75", "tier_core_min_share: 0.85")
    output = tmp_path / "pr_diff.md"

    result = pr_diff.run_pr_diff("HEAD~1", repo, output=output, work_dir=tmp_path / "work")

    markdown = result.markdown
    assert output.read_text(encoding="utf-8") == markdown
    assert worktrees(repo) == [f"worktree {repo}"], "the base worktree was not removed"
    assert tier_changes_implied_by_shares(tmp_path / "work" / "base" / "job_skills.duckdb") == TIER_CHANGES
    assert changes_in_markdown(markdown) == EXPECTED_THRESHOLD_CHANGES, markdown
    assert {(m, tuple(map(str, k)), c, pr_diff.fmt(o), pr_diff.fmt(n)) for m, k, c, o, n in result.diff.changes()} == (
        EXPECTED_THRESHOLD_CHANGES
    )
    assert not result.diff.marts_added and not result.diff.marts_removed
    for mart in result.diff.changed:
        assert (mart.rows_before, mart.added, mart.removed) == (mart.rows_after, [], []), mart.name
    assert "tier_core_min_share` 0.75 -> 0.85" in markdown, "the fallback to a full build is not explained"
    assert "Selected: everything" in markdown
    # The published analysis calls 18/22 Core: the reconciliation check fails, and the review says so.
    assert not result.build.passed
    assert "published_figures_match_or_are_known_discrepancies" in markdown
    assert "No mart changed." not in markdown


def test_comment_change_is_rebuilt_and_changes_no_number(tmp_path: Path) -> None:
    repo = throwaway_repo(tmp_path)
    commit_change(
        repo,
        "models/marts/audit/fct_quarantined_rows.sql",
        "with the reason. -#}",
        "with the reason it was set aside. -#}",
    )

    result = pr_diff.run_pr_diff("HEAD~1", repo, work_dir=tmp_path / "work")

    assert result.build.selected == ["model.job_skills.fct_quarantined_rows"], result.markdown
    assert "`fct_quarantined_rows`" in result.markdown
    assert result.build.passed, result.markdown
    assert result.diff.is_empty
    assert "No mart changed." in result.markdown
    assert not changes_in_markdown(result.markdown)
    assert (repo / "reports" / "pr_diff.md").read_text(encoding="utf-8") == result.markdown
    assert worktrees(repo) == [f"worktree {repo}"]


# --- without dbt -----------------------------------------------------------------------------------


def tiny_repo(root: Path) -> Path:
    repo = root / "tiny"
    repo.mkdir()
    (repo / "dbt_project.yml").write_text("name: tiny\nvars:\n  threshold: 1\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "tiny")
    return repo


def test_worktree_removed_when_the_base_build_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tiny_repo(tmp_path)
    monkeypatch.setattr(pr_diff, "dbt", lambda *args: pr_diff.DbtRun(returncode=1, failures=["model.x: broken"]))
    with pytest.raises(pr_diff.PrDiffError, match="does not build"):
        pr_diff.run_pr_diff("HEAD", repo, work_dir=tmp_path / "work")
    assert worktrees(repo) == [f"worktree {repo}"]
    assert not (tmp_path / "work" / "worktree").exists()


def test_worktree_removed_when_dbt_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tiny_repo(tmp_path)

    def crash(*args: object) -> None:
        raise RuntimeError("dbt crashed")

    monkeypatch.setattr(pr_diff, "dbt", crash)
    with pytest.raises(RuntimeError, match="dbt crashed"):
        pr_diff.run_pr_diff("HEAD", repo, work_dir=tmp_path / "work")
    assert worktrees(repo) == [f"worktree {repo}"]


def test_unknown_base_ref_is_reported(tmp_path: Path) -> None:
    repo = tiny_repo(tmp_path)
    with pytest.raises(pr_diff.PrDiffError, match="no-such-ref"):
        pr_diff.run_pr_diff("no-such-ref", repo, work_dir=tmp_path / "work")
    assert cli.main(["diff", "--base", "no-such-ref", "--project-dir", str(repo)]) == 2


def test_changed_vars_trigger_the_full_build_reason() -> None:
    changes = pr_diff.changed_vars({"a": 0.75, "b": 1, "gone": 2}, {"a": 0.85, "b": 1, "new": 3})
    assert changes == {"a": (0.75, 0.85), "gone": (2, None), "new": (None, 3)}
    assert "`a` 0.75 -> 0.85" in (pr_diff.full_build_reason(changes) or "")
    assert pr_diff.full_build_reason({}) is None


def make_warehouse(path: Path, tables: dict[str, str]) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        for name, sql in tables.items():
            con.execute(f"create table marts.{name} as {sql}")
    finally:
        con.close()
    return path


def rows(*values: str) -> str:
    return " union all ".join(f"select {value}" for value in values)


def test_diff_of_two_warehouses(tmp_path: Path) -> None:
    base = make_warehouse(
        tmp_path / "base.duckdb",
        {
            "fct_items": rows(
                "'r' as role, 'x' as item_id, 'Core' as tier, 0.5 as share, 10 as frequency",
                "'r', 'y', 'Core', 0.25, 5",
                "'r', 'z', 'Emerging', 0.1, 1",
            ),
            "fct_no_key": rows("1 as n, 'a' as label", "2, 'b'"),
            "fct_duplicated_key": rows("1 as id, 'a' as label", "2, 'b'"),
            "fct_same": rows("1 as id, cast(null as varchar) as label"),
            "fct_old": rows("1 as id"),
        },
    )
    head = make_warehouse(
        tmp_path / "head.duckdb",
        {
            "fct_items": rows(
                "'r' as role, 'x' as item_id, 'Core' as tier, 0.5 + 1e-13 as share, 10 as frequency, 'n' as notes",
                "'r', 'y', 'Important', 0.25, 6, 'n'",
                "'r', 'w', 'Core', 0.9, 9, 'n'",
            ),
            "fct_no_key": rows("1 as n, 'a' as label", "3, 'c|d'"),
            "fct_duplicated_key": rows("1 as id, 'a' as label", "1, 'b'"),
            "fct_same": rows("1 as id, cast(null as varchar) as label"),
            "fct_new": rows("1 as id"),
        },
    )
    keys = {"fct_items": ["role", "item_id"], "fct_duplicated_key": ["id"], "fct_same": ["id"]}

    diff = pr_diff.diff_warehouses(base, head, keys)

    assert (diff.marts_added, diff.marts_removed) == (["fct_new"], ["fct_old"])
    marts = {mart.name: mart for mart in diff.marts}
    items = marts["fct_items"]
    assert (items.rows_before, items.rows_after, items.columns_added) == (3, 3, ["notes"])
    assert items.added == [{"role": "r", "item_id": "w"}] and items.removed == [{"role": "r", "item_id": "z"}]
    assert diff.changes() == {
        ("fct_items", ("r", "y"), "tier", "Core", "Important"),
        ("fct_items", ("r", "y"), "frequency", 5, 6),
    }
    assert marts["fct_no_key"].key is None
    assert marts["fct_no_key"].added == [{"n": 3, "label": "c|d"}]
    assert marts["fct_no_key"].removed == [{"n": 2, "label": "b"}]
    assert marts["fct_duplicated_key"].key is None, "a key that is not unique must not be used"
    assert not marts["fct_same"].is_changed
    assert [mart.name for mart in diff.changed] == ["fct_duplicated_key", "fct_items", "fct_no_key"]

    markdown = "\n".join(pr_diff.render_diff(diff))
    assert "Marts added: `fct_new`." in markdown and "Marts removed: `fct_old`." in markdown
    assert "| r | y | tier | Core | Important |" in markdown
    assert "| r | y | frequency | 5 | 6 |" in markdown
    assert "| r | w | *row added* |  |  |" in markdown
    assert "| n=3, label=c\\|d | row added |  |  |" in markdown, "a pipe in a value must not split the cell"
    assert "1 other mart unchanged." in markdown
    assert changes_in_markdown(markdown) >= {("fct_items", ("r", "y"), "tier", "Core", "Important")}
    assert "... and 2 more lines not shown." in "\n".join(pr_diff.render_diff(diff, max_rows=2))


def test_identical_warehouses_say_no_mart_changed(tmp_path: Path) -> None:
    tables = {"fct_items": rows("1 as id, 0.1 as share")}
    base = make_warehouse(tmp_path / "base.duckdb", tables)
    head = make_warehouse(tmp_path / "head.duckdb", tables)
    diff = pr_diff.diff_warehouses(base, head, {"fct_items": ["id"]})
    assert diff.is_empty
    assert pr_diff.render_diff(diff) == ["No mart changed.", ""]


@pytest.mark.parametrize(
    ("old", "new", "differ"),
    [
        (None, None, False),
        (None, 0, True),
        (0.1, 0.1 + 1e-13, False),
        (0.1, 0.1 + 1e-9, True),
        (82, 86, True),
        (1, 1.0, False),
        ("Core", "Core", False),
        ("Core", "Important", True),
        ([1, 2], [1, 2], False),
    ],
)
def test_values_differ(old: object, new: object, differ: bool) -> None:
    assert pr_diff.values_differ(old, new) is differ


def test_values_are_printed_as_a_reviewer_reads_them() -> None:
    assert [pr_diff.fmt(value) for value in (82.0, 0.8181818181818182, None, True, "", "Core")] == [
        "82",
        "0.8181818181818182",
        "null",
        "true",
        '""',
        "Core",
    ]


def key_test(attached: str, name: str, kwargs: dict, config: dict | None = None) -> dict:
    return {
        "resource_type": "test",
        "unique_id": f"test.p.{name}.{attached}.{kwargs}.{config}",
        "attached_node": attached,
        "test_metadata": {"name": name, "kwargs": kwargs},
        "config": config or {},
    }


def test_mart_keys_come_from_the_key_tests() -> None:
    def model(name: str, schema: str = "marts") -> dict:
        return {"resource_type": "model", "unique_id": f"model.p.{name}", "name": name, "alias": name, "schema": schema}

    nodes = [
        model("dim_skills"),
        model("fct_skill_frequency"),
        model("fct_other"),
        model("stg_skills", "staging"),
        key_test("model.p.dim_skills", "unique", {"column_name": "skill_name"}),
        key_test("model.p.dim_skills", "unique", {"column_name": "skill_id"}),
        key_test(
            "model.p.fct_skill_frequency",
            "unique_combination_of_columns",
            {"combination_of_columns": ["role", "skill_id"]},
        ),
        key_test(
            "model.p.fct_other", "unique_combination_of_columns", {"arguments": {"combination_of_columns": ["a", "b"]}}
        ),
        key_test("model.p.fct_other", "unique", {"column_name": "c"}, config={"where": "c is not null"}),
        key_test("model.p.stg_skills", "unique", {"column_name": "skill_id"}),
        key_test("model.p.dim_skills", "not_null", {"column_name": "skill_id"}),
    ]
    manifest = {"nodes": {node["unique_id"]: node for node in nodes}}
    assert pr_diff.mart_keys(manifest) == {
        "dim_skills": ["skill_id"],
        "fct_skill_frequency": ["role", "skill_id"],
        "fct_other": ["a", "b"],
    }
