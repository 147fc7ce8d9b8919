"""The native word matcher (src/job_skills/native) against the SQL it replaces, without a warehouse.

The SQL side is dbt's own compile of macros token_text and token_position (one `dbt compile --inline`
in a copy of the session's parsed project), never a hand copy, so a change to the token rules that
the C does not follow fails here. Both sides then run in one in-process DuckDB connection that the
dbt-duckdb plugin (job_skills.duckdb_plugin) has given the native functions, as dbt's connections get
them:
- the C token text (job_skills_token_text) equals macro token_text on 100,000 random strings over a
  hostile alphabet, every real-text posting description, null and '';
- the C matcher (job_skills_word_matches) finds the same (alias, first token position) pairs as the
  SQL rule (an alias's padded key in the token text, lower-cased unless the alias is case-sensitive,
  macro token_position) on 10,000 of those strings, for aliases cut from their own tokens;
- the plugin's status says 'native: <library>' here and 'sql: ... no C compiler ...' where none is.
The builds that compare whole extraction models, native against SQL, are in test_native_matcher_builds.py.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from conftest import PARSED_PROFILE, copy_parsed_project, run_dbt

from job_skills import duckdb_plugin, native
from job_skills.project import PROJECT_ROOT

REAL_TEXT = PROJECT_ROOT / "data" / "skillspan" / "postings.csv"

# Pieces the random strings are made of: what the token rules treat specially (the joiners . + # and
# the slash, the .net split and its private-use mark U+E000, separators of every kind) and characters
# whose class or lower case is unusual: a combining mark that lower-cases to itself (U+0345), İ and ẞ
# and the Kelvin sign (lower-cased into ASCII or other blocks), final and capital sigma, a decomposed
# é, digits and numerals outside ASCII, a title-case digraph, a ligature, a mathematical letter, an
# emoji, a no-break and a zero-width space, CJK.
PIECES = (
    *"abcxyzABCXYZ0189",
    *". + # / - _".split(),
    *(" ", " ", "\t", "\n"),
    *("net", "NET", ".net", ".NET", "Net", "c#", "C++", "vb", "asp"),
    *("\ue000", "\u0345", "İ", "ß", "ẞ", "Σ", "ς", "σ", "\u212a", "’", "–", "é", "e\u0301"),
    *("\u0663", "\u0669", "Ⅻ", "ⅻ", "ǅ", "ﬁ", "𝐀", "🚀", "\u00a0", "\u200b", "中文"),
)
RANDOM_STRINGS = 100_000
MATCHED_STRINGS = 10_000
ALIASES_CUT = 300
# keys written as the taxonomy's match keys would be (lower case unless case-sensitive), for the
# characters whose lower case or class is unusual; the boolean: case-sensitive
FIXED_ALIASES = (
    ("k", False),
    ("\u212a", True),
    ("ss", False),
    ("ß", False),
    ("σ", False),
    ("ς", False),
    ("i", False),
    ("İ", True),
    (".net", False),
    (".NET", True),
    ("c#", False),
    ("c++", False),
    ("/", False),
    ("net", False),
    ("a / b", False),
    ("ǆ", False),
    ("ǅ", True),
)


def random_strings(count: int, seed: int = 17) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choices(PIECES, k=generator.randint(0, 30))) for _ in range(count)]


def real_descriptions() -> list[str]:
    with REAL_TEXT.open(newline="", encoding="utf-8") as handle:
        return [row["description"] for row in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def compiled_sql(tmp_path_factory: pytest.TempPathFactory, parsed_project: Path) -> str:
    """One select over table `x` (t: a text, h: a token text, k: a padded key) that dbt compiled:
    sql_text is macro token_text of t, sql_position macro token_position of k in h."""
    work = tmp_path_factory.mktemp("native_macros")
    project = copy_parsed_project(parsed_project, work)
    inline = "select *, {{ token_text('t') }} as sql_text, {{ token_position('h', 'k') }} as sql_position from x"
    result = run_dbt(
        ["compile", "--inline", inline, "--output", "json", "--target-path", str(work / "target"), "--quiet"],
        project_dir=project,
        extra_env=PARSED_PROFILE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout[result.stdout.index("{") :])["compiled"]


@pytest.fixture
def plugin_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with the plugin's functions, as dbt-duckdb configures its own."""
    con = duckdb.connect()
    try:
        duckdb_plugin.Plugin(name="job_skills", plugin_config={}).configure_connection(con)
        yield con
    finally:
        con.close()


def run_compiled(con: duckdb.DuckDBPyConnection, compiled: str, x: str) -> str:
    """Make view x the given select (columns t, h, k and any others) and the compiled select over it
    a table `compiled`, which is returned by name."""
    con.execute(f"create or replace temp view x as {x}")
    con.execute(f"create or replace temp table compiled as {compiled}")
    return "compiled"


def tokenized(con: duckdb.DuckDBPyConnection, compiled: str, texts: list[str | None]) -> list[tuple]:
    """Table `tokenized` (id, t, sql_text, c_text): each text's token text by the compiled macro and
    by the C; its rows, by id."""
    con.register(
        "given_texts", pa.table({"id": pa.array(range(len(texts)), pa.int64()), "t": pa.array(texts, pa.string())})
    )
    run_compiled(con, compiled, "select id, t, '' as h, '' as k from given_texts")
    con.unregister("given_texts")
    con.execute(
        "create or replace temp table tokenized as"
        " select id, t, sql_text, job_skills_token_text(t) as c_text from compiled"
    )
    return con.execute("select * from tokenized order by id").fetchall()


def test_the_c_token_text_is_the_sql_token_text(plugin_connection, compiled_sql: str) -> None:
    texts = [*random_strings(RANDOM_STRINGS), *real_descriptions(), None, ""]
    rows = tokenized(plugin_connection, compiled_sql, texts)
    assert len(rows) == len(texts)
    differing = [(t, sql, c) for _, t, sql, c in rows if sql != c]
    assert differing == [], f"{len(differing)} of {len(rows)} differ, e.g. {differing[:5]}"
    # the comparison saw tokens: most strings have some, and the null stays null
    assert sum(1 for *_, c in rows if c is not None and c.strip()) > RANDOM_STRINGS * 0.9
    assert rows[-2][3] is None and rows[-1][3] == "  "


def cut_aliases(token_lists: list[list[str]], seed: int = 18) -> list[tuple[str, bool]]:
    """Runs of 1-3 consecutive tokens of the given texts, as written, half of them case-sensitive;
    the first few twice (two items may share an alias); then FIXED_ALIASES."""
    generator = random.Random(seed)
    with_tokens = [tokens for tokens in token_lists if tokens]
    aliases: list[tuple[str, bool]] = []
    while len(aliases) < ALIASES_CUT:
        tokens = generator.choice(with_tokens)
        size = generator.randint(1, min(3, len(tokens)))
        start = generator.randint(0, len(tokens) - size)
        aliases.append((" ".join(tokens[start : start + size]), generator.random() < 0.5))
    return [*aliases, *aliases[:5], *FIXED_ALIASES]


def test_the_c_matcher_finds_what_the_sql_rule_finds(plugin_connection, compiled_sql: str) -> None:
    con = plugin_connection
    rows = tokenized(con, compiled_sql, random_strings(MATCHED_STRINGS, seed=19))
    aliases = cut_aliases([sql_text.split(" ")[1:-1] for _, _, sql_text, _ in rows if sql_text.strip()])
    con.register(
        "given_aliases",
        pa.table(
            {
                "alias_index": pa.array(range(len(aliases)), pa.int32()),
                "written": [written for written, _ in aliases],
                "case_sensitive": [flag for _, flag in aliases],
            }
        ),
    )
    # match keys as the taxonomy makes them: lower-cased by DuckDB unless case-sensitive
    con.execute(
        "create or replace temp table aliases as select alias_index, case_sensitive,"
        " case when case_sensitive then written else lower(written) end as match_key from given_aliases"
    )
    con.unregister("given_aliases")
    # the SQL rule: the padded key in the token text (lower-cased unless case-sensitive), at the
    # position macro token_position gives
    run_compiled(
        con,
        compiled_sql,
        "select id, alias_index, null as t, h, k from ("
        " select tokenized.id, aliases.alias_index, ' ' || aliases.match_key || ' ' as k,"
        " case when aliases.case_sensitive then tokenized.sql_text else lower(tokenized.sql_text) end as h"
        " from tokenized cross join aliases) as pairs where contains(h, k)",
    )
    con.execute("create or replace temp table by_sql as select id, alias_index, sql_position as position from compiled")
    con.execute(
        "create or replace temp table by_c as"
        " select id, found.alias_index, found.token_position as position from ("
        "  select id, unnest(job_skills_word_matches("
        "   (select job_skills_word_matcher("
        "     list(match_key order by alias_index), list(case_sensitive order by alias_index)"
        "    ) from aliases), t)) as found"
        "  from tokenized)"
    )
    only_sql = con.execute("select * from (from by_sql except all from by_c) order by all limit 5").fetchall()
    only_c = con.execute("select * from (from by_c except all from by_sql) order by all limit 5").fetchall()
    assert (only_sql, only_c) == ([], []), "found by one matcher only (id, alias_index, position)"
    found, texts_with, aliases_found = con.execute(
        "select count(*), count(distinct id), count(distinct alias_index) from by_sql"
    ).fetchone()
    # the comparison was not empty: most aliases were found, in many texts
    assert found > MATCHED_STRINGS and texts_with > MATCHED_STRINGS // 2 and aliases_found > ALIASES_CUT * 0.9, (
        found,
        texts_with,
        aliases_found,
    )


def test_the_plugin_says_native_where_the_library_loads(plugin_connection) -> None:
    [status] = plugin_connection.execute("select job_skills_word_matcher_status()").fetchone()
    assert status.startswith("native: "), status
    assert Path(status.removeprefix("native: ")).is_file(), status


def test_the_plugin_says_sql_and_why_without_a_compiler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No compiler and no library built yet (an empty JOB_SKILLS_NATIVE_DIR): the SQL matcher, and
    the reason. The library is loaded once per process, so this test forgets it (monkeypatch puts
    it back), as a process started in that environment would not have it."""
    monkeypatch.setattr(native, "_loaded", None)
    monkeypatch.setattr(duckdb_plugin, "_registry", None)
    monkeypatch.setenv("CC", "/nonexistent")
    monkeypatch.setenv(native.DIRECTORY_ENV, str(tmp_path))
    con = duckdb.connect()
    try:
        duckdb_plugin.Plugin(name="job_skills", plugin_config={}).configure_connection(con)
        [status] = con.execute("select job_skills_word_matcher_status()").fetchone()
        functions = con.execute(
            "select count(*) from duckdb_functions() where function_name = 'job_skills_word_matches'"
        ).fetchone()[0]
    finally:
        con.close()
    assert status == "sql: the native word matcher is unavailable: no C compiler: CC=/nonexistent not found"
    assert functions == 0, "the native functions are registered without a library"
    assert list(tmp_path.iterdir()) == []
