"""The two hand-written baselines the benchmark compares the warehouse with.

Both apply the warehouse's matching rule (`word` mode): an alias matches, case-insensitively,
where it is bounded by the text's start or end or by characters that end a token. A token is a
run of letters and digits, optionally led by a dot and joined by dots or slashes, or followed by
+ or # (macro token_pattern): so "SQL" matches in "T-SQL" and "SQL." but not in "MSSQL" or
"SQL/Python", and ".NET" not in "ASP.NET".

- Baseline A, the notebook approach: one pandas `str.contains` regular expression per skill.
- Baseline B: one pyahocorasick automaton over the lower-cased text, each hit checked for whole
  words, in plain Python.

Both search each alias as written (lower-cased) and as the warehouse reads it (its tokens joined
by single spaces, "Transact-SQL" also as "transact sql"). The warehouse's rule reads any run of
separators between tokens as one, so it also finds "Point-of-Sale" for the alias "Point of Sale";
a substring search does not: such pairs are listed as differences, not hidden.

    python -m benchmarks.baselines b --postings p.parquet --taxonomy t.csv --output found.parquet
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick
import pandas as pd
import pyarrow.parquet as pq

#: Before a match: not a letter, digit or dot (".NET" is one token), nor a slash that follows a
#: letter, digit, + or # ("CI/CD" and "C#/SQL" are one token each).
LEFT = r"(?<![^\W_])(?<!\.)(?<![^\W_]/)(?<![+#]/)"
#: After a match: not a letter, digit, + or #, and not a dot or slash that a letter or digit follows.
RIGHT = r"(?![^\W_]|[+#])(?![./][^\W_])"


def read_descriptions(path: str, batch_rows: int = 20_000) -> Iterator[tuple[list[str], list[str]]]:
    """(posting ids, descriptions) in batches, so a million postings never sit in memory at once.
    `path` is a Parquet file or a glob of them."""
    import glob

    for name in sorted(glob.glob(path)):
        parquet = pq.ParquetFile(name)
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=["posting_id", "description"]):
            yield batch.column(0).to_pylist(), batch.column(1).to_pylist()


def baseline_a(path: str, skills: dict[str, list[str]]) -> set[tuple[str, str]]:
    """pandas: for each skill, `Series.str.contains` with the skill's aliases as one pattern."""
    patterns = {
        skill: re.compile(LEFT + "(?:" + "|".join(re.escape(a) for a in aliases) + ")" + RIGHT, re.IGNORECASE)
        for skill, aliases in skills.items()
    }
    found: set[tuple[str, str]] = set()
    for ids, texts in read_descriptions(path):
        frame = pd.DataFrame({"posting_id": ids, "description": texts})
        for skill, pattern in patterns.items():
            hits = frame["posting_id"][frame["description"].str.contains(pattern, na=False)]
            found.update((posting_id, skill) for posting_id in hits)
    return found


def build_automaton(skills: dict[str, list[str]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    owners: dict[str, list[str]] = {}
    for skill, aliases in skills.items():
        for alias in aliases:
            owners.setdefault(alias.lower(), []).append(skill)
    for key, names in owners.items():
        automaton.add_word(key, (len(key), tuple(names)))
    automaton.make_automaton()
    return automaton


def _joins(char: str) -> bool:
    """A slash after this character joins two tokens into one."""
    return char.isalnum() or char in "+#"


def baseline_b(path: str, skills: dict[str, list[str]]) -> set[tuple[str, str]]:
    """pyahocorasick: every alias in one automaton; each hit kept only on token boundaries."""
    automaton = build_automaton(skills)
    found: set[tuple[str, str]] = set()
    for ids, texts in read_descriptions(path):
        for posting_id, text in zip(ids, texts, strict=True):
            if not text:
                continue
            lowered = text.lower()
            size = len(lowered)
            seen: set[str] = set()
            for end, (length, names) in automaton.iter(lowered):
                start = end - length + 1
                if start > 0:
                    before = lowered[start - 1]
                    if (
                        before.isalnum()
                        or before == "."
                        or (before == "/" and start > 1 and _joins(lowered[start - 2]))
                    ):
                        continue
                if end + 1 < size:
                    after = lowered[end + 1]
                    if after.isalnum() or after in "+#":
                        continue
                    if after in "./" and end + 2 < size and lowered[end + 2].isalnum():
                        continue
                seen.update(names)
            found.update((posting_id, name) for name in seen)
    return found


def taxonomy_patterns(path: str) -> dict[str, list[str]]:
    """skill name -> what the baselines search for: each alias as written, lower-cased, and as
    the warehouse reads it (its word tokens joined by single spaces), from a taxonomy CSV."""
    import csv

    from benchmarks.data import tokens

    skills: dict[str, list[str]] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["skill_name"].strip()
            written = ([name] if len(name) >= 3 else []) + [a.strip() for a in (row["aliases"] or "").split("|")]
            forms = {f for alias in written if tokens(alias) for f in (alias.lower(), " ".join(tokens(alias)))}
            if forms:
                skills[name] = sorted(forms)
    return skills


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import time

    import pyarrow as pa
    import pyarrow.parquet as pq

    parser = argparse.ArgumentParser(description="Run one baseline; write the pairs it finds (Parquet).")
    parser.add_argument("baseline", choices=["a", "b"])
    parser.add_argument("--postings", required=True, help="Parquet file (or glob) of postings")
    parser.add_argument("--taxonomy", required=True, help="taxonomy CSV")
    parser.add_argument("--output", required=True, help="Parquet file for (posting_id, skill_name)")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N postings")
    args = parser.parse_args(argv)
    skills = taxonomy_patterns(args.taxonomy)
    source = args.postings
    if args.limit is not None:
        import duckdb

        source = args.output + ".input.parquet"
        con = duckdb.connect()
        try:
            con.execute(
                f"copy (select posting_id, description from read_parquet('{args.postings}') order by posting_id "
                f"limit {int(args.limit)}) to '{source}' (format parquet)"
            )
        finally:
            con.close()
    started = time.perf_counter()
    found = baseline_a(source, skills) if args.baseline == "a" else baseline_b(source, skills)
    seconds = time.perf_counter() - started
    pairs = sorted(found)
    pq.write_table(pa.table({"posting_id": [p for p, _ in pairs], "skill_name": [s for _, s in pairs]}), args.output)
    print(json.dumps({"seconds": seconds, "pairs": len(pairs), "input": source}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
