"""The extraction model built with the native word matcher equals the one the SQL matcher builds (issue 17).

int_item_mentions_extracted and what it depends on (models only) are built from one postings CSV that
holds three inputs, with one taxonomy that holds three taxonomies:
- the real-text postings (data/skillspan/postings.csv, 263 SkillSpan postings) and the default
  taxonomy (seeds/taxonomy/default_skill_taxonomy.csv: its case-sensitive aliases and exclude contexts);
- 3,000 generated postings (benchmarks/data.py) and the 8,745 O*NET technologies the generator draws
  from (those whose name is also a default or hostile skill's are left out);
- HOSTILE_POSTINGS and HOSTILE_TAXONOMY below: non-ASCII case and classes, the .NET forms, slashes,
  case-sensitive aliases, exclude contexts.
A posting's row for an item depends only on that item's aliases and contexts (the longest alias of
the item, its first position outside its contexts), so each input is compared against its own
taxonomy's items as in a build of it alone, and against the others' too.

Builds: native (var word_matcher native), SQL (var word_matcher sql), and auto where the native
matcher cannot be had (CC names no compiler, JOB_SKILLS_NATIVE_DIR is empty), which runs the SQL
matcher and says why; the model's rows are equal, both ways with EXCEPT ALL, every column. In that
environment var word_matcher native stops with one line instead.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
import yaml

from job_skills.project import PROJECT_ROOT, run_dbt

pytestmark = pytest.mark.slow

MODEL = "int_item_mentions_extracted"
GENERATED_POSTINGS = 3_000
ONET_SKILLS = 8_745
NO_COMPILER = "no C compiler: CC=/nonexistent not found"

# (posting_id, description)
HOSTILE_POSTINGS = (
    ("hostile-dotnet", "We ship .NET, VB.NET, C#.NET, ASP.NET Core and .net-framework apps; .NETwork is not .NET."),
    ("hostile-slash", "Python/R, CI/CD and CI / CD pipelines, ci-cd, R&D budget, R programming, R-Studio, r."),
    ("hostile-go", "A go-to-market plan; we Go with golang. GO is not Go, nor go."),
    ("hostile-unicode", "Straße STRASSE strasse İstanbul ISTANBUL ΣΊΣΥΦΟΣ σίσυφος \u212a8s K8S ⅫⅫ ٣٣ ﬁle naïve"),
    ("hostile-decomposed", "cafe\u0301 café CAFÉ e\u0301 \u0345Σ ǅungla ǄUNGLA ǆungla 𝐀𝐁 🚀rocket 中文 中文"),
    ("hostile-joiners", "C++/C#, c++11, node.js, Node.JS, NODE.JS; Power BI – Tableau’s dashboards — SQL’s."),
    ("hostile-excel", "Excel in communication; excellent Excel skills; excel-in MS Excel and excel."),
    ("hostile-spaces", "machine\u00a0learning machine\u200blearning machine\tlearning\nmachine  learning"),
    ("hostile-empty", ""),
    ("hostile-blank", " \t\n"),
    ("hostile-mark", "VB\ue000NET \ue000net x.net.y a.NET."),
)
# skill_name, category, aliases, type, exclude_contexts ('=' makes an alias case-sensitive)
HOSTILE_TAXONOMY = (
    ("Street", "Hostile", "straße|=STRASSE", "skill", ""),
    ("Istanbul Skill", "Hostile", "=İstanbul|istanbul", "skill", ""),
    ("Sisyphus", "Hostile", "σίσυφος|=ΣΊΣΥΦΟΣ", "theme", ""),
    ("Kelvin", "Hostile", "=\u212a8s|k8s", "skill", ""),
    ("Twelve", "Hostile", "ⅻⅻ|٣٣|ﬁle", "skill", ""),
    ("Cafe", "Hostile", "café|=cafe\u0301", "skill", ""),
    ("Dz", "Hostile", "ǆungla|=ǅungla", "skill", ""),
    ("Dotnet Hostile", "Hostile", ".net|=.NET|vb .net|asp.net core", "skill", ".net framework|network"),
    ("Pipelines", "Hostile", "ci/cd|=CI / CD", "skill", "ci cd"),
    ("Node Hostile", "Hostile", "node.js|=Node.JS", "skill", ""),
    ("Machine Learning Hostile", "Hostile", "machine learning|machine\u200blearning", "skill", ""),
    ("Excel Hostile", "Hostile", "excel|=Excel|ms excel", "skill", "excel in|excellent"),
    ("Mark", "Hostile", "\ue000net|vb", "skill", ""),
)


def write_inputs(folder: Path) -> tuple[Path, Path]:
    """The postings CSV and the taxonomy CSV of the three inputs (see the module's docstring)."""
    from benchmarks.data import taxonomy, write_postings

    generated = folder / "generated.parquet"
    write_postings(generated, folder / "generated_truth.parquet", GENERATED_POSTINGS)
    postings = folder / "postings.csv"
    con = duckdb.connect()
    try:
        con.execute(
            "create table hostile as select * from (values "
            + ", ".join(["(?, ?)"] * len(HOSTILE_POSTINGS))
            + ") as t(posting_id, description)",
            [value for row in HOSTILE_POSTINGS for value in row],
        )
        con.execute(
            "copy (select posting_id, title, description from read_csv(?, all_varchar = true)"
            " union all select 'generated-' || posting_id, title, description from read_parquet(?)"
            " union all select posting_id, 'Hostile posting', description from hostile) to ? (header)",
            [str(PROJECT_ROOT / "data" / "skillspan" / "postings.csv"), str(generated), str(postings)],
        )
    finally:
        con.close()
    with (PROJECT_ROOT / "seeds" / "taxonomy" / "default_skill_taxonomy.csv").open(newline="", encoding="utf-8") as f:
        default = [
            tuple(row[name] for name in ("skill_name", "category", "aliases", "type", "exclude_contexts"))
            for row in csv.DictReader(f)
        ]
    taken = {row[0].lower() for row in (*default, *HOSTILE_TAXONOMY)}
    onet = [
        (skill.name, skill.category, "|".join(skill.aliases), "", "")
        for skill in taxonomy(ONET_SKILLS)
        if skill.name.lower() not in taken
    ]
    taxonomy_csv = folder / "taxonomy.csv"
    with taxonomy_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["skill_name", "category", "aliases", "type", "exclude_contexts"])
        writer.writerows([*default, *HOSTILE_TAXONOMY, *onet])
    return postings, taxonomy_csv


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_inputs(tmp_path_factory.mktemp("native_inputs"))


def build(
    inputs: tuple[Path, Path], folder: Path, matcher: str, env: dict[str, str] | None = None, select: str = f"+{MODEL}"
):
    """dbt build of the extraction model and what it depends on (models only) into folder/w.duckdb."""
    postings, taxonomy_csv = inputs
    dbt_vars = {"postings_path": str(postings), "taxonomy_path": str(taxonomy_csv), "word_matcher": matcher}
    return run_dbt(
        [
            *("build", "-s", select, "--exclude-resource-type", "test", "unit_test"),
            *("--vars", yaml.safe_dump(dbt_vars, default_flow_style=True)),
            *("--target-path", str(folder / "target"), "--log-path", str(folder / "logs")),
        ],
        duckdb_path=folder / "w.duckdb",
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(folder / "spill"), **(env or {})},
    )


def matcher_lines(output: str) -> set[str]:
    return {line.split("word matcher: ", 1)[1].strip() for line in output.splitlines() if "word matcher: " in line}


def built(
    inputs: tuple[Path, Path], folder: Path, matcher: str, env: dict[str, str] | None = None
) -> tuple[Path, set[str]]:
    result = build(inputs, folder, matcher, env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return folder / "w.duckdb", matcher_lines(result.stdout)


NO_NATIVE = {"CC": "/nonexistent"}  # with JOB_SKILLS_NATIVE_DIR an empty folder: no library, no compiler


@pytest.fixture(scope="module")
def native_build(inputs, tmp_path_factory) -> tuple[Path, set[str]]:
    return built(inputs, tmp_path_factory.mktemp("native_build"), "native")


@pytest.fixture(scope="module")
def sql_build(inputs, tmp_path_factory) -> tuple[Path, set[str]]:
    return built(inputs, tmp_path_factory.mktemp("sql_build"), "sql")


@pytest.fixture(scope="module")
def fallback_build(inputs, tmp_path_factory) -> tuple[Path, set[str]]:
    folder = tmp_path_factory.mktemp("fallback_build")
    (folder / "native").mkdir()
    return built(inputs, folder, "auto", {**NO_NATIVE, "JOB_SKILLS_NATIVE_DIR": str(folder / "native")})


def differences(left: Path, right: Path) -> tuple[list[tuple], list[tuple], int]:
    """Rows of the model only in left, only in right (a few of each), and left's row count."""
    con = duckdb.connect()
    try:
        con.execute("attach ? as l (read_only)", [str(left)])
        con.execute("attach ? as r (read_only)", [str(right)])
        schema = con.execute(
            "select schema_name from duckdb_tables() where database_name = 'l' and table_name = ?", [MODEL]
        ).fetchone()[0]
        a, b = f"l.{schema}.{MODEL}", f"r.{schema}.{MODEL}"
        only_left = con.execute(f"select * from (from {a} except all from {b}) order by all limit 5").fetchall()
        only_right = con.execute(f"select * from (from {b} except all from {a}) order by all limit 5").fetchall()
        rows = con.execute(f"select count(*) from {a}").fetchone()[0]
    finally:
        con.close()
    return only_left, only_right, rows


def test_the_native_build_says_so_and_equals_the_sql_build(native_build, sql_build) -> None:
    native_path, native_lines = native_build
    sql_path, sql_lines = sql_build
    assert len(native_lines) == 1 and next(iter(native_lines)).startswith("native: "), native_lines
    assert sql_lines == {"sql: var word_matcher is 'sql'"}
    only_native, only_sql, rows = differences(native_path, sql_path)
    assert (only_native, only_sql) == ([], []), "rows of one build only"
    con = duckdb.connect(str(native_path), read_only=True)
    try:
        found = dict(
            con.execute(
                f"select split_part(posting_id, '-', 1), count(*) from intermediate.{MODEL}"
                " where item_id is not null group by all"
            ).fetchall()
        )
    finally:
        con.close()
    # every input was matched, not just scanned: the real text, the generated and the hostile
    assert found.get("generated", 0) > GENERATED_POSTINGS and found.get("hostile", 0) > 20, found
    assert sum(n for prefix, n in found.items() if prefix not in ("generated", "hostile")) > 500, found
    assert rows > sum(found.values())  # and the scan records of postings that matched nothing


def test_without_a_compiler_auto_runs_the_sql_matcher_with_the_same_rows(native_build, fallback_build) -> None:
    fallback_path, lines = fallback_build
    assert lines == {f"sql: the native word matcher is unavailable: {NO_COMPILER}"}
    only_native, only_fallback, _ = differences(native_build[0], fallback_path)
    assert (only_native, only_fallback) == ([], []), "rows of one build only"


def test_without_a_compiler_native_stops_with_one_line(inputs, tmp_path: Path) -> None:
    (tmp_path / "native").mkdir()
    env = {**NO_NATIVE, "JOB_SKILLS_NATIVE_DIR": str(tmp_path / "native")}
    result = build(inputs, tmp_path, "native", env, select=MODEL)  # it stops when the model compiles
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    expected = f"var word_matcher is 'native', but the native word matcher is unavailable: {NO_COMPILER}"
    assert expected in [line.strip() for line in output.splitlines()], output[-3000:]
