"""The scorer: gold (posting, item) pairs from expert spans, precision and recall with bootstrap intervals.

Written apart from the matcher (it never imports or calls the matcher's SQL or macros), by one
plain rule:

- **Words**: a text is split into words on anything that is not a letter, a digit, `+`, `#` or
  `.`, and the dots at either end of a word are dropped: `C++`, `C#`, `node.js`, `ASP.NET` stay
  whole (so `Node.js` holds no `js` and `ASP.NET` no `.NET`), `.NET` and SkillSpan's `. NET` are
  `net`, `CI/CD` is `ci cd`, `R&D` is `r d`.
- **Aliases of an item**: its name (only when the name has 3 characters or more, as the taxonomy
  format says of short names) and every alias of its `aliases` column (`|`-separated).
  An alias written with a leading `=` is compared as written (case kept); every other alias and
  text is lower-cased first.
- **Gold pair**: (posting, item) when some alias's words occur consecutively among the words of
  a gold SKILL or KNOWLEDGE span of that posting.
- **Found pair**: (posting, item) the warehouse reports (fct_posting_mentions of a real build).
- precision = |found ∩ gold| / |found|; recall = |found ∩ gold| / |gold| (pairs, micro-averaged).
- **Intervals**: 95% percentile bootstrap over postings (resampled with replacement, fixed seed).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WORD = re.compile(r"(?:[^\W_]|[+#.])+")  # runs of letters, digits, +, # and .
MIN_NAME_CHARS = 3


def words(text: str, keep_case: bool = False) -> list[str]:
    """text split on anything that is not a letter, digit, +, # or ., end dots dropped; lower-cased unless keep_case."""
    found = [word.strip(".") for word in WORD.findall(text)]
    found = [word for word in found if word]
    return found if keep_case else [w.lower() for w in found]


@dataclass(frozen=True)
class Alias:
    item: str
    words: tuple[str, ...]
    keep_case: bool


@dataclass
class Taxonomy:
    """Aliases indexed by their first word, one index per case rule."""

    items: list[str] = field(default_factory=list)
    lower: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    cased: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))

    def add(self, item: str, aliases: Iterable[str]) -> None:
        self.items.append(item)
        names = [item] if len(item.strip()) >= MIN_NAME_CHARS else []
        for alias in [*names, *aliases]:
            alias = alias.strip()
            keep_case = alias.startswith("=")
            parts = tuple(words(alias[1:] if keep_case else alias, keep_case=keep_case))
            if parts:
                (self.cased if keep_case else self.lower)[parts[0]].append(Alias(item, parts, keep_case))

    def items_in(self, text: str) -> set[str]:
        """The items with an alias whose words occur consecutively among text's words."""
        found: set[str] = set()
        for index, table in ((self.lower, words(text)), (self.cased, words(text, keep_case=True))):
            for position, word in enumerate(table):
                for alias in index.get(word, ()):
                    if tuple(table[position : position + len(alias.words)]) == alias.words:
                        found.add(alias.item)
        return found


def read_taxonomy(path: Path) -> Taxonomy:
    """A taxonomy CSV (skill_name, aliases; other columns ignored)."""
    taxonomy = Taxonomy()
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            taxonomy.add(row["skill_name"], aliases)
    return taxonomy


Pair = tuple[str, str]


def gold_pairs(spans: Iterable[Mapping[str, str]], taxonomy: Taxonomy) -> dict[Pair, list[Mapping[str, str]]]:
    """(posting_id, item) -> the gold spans that give it."""
    pairs: dict[Pair, list[Mapping[str, str]]] = defaultdict(list)
    for span in spans:
        for item in taxonomy.items_in(span["span"]):
            pairs[(span["posting_id"], item)].append(span)
    return dict(pairs)


@dataclass(frozen=True)
class Score:
    postings: int
    found: int
    gold: int
    correct: int
    precision: float | None
    recall: float | None
    precision_interval: tuple[float, float] | None
    recall_interval: tuple[float, float] | None


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def bootstrap(correct: np.ndarray, denominator: np.ndarray, resamples: int, seed: int) -> tuple[float, float] | None:
    """95% percentile interval of sum(correct) / sum(denominator) over postings resampled with replacement."""
    if denominator.sum() == 0:
        return None
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(correct), size=(resamples, len(correct)))
    top = correct[picks].sum(axis=1)
    bottom = denominator[picks].sum(axis=1)
    values = top[bottom > 0] / bottom[bottom > 0]
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def score(postings: list[str], found: set[Pair], gold: set[Pair], resamples: int = 1000, seed: int = 13) -> Score:
    """Precision and recall of found against gold over the given postings (pairs of other postings ignored)."""
    index = {posting: number for number, posting in enumerate(postings)}
    counts = np.zeros((3, len(postings)))  # found, gold, correct per posting
    for row, pairs in ((0, found), (1, gold), (2, found & gold)):
        for posting, _item in pairs:
            if posting in index:
                counts[row, index[posting]] += 1
    n_found, n_gold, n_correct = (int(x) for x in counts.sum(axis=1))
    return Score(
        postings=len(postings),
        found=n_found,
        gold=n_gold,
        correct=n_correct,
        precision=ratio(n_correct, n_found),
        recall=ratio(n_correct, n_gold),
        precision_interval=bootstrap(counts[2], counts[0], resamples, seed),
        recall_interval=bootstrap(counts[2], counts[1], resamples, seed),
    )
