"""`make pr` / `job-skills diff`: slim CI against a base revision, the publish audit of the head and
the diff of the marts, on the shipped sample and the shipped real-text postings
(src/job_skills/diff.py).

Three levels:
- one end-to-end case on a throwaway git repository holding a copy of the project (a var change
  and a default-taxonomy change, committed, compared with HEAD~1): the sample and the real-text
  postings are each built twice and audited, ~1-2 minutes;
- one real dbt run on a tiny dbt project (two models, one check): state:modified+ against the
  base, deferral, a failing check (exit 1), a comment-only change that changes no number, the
  publish audit on its marts;
- the rest without dbt: the build steps with a stand-in for dbt (which commands, which selection,
  worktree removed, exit codes), the publish audit on small DuckDB files, and the diff itself.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import copy_project

from job_skills import cli
from job_skills import diff as pr_diff
from job_skills.project import PROJECT_ROOT, read_frame

ROLE = "AI Infrastructure Team Lead"
FREQUENCY_MARTS = {
    "fct_skill_frequency": "skill_id",
    "fct_skill_category_frequency": "skill_category_id",
    "fct_tool_frequency": "tool_id",
    "fct_tool_category_frequency": "tool_category_id",
    "fct_theme_frequency": "theme_id",
    "fct_signal_frequency": "signal_id",
}

# tier_core_min_share 0.75 -> 0.85 on 22 postings: Core needs 19/22 (0.864) instead of 17/22 (0.773).
# Items at 17/22 (0.773) and 18/22 (0.818) drop to Important (their share is still >= 0.50); items at
# 19, 20, 21 of 22 stay Core. No skill area (16, 19, 20, 21, 22 of 22) and no tool reaches 17/22, so
# fct_skill_category_frequency and fct_tool_frequency do not change, and fct_sample_profile /
# fct_sample_summary have no tier. The published analysis calls both 18/22 skills Core, so their two
# tier rows of the reconciliation turn into mismatches, in the skill frequency's own reconciliation
# mart and in the union of all of them.
TIER_CHANGES = {
    ("fct_skill_frequency", (ROLE, "cross_functional_collaboration")),  # 18/22
    ("fct_skill_frequency", (ROLE, "mentorship_performance_management")),  # 18/22
    ("fct_theme_frequency", (ROLE, "stakeholder_alignment")),  # 18/22
    ("fct_theme_frequency", (ROLE, "talent_culture")),  # 18/22
    ("fct_tool_category_frequency", (ROLE, "orchestration_platforms")),  # 17/22
    ("fct_signal_frequency", (ROLE, "hands_on_technical_credibility")),  # 17/22
}
RECONCILIATION_CHANGES = {
    (mart, (f"skill_frequency:{skill}:tier",), column, old, new)
    for mart in ("fct_published_reconciliation", "fct_reconciliation_skill_frequency")
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
    """A git repository holding a copy of the project's dbt files, scripts and shipped data, one commit."""
    repo = copy_project(root / "repo", extra=("src", "data"))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def change_file(repo: Path, path: str, old: str, new: str) -> None:
    target = repo / path
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is no longer (once) in {path}"
    target.write_text(text.replace(old, new), encoding="utf-8")


def commit_change(repo: Path, path: str, old: str, new: str) -> None:
    change_file(repo, path, old, new)
    git(repo, "commit", "-q", "-am", f"change {path}")


def worktrees(repo: Path) -> list[str]:
    return [line for line in git(repo, "worktree", "list", "--porcelain").splitlines() if line.startswith("worktree ")]


def cells(line: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def section(markdown: str, title: str) -> str:
    """The part of the markdown under one input's `## title` heading."""
    parts = re.split(r"^## ", markdown, flags=re.MULTILINE)
    found = [part for part in parts if part.startswith(f"{title}\n")]
    assert len(found) == 1, f"no single section {title!r} in:\n{markdown}"
    return found[0]


def changes_in_markdown(markdown: str) -> set[tuple[str, tuple[str, ...], str, str, str]]:
    """(mart, key values, column, before, after) from the per-mart tables of the markdown (of one input:
    give it section(markdown, title))."""
    found: set[tuple[str, tuple[str, ...], str, str, str]] = set()
    mart, header = None, None
    for line in markdown.splitlines():
        if line.startswith("## "):
            mart, header = None, None
        elif line.startswith("### `"):
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


REAL_TEXT_ROLE = "SkillSpan posting"  # data/skillspan/postings.csv gives every posting this title
R_ALIASES = "R,Programming language,=R|r programming|r studio|rstudio,skill,R&D|R & D"
# without `=R` its exclude contexts hold no alias of R any more, which a data test refuses: both go
R_WITHOUT_ITS_NAME = "R,Programming language,r programming|r studio|rstudio,skill,"


def real_text_frequencies(warehouse: Path) -> dict[str, int]:
    frame = read_frame("select skill_id, frequency from marts.fct_skill_frequency", path=warehouse)
    return dict(zip(frame.skill_id, frame.frequency, strict=True))


def test_threshold_and_taxonomy_change_show_what_they_do_to_both_inputs(tmp_path: Path) -> None:
    """One commit: tier_core_min_share 0.75 -> 0.85 (the sample's tiers move) and R without its
    case-sensitive alias `=R` (and so without its exclude contexts) in the default taxonomy (the
    sample has no text, so only the real-text postings can show it), audited with a share limit
    small enough that R's move is drift."""
    repo = throwaway_repo(tmp_path)
    change_file(repo, "dbt_project.yml", "tier_core_min_share: 0.75", "tier_core_min_share: 0.85")
    commit_change(repo, "seeds/taxonomy/default_skill_taxonomy.csv", R_ALIASES, R_WITHOUT_ITS_NAME)
    output, work = tmp_path / "pr_diff.md", tmp_path / "work"
    limits = pr_diff.DriftLimits(max_share_change=0.005)

    result = pr_diff.run_pr_diff("HEAD~1", repo, output=output, work_dir=work, limits=limits)

    markdown = result.markdown
    assert output.read_text(encoding="utf-8") == markdown
    assert worktrees(repo) == [f"worktree {repo}"], "the base worktree was not removed"
    assert [given.input.name for given in result.results] == ["sample", "real_text"]
    assert not result.passed

    # The sample: exactly the rows whose tier moves; the published analysis calls 18/22 Core, so the
    # reconciliation check fails and the review says so. No share moved: its publish audit passes.
    sample, sample_markdown = result.result("sample"), section(markdown, "The shipped sample")
    assert tier_changes_implied_by_shares(work / "sample" / "base" / "job_skills.duckdb") == TIER_CHANGES
    assert changes_in_markdown(sample_markdown) == EXPECTED_THRESHOLD_CHANGES, markdown
    changes = sample.diff.changes()
    assert {(m, tuple(map(str, k)), c, pr_diff.fmt(o), pr_diff.fmt(n)) for m, k, c, o, n in changes} == (
        EXPECTED_THRESHOLD_CHANGES
    )
    assert not sample.diff.marts_added and not sample.diff.marts_removed
    for mart in sample.diff.changed:
        assert (mart.rows_before, mart.added, mart.removed) == (mart.rows_after, [], []), mart.name
    assert "tier_core_min_share` 0.75 -> 0.85" in sample_markdown, "the fallback to a full build is not explained"
    assert "Selected: everything" in sample_markdown
    assert not sample.build.passed
    assert "published_figures_match_or_are_known_discrepancies" in sample_markdown
    assert sample.audit.passed, sample_markdown
    assert "No mart changed." not in sample_markdown

    # The real text: R's count is the only skill count that moves, and its share moves past the limit,
    # so the audit that gates publishing fails and names it.
    real, real_markdown = result.result("real_text"), section(markdown, "Real-text postings")
    before = real_text_frequencies(work / "real_text" / "base" / "job_skills.duckdb")
    after = real_text_frequencies(work / "real_text" / "head" / "job_skills.duckdb")
    assert before["r"] > 0 and after["r"] != before["r"]
    assert {skill for skill in before if before[skill] != after.get(skill)} == {"r"}
    assert (REAL_TEXT_ROLE, "r") in {
        (key[0], key[1]) for mart, key, *_ in real.diff.changes() if mart == "fct_skill_frequency"
    }
    assert ("fct_skill_frequency", (REAL_TEXT_ROLE, "r"), "frequency", str(before["r"]), str(after["r"])) in (
        changes_in_markdown(real_markdown)
    ), real_markdown
    assert real.build.passed, real_markdown
    assert not real.audit.passed
    assert real.audit.summary is not None and real.audit.summary.failures == []
    drifted = [line.split(" -> ")[0] for line in real.audit.summary.drift]
    share = read_frame(
        "select share_of_postings from marts.fct_skill_frequency where skill_id = 'r'",
        path=work / "real_text" / "base" / "job_skills.duckdb",
    ).share_of_postings[0]
    assert f"fct_skill_frequency: share_of_postings of ({REAL_TEXT_ROLE}, r) {share:.6g}" in drifted, drifted
    # R's share moves every mart that carries it, and only those, and only on rows that name R: its
    # comparison with the other roles and the pairs it was part of (gone)
    marts = {line.split(":")[0] for line in drifted}
    assert marts == {"fct_skill_frequency", "fct_role_skill_comparison", "fct_skill_cooccurrence"}, drifted
    keys = [line.split("(", 1)[1].split(")", 1)[0].split(", ") for line in drifted]
    assert all(key[0] == REAL_TEXT_ROLE and "r" in key[1:] for key in keys), drifted
    assert "Publish audit FAILED" in real_markdown


# --- a real dbt run on a tiny project -------------------------------------------------------------

TINY_MODELS = {
    "models/fct_items.sql": "select 1 as item_id, 'a' as label, 0.5 as share\nunion all select 2, 'b', 0.25\n",
    "models/fct_notes.sql": "-- notes\nselect 1 as note_id, 'n' as note\n",
    "models/_models.yml": (
        "models:\n"
        "  - name: fct_items\n"
        "    columns:\n"
        "      - name: item_id\n"
        "        data_tests: [unique, not_null]\n"
        "  - name: fct_notes\n"
        "    columns:\n"
        "      - name: note_id\n"
        "        data_tests: [unique]\n"
    ),
    "tests/share_at_most_one.sql": "select * from {{ ref('fct_items') }} where share > 1\n",
}


def tiny_dbt_repo(root: Path) -> Path:
    """A git repository holding a two-model dbt project (schema marts, the project's profile)."""
    repo = root / "tiny_dbt"
    (repo / "macros").mkdir(parents=True)
    shutil.copytree(PROJECT_ROOT / "profiles", repo / "profiles")
    shutil.copy2(PROJECT_ROOT / "macros" / "generate_schema_name.sql", repo / "macros")
    (repo / "dbt_project.yml").write_text(
        "name: tiny\nprofile: job_skills\nconfig-version: 2\n"
        "models:\n  tiny:\n    +materialized: table\n    +schema: marts\n",
        encoding="utf-8",
    )
    for path, text in TINY_MODELS.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "tiny")
    return repo


@pytest.mark.slow  # a real dbt build (three dbt runs), if of two tiny models
def test_state_modified_build_of_a_tiny_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A number changes (and breaks a check), a row is added, another model changes only a comment."""
    repo = tiny_dbt_repo(tmp_path)
    (repo / "models/fct_items.sql").write_text(
        "select 1 as item_id, 'a' as label, 0.5 as share\nunion all select 2, 'b', 1.5\nunion all select 3, 'c', 0.1\n",
        encoding="utf-8",
    )
    commit_change(repo, "models/fct_notes.sql", "-- notes", "-- notes, reworded")

    code = cli.main(["diff", "--base", "HEAD~1", "--project-dir", str(repo), "--work-dir", str(tmp_path / "work")])

    markdown = capsys.readouterr().out
    assert code == 1, markdown  # the check on the head failed; the diff is still printed
    assert (repo / "reports" / "pr_diff.md").read_text(encoding="utf-8") == markdown
    assert worktrees(repo) == [f"worktree {repo}"]
    assert "Selected by `state:modified+` against the base (2 models): `fct_items`, `fct_notes`." in markdown
    assert "Checks (dbt test on the same selection) FAILED" in markdown
    assert "share_at_most_one" in markdown
    assert changes_in_markdown(markdown) == {
        ("fct_items", ("2",), "share", "0.25", "1.5"),
        ("fct_items", ("3",), "*row added*", "", ""),
    }
    assert "Rows 2 -> 3: 1 added, 0 removed, 1 changed." in markdown
    assert "1 other mart unchanged." in markdown, "the comment-only change must change no number"
    # publish would refuse it too: a mart's rows moved by more than the limit since the base
    assert "Publish audit FAILED" in markdown
    assert "- drift: fct_items: rows 2 -> 3 (+50.0%, limit ±25%)" in markdown
    assert "Real-text postings" not in markdown, "a project without data/skillspan/postings.csv has one input"


# --- the build steps, with a stand-in for dbt -----------------------------------------------------


def tiny_repo(root: Path) -> Path:
    repo = root / "tiny"
    repo.mkdir()
    (repo / "dbt_project.yml").write_text("name: tiny\nvars:\n  threshold: 1\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "tiny")
    return repo


def passing_audit(*args: object) -> pr_diff.AuditOutcome:
    """A stand-in for the publish audit (the stand-in dbt writes no manifest): every suite passed."""
    return pr_diff.AuditOutcome(pr_diff.validate_warehouse.ValidationSummary(warehouse=Path("stand-in")))


class StandInDbt:
    """Records each dbt command; the base build makes a warehouse, the head build changes one value."""

    def __init__(self, failing_command: str | None = None) -> None:
        self.calls: list[tuple[str, list[str], Path]] = []
        self.failing_command = failing_command

    def __call__(self, command: str, args: list[str], project_dir: Path, warehouse: Path, *_: Path) -> pr_diff.DbtRun:
        self.calls.append((command, args, warehouse))
        if not warehouse.exists():
            make_warehouse(warehouse, {"fct_items": rows("1 as item_id, 0.5 as share", "2, 0.25")})
        elif command == "build":
            con = duckdb.connect(str(warehouse))
            try:
                con.execute("update marts.fct_items set share = 0.3 where item_id = 2")
            finally:
                con.close()
        if command == self.failing_command:
            return pr_diff.DbtRun(1, statuses=Counter(fail=1), failures=["test.tiny.broken: Got 1 result"])
        built = ["model.tiny.fct_items"] if command == "build" else []
        return pr_diff.DbtRun(0, built=built, statuses=Counter(success=1))


def test_head_builds_state_modified_on_a_copy_of_the_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, work = tiny_repo(tmp_path), tmp_path / "work"
    dbt = StandInDbt()
    monkeypatch.setattr(pr_diff, "dbt", dbt)
    monkeypatch.setattr(pr_diff, "audit_head", passing_audit)

    result = pr_diff.run_pr_diff("HEAD", repo, work_dir=work)

    sample = work / "sample"
    selection = ["--select", "state:modified+", "--defer", "--state", str(sample / "base" / "target")]
    base_warehouse, head_warehouse = sample / "base" / "job_skills.duckdb", sample / "head" / "job_skills.duckdb"
    assert dbt.calls == [
        ("build", pr_diff.NO_TESTS, base_warehouse),
        ("build", [*selection, *pr_diff.NO_TESTS, "--full-refresh"], head_warehouse),
        ("test", selection, head_warehouse),
    ]
    assert [given.input.name for given in result.results] == ["sample"], "no data/skillspan/postings.csv here"
    build = result.result("sample").build
    assert build.passed and build.full_build_reason is None and result.passed
    assert "Selected by `state:modified+` against the base (1 model): `fct_items`." in result.markdown
    # no manifest, so no key: whole rows compared
    assert changes_in_markdown(result.markdown) == {
        ("fct_items", ("item_id=2, share=0.3",), "row added", "", ""),
        ("fct_items", ("item_id=2, share=0.25",), "row removed", "", ""),
    }
    assert (repo / "reports" / "pr_diff.md").read_text(encoding="utf-8") == result.markdown
    assert worktrees(repo) == [f"worktree {repo}"]


def test_changed_vars_build_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, work = tiny_repo(tmp_path), tmp_path / "work"
    commit_change(repo, "dbt_project.yml", "threshold: 1", "threshold: 2")
    dbt = StandInDbt()
    monkeypatch.setattr(pr_diff, "dbt", dbt)
    monkeypatch.setattr(pr_diff, "audit_head", passing_audit)

    result = pr_diff.run_pr_diff("HEAD~1", repo, work_dir=work)

    assert [(command, args) for command, args, _ in dbt.calls[1:]] == [
        ("build", [*pr_diff.NO_TESTS, "--full-refresh"]),
        ("test", []),
    ]
    reason = result.result("sample").build.full_build_reason
    assert reason and "`threshold` 1 -> 2" in reason
    assert "Selected: everything (1 model), because dbt_project.yml vars changed (`threshold` 1 -> 2)" in (
        result.markdown
    )


def test_failing_check_exits_1_and_still_prints_the_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tiny_repo(tmp_path)
    monkeypatch.setattr(pr_diff, "dbt", StandInDbt(failing_command="test"))
    monkeypatch.setattr(pr_diff, "audit_head", passing_audit)

    code = cli.main(["diff", "--base", "HEAD", "--project-dir", str(repo), "--output", str(tmp_path / "out.md")])

    markdown = capsys.readouterr().out
    assert code == 1
    assert "Checks (dbt test on the same selection) FAILED: fail 1." in markdown
    assert "- `test.tiny.broken`: Got 1 result" in markdown
    assert "| item_id=2, share=0.3 | row added |  |  |" in markdown
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == markdown


def test_worktree_removed_when_the_base_build_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tiny_repo(tmp_path)
    monkeypatch.setattr(pr_diff, "dbt", lambda *args: pr_diff.DbtRun(returncode=1, failures=["model.x: broken"]))
    with pytest.raises(pr_diff.PrDiffError, match="does not build"):
        pr_diff.run_pr_diff("HEAD", repo, work_dir=tmp_path / "work")
    assert worktrees(repo) == [f"worktree {repo}"]
    assert not (tmp_path / "work" / "worktree").exists()
    monkeypatch.setattr(pr_diff, "dbt", lambda *args: pr_diff.DbtRun(returncode=1, failures=["model.x: broken"]))
    assert cli.main(["diff", "--base", "HEAD", "--project-dir", str(repo)]) == 2


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


# --- the diff, on DuckDB files made here ------------------------------------------------------------


def make_warehouse(path: Path, tables: dict[str, str]) -> Path:
    """A DuckDB file with schema marts holding one table per (quoted) name, made from a select."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        for name, sql in tables.items():
            con.execute(f"create table marts.{pr_diff.quoted(name)} as {sql}")
    finally:
        con.close()
    return path


def rows(*values: str) -> str:
    return " union all ".join(f"select {value}" for value in values)


def diff_of(tmp_path: Path, base: dict[str, str], head: dict[str, str], keys: dict, **options: int):
    return pr_diff.diff_warehouses(
        make_warehouse(tmp_path / "base" / "job_skills.duckdb", base),
        make_warehouse(tmp_path / "head" / "job_skills.duckdb", head),
        keys,
        **options,
    )


def test_diff_of_two_warehouses(tmp_path: Path) -> None:
    base = {
        "fct_items": rows(
            "'r' as role, 'x' as item_id, 'Core' as tier, 0.5 as share, 10 as frequency",
            "'r', 'y', 'Core', 0.25, 5",
            "'r', 'z', 'Secondary', 0.1, 1",
        ),
        "fct_no_key": rows("1 as n, 'a' as label", "2, 'b'"),
        "fct_duplicated_key": rows("1 as id, 'a' as label", "2, 'b'"),
        "fct_same": rows("1 as id, cast(null as varchar) as label"),
        "fct_old": rows("1 as id"),
    }
    head = {
        "fct_items": rows(
            "'r' as role, 'x' as item_id, 'Core' as tier, 0.5 + 1e-13 as share, 10 as frequency, 'n' as notes",
            "'r', 'y', 'Important', 0.25, 6, 'n'",
            "'r', 'w', 'Core', 0.9, 9, 'n'",
        ),
        "fct_no_key": rows("1 as n, 'a' as label", "3, 'c|d'"),
        "fct_duplicated_key": rows("1 as id, 'a' as label", "1, 'b'"),
        "fct_same": rows("1 as id, cast(null as varchar) as label"),
        "fct_new": rows("1 as id"),
    }
    keys = {"fct_items": ["role", "item_id"], "fct_duplicated_key": ["id"], "fct_same": ["id"]}

    diff = diff_of(tmp_path, base, head, keys)

    assert (diff.marts_added, diff.marts_removed) == (["fct_new"], ["fct_old"])
    marts = {mart.name: mart for mart in diff.marts}
    items = marts["fct_items"]
    assert (items.rows_before, items.rows_after, items.columns_added) == (3, 3, ["notes"])
    assert items.added == [{"role": "r", "item_id": "w"}] and items.removed == [{"role": "r", "item_id": "z"}]
    assert (items.added_count, items.removed_count, items.changed_count, items.changed_value_count) == (1, 1, 1, 2)
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
    assert "| fct_items | 3 | 3 | 1 | 1 | 1 |" in markdown
    assert "Key: `role`, `item_id`. Rows 3 -> 3: 1 added, 1 removed, 1 changed." in markdown
    assert "| r | y | tier | Core | Important |" in markdown
    assert "| r | y | frequency | 5 | 6 |" in markdown
    assert "| r | w | *row added* |  |  |" in markdown
    assert "| r | z | *row removed* |  |  |" in markdown
    assert "| n=3, label=c\\|d | row added |  |  |" in markdown, "a pipe in a value must not split the cell"
    assert "1 other mart unchanged." in markdown
    assert changes_in_markdown(markdown) >= {("fct_items", ("r", "y"), "tier", "Core", "Important")}
    assert "... and 2 more lines not shown." in "\n".join(pr_diff.render_diff(diff, max_rows=2))


def test_identical_warehouses_say_no_mart_changed(tmp_path: Path) -> None:
    tables = {"fct_items": rows("1 as id, 0.1 as share")}
    diff = diff_of(tmp_path, tables, tables, {"fct_items": ["id"]})
    assert diff.is_empty
    assert pr_diff.render_diff(diff) == ["No mart changed.", ""]


@pytest.mark.parametrize(
    ("old", "new", "differ"),
    [
        ("null::double", "null::double", False),
        ("null::integer", "0", True),
        ("0.1::double", "(0.1 + 1e-13)::double", False),
        ("0.1::double", "(0.1 + 1e-9)::double", True),
        ("0.1::decimal(18, 3)", "(0.1 + 1e-13)::double", False),
        ("0.1::decimal(18, 3)", "0.2::decimal(18, 3)", True),
        ("82", "86", True),
        ("1", "1.0::double", False),
        ("'nan'::double", "'nan'::double", False),
        ("'nan'::double", "null::double", True),
        ("'nan'::double", "1.0::double", True),
        ("'infinity'::double", "'infinity'::double", False),
        ("'Core'", "'Core'", False),
        ("'Core'", "'Important'", True),
        ("'Core'", "null::varchar", True),
        ("[1, 2]", "[1, 2]", False),
        ("[1, 2]", "[2, 1]", True),
        ("'1'", "1", False),  # the type changed (reported apart), the value reads the same
        ("'a'", "1", True),
    ],
)
def test_values_compared_in_sql(tmp_path: Path, old: str, new: str, differ: bool) -> None:
    diff = diff_of(
        tmp_path, {"fct_x": f"select 1 as id, {old} as v"}, {"fct_x": f"select 1 as id, {new} as v"}, {"fct_x": ["id"]}
    )
    (mart,) = diff.marts
    assert (mart.changed_count, mart.changed_value_count) == (int(differ), int(differ))
    assert len(mart.changed) == int(differ)


def test_a_column_type_change_is_reported(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path, {"fct_x": "select 1 as id, '1' as v"}, {"fct_x": "select 1 as id, 1 as v"}, {"fct_x": ["id"]}
    )
    (mart,) = diff.changed
    assert mart.columns_retyped == [("v", "VARCHAR", "INTEGER")] and not mart.changed_count
    assert "Column types changed: `v` VARCHAR -> INTEGER" in "\n".join(pr_diff.render_diff(diff))


def test_null_keys_match_null_keys(tmp_path: Path) -> None:
    base = rows("null::varchar as role, 'x' as item_id, 1 as n", "'r', null, 2", "'r', 'y', 3")
    head = rows("null::varchar as role, 'x' as item_id, 1 as n", "'r', null, 5", "'r', 'y', 3", "null, null, 4")

    diff = diff_of(tmp_path, {"fct_items": base}, {"fct_items": head}, {"fct_items": ["role", "item_id"]})

    (mart,) = diff.marts
    assert mart.key == ["role", "item_id"]
    assert diff.changes() == {("fct_items", ("r", None), "n", 2, 5)}
    assert (mart.added, mart.removed) == ([{"role": None, "item_id": None}], [])
    assert "| r | null | n | 2 | 5 |" in "\n".join(pr_diff.render_diff(diff))


def test_identifiers_that_need_quoting(tmp_path: Path) -> None:
    name = 'fct_"odd" mart'
    base = rows('1 as "order", \'a\' as "select", 10 as "it\'s ""q"""', "2, 'b', 20")
    head = rows('1 as "order", \'a\' as "select", 11 as "it\'s ""q"""', "3, 'c', 30")

    diff = diff_of(tmp_path, {name: base}, {name: head}, {name: ["order"]})

    (mart,) = diff.marts
    assert (mart.name, mart.key) == (name, ["order"])
    assert diff.changes() == {(name, (1,), 'it\'s "q"', 10, 11)}
    assert (mart.added, mart.removed) == ([{"order": 3}], [{"order": 2}])


def test_whole_rows_are_a_multiset(tmp_path: Path) -> None:
    base = rows("1 as n, 'a' as label", "1, 'a'", "2, 'b'")
    head = rows("1 as n, 'a' as label", "2, 'b'", "2, 'b'")

    (mart,) = diff_of(tmp_path, {"fct_no_key": base}, {"fct_no_key": head}, {}).marts

    assert mart.key is None
    assert (mart.added_count, mart.removed_count) == (1, 1)
    assert (mart.added, mart.removed) == ([{"n": 2, "label": "b"}], [{"n": 1, "label": "a"}])


def test_only_counts_and_the_first_rows_reach_python(tmp_path: Path) -> None:
    base = "select i as item_id, i * 0.5 as share from range(1, 1001) as t(i)"
    head = "select i as item_id, i * 0.5 + (i >= 8)::integer as share from range(1, 1101) as t(i)"

    diff = diff_of(tmp_path, {"fct_items": base}, {"fct_items": head}, {"fct_items": ["item_id"]}, max_rows=3)

    (mart,) = diff.marts
    assert (mart.rows_before, mart.rows_after) == (1000, 1100)
    assert (mart.added_count, mart.removed_count, mart.changed_count) == (100, 0, 993)
    assert [row.key for row in mart.changed] == [{"item_id": 8}, {"item_id": 9}, {"item_id": 10}], "key order"
    assert mart.added == [{"item_id": 1001}, {"item_id": 1002}, {"item_id": 1003}]
    markdown = "\n".join(pr_diff.render_diff(diff, max_rows=5))
    assert "Rows 1000 -> 1100: 100 added, 0 removed, 993 changed." in markdown
    # only 3 changed rows were read: the table stops there rather than skip to the added rows
    assert [line for line in markdown.splitlines() if line.startswith("| 1")] == [
        "| 10 | share | 5 | 6 |",
    ]
    assert "*row added*" not in markdown
    assert "... and 1090 more lines not shown." in markdown


def test_a_missing_warehouse_is_one_clear_error(tmp_path: Path) -> None:
    base = make_warehouse(tmp_path / "base.duckdb", {"fct_x": "select 1 as id"})
    with pytest.raises(pr_diff.PrDiffError, match=r"warehouse not found: .*head\.duckdb"):
        pr_diff.diff_warehouses(base, tmp_path / "head.duckdb", {})
    (tmp_path / "head.duckdb").write_text("not a database", encoding="utf-8")
    with pytest.raises(pr_diff.PrDiffError, match=r"cannot open .*head\.duckdb as a DuckDB warehouse"):
        pr_diff.diff_warehouses(base, tmp_path / "head.duckdb", {})


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


# --- the publish audit of the head, on DuckDB files made here ---------------------------------------


def tiny_manifest(path: Path, share_type: str = "double") -> Path:
    """A dbt manifest with one mart, fct_items (item_id integer unique, share), as read_contracts reads it."""
    model = {
        "unique_id": "model.tiny.fct_items",
        "resource_type": "model",
        "name": "fct_items",
        "alias": "fct_items",
        "schema": "marts",
        "config": {"materialized": "table"},
        "contract": {"enforced": True},
        "columns": {"item_id": {"data_type": "integer"}, "share": {"data_type": share_type}},
    }
    key = {
        "unique_id": "test.tiny.unique_fct_items_item_id",
        "resource_type": "test",
        "attached_node": "model.tiny.fct_items",
        "test_metadata": {"name": "unique", "kwargs": {"column_name": "item_id"}},
    }
    path.write_text(json.dumps({"nodes": {model["unique_id"]: model, key["unique_id"]: key}}), encoding="utf-8")
    return path


ITEMS = rows("1::integer as item_id, 0.5::double as share", "2, 0.25")


@pytest.mark.parametrize(
    ("head_items", "accept_drift", "passed", "expected"),
    [
        (ITEMS, False, True, None),
        (rows("1::integer as item_id, 0.5::double as share", "2, 0.25", "3, 0.1"), False, False, "drift"),
        (rows("1::integer as item_id, 0.5::double as share", "2, 0.25", "3, 0.1"), True, True, "drift"),
        (rows("1::integer as item_id, '0.5' as share", "2, '0.25'"), False, False, "failure"),
    ],
    ids=["unchanged", "rows-drift", "rows-drift-accepted", "contract-type"],
)
def test_the_head_is_audited_as_publish_audits(
    tmp_path: Path, head_items: str, accept_drift: bool, passed: bool, expected: str | None
) -> None:
    """The audit publish runs, against the base as the previous publication: a mart whose rows moved by
    more than the limit is drift (passes only when accepted), a column off its contract type a failure."""
    base = make_warehouse(tmp_path / "base" / "job_skills.duckdb", {"fct_items": ITEMS})
    head = make_warehouse(tmp_path / "head" / "job_skills.duckdb", {"fct_items": head_items})
    manifest = tiny_manifest(tmp_path / "manifest.json")

    audit = pr_diff.audit_head(head, base, manifest, tmp_path / "publication", pr_diff.DriftLimits(), accept_drift)

    assert audit.summary is not None, audit.error
    assert audit.passed is passed, audit.summary.render()
    summary = audit.summary
    assert bool(summary.drift) is (expected == "drift"), summary.render()
    assert bool(summary.failures) is (expected == "failure"), summary.render()
    if expected == "drift":
        assert summary.drift == ["fct_items: rows 2 -> 3 (+50.0%, limit ±25%)"]
    if expected == "failure":
        assert any("share" in failure and "VARCHAR" in failure for failure in summary.failures), summary.failures
    assert (tmp_path / "publication" / "parquet" / "fct_items.parquet").is_file(), "audited as publish writes it"


def test_an_audit_that_cannot_run_fails_with_one_line(tmp_path: Path) -> None:
    base = make_warehouse(tmp_path / "base" / "job_skills.duckdb", {"fct_items": ITEMS})
    head = make_warehouse(tmp_path / "head" / "job_skills.duckdb", {"fct_items": ITEMS})
    audit = pr_diff.audit_head(
        head, base, tmp_path / "no_manifest.json", tmp_path / "publication", pr_diff.DriftLimits(), False
    )
    assert not audit.passed and audit.verdict == "could not run"
    assert audit.error and "no dbt manifest" in audit.error and "\n" not in audit.error
    assert "Publish audit could not run: no dbt manifest" in "\n".join(pr_diff.render_audit(audit))


def test_an_audit_failure_fails_the_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The head's checks pass, the audit does not: exit 1, as publish would refuse."""
    repo = tiny_repo(tmp_path)
    monkeypatch.setattr(pr_diff, "dbt", StandInDbt())
    failed = pr_diff.validate_warehouse.ValidationSummary(warehouse=Path("stand-in"), drift=["fct_items: rows 2 -> 9"])
    monkeypatch.setattr(pr_diff, "audit_head", lambda *args: pr_diff.AuditOutcome(failed))

    code = cli.main(["diff", "--base", "HEAD", "--project-dir", str(repo), "--output", str(tmp_path / "out.md")])

    markdown = capsys.readouterr().out
    assert code == 1
    assert "| The shipped sample | passed | FAILED | 1 of 1 |" in markdown
    assert "- drift: fct_items: rows 2 -> 9" in markdown
