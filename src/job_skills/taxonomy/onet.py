"""Turn O*NET's Technology Skills file into a taxonomy CSV the warehouse reads (var taxonomy_path).

O*NET lists one row per (occupation, technology example); the taxonomy wants one row per skill
with header `skill_name,category,aliases`. Each distinct technology example becomes a skill, its
UNSPSC commodity title the category (the most frequent one when an example has several), its
aliases derived by job_skills.taxonomy.aliases (trailing acronym, vendor prefix and the word
"software" stripped, parentheticals, a curated list). The reviewed list onet_common_words.csv
beside this file (name,action,reason) settles names and aliases that are common English words or
company names: `case_sensitive` writes the name or alias with the `=` prefix (it matches only as
written, capitals and all), `exclude` leaves the technology (a name) or the alias out.
Source: O*NET 28.x Database by the U.S. Department of Labor, Employment and Training
Administration (USDOL/ETA), used under the CC BY 4.0 license.

    job-skills taxonomy ../shared/data/onet/technology_skills.tsv onet_taxonomy.csv [--limit N]

The source path reaches DuckDB as a bound parameter; the CSV is written by Python's csv module,
so no path is ever formatted into SQL.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import duckdb

from job_skills.taxonomy.aliases import common_words, derive_aliases

COLUMNS = ("O*NET-SOC Code", "Example", "Commodity Title")
COMMON_WORDS_LIST = Path(__file__).with_name("onet_common_words.csv")
ACTIONS = ("case_sensitive", "exclude")


class SourceError(Exception):
    """The O*NET file is missing, unreadable or lacks a column: one line, exit code 2."""


def check_source(source: Path) -> None:
    """Raise SourceError naming the file and what is wrong with it."""
    if not source.is_file():
        raise SourceError(f"{source}: no such file")
    try:
        with source.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle, delimiter="\t"), [])
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{source}: cannot be read as UTF-8 tab-separated text ({error})") from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise SourceError(
            f"{source}: missing column(s) {', '.join(missing)} (an O*NET technology_skills.tsv has "
            f"{', '.join(COLUMNS)})"
        )


def read_technologies(source: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(skill_name, category) per distinct technology, the most widespread first."""
    check_source(source)
    con = duckdb.connect()
    try:
        rows = con.execute(
            """
            with technologies as (
                select
                    trim("Example") as skill_name,
                    trim("Commodity Title") as category,
                    "O*NET-SOC Code" as occupation
                from read_csv(?, delim = '\t', header = true, all_varchar = true)
                where trim("Example") <> ''
            ),

            by_category as (
                select skill_name, category, count(distinct occupation) as occupations
                from technologies
                group by skill_name, category
            )

            select skill_name, first(category order by occupations desc, category) as category
            from by_category
            group by skill_name
            order by sum(occupations) desc, skill_name
            """,
            [str(source)],
        ).fetchall()
    finally:
        con.close()
    return rows if limit is None else rows[: max(limit, 0)]


def read_decisions(path: Path = COMMON_WORDS_LIST) -> dict[str, str]:
    """name or alias -> action, from the reviewed list (SourceError on a bad row)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in ("name", "action", "reason") if column not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{path}: missing column(s) {', '.join(missing)}")
        decisions = {}
        for number, row in enumerate(reader, start=2):
            if row["action"] not in ACTIONS:
                raise SourceError(f"{path}: row {number}, column action: {row['action']!r} is not one of {ACTIONS}")
            decisions[row["name"]] = row["action"]
    return decisions


def apply_decisions(
    rows: list[tuple[str, str]], derived: list[tuple[str, ...]], decisions: dict[str, str]
) -> list[tuple[str, str, list[str]]]:
    """(skill_name, category, aliases as written) with the reviewed list applied."""
    result = []
    for (skill_name, category), aliases in zip(rows, derived, strict=True):
        if decisions.get(skill_name) == "exclude":
            continue
        written = [f"={skill_name}"] if decisions.get(skill_name) == "case_sensitive" else []
        for alias in aliases:
            action = decisions.get(alias)
            if action != "exclude":
                written.append(f"={alias}" if action == "case_sensitive" else alias)
        result.append((skill_name, category, list(dict.fromkeys(written))))
    return result


def write_taxonomy(source: Path, target: Path, limit: int | None = None) -> int:
    """Write the taxonomy CSV; returns the number of skills written (the most widespread first)."""
    rows = read_technologies(source, limit)
    derived = derive_aliases([name for name, _ in rows], common_words())
    skills = apply_decisions(rows, derived, read_decisions())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["skill_name", "category", "aliases"])
        for skill_name, category, aliases in skills:
            writer.writerow([skill_name, category, "|".join(aliases)])
    return len(skills)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="O*NET technology_skills.tsv")
    parser.add_argument("target", type=Path, help="taxonomy CSV to write")
    parser.add_argument("--limit", type=int, default=None, help="keep the N technologies most occupations use")


def run(args: argparse.Namespace) -> int:
    try:
        count = write_taxonomy(args.source, args.target, args.limit)
    except SourceError as error:
        print(f"taxonomy: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"taxonomy: {args.target}: cannot be written ({error.strerror})", file=sys.stderr)
        return 2
    print(f"{count} skills written to {args.target}")
    return 0
