"""Two literal-scanner baselines: the best a hand-written script can do with a fast matching
library outside the warehouse, on both cores.

Both search for what baseline B searches for (`taxonomy_patterns`: each alias lower-cased, and as
its tokens joined by spaces) in the text lower-cased by Python as B does, and keep a hit only
where B's boundary check keeps it. That check is the token rule as it was when B was written,
not the warehouse's current one (macros/adapters/tokenize_text.sql): it still treats a slash
between letters as joining one token ("SQL" is not found in "SQL/Python") and a dot before "NET"
as part of the token before (".NET" is not found in "ASP.NET"). So these baselines are as right
as B (on the generated postings, exactly: the same pairs), which is the point: they measure how
fast B's answer can be had.

- ahocorasick-rs: one automaton over every form, all overlapping hits, B's boundary check done
  on all hits of a batch at once with numpy.
- Hyperscan: one pattern per form with B's boundary rule inside it (the characters around the
  form are matched, as Hyperscan has no lookbehind); the compiled database is cached in
  --cache-dir, because compiling takes tens of seconds at thousands of skills (33 s for the
  11,354 patterns of 8,745 skills here): its compile time is reported apart from the scan time
  and not included in it.

Each batch of postings is joined into one text, separated by newlines (a boundary on both sides
that no alias contains), and scanned in one call that releases the GIL, by two threads.

    python -m benchmarks.literal hyperscan --postings p.parquet --taxonomy t.csv --output found.parquet
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from benchmarks.baselines import read_descriptions, taxonomy_patterns

THREADS = 2
BATCH_ROWS = 5_000  # small enough that both threads have batches to scan at 20,000 postings
SEPARATOR = b"\n"
PAD = 2  # separators before the first posting and after the last, so neighbours two away always exist

#: Any character other than a letter or digit outside ASCII. B's boundary check treats it as it
#: treats a space; it becomes one, in the text and in the forms, so that every byte of the UTF-8
#: text from 0x80 up belongs to a letter or digit and the boundary rule can be decided byte by
#: byte (with Hyperscan's Unicode classes the 1,374 patterns of 1,000 skills took 91 s to compile
#: here, with byte classes 2.6 s). The one way this can differ from B: a form with a space in it
#: is also found where the text has such a character in its place ("a b" in "a", en dash, "b").
NON_ASCII_PUNCTUATION = re.compile(r"[^\w\x00-\x7f]")

# The byte classes of B's boundary check
OTHER, ALNUM, DOT, SLASH, PLUS_HASH = 0, 1, 2, 3, 4
BYTE_CLASSES = np.full(256, ALNUM, dtype=np.uint8)  # from 0x80 up: part of a letter or digit
for _code in range(128):
    _char = chr(_code)
    BYTE_CLASSES[_code] = (
        ALNUM if _char.isalnum() else {".": DOT, "/": SLASH, "+": PLUS_HASH, "#": PLUS_HASH}.get(_char, OTHER)
    )

#: B's boundary check as Hyperscan byte classes. Before a form: the start, or a character that is
#: not a letter, digit, dot or slash, or a slash at the start or after a character that is not a
#: letter, digit, + or #.
HS_LEFT = rb"(?:^|^/|[^a-zA-Z0-9\x80-\xff./]|[^a-zA-Z0-9\x80-\xff+#]/)"
#: After a form: the end, or a character that is not a letter, digit, +, #, dot or slash, or a dot
#: or slash that the end or a character other than a letter or digit follows.
HS_RIGHT = rb"(?:$|[^a-zA-Z0-9\x80-\xff+#./]|[./](?:$|[^a-zA-Z0-9\x80-\xff]))"


def prepared(text: str) -> bytes:
    """The text lower-cased as B lower-cases it, with punctuation outside ASCII made spaces, in UTF-8."""
    lowered = text.lower()
    return (lowered if lowered.isascii() else NON_ASCII_PUNCTUATION.sub(" ", lowered)).encode()


def owners(skills: dict[str, list[str]]) -> tuple[list[bytes], list[tuple[str, ...]]]:
    """The distinct forms searched for, prepared as the text is, and for each the skills it belongs to."""
    found: dict[bytes, list[str]] = {}
    for skill, forms in skills.items():
        for form in forms:
            found.setdefault(prepared(form), []).append(skill)
    return list(found), [tuple(names) for names in found.values()]


def joined(texts: list[str]) -> tuple[bytes, np.ndarray]:
    """One batch's prepared texts as one buffer, with the byte offset where each begins."""
    encoded = [prepared(text) if text else b"" for text in texts]
    lengths = np.fromiter((len(text) + len(SEPARATOR) for text in encoded), dtype=np.int64, count=len(encoded))
    starts = PAD * len(SEPARATOR) + np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return SEPARATOR * PAD + SEPARATOR.join(encoded) + SEPARATOR * PAD, starts


def found_pairs(ids: list[str], starts: np.ndarray, forms: np.ndarray, positions: np.ndarray) -> set[tuple[str, int]]:
    """(posting id, form number) for forms found at byte `positions`: each in the posting that
    begins last at or before it."""
    postings = np.searchsorted(starts, positions, side="right") - 1
    width = int(forms.max(initial=0)) + 1
    keys = np.unique(postings * width + forms)
    return {(ids[key // width], key % width) for key in keys.tolist()}


def in_threads(work: Callable[[list[str], list[str]], set[tuple[str, int]]], path: str) -> set[tuple[str, int]]:
    """`work` on every batch of postings, on THREADS threads, at most two batches a thread in memory."""
    found: set[tuple[str, int]] = set()
    with ThreadPoolExecutor(THREADS) as pool:
        pending: list[Future] = []
        for ids, texts in read_descriptions(path, batch_rows=BATCH_ROWS):
            pending.append(pool.submit(work, ids, texts))
            if len(pending) >= 2 * THREADS:
                found |= pending.pop(0).result()
        for future in pending:
            found |= future.result()
    return found


def ahocorasick_rs_pairs(path: str, skills: dict[str, list[str]]) -> set[tuple[str, str]]:
    import ahocorasick_rs

    forms, names = owners(skills)
    automaton = ahocorasick_rs.BytesAhoCorasick(forms, implementation=ahocorasick_rs.Implementation.DFA)

    def work(ids: list[str], texts: list[str]) -> set[tuple[str, int]]:
        data, starts = joined(texts)
        hits = automaton.find_matches_as_indexes(data, overlapping=True)
        form, start, end = np.array(hits, dtype=np.int64).reshape(-1, 3).T
        codes = np.frombuffer(data, dtype=np.uint8)
        before, before_that = BYTE_CLASSES[codes[start - 1]], BYTE_CLASSES[codes[start - 2]]
        after, after_that = BYTE_CLASSES[codes[end]], BYTE_CLASSES[codes[end + 1]]
        joined_before = (before == SLASH) & ((before_that == ALNUM) | (before_that == PLUS_HASH))
        left = (before != ALNUM) & (before != DOT) & ~joined_before
        joined_after = ((after == DOT) | (after == SLASH)) & (after_that == ALNUM)
        right = (after != ALNUM) & (after != PLUS_HASH) & ~joined_after
        kept = left & right
        return found_pairs(ids, starts, form[kept], start[kept])

    return {(posting_id, name) for posting_id, form in in_threads(work, path) for name in names[form]}


def hyperscan_database(forms: list[bytes], cache_dir: Path) -> tuple[object, dict]:
    """The compiled database of one pattern per form, from the cache when it holds one for exactly
    these forms and this Hyperscan; and how long it took to compile (measured when it was)."""
    import hyperscan

    patterns = [HS_LEFT + b"".join(b"\\x%02x" % byte for byte in form) + HS_RIGHT for form in forms]
    digest = hashlib.sha256(hyperscan.__version__.encode() + b"\0" + b"\0".join(patterns)).hexdigest()[:16]
    cached, meta = cache_dir / f"hyperscan_{digest}.db", cache_dir / f"hyperscan_{digest}.json"
    started = time.perf_counter()
    if cached.exists() and meta.exists():
        database = hyperscan.loadb(cached.read_bytes(), hyperscan.HS_MODE_BLOCK)
        loaded = time.perf_counter() - started
        return database, {**json.loads(meta.read_text()), "from_cache": True, "load_seconds": loaded}
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=patterns, ids=list(range(len(patterns))), flags=0)
    compiled = {"compile_seconds": time.perf_counter() - started, "patterns": len(patterns)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(hyperscan.dumpb(database))
    meta.write_text(json.dumps(compiled))
    return database, {**compiled, "from_cache": False, "load_seconds": 0.0}


def hyperscan_pairs(path: str, skills: dict[str, list[str]], database) -> set[tuple[str, str]]:
    import hyperscan

    _, names = owners(skills)
    local = threading.local()  # a Hyperscan scratch serves one scan at a time

    def work(ids: list[str], texts: list[str]) -> set[tuple[str, int]]:
        if not hasattr(local, "scratch"):
            local.scratch = hyperscan.Scratch(database)
        data, starts = joined(texts)
        forms: list[int] = []
        ends: list[int] = []

        def hit(form: int, _start: int, end: int, _flags: int, _context: object) -> None:
            forms.append(form)
            ends.append(end)

        database.scan(data, match_event_handler=hit, scratch=local.scratch)
        # a match ends (exclusive) after its right-hand boundary character, which is in its posting
        # or is the separator after it: its last character is in its posting
        return found_pairs(ids, starts, np.array(forms, dtype=np.int64), np.array(ends, dtype=np.int64) - 1)

    return {(posting_id, name) for posting_id, form in in_threads(work, path) for name in names[form]}


def main(argv: list[str] | None = None) -> int:
    import argparse

    import pyarrow as pa
    import pyarrow.parquet as pq

    parser = argparse.ArgumentParser(description="Run one literal-scanner baseline; write the pairs it finds.")
    parser.add_argument("scanner", choices=["ahocorasick_rs", "hyperscan"])
    parser.add_argument("--postings", required=True, help="Parquet file (or glob) of postings")
    parser.add_argument("--taxonomy", required=True, help="taxonomy CSV")
    parser.add_argument("--output", required=True, help="Parquet file for (posting_id, skill_name)")
    parser.add_argument("--cache-dir", type=Path, required=True, help="where compiled Hyperscan databases are kept")
    args = parser.parse_args(argv)
    skills = taxonomy_patterns(args.taxonomy)
    database: dict = {}
    if args.scanner == "hyperscan":
        compiled, database = hyperscan_database(owners(skills)[0], args.cache_dir)
    started = time.perf_counter()
    if args.scanner == "hyperscan":
        found = hyperscan_pairs(args.postings, skills, compiled)
    else:
        found = ahocorasick_rs_pairs(args.postings, skills)
    seconds = time.perf_counter() - started
    pairs = sorted(found)
    pq.write_table(pa.table({"posting_id": [p for p, _ in pairs], "skill_name": [s for _, s in pairs]}), args.output)
    print(json.dumps({"seconds": seconds, "pairs": len(pairs), "input": args.postings, "database": database}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
