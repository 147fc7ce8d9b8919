"""`job-skills evaluate`: the matcher's precision and recall on SkillSpan's expert-labelled postings.

    job-skills evaluate [--label after] [--taxonomy default] [--taxonomy onet]

For each taxonomy it runs the warehouse's real user-postings path (dbt build with vars
postings_path = data/skillspan/postings.csv, taxonomy_path, deduplicate_postings false so every
posting is scored) into a DuckDB file of its own in a temporary folder, reads the (posting, item)
pairs of marts.fct_posting_mentions, and scores them with job_skills.evaluation.score (its own
rule, never the matcher's). `default` is the default taxonomy (taxonomy_path unset); `onet` is
written by `job-skills taxonomy` from ../shared/data/onet/technology_skills.tsv; NAME=PATH is any
taxonomy CSV. Results go to evaluation/results.json under the run's --label (other labels are
kept, so "before" and "after" stand side by side) and evaluation/RESULTS.md is rendered from it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb

from job_skills.evaluation import glassdoor
from job_skills.evaluation.score import Taxonomy, gold_pairs, read_taxonomy, score
from job_skills.project import PROJECT_ROOT, run_dbt

SPLITS = ("train", "dev", "test")
DATA = Path("data") / "skillspan"
ONET_TSV = Path("..") / "shared" / "data" / "onet" / "technology_skills.tsv"
DEFAULT_TAXONOMY = Path("seeds") / "taxonomy" / "default_skill_taxonomy.csv"
TOP = 10
WINDOW = 70
FOUND_SQL = """
select distinct mentions.posting_id, coalesce(skills.skill_name, tools.tool_name) as item, mentions.matched_alias
from marts.fct_posting_mentions as mentions
left join marts.dim_skills as skills on mentions.item_type = 'skill' and mentions.item_id = skills.skill_id
left join marts.dim_tools as tools on mentions.item_type = 'tool' and mentions.item_id = tools.tool_id
where mentions.item_type in ('skill', 'tool')
"""


class EvaluationError(Exception):
    """One line for the user (exit code 2)."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def build(postings: Path, taxonomy: Path | None, folder: Path, project_dir: Path) -> Path:
    """dbt build of the user-postings path into folder/warehouse.duckdb; raises EvaluationError on failure."""
    warehouse = folder / "warehouse.duckdb"
    variables: dict[str, Any] = {"postings_path": str(postings.resolve()), "deduplicate_postings": False}
    if taxonomy is not None:
        variables["taxonomy_path"] = str(taxonomy.resolve())
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    args = ["build", "--vars", json.dumps(variables), "--target-path", str(folder / "target")]
    args += ["--log-path", str(folder / "logs")]
    done = run_dbt(args, warehouse, project_dir, {"DUCKDB_TEMP_DIRECTORY": str(folder / "tmp")})
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-15:])
        raise EvaluationError(f"dbt build of the SkillSpan postings failed (exit code {done.returncode}):\n{tail}")
    return warehouse


def found_pairs(warehouse: Path) -> dict[tuple[str, str], str]:
    """(posting_id, item) -> the alias that matched, from the built warehouse."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(FOUND_SQL).fetchall()
    finally:
        con.close()
    return {(posting, item): alias or "" for posting, item, alias in sorted(rows)}


def window(text: str, start: int, end: int) -> str:
    left, right = max(0, start - WINDOW), min(len(text), end + WINDOW)
    piece = text[left:start] + "[[" + text[start:end] + "]]" + text[end:right]
    return ("…" if left else "") + " ".join(piece.split()) + ("…" if right < len(text) else "")


def alias_context(description: str, alias: str) -> str:
    """The first occurrence of alias in description (case ignored; display only, not scoring)."""
    keep_case = alias.startswith("=")
    alias = alias.removeprefix("=")
    pattern = r"(?<![^\W_])" + re.escape(alias) + r"(?![^\W_])"
    hit = re.search(pattern, description, flags=0 if keep_case else re.IGNORECASE) if alias else None
    return window(description, hit.start(), hit.end()) if hit else window(description, 0, 0)


def span_context(description: str, span: dict[str, str]) -> str:
    sentences = description.split("\n")
    sentence = sentences[int(span["sentence"])]
    tokens = sentence.split(" ")
    start = len(" ".join(tokens[: int(span["token_start"])])) + (1 if int(span["token_start"]) else 0)
    end = start + len(" ".join(tokens[int(span["token_start"]) : int(span["token_end"])]))
    return window(sentence, start, end)


def top_errors(pairs: dict[tuple[str, str], Any], context: Any) -> list[dict[str, Any]]:
    """The TOP items with most error pairs, each with its count and up to two examples in context."""
    by_item: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for (posting, item), detail in sorted(pairs.items()):
        by_item[item].append((posting, detail))
    counts = Counter({item: len(rows) for item, rows in by_item.items()})
    return [
        {
            "item": item,
            "pairs": count,
            "examples": [{"posting_id": p, "context": context(p, d)} for p, d in by_item[item][:2]],
        }
        for item, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    ]


def evaluate_taxonomy(
    name: str,
    taxonomy_file: Path,
    warehouse: Path,
    postings: list[dict[str, str]],
    spans: list[dict[str, str]],
    resamples: int,
    seed: int,
) -> dict[str, Any]:
    taxonomy: Taxonomy = read_taxonomy(taxonomy_file)
    gold = gold_pairs(spans, taxonomy)
    found = found_pairs(warehouse)
    texts = {p["posting_id"]: p["description"] for p in postings}
    splits = {}
    for split in SPLITS:
        ids = [p["posting_id"] for p in postings if p["split"] == split]
        splits[split] = asdict(score(ids, set(found), set(gold), resamples, seed))
    # Errors are listed from train and dev only: the test split is for the figures, never for tuning.
    seen = {p["posting_id"] for p in postings if p["split"] != "test"}
    false_positives = {pair: alias for pair, alias in found.items() if pair not in gold and pair[0] in seen}
    false_negatives = {pair: rows[0] for pair, rows in gold.items() if pair not in found and pair[0] in seen}
    return {
        "taxonomy": str(taxonomy_file),
        "taxonomy_sha256": sha256(taxonomy_file),
        "items": len(taxonomy.items),
        "splits": splits,
        "top_false_positives": top_errors(false_positives, lambda p, alias: alias_context(texts[p], alias)),
        "top_false_negatives": top_errors(false_negatives, lambda p, span: span_context(texts[p], span)),
    }


def git_commit(project_dir: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project_dir, capture_output=True, text=True, check=False)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return "unknown (not a git checkout)"
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def checkout(revision: str, folder: Path) -> tuple[Path, str]:
    """The project as committed at revision, extracted into folder (git archive); (folder, full commit)."""
    done = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise EvaluationError(f"--revision {revision}: not a commit of {PROJECT_ROOT}")
    commit = done.stdout.strip()
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=PROJECT_ROOT, capture_output=True, check=False)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder, commit


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def interval(pair: list[float] | None) -> str:
    return "" if pair is None else f" [{100 * pair[0]:.1f}, {100 * pair[1]:.1f}]"


def render(results: dict[str, Any]) -> str:
    runs = results["runs"]
    labels = list(runs)
    lines = [
        "# Matching quality on expert-labelled postings (SkillSpan)",
        "",
        "Written by `job-skills evaluate` (`make evaluate`); the figures are in [results.json](results.json).",
        "Precision and recall of the warehouse's (posting, item) pairs against gold pairs from SkillSpan's",
        "expert SKILL/KNOWLEDGE spans (rule: `src/job_skills/evaluation/score.py`, written apart from the",
        "matcher), in percent, with 95% bootstrap intervals over postings. Data: `data/skillspan/`",
        "(263 postings: train 140, dev 58, test 65). Error examples come from train and dev only.",
        "",
    ]
    for label in labels:
        run = runs[label]
        lines += [
            (
                f"- **{label}**: `{run['command']}` on {run['date']}, project at {run['commit']}"
                f" (resamples {run['resamples']}, seed {run['seed']})."
            )
        ]
    data = runs[labels[-1]]["data"]
    lines += ["", "Data sha256: " + ", ".join(f"`{k}` {v}" for k, v in data.items()), ""]
    names = sorted({name for run in runs.values() for name in run["taxonomies"]})
    for name in names:
        lines += [f"## Taxonomy: {name}", ""]
        header = "| split | postings |"
        rule = "|---|---:|"
        for label in labels:
            header += f" {label}: found | gold | correct | precision | recall |"
            rule += "---:|---:|---:|---|---|"
        lines += [header, rule]
        for split in SPLITS:
            row = f"| {split} |"
            postings = ""
            cells = ""
            for label in labels:
                entry = runs[label]["taxonomies"].get(name)
                if entry is None:
                    cells += " | | | | |"
                    continue
                s = entry["splits"][split]
                postings = str(s["postings"])
                cells += f" {s['found']} | {s['gold']} | {s['correct']} |"
                cells += f" {percent(s['precision'])}{interval(s['precision_interval'])} |"
                cells += f" {percent(s['recall'])}{interval(s['recall_interval'])} |"
            lines.append(f"{row} {postings} |{cells}")
        lines.append("")
        for label in labels:
            entry = runs[label]["taxonomies"].get(name)
            if entry is None:
                continue
            lines.append(
                f"Taxonomy file ({label}): `{entry['taxonomy']}`, {entry['items']} items,"
                f" sha256 {entry['taxonomy_sha256']}."
            )
        lines.append("")
        last = runs[labels[-1]]["taxonomies"].get(name)
        if last is None:
            continue
        for title, key in (("false positives", "top_false_positives"), ("false negatives", "top_false_negatives")):
            lines += [f"Top {title} ({labels[-1]}, train + dev; the matched or gold text in [[ ]]):", ""]
            for error in last[key]:
                lines.append(f"- **{error['item']}** ({error['pairs']} pairs)")
                for example in error["examples"]:
                    lines.append(f"  - `{example['posting_id']}`: {example['context']}")
            lines.append("")
    for label in reversed(labels):
        compared = runs[label].get("glassdoor")
        if compared:
            lines += [
                f"## Glassdoor: word mode beside whole-word `\\b` counting ({label})",
                "",
                (
                    f"{compared['postings']} postings of `{compared['source']}` (sha256 {compared['source_sha256']};"
                    " test data only, read in place, never copied here), every posting kept (no deduplication),"
                    " default taxonomy; posting_id `glassdoor-<row number>`."
                ),
                "",
                *glassdoor.render(compared["skills"]),
                "",
            ]
            break
    return "\n".join(lines).rstrip() + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--label", default="after", help="the column these results fill (default: after)")
    parser.add_argument(
        "--taxonomy",
        action="append",
        metavar="NAME[=PATH]",
        help="default, onet, or NAME=PATH to a taxonomy CSV; repeatable (default: default and onet)",
    )
    parser.add_argument(
        "--output-dir", type=Path, default=Path("evaluation"), help="where RESULTS.md and results.json go"
    )
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    parser.add_argument("--seed", type=int, default=13, help="bootstrap seed (default 13)")
    parser.add_argument(
        "--data", type=Path, default=DATA, help="folder of postings.csv and gold_spans.csv (default data/skillspan)"
    )
    parser.add_argument(
        "--no-glassdoor",
        action="store_true",
        help="skip the Glassdoor whole-word comparison (../shared/data/glassdoor_ds_jobs, read in place)",
    )
    parser.add_argument(
        "--revision",
        default=None,
        help="build with the project as committed at this git revision (e.g. the 'before' state), not the working tree",
    )


def taxonomy_plan(specs: list[str], project_dir: Path, folder: Path) -> list[tuple[str, Path | None, Path]]:
    """(name, taxonomy_path var or None for the default, file the scorer reads)."""
    plan = []
    for spec in specs:
        if spec == "default":
            plan.append(("default", None, project_dir / DEFAULT_TAXONOMY))
        elif spec == "onet":
            tsv = PROJECT_ROOT / ONET_TSV
            if not tsv.is_file():
                raise EvaluationError(f"--taxonomy onet: {tsv} not found")
            out = folder / "onet_taxonomy.csv"
            # the converter of the project built with (its src/ first), so a "before" run uses the before code
            env = {**os.environ, "PYTHONPATH": str(project_dir / "src"), "JOB_SKILLS_PROJECT_DIR": str(project_dir)}
            command = [sys.executable, "-m", "job_skills", "taxonomy", str(tsv), str(out)]
            done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
            if done.returncode != 0:
                raise EvaluationError(f"job-skills taxonomy failed: {done.stderr.strip()}")
            plan.append(("onet", out, out))
        elif "=" in spec:
            name, path = spec.split("=", 1)
            if not Path(path).is_file():
                raise EvaluationError(f"--taxonomy {spec}: {path} not found")
            plan.append((name, Path(path), Path(path)))
        else:
            raise EvaluationError(f"--taxonomy {spec}: expected default, onet or NAME=PATH")
    return plan


def run(args: argparse.Namespace) -> int:
    project_dir = PROJECT_ROOT
    data = args.data if args.data.is_absolute() else PROJECT_ROOT / args.data
    postings_file, gold_file = data / "postings.csv", data / "gold_spans.csv"
    output = args.output_dir if args.output_dir.is_absolute() else PROJECT_ROOT / args.output_dir
    try:
        if not postings_file.is_file() or not gold_file.is_file():
            raise EvaluationError(f"{data}: postings.csv and gold_spans.csv not found")
        if args.resamples < 1:
            raise EvaluationError("--resamples must be at least 1")
        postings, spans = read_csv(postings_file), read_csv(gold_file)
        entries = {}
        compared = None
        with tempfile.TemporaryDirectory(prefix="job-skills-evaluate-") as tmp:
            commit = git_commit(PROJECT_ROOT)
            if args.revision:
                project_dir, commit = checkout(args.revision, Path(tmp) / "project")
            for name, var, scored in taxonomy_plan(args.taxonomy or ["default", "onet"], project_dir, Path(tmp)):
                print(f"evaluate: building the SkillSpan postings with taxonomy {name}", flush=True)
                warehouse = build(postings_file, var, Path(tmp) / name, project_dir)
                entries[name] = evaluate_taxonomy(name, scored, warehouse, postings, spans, args.resamples, args.seed)
                for split, s in entries[name]["splits"].items():
                    print(
                        f"evaluate: {name} {split}: precision"
                        f" {percent(s['precision'])}{interval(s['precision_interval'])}"
                        f" recall {percent(s['recall'])}{interval(s['recall_interval'])}",
                        flush=True,
                    )
            source = PROJECT_ROOT / glassdoor.GLASSDOOR
            if not args.no_glassdoor and source.is_file():
                print("evaluate: building the Glassdoor postings with the default taxonomy", flush=True)
                copy = Path(tmp) / "glassdoor_with_ids.csv"
                texts = glassdoor.copy_with_ids(source, copy)
                warehouse = build(copy, None, Path(tmp) / "glassdoor", project_dir)
                compared = {
                    "source": str(glassdoor.GLASSDOOR),
                    "source_sha256": sha256(source),
                    "postings": len(texts),
                    "skills": glassdoor.compare(warehouse, project_dir / DEFAULT_TAXONOMY, texts),
                }
    except EvaluationError as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 2
    results_file = output / "results.json"
    results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.is_file() else {"runs": {}}
    previous = results["runs"].get(args.label, {}).get("taxonomies", {})
    results["runs"][args.label] = {
        "command": "job-skills " + " ".join(getattr(args, "command_line", ["evaluate"])),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "resamples": args.resamples,
        "seed": args.seed,
        "data": {
            "postings.csv": sha256(postings_file),
            "gold_spans.csv": sha256(gold_file),
        },
        "taxonomies": {**previous, **entries},
        "glassdoor": compared or results["runs"].get(args.label, {}).get("glassdoor"),
    }
    output.mkdir(parents=True, exist_ok=True)
    results_file.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (output / "RESULTS.md").write_text(render(results), encoding="utf-8")
    print(f"evaluate: wrote {output / 'RESULTS.md'} and {results_file}")
    return 0
