"""The metric macros (macros/metrics/frequency_metrics.sql) against known values, compiled by dbt and run in DuckDB."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest
from conftest import PARSED_PROFILE, copy_parsed_project, run_dbt

# (frequency, total) -> (wilson_lower, wilson_upper): reference values of the 95% Wilson score interval,
# 1/29 and 29/29 as tabulated by Newcombe (1998, Statistics in Medicine 17:857-872), the others as
# commonly quoted; checked to 4 decimals. An independent Python implementation checks every case below.
WILSON_REFERENCE = {
    (0, 10): (0.0, 0.2775),
    (1, 1): (0.2065, 1.0),
    (5, 10): (0.2366, 0.7634),
    (1, 29): (0.0061, 0.1718),
    (29, 29): (0.8830, 1.0),
}
# (frequency, total) -> pct_of_postings, half away from zero
PCT_REFERENCE = {(1, 8): 13, (3, 8): 38, (1, 200): 1, (99, 200): 50, (0, 5): 0, (5, 5): 100, (21, 22): 95, (12, 22): 55}
CASES = [*sorted(set(WILSON_REFERENCE) | set(PCT_REFERENCE)), (0, 0)]


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory, parsed_project: Path) -> dict[tuple[int, int], tuple]:
    """Compile one query that applies every metric macro to every case, then run it in DuckDB.

    The compile runs in a copy of the session's parsed project (conftest: parsed_project): no parse.
    """
    rows = " union all ".join(f"select {f} as f, {t} as t" for f, t in CASES)
    sql = (
        "select f, t, {{ pct_of_postings('f', 't') }} as pct, {{ share_of_postings('f', 't') }} as share, "
        "{{ wilson_bound('f', 't', 'lower') }} as lo, {{ wilson_bound('f', 't', 'upper') }} as hi, "
        "{{ frequency_tier(share_of_postings('f', 't')) }} as tier from (" + rows + ") as cases"
    )
    rows = compiled_rows(sql, tmp_path_factory.mktemp("macros"), parsed_project)
    return {(r[0], r[1]): r[2:] for r in rows}


def compiled_rows(sql: str, work: Path, parsed_project: Path) -> list[tuple]:
    """Compile sql (macros and all) in a copy of the session's parsed project, run it in DuckDB."""
    project = copy_parsed_project(parsed_project, work)
    result = run_dbt(
        ["compile", "--inline", sql, "--output", "json", "--target-path", str(work / "target"), "--quiet"],
        project_dir=project,
        extra_env=PARSED_PROFILE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    compiled = json.loads(result.stdout[result.stdout.index("{") :])["compiled"]
    con = duckdb.connect()
    try:
        return con.execute(compiled).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("case", sorted(PCT_REFERENCE))
def test_pct_rounds_half_away_from_zero(evaluated: dict, case: tuple[int, int]) -> None:
    assert evaluated[case][0] == PCT_REFERENCE[case]


@pytest.mark.parametrize("case", sorted(WILSON_REFERENCE))
def test_wilson_interval_matches_published_values(evaluated: dict, case: tuple[int, int]) -> None:
    _, _, lower, upper, _ = evaluated[case]
    assert (round(lower, 4), round(upper, 4)) == WILSON_REFERENCE[case]


def independent_wilson(f: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = f / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@pytest.mark.parametrize("case", [c for c in CASES if c[1] > 0])
def test_wilson_interval_matches_an_independent_implementation(evaluated: dict, case: tuple[int, int]) -> None:
    _, _, lower, upper, _ = evaluated[case]
    expected = independent_wilson(*case)
    assert lower == pytest.approx(expected[0], abs=1e-12)
    assert upper == pytest.approx(expected[1], abs=1e-12)


def test_empty_group_gives_nulls_not_errors(evaluated: dict) -> None:
    assert evaluated[(0, 0)] == (None, None, None, None, None)


def test_tiers_at_the_default_thresholds(evaluated: dict) -> None:
    assert evaluated[(3, 8)][4] == "Secondary"  # 0.375
    assert evaluated[(99, 200)][4] == "Secondary"  # 0.495 rounds to 50% but the tier uses the share
    assert evaluated[(12, 22)][4] == "Important"  # 0.545
    assert evaluated[(21, 22)][4] == "Core"


# (f1, n1, f2, n2) -> 95% interval of f1/n1 - f2/n2 by Newcombe's hybrid score method (method 10),
# as tabulated by Newcombe (1998, Statistics in Medicine 17:873-890, Table II), to 4 decimals.
NEWCOMBE_REFERENCE = {
    (56, 70, 48, 80): (0.0524, 0.3339),
    (9, 10, 3, 10): (0.1705, 0.8090),
    (5, 56, 0, 29): (-0.0381, 0.1926),
    (0, 10, 0, 20): (-0.1611, 0.2775),
    (0, 10, 0, 10): (-0.2775, 0.2775),
    (10, 10, 0, 20): (0.6791, 1.0),
    (10, 10, 0, 10): (0.6075, 1.0),
}


@pytest.fixture(scope="module")
def differences(tmp_path_factory: pytest.TempPathFactory, parsed_project: Path) -> dict[tuple[int, ...], tuple]:
    """comparison_metrics (macros/metrics/comparison_metrics.sql) compiled once over every case, run in DuckDB."""
    rows = " union all ".join(
        f"select {a} as f1, {b} as n1, {c} as f2, {d} as n2" for a, b, c, d in [*NEWCOMBE_REFERENCE, (3, 10, 0, 0)]
    )
    sql = "select f1, n1, f2, n2, {{ comparison_metrics('f1', 'n1', 'f2', 'n2') }} from (" + rows + ") as cases"
    return {tuple(r[:4]): r[4:] for r in compiled_rows(sql, tmp_path_factory.mktemp("differences"), parsed_project)}


@pytest.mark.parametrize("case", sorted(NEWCOMBE_REFERENCE))
def test_difference_interval_matches_newcombes_published_values(differences: dict, case: tuple[int, ...]) -> None:
    _, _, _, difference, lower, upper, distinctive = differences[case]
    f1, n1, f2, n2 = case
    assert difference == pytest.approx(f1 / n1 - f2 / n2, abs=1e-12)
    assert (round(lower, 4), round(upper, 4)) == NEWCOMBE_REFERENCE[case]
    assert distinctive is (lower > 0 or upper < 0)


def test_difference_without_other_postings_is_null_not_distinctive(differences: dict) -> None:
    assert differences[(3, 10, 0, 0)] == (None, None, None, None, None, None, False)
