"""Candidates for the reviewed list onet_common_words.csv, and the words of common_words.txt.

Both are measured on the Glassdoor data-science descriptions and the SkillSpan train and dev
sentences (never test.json). A candidate is a technology name or derived alias of 1 to 3 words
that the corpora write in lower case 5 or more times ("slack", "after the deadline"); each is then
reviewed by hand into onet_common_words.csv (case_sensitive, exclude, or left alone when the
lower-case use means the technology too, as "python" and "pandas" do).

    python -m job_skills.taxonomy.candidates ../shared/data/onet/technology_skills.tsv   (from the project root)
    python -m job_skills.taxonomy.candidates --words    (rewrite common_words.txt)
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import duckdb

from job_skills.project import PROJECT_ROOT
from job_skills.taxonomy.aliases import COMMON_WORDS, common_words, derive_aliases

SHARED = PROJECT_ROOT.parent / "shared" / "data"
GLASSDOOR = SHARED / "glassdoor_ds_jobs" / "glassdoor_jobs.csv"
SKILLSPAN = (SHARED / "skillspan" / "train.json", SHARED / "skillspan" / "dev.json")  # never test.json
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.'!-]*[A-Za-z0-9+#!]|[A-Za-z0-9]")
COMMON_WORDS_HEADER = (
    "# Common lower-case words: each word (regex [A-Za-z][A-Za-z0-9]*) written in lower case 3 or more\n"
    "# times and in at least half of its occurrences, in the Glassdoor data-science descriptions and the\n"
    "# SkillSpan train and dev sentences (never test), with its lower-case count. Made by\n"
    "# python -m job_skills.taxonomy.candidates --words; used by job_skills.taxonomy.aliases so that\n"
    "# a vendor or 'software' is not stripped down to a common word.\n"
)


def corpus_texts() -> list[str]:
    """The Glassdoor descriptions, then the SkillSpan train and dev sentences."""
    con = duckdb.connect()
    try:
        rows = con.execute(
            'select "Job Description" from read_csv(?, header = true, all_varchar = true)', [str(GLASSDOOR)]
        ).fetchall()
    finally:
        con.close()
    texts = [row[0] for row in rows if row[0]]
    for path in SKILLSPAN:
        with path.open(encoding="utf-8") as handle:
            texts.extend(" ".join(json.loads(line)["tokens"]) for line in handle if line.strip())
    return texts


def words_from_the_corpora(texts: list[str] | None = None) -> dict[str, int]:
    """Lower-case word -> count, for the words common_words.txt keeps."""
    lower: Counter[str] = Counter()
    written: Counter[str] = Counter()
    for text in corpus_texts() if texts is None else texts:
        for word in re.findall(r"\b[A-Za-z][A-Za-z0-9]*\b", text):
            written[word.lower()] += 1
            if word.islower():
                lower[word] += 1
    return {word: count for word, count in lower.items() if count >= 3 and 2 * count >= written[word]}


def lower_case_counts(texts: list[str], longest: int = 3) -> Counter[str]:
    """How often each phrase of 1..longest words is written all in lower case."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = WORD.findall(text)
        for size in range(1, longest + 1):
            for start in range(len(words) - size + 1):
                phrase = words[start : start + size]
                if all(word == word.lower() for word in phrase):
                    counts[" ".join(phrase)] += 1
    return counts


def candidates(names: list[str], texts: list[str], at_least: int = 5) -> list[tuple[int, str, str]]:
    """(lower-case count, name or alias, its technology), the most frequent first."""
    counts = lower_case_counts(texts)
    found = []
    for name, aliases in zip(names, derive_aliases(names, common_words()), strict=True):
        for written in (name, *aliases):
            key = " ".join(WORD.findall(written)).lower()
            if key and len(key.split()) <= 3 and counts[key] >= at_least:
                found.append((counts[key], written, name))
    return sorted(found, key=lambda row: (-row[0], row[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", help="O*NET technology_skills.tsv")
    parser.add_argument("--words", action="store_true", help="rewrite common_words.txt")
    args = parser.parse_args(argv)
    texts = corpus_texts()
    if args.words:
        counts = words_from_the_corpora(texts)
        lines = "".join(f"{word} {count}\n" for word, count in sorted(counts.items()))
        COMMON_WORDS.write_text(COMMON_WORDS_HEADER + lines, encoding="utf-8")
        print(f"{len(counts)} words written to {COMMON_WORDS}")
    if args.source:
        from job_skills.taxonomy.onet import read_decisions, read_technologies

        decided = read_decisions()
        for count, written, name in candidates([name for name, _ in read_technologies(args.source)], texts):
            print(f"{count}\t{written}\t{name}\t{decided.get(written, '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
