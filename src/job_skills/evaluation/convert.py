"""SkillSpan's sentence files -> one posting per (split, source, idx) and one gold row per span.

Input: {train,dev,test}.json, JSON lines, one sentence each (idx, source, tokens, tags_skill,
tags_knowledge in BIO). Output, deterministic (sorted by split, source, idx; sentences kept in
file order):

- postings.csv: posting_id (`<split>-<source>-<idx>`), title (empty: SkillSpan marks no title),
  description (each sentence's tokens joined by one space, sentences joined by a newline), split,
  source.
- gold_spans.csv: posting_id, split, kind (SKILL or KNOWLEDGE), span (its tokens joined by one
  space), sentence (0-based number of the sentence within the posting), token_start (0-based,
  inclusive), token_end (exclusive). A span is a B tag and the I tags after it; an I tag with no
  span open starts one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SPLITS = ("train", "dev", "test")
POSTING_COLUMNS = ("posting_id", "title", "description", "split", "source")
GOLD_COLUMNS = ("posting_id", "split", "kind", "span", "sentence", "token_start", "token_end")
TITLE = "SkillSpan posting"  # no skill words: the title adds no mention of its own
KINDS = (("SKILL", "tags_skill"), ("KNOWLEDGE", "tags_knowledge"))


class ConvertError(ValueError):
    """A line the converter cannot use; the message names the file and line."""


def spans(tags: list[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each BIO span, end exclusive."""
    start = None
    for position, tag in enumerate(tags):
        if tag.startswith("B") or (tag.startswith("I") and start is None):
            if start is not None:
                yield start, position
            start = position
        elif not tag.startswith("I") and start is not None:
            yield start, position
            start = None
    if start is not None:
        yield start, len(tags)


def read_sentences(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                sentence = json.loads(line)
                tokens, source, idx = sentence["tokens"], sentence["source"], int(sentence["idx"])
                for _kind, column in KINDS:
                    if len(sentence[column]) != len(tokens):
                        tags = len(sentence[column])
                        raise ConvertError(f"{path}:{number}: {column} has {tags} tags for {len(tokens)} tokens")
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                if isinstance(error, ConvertError):
                    raise
                raise ConvertError(f"{path}:{number}: not a SkillSpan sentence ({error})") from None
            yield {**sentence, "idx": idx, "source": source}


def convert(folder: Path, splits: Iterable[str] = SPLITS) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(postings, gold rows) from folder/<split>.json."""
    postings: list[dict[str, Any]] = []
    gold: list[dict[str, Any]] = []
    for split in splits:
        grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for sentence in read_sentences(folder / f"{split}.json"):
            grouped.setdefault((sentence["source"], sentence["idx"]), []).append(sentence)
        for (source, idx), sentences in sorted(grouped.items()):
            posting_id = f"{split}-{source}-{idx}"
            description = "\n".join(" ".join(s["tokens"]) for s in sentences)
            postings.append(
                {"posting_id": posting_id, "title": TITLE, "description": description, "split": split, "source": source}
            )
            for number, sentence in enumerate(sentences):
                for kind, column in KINDS:
                    for start, end in spans(sentence[column]):
                        gold.append(
                            {
                                "posting_id": posting_id,
                                "split": split,
                                "kind": kind,
                                "span": " ".join(sentence["tokens"][start:end]),
                                "sentence": number,
                                "token_start": start,
                                "token_end": end,
                            }
                        )
    return postings, gold


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write(folder: Path, output: Path) -> tuple[int, int]:
    """Convert folder's splits into output/postings.csv and output/gold_spans.csv; (postings, spans)."""
    postings, gold = convert(folder)
    write_csv(output / "postings.csv", POSTING_COLUMNS, postings)
    write_csv(output / "gold_spans.csv", GOLD_COLUMNS, gold)
    return len(postings), len(gold)


if __name__ == "__main__":
    import sys

    print(write(Path(sys.argv[1]), Path(sys.argv[2])))
