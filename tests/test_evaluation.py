"""The evaluation's converter and scorer on hand-made cases with known answers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from job_skills.evaluation import convert
from job_skills.evaluation.score import Taxonomy, gold_pairs, score, words

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "skillspan"


def taxonomy() -> Taxonomy:
    t = Taxonomy()
    t.add("Python", [])
    t.add("R", ["=R", "r programming"])  # short name: only through its aliases
    t.add("C++", ["cpp"])
    t.add("Machine learning", [])
    t.add("Go", [])  # short name without aliases: never a gold item
    return t


def test_words_split_on_anything_but_letters_digits_plus_and_hash() -> None:
    assert words("C++, C#/.NET and node.js; Python-3.") == ["c++", "c#", "net", "and", "node.js", "python", "3"]
    assert words("ASP.NET . NET R&D") == ["asp.net", "net", "r", "d"]
    assert words("R and r", keep_case=True) == ["R", "and", "r"]


def test_span_rule_case_sensitive_alias_and_short_name() -> None:
    t = taxonomy()
    assert t.items_in("experience with Python and machine learning") == {"Python", "Machine learning"}
    assert t.items_in("machine") == set()  # the alias's words must all occur, consecutively
    assert t.items_in("learning machine") == set()
    assert t.items_in("R") == {"R"}
    assert t.items_in("r") == set()  # `=R` is compared as written
    assert t.items_in("R programming") == {"R"}
    assert t.items_in("Go and go") == set()  # a name shorter than 3 characters counts only through aliases
    assert t.items_in("C++ / cpp") == {"C++"}
    assert t.items_in("pythonic") == set()
    t.add("JavaScript", ["js"])
    assert t.items_in("Node.js") == set()  # a dot inside a word joins it


def test_gold_pairs_are_posting_item_pairs_from_spans() -> None:
    spans = [
        {"posting_id": "a", "span": "Python"},
        {"posting_id": "a", "span": "python scripting"},
        {"posting_id": "b", "span": "R"},
        {"posting_id": "b", "span": "teamwork"},
    ]
    pairs = gold_pairs(spans, taxonomy())
    assert set(pairs) == {("a", "Python"), ("b", "R")}
    assert len(pairs[("a", "Python")]) == 2


def test_precision_and_recall_on_a_known_case() -> None:
    found = {("a", "Python"), ("a", "SQL"), ("b", "R"), ("z", "Java")}  # z is not among the postings scored
    gold = {("a", "Python"), ("b", "R"), ("b", "C++"), ("c", "Go")}
    result = score(["a", "b", "c"], found, gold, resamples=200, seed=1)
    assert (result.found, result.gold, result.correct) == (3, 4, 2)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 4)
    low, high = result.recall_interval
    assert 0 <= low <= result.recall <= high <= 1


def test_bootstrap_is_reproducible_with_its_seed_and_moves_with_another() -> None:
    ids = [f"p{i}" for i in range(30)]
    gold = {(p, "Python") for p in ids} | {(p, "R") for p in ids[:12]}
    found = {(p, "Python") for p in ids[::2]} | {(p, "SQL") for p in ids[:7]}
    first = score(ids, found, gold, resamples=300, seed=5)
    again = score(ids, found, gold, resamples=300, seed=5)
    other = score(ids, found, gold, resamples=300, seed=6)
    assert first.recall_interval == again.recall_interval
    assert first.precision_interval == again.precision_interval
    assert (first.recall_interval, first.precision_interval) != (other.recall_interval, other.precision_interval)


def test_no_found_pairs_means_no_precision() -> None:
    result = score(["a"], set(), {("a", "Python")}, resamples=10, seed=1)
    assert result.precision is None and result.precision_interval is None and result.recall == 0


def sentence(idx: int, source: str, tokens: list[str], skill: list[str], knowledge: list[str]) -> str:
    return json.dumps(
        {"idx": idx, "source": source, "tokens": tokens, "tags_skill": skill, "tags_knowledge": knowledge}
    )


def test_converter_on_a_tiny_hand_made_split(tmp_path: Path) -> None:
    lines = [
        sentence(2, "tech", ["Know", "Python", "and", "SQL", "."], ["O"] * 5, ["O", "B", "O", "B", "O"]),
        sentence(1, "tech", ["Engineer"], ["O"], ["O"]),
        sentence(2, "tech", ["Good", "team", "work", "skills"], ["O", "B", "I", "O"], ["O"] * 4),
        sentence(2, "house", ["Stray", "I", "tag"], ["O", "I", "I"], ["O"] * 3),
    ]
    for split in convert.SPLITS:
        (tmp_path / f"{split}.json").write_text("\n".join(lines) + "\n" if split == "test" else "", encoding="utf-8")
    postings, gold = convert.convert(tmp_path)
    assert [p["posting_id"] for p in postings] == ["test-house-2", "test-tech-1", "test-tech-2"]
    assert postings[2]["description"] == "Know Python and SQL .\nGood team work skills"
    assert postings[2]["split"] == "test" and postings[2]["source"] == "tech"
    assert [(g["posting_id"], g["kind"], g["span"], g["sentence"], g["token_start"], g["token_end"]) for g in gold] == [
        ("test-house-2", "SKILL", "I tag", 0, 1, 3),
        ("test-tech-2", "KNOWLEDGE", "Python", 0, 1, 2),
        ("test-tech-2", "KNOWLEDGE", "SQL", 0, 3, 4),
        ("test-tech-2", "SKILL", "team work", 1, 1, 3),
    ]


def test_converter_names_the_bad_line(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"idx": 1}\n', encoding="utf-8")
    with pytest.raises(convert.ConvertError, match=r"bad\.json:1"):
        convert.convert(tmp_path, ["bad"])


@pytest.mark.skipif(not (SHARED / "test.json").is_file(), reason="SkillSpan's shared data is not beside the project")
def test_shipped_files_equal_a_fresh_conversion(tmp_path: Path) -> None:
    postings, _spans = convert.write(SHARED, tmp_path)
    assert postings == 263
    for name in ("postings.csv", "gold_spans.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / "skillspan" / name).read_bytes(), name
    with (tmp_path / "postings.csv").open(encoding="utf-8", newline="") as rows:
        splits = [row["split"] for row in csv.DictReader(rows)]
    assert {s: splits.count(s) for s in convert.SPLITS} == {"train": 140, "dev": 58, "test": 65}


def test_evaluate_end_to_end_on_a_few_postings(tmp_path: Path) -> None:
    """A real build of four shipped postings (one per split and more), scored by the command."""
    from job_skills import cli

    with (ROOT / "data" / "skillspan" / "postings.csv").open(encoding="utf-8", newline="") as rows:
        postings = list(csv.DictReader(rows))
    chosen = [p for p in postings if "Python" in p["description"]][:2]
    chosen += [next(p for p in postings if p["split"] == split) for split in ("dev", "test")]
    ids = {p["posting_id"] for p in chosen}
    data = tmp_path / "data"
    convert.write_csv(data / "postings.csv", convert.POSTING_COLUMNS, chosen)
    with (ROOT / "data" / "skillspan" / "gold_spans.csv").open(encoding="utf-8", newline="") as rows:
        gold = [g for g in csv.DictReader(rows) if g["posting_id"] in ids]
    convert.write_csv(data / "gold_spans.csv", convert.GOLD_COLUMNS, gold)
    out = tmp_path / "out"
    argv = ["evaluate", "--label", "e2e", "--taxonomy", "default", "--no-glassdoor", "--resamples", "50"]
    code = cli.main([*argv, "--data", str(data), "--output-dir", str(out)])
    assert code == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    splits = results["runs"]["e2e"]["taxonomies"]["default"]["splits"]
    assert sum(s["postings"] for s in splits.values()) == len(ids)
    assert sum(s["found"] for s in splits.values()) >= 2  # Python, in two postings, is found by the build
    assert "## Taxonomy: default" in (out / "RESULTS.md").read_text(encoding="utf-8")


def test_glassdoor_whole_word_counting_and_its_cause_rules() -> None:
    from job_skills.evaluation import glassdoor

    assert len(glassdoor.hits("=R", "r and R")) == 1
    assert len(glassdoor.hits("python", "Python, PYTHON")) == 2
    assert glassdoor.hits("C++", "C++ and more") == []  # \b cannot match after a +
    r = {"name": "R", "aliases": ["=R"], "contexts": ["R&D"]}
    assert glassdoor.cause(r, "our R&D lab")[0] == "exclusion context"
    assert glassdoor.cause(r, "our R & D lab")[0] == "exclusion context"  # the words, any separators
    go = {"name": "Go", "aliases": ["=Go"], "contexts": ["go-to-market"]}
    assert glassdoor.cause(go, "Tech Go-To Market objectives")[0] == "exclusion context"
    assert glassdoor.cause(go, "Go to the market")[0] == "unexplained"
    assert glassdoor.cause(r, "Python/R")[0] == "slash rule"
    assert glassdoor.cause(r, "R will do")[0] == "unexplained"
    cpp = {"name": "C++", "aliases": ["C++", "cpp"], "contexts": []}
    assert glassdoor.cause(cpp, "C++ and more")[0] == "\\b and + # ."
    net = {"name": ".NET", "aliases": [".NET", "dotnet"], "contexts": []}
    assert glassdoor.cause(net, "VB.net reports")[0] == ".NET rule"
    ml = {"name": "Machine learning", "aliases": ["Machine learning"], "contexts": []}
    assert glassdoor.cause(ml, "machine-learning models")[0] == "separator between words"
