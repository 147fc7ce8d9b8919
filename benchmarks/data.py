"""Deterministic benchmark data: postings with known skill mentions, and O*NET taxonomies with aliases.

    python -m benchmarks.data taxonomy --size 1000 --output bench/taxonomy_1000.csv   (from the project root)
    python -m benchmarks.data postings --count 10000 --output bench/postings_10000.parquet

Postings are assembled from real sentences of the Glassdoor data-science postings
(`../shared/data/glassdoor_ds_jobs/`), with lengths drawn from theirs (median about 3,300
characters, stretched so the tail passes 10,000). Into them go phrases naming skills of the
full O*NET taxonomy (~8,700 technologies): their names and aliases in varied case, multi-word
names, punctuation names (C++, C#, .NET), hyphenated forms ("Python-based") and look-alikes that
must not count ("Excelent", "Pythons"). The true (posting, skill) pairs are known by construction:

- a real sentence is used only when no alias of the full taxonomy occurs in it, and when its
  first and last words are *inert*, that is a token of no alias at all;
- a skill phrase is written between inert words, so no alias can straddle its edges.

An alias occurs in a text where its word tokens occur consecutively among the text's tokens
(the warehouse's `word` match mode, `macros/adapters/tokenize_text.sql`), so a mention's truth
is every skill with an alias among the mention's own consecutive tokens ("Microsoft SQL Server"
names both Microsoft SQL Server and SQL). Same seed and count, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from job_skills.project import PROJECT_ROOT
from job_skills.taxonomy.aliases import derive_aliases
from job_skills.taxonomy.onet import read_technologies

SHARED = PROJECT_ROOT.parent / "shared" / "data"
GLASSDOOR = SHARED / "glassdoor_ds_jobs" / "glassdoor_jobs.csv"
ONET = SHARED / "onet" / "technology_skills.tsv"

#: The warehouse's token pattern (macro token_pattern), in Python's `re`: [^\W_] is a letter or
#: digit; a slash is a token of its own; U+E000 marks the dot of a split ".net" (NET_DOT).
TOKEN = re.compile(r"[.\uE000]?[^\W_]+(?:[+#]+|\.[^\W_]+)*|/")
#: The dot of a ".net" that ends a token after a letter, digit, + or # starts a token of its own
#: ("VB.NET" is "vb", ".net"), as macro net_dots_marked marks it.
NET_DOT = re.compile(r"(?i)([^\W_]|[+#])\.(net)([\W_]|$)")
SUFFIXES = ["ent", "s", "er", "ing", "ix", "ed"]
#: Phrase templates; every word in them must be inert (checked at start).
MENTION_TEMPLATES = [
    "Required skills: {0}.",
    "Preferred: {0}; also {1}.",
    "Skills required include {0}, also {1}, also {2}.",
    "Expertise using {0} preferred.",
    "Skills: {0}-related expertise.",
    "You must have expertise using {0}.",
]
LOOK_ALIKE_TEMPLATES = ["Required: {0} expertise.", "Preferred: {0} skills."]
CASES = ("as written", "lower", "upper")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, as the warehouse splits descriptions."""
    marked = NET_DOT.sub("\\1\ue000\\2\\3", text)
    return [token.replace("\ue000", ".").lower() for token in TOKEN.findall(marked)]


# --------------------------------------------------------------------------------------------
# taxonomy


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]

    def match_aliases(self) -> list[str]:
        """The strings that match: the name when 3 characters or longer, and every alias."""
        written = ([self.name] if len(self.name) >= 3 else []) + list(self.aliases)
        return sorted(set(written), key=written.index)


def _glassdoor_descriptions() -> list[str]:
    con = duckdb.connect()
    try:
        rows = con.execute(
            'select "Job Description" from read_csv(?, header = true, all_varchar = true) order by column00',
            [str(GLASSDOOR)],
        ).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows if row[0]]


@cache
def _lower_word_counts() -> dict[str, int]:
    """How often each word appears in lower case in the Glassdoor text: common English words."""
    counts: dict[str, int] = {}
    for text in _glassdoor_descriptions():
        for word in re.findall(r"\b[a-z][a-z0-9]*\b", text):
            counts[word] = counts.get(word, 0) + 1
    return counts


@cache
def full_taxonomy() -> tuple[Skill, ...]:
    """All O*NET technologies, most widespread first, with aliases added by three rules of
    job_skills.taxonomy.aliases: a trailing acronym ("Structured query language SQL" -> "SQL"), the
    name without a vendor ("Microsoft SQL Server" -> "SQL Server", not when that leaves a common
    English word such as "Project"), and the curated list (CURATED_ALIASES). An alias that is
    another skill's name is not added."""
    rows = read_technologies(ONET)  # every technology: the reviewed common-word list is not applied
    # the two older rules only (src/job_skills/taxonomy/aliases.py), so the data stays as it was
    aliases = derive_aliases(
        [name for name, _ in rows],
        _lower_word_counts(),
        strip_software=False,
        parentheticals=False,
        curated_vendors=(),
    )
    skills = [Skill(name, category, found) for (name, category), found in zip(rows, aliases, strict=True)]
    return tuple(skills)


def taxonomy(size: int | None) -> tuple[Skill, ...]:
    """The `size` most widespread technologies (all when None)."""
    skills = full_taxonomy()
    return skills if size is None else skills[:size]


def write_taxonomy_csv(skills: Iterable[Skill], target: Path) -> int:
    """The warehouse's taxonomy format: skill_name,category,aliases (aliases joined by |)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["skill_name", "category", "aliases"])
        for skill in skills:
            writer.writerow([skill.name, skill.category, "|".join(skill.aliases)])
            count += 1
    return count


def alias_index(skills: Iterable[Skill]) -> dict[tuple[str, ...], set[str]]:
    """Alias token sequence -> the skills it names."""
    index: dict[tuple[str, ...], set[str]] = {}
    for skill in skills:
        for alias in skill.match_aliases():
            key = tuple(tokens(alias))
            if key:
                index.setdefault(key, set()).add(skill.name)
    return index


def skills_in(text_tokens: list[str], index: dict[tuple[str, ...], set[str]], longest: int) -> set[str]:
    """Every skill with an alias among the consecutive tokens (the reference matcher)."""
    found: set[str] = set()
    for start in range(len(text_tokens)):
        for stop in range(start + 1, min(start + longest, len(text_tokens)) + 1):
            hit = index.get(tuple(text_tokens[start:stop]))
            if hit:
                found |= hit
    return found


# --------------------------------------------------------------------------------------------
# postings


@dataclass
class Material:
    sentences: list[str]
    lengths: np.ndarray
    titles: list[str]
    companies: list[str]
    locations: list[str]
    industries: list[str]
    surfaces: list[list[str]]  # per skill of the full taxonomy: its mention strings
    weights: np.ndarray  # per skill: how often it is mentioned
    look_alikes: list[str]
    truth_of_surface: dict[str, frozenset[str]]


@cache
def material() -> Material:
    """Everything postings are made of, derived once from the Glassdoor file and the taxonomy."""
    skills = full_taxonomy()
    index = alias_index(skills)
    longest = max(len(key) for key in index)
    alias_tokens = {token for key in index for token in key}

    def inert(word: str) -> bool:
        found = tokens(word)
        return bool(found) and all(token not in alias_tokens for token in found)

    for template in MENTION_TEMPLATES + LOOK_ALIKE_TEMPLATES:
        words = re.sub(r"\{\d\}(-\w+)?", " ", template)
        bad = [token for token in tokens(words) if token in alias_tokens]
        if bad:
            raise ValueError(f"template {template!r} has words that are alias tokens: {bad}")

    descriptions = _glassdoor_descriptions()
    sentences: set[str] = set()
    for text in descriptions:
        for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
            piece = " ".join(piece.split())
            if not 20 <= len(piece) <= 400 or not piece.isascii():
                continue
            found = tokens(piece)
            if len(found) < 3 or found[0] in alias_tokens or found[-1] in alias_tokens:
                continue
            if skills_in(found, index, longest):
                continue
            sentences.add(piece)
    lengths = np.array(sorted(len(text) for text in descriptions), dtype=np.int64)

    surfaces: list[list[str]] = []
    truth_of_surface: dict[str, frozenset[str]] = {}
    for skill in skills:
        forms = []
        for alias in skill.match_aliases():
            for case in CASES:
                form = alias if case == "as written" else alias.lower() if case == "lower" else alias.upper()
                if tokens(form) != tokens(alias):  # upper/lower of a Unicode name could re-tokenize
                    continue
                forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in forms:
            if form not in truth_of_surface:
                truth_of_surface[form] = frozenset(skills_in(tokens(form), index, longest))
        surfaces.append(forms)
    ranks = np.arange(len(skills), dtype=np.float64)
    weights = 1.0 / (ranks + 20.0) ** 0.9
    weights /= weights.sum()

    look_alikes = []
    for skill in skills[:1000]:
        for alias in skill.match_aliases():
            if not re.fullmatch(r"[A-Za-z]{3,}", alias):
                continue
            for turn in range(len(SUFFIXES)):
                word = alias + SUFFIXES[(len(alias) + turn) % len(SUFFIXES)]
                if inert(word) and not skills_in(tokens(word), index, longest):
                    look_alikes.append(word)
                    break
    look_alikes = sorted(set(look_alikes))

    titles, companies, locations, industries = _glassdoor_fields()
    return Material(
        sorted(sentences),
        lengths,
        titles,
        companies,
        locations,
        industries,
        surfaces,
        weights,
        look_alikes,
        truth_of_surface,
    )


def _glassdoor_fields() -> tuple[list[str], list[str], list[str], list[str]]:
    con = duckdb.connect()
    try:
        columns = []
        for column in ("Job Title", "Company Name", "Location", "Industry"):
            values = con.execute(
                f'select distinct trim(split_part("{column}", chr(10), 1)) as value '
                "from read_csv(?, header = true, all_varchar = true) "
                "where value is not null and value not in ('', '-1') order by value",
                [str(GLASSDOOR)],
            ).fetchall()
            columns.append([row[0] for row in values])
    finally:
        con.close()
    return columns[0], columns[1], columns[2], columns[3]


@dataclass
class Batch:
    table: pa.Table  # posting_id, title, company, location, industry, description
    truth: list[tuple[str, str]]  # (posting_id, skill_name)


def _posting(number: int, seed: int, stuff: Material) -> tuple[dict[str, str], set[str]]:
    rng = np.random.default_rng([seed, number])
    target = int(stuff.lengths[rng.integers(len(stuff.lengths))] * 0.92 * float(np.exp(rng.normal(0.0, 0.35))))
    target = max(300, min(target, 60_000))
    mentions_wanted = int(rng.poisson(7)) + 1
    chosen = rng.choice(len(stuff.weights), size=mentions_wanted, p=stuff.weights)
    truth: set[str] = set()
    phrases: list[str] = []
    queue = []
    for skill_index in chosen:
        forms = stuff.surfaces[skill_index]
        if not forms:
            continue
        form = forms[rng.integers(len(forms))]
        truth |= stuff.truth_of_surface[form]
        queue.append(form)
    while queue:
        template = MENTION_TEMPLATES[rng.integers(len(MENTION_TEMPLATES))]
        slots = template.count("{")
        taken, queue = queue[:slots], queue[slots:]
        if len(taken) < slots:  # fewer skills left than the template names: one per phrase
            template = MENTION_TEMPLATES[0]
            taken, queue = taken[:1], taken[1:] + queue
        phrases.append(template.format(*taken))
    for _ in range(int(rng.poisson(1.5))):
        word = stuff.look_alikes[rng.integers(len(stuff.look_alikes))]
        phrases.append(LOOK_ALIKE_TEMPLATES[rng.integers(len(LOOK_ALIKE_TEMPLATES))].format(word))
    body: list[str] = []
    size = sum(len(phrase) + 1 for phrase in phrases)
    while size < target:
        sentence = stuff.sentences[rng.integers(len(stuff.sentences))]
        body.append(sentence)
        size += len(sentence) + 1
    for phrase in phrases:
        body.insert(int(rng.integers(len(body) + 1)), phrase)
    paragraphs = []
    start = 0
    while start < len(body):
        step = int(rng.integers(2, 7))
        paragraphs.append(" ".join(body[start : start + step]))
        start += step
    posting_id = f"bench-{number:08d}"
    row = {
        "posting_id": posting_id,
        "title": stuff.titles[rng.integers(len(stuff.titles))],
        "company": stuff.companies[rng.integers(len(stuff.companies))],
        "location": stuff.locations[rng.integers(len(stuff.locations))],
        "industry": stuff.industries[rng.integers(len(stuff.industries))],
        "description": "\n".join(paragraphs),
    }
    return row, truth


def generate(start: int, count: int, seed: int = 20261127) -> Batch:
    """Postings number start .. start+count-1; posting n is the same whatever batch it is in."""
    stuff = material()
    rows: dict[str, list[str]] = {key: [] for key in ("posting_id", "title", "company", "location", "industry")}
    rows["description"] = []
    truth: list[tuple[str, str]] = []
    for number in range(start, start + count):
        row, skills = _posting(number, seed, stuff)
        for key, value in row.items():
            rows[key].append(value)
        truth.extend((row["posting_id"], skill) for skill in sorted(skills))
    return Batch(pa.table(rows), truth)


def _batches(start: int, count: int, batch: int, seed: int) -> Iterator[Batch]:
    from concurrent.futures import ProcessPoolExecutor

    spans = [(begin, min(batch, start + count - begin)) for begin in range(start, start + count, batch)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        yield from pool.map(generate, [s for s, _ in spans], [n for _, n in spans], [seed] * len(spans))


def write_postings(target: Path, truth_target: Path, count: int, start: int = 0, seed: int = 20261127) -> dict:
    """Write `count` postings (Parquet) and their true pairs (Parquet: posting_id, skill_name).

    Returns the number of postings, of true pairs and of description bytes, and a digest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    postings = pairs = text_bytes = 0
    writer = truth_writer = None
    try:
        for batch in _batches(start, count, 5_000, seed):
            if writer is None:
                writer = pq.ParquetWriter(target, batch.table.schema, compression="zstd")
                truth_writer = pq.ParquetWriter(
                    truth_target,
                    pa.schema([("posting_id", pa.string()), ("skill_name", pa.string())]),
                    compression="zstd",
                )
            writer.write_table(batch.table, row_group_size=5_000)
            truth_table = pa.table(
                {"posting_id": [p for p, _ in batch.truth], "skill_name": [s for _, s in batch.truth]}
            )
            truth_writer.write_table(truth_table)
            for text in batch.table.column("description").to_pylist():
                encoded = text.encode()
                digest.update(encoded)
                text_bytes += len(encoded)
            postings += batch.table.num_rows
            pairs += len(batch.truth)
    finally:
        if writer is not None:
            writer.close()
        if truth_writer is not None:
            truth_writer.close()
    return {"postings": postings, "true_pairs": pairs, "description_bytes": text_bytes, "sha256": digest.hexdigest()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    tax = sub.add_parser("taxonomy", help="write the N most widespread O*NET technologies with aliases")
    tax.add_argument("--size", type=int, default=None, help="number of technologies (default: all)")
    tax.add_argument("--output", type=Path, required=True)
    posts = sub.add_parser("postings", help="write N postings (Parquet) and their true pairs")
    posts.add_argument("--count", type=int, required=True)
    posts.add_argument("--start", type=int, default=0, help="number of the first posting")
    posts.add_argument("--output", type=Path, required=True)
    posts.add_argument("--truth", type=Path, default=None, help="default: <output>.truth.parquet")
    args = parser.parse_args(argv)
    if args.command == "taxonomy":
        print(f"{write_taxonomy_csv(taxonomy(args.size), args.output)} skills written to {args.output}")
    else:
        truth = args.truth or args.output.with_suffix(".truth.parquet")
        print(write_postings(args.output, truth, args.count, args.start))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
