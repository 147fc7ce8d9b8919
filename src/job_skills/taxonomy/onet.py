"""Turn O*NET's Technology Skills file into a taxonomy CSV the warehouse reads (var taxonomy_path).

O*NET lists one row per (occupation, technology example); the taxonomy wants one row per skill
with header `skill_name,category,aliases`. Each distinct technology example becomes a skill, its
UNSPSC commodity title the category (the most frequent one when an example has several), with no
aliases. Source: O*NET 28.x Database by the U.S. Department of Labor, Employment and Training
Administration (USDOL/ETA), used under the CC BY 4.0 license.

    job-skills taxonomy ../shared/data/onet/technology_skills.tsv onet_taxonomy.csv [--limit N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb


def write_taxonomy(source: Path, target: Path, limit: int | None = None) -> int:
    """Write the taxonomy CSV; returns the number of skills written (the most widespread first)."""
    con = duckdb.connect()
    try:
        con.execute(
            """
            create temporary table technologies as
            select trim("Example") as skill_name, trim("Commodity Title") as category, "O*NET-SOC Code" as occupation
            from read_csv(?, delim = '\t', header = true, all_varchar = true)
            where trim("Example") <> ''
            """,
            [str(source)],
        )
        limit_clause = f"limit {int(limit)}" if limit is not None else ""
        con.execute(
            f"""
            copy (
                select skill_name, category, '' as aliases
                from (
                    select
                        skill_name,
                        arg_max(category, occupations) as category,
                        sum(occupations) as occupations
                    from (
                        select skill_name, category, count(distinct occupation) as occupations
                        from technologies
                        group by skill_name, category
                    ) as by_category
                    group by skill_name
                ) as skills
                order by occupations desc, skill_name
                {limit_clause}
            ) to '{target.as_posix()}' (header, delimiter ',')
            """
        )
        return con.execute(f"select count(*) from read_csv('{target.as_posix()}')").fetchone()[0]
    finally:
        con.close()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="O*NET technology_skills.tsv")
    parser.add_argument("target", type=Path, help="taxonomy CSV to write")
    parser.add_argument("--limit", type=int, default=None, help="keep the N technologies most occupations use")


def run(args: argparse.Namespace) -> int:
    print(f"{write_taxonomy(args.source, args.target, args.limit)} skills written to {args.target}")
    return 0
