"""The Glassdoor check: each default skill's word-mode posting count beside whole-word `\\b` counting.

Test data only (../shared/data/glassdoor_ds_jobs/glassdoor_jobs.csv, no licence): it is read in
place and a temporary copy with a row-number `posting_id` is built; nothing of it is written into
the repository but counts and short example windows in evaluation/RESULTS.md.

Whole-word counting: a posting counts for a skill when some alias (its name when 3 characters or
more, and its aliases) matches `\\b<alias>\\b` in the description (the matcher reads no title) with Python's re,
ignoring case; an alias written `=R` is compared with case kept. Each posting counted by one side
only gets a cause, by these rules, in order:

1. `exclusion context`: the `\\b` hit lies inside one of the item's exclude_contexts phrases, its
   words compared without case and with any separators between them ("go-to-market" is also
   "Go-To Market", "R&D" is also "R & D").
2. `slash rule`: a `/` touches the hit (word mode splits at slashes; "Python/R").
3. `.NET rule`: the hit is `net` / `.net` after a dot-joined word (VB.NET, ASP.NET).
4. `\\b and + # .`: the alias starts or ends with `+`, `#` or `.` (where `\\b` cannot match, so
   `\\bc\\+\\+\\b` misses "C++ " and `\\bc#\\b` misses "C# "), or a `+`, `#` or `.` touches the hit
   ("C" in "C++", "node" in "node.js").
5. `separator between words`: an alias of several words occurs with its words separated by
   something other than one space each (a hyphen, a line break, two spaces: "machine-learning").
6. `unexplained`: none of these (with the first plain occurrence of an alias as the example).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

GLASSDOOR = Path("..") / "shared" / "data" / "glassdoor_ds_jobs" / "glassdoor_jobs.csv"
EXAMPLES = 2
WINDOW = 50


def copy_with_ids(source: Path, target: Path) -> dict[str, str]:
    """target: posting_id (row number), title, description; returns posting_id -> description."""
    texts: dict[str, str] = {}
    with source.open(encoding="utf-8", newline="") as rows, target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["posting_id", "title", "description"])
        for number, row in enumerate(csv.DictReader(rows), start=1):
            posting_id = f"glassdoor-{number}"
            writer.writerow([posting_id, row["Job Title"], row["Job Description"]])
            texts[posting_id] = row["Job Description"]  # the matcher reads descriptions, not titles
    return texts


def read_items(taxonomy: Path) -> list[dict[str, Any]]:
    with taxonomy.open(encoding="utf-8", newline="") as rows:
        items = []
        for row in csv.DictReader(rows):
            name = row["skill_name"].strip()
            aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            contexts = [c.strip() for c in (row.get("exclude_contexts") or "").split("|") if c.strip()]
            items.append({"name": name, "aliases": ([name] if len(name) >= 3 else []) + aliases, "contexts": contexts})
        return items


def hits(alias: str, text: str) -> list[re.Match[str]]:
    keep_case = alias.startswith("=")
    body = alias.removeprefix("=")
    return list(re.finditer(r"\b" + re.escape(body) + r"\b", text, flags=0 if keep_case else re.IGNORECASE))


def window(text: str, start: int, end: int) -> str:
    left, right = max(0, start - WINDOW), min(len(text), end + WINDOW)
    return " ".join((text[left:start] + "[[" + text[start:end] + "]]" + text[end:right]).split())


def context_pattern(phrase: str) -> str:
    """A context phrase as a pattern over lower-cased text: its words in order, any separators between."""
    return r"[\W_]+".join(re.escape(word) for word in re.findall(r"[^\W_]+", phrase.lower()))


def cause(item: dict[str, Any], text: str) -> tuple[str, str]:
    """(cause, example window) for a posting counted by one side only."""
    lowered = text.lower()
    first = None
    for alias in item["aliases"]:
        for hit in hits(alias, text):
            first = first or hit
            for phrase in item["contexts"]:
                for found in re.finditer(context_pattern(phrase), lowered):
                    if found.start() <= hit.start() and hit.end() <= found.end():
                        return "exclusion context", window(text, hit.start(), hit.end())
            before, after = text[hit.start() - 1 : hit.start()], text[hit.end() : hit.end() + 1]
            if "/" in (before, after):
                return "slash rule", window(text, hit.start(), hit.end())
            dotted_net = hit.group().lower() == "net" and before == "."
            if dotted_net or (hit.group().startswith(".") and before.isalnum()):
                return ".NET rule", window(text, hit.start(), hit.end())
            if before in ("+", "#", ".") or after in ("+", "#", "."):
                return "\\b and + # .", window(text, hit.start(), hit.end())
    for alias in item["aliases"]:
        body = alias.removeprefix("=")
        if body[:1] in "+#." or body[-1:] in "+#.":
            found = re.search(re.escape(body), text, flags=re.IGNORECASE)
            if found:
                return "\\b and + # .", window(text, found.start(), found.end())
    for alias in item["aliases"]:
        parts = alias.removeprefix("=").split()
        if len(parts) > 1:
            joined = r"\b" + r"[\W_]+".join(map(re.escape, parts)) + r"\b"
            found = re.search(joined, text, flags=0 if alias.startswith("=") else re.IGNORECASE)
            if found and not found.group().count(" ") == len(parts) - 1:
                return "separator between words", window(text, found.start(), found.end())
    if first is not None:
        return "unexplained", window(text, first.start(), first.end())
    for alias in item["aliases"]:
        found = re.search(re.escape(alias.removeprefix("=")), text, flags=re.IGNORECASE)
        if found:
            return "unexplained", window(text, found.start(), found.end())
    return "unexplained", ""


def compare(warehouse: Path, taxonomy: Path, texts: dict[str, str]) -> list[dict[str, Any]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """
            select distinct mentions.posting_id, coalesce(skills.skill_name, tools.tool_name)
            from marts.fct_posting_mentions as mentions
            left join marts.dim_skills as skills on mentions.item_type = 'skill' and mentions.item_id = skills.skill_id
            left join marts.dim_tools as tools on mentions.item_type = 'tool' and mentions.item_id = tools.tool_id
            where mentions.item_type in ('skill', 'tool')
            """
        ).fetchall()
    finally:
        con.close()
    word: dict[str, set[str]] = defaultdict(set)
    for posting, item in rows:
        word[item].add(posting)
    result = []
    for item in read_items(taxonomy):
        boundary = {p for p, text in texts.items() if any(hits(alias, text) for alias in item["aliases"])}
        differences: dict[str, dict[str, Any]] = {}
        for side, postings in (
            ("word only", word[item["name"]] - boundary),
            ("\\b only", boundary - word[item["name"]]),
        ):
            for posting in sorted(postings, key=lambda p: int(p.rsplit("-", 1)[1])):
                why, example = cause(item, texts[posting])
                entry = differences.setdefault(f"{side}: {why}", {"postings": 0, "examples": []})
                entry["postings"] += 1
                if len(entry["examples"]) < EXAMPLES:
                    entry["examples"].append({"posting_id": posting, "context": example})
        result.append(
            {
                "item": item["name"],
                "word_mode": len(word[item["name"]]),
                "whole_word_re": len(boundary),
                "differences": differences,
            }
        )
    return result


def render(entries: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| skill | word mode | `\\b` re | difference |",
        "|---|---:|---:|---:|",
    ]
    for e in entries:
        lines.append(
            f"| {e['item']} | {e['word_mode']} | {e['whole_word_re']} | {e['word_mode'] - e['whole_word_re']:+d} |"
        )
    lines += ["", "Each difference, with its cause (rules in `src/job_skills/evaluation/glassdoor.py`):", ""]
    for e in entries:
        for key, d in e["differences"].items():
            lines.append(f"- **{e['item']}**, {key}: {d['postings']} postings")
            for example in d["examples"]:
                lines.append(f"  - `{example['posting_id']}`: {example['context']}")
    return lines
