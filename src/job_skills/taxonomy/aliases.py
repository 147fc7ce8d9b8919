"""Aliases for O*NET technology names: one implementation, used by `job-skills taxonomy` and the
benchmark generator (benchmarks/data.py).

Rules, applied to each name in turn (an alias that is another skill's name, or that an earlier
skill already took, is not added; a curated alias is always kept):

- curated: the written aliases of CURATED_ALIASES;
- "software" stripped: "Microsoft Azure software" -> "Microsoft Azure" (then the other rules
  apply to that form too), when what is left looks like a name: a capital or digit after its
  first letter, or one word that is not a common lower-case word ("Tableau software" -> "Tableau",
  but "Statistical analysis software" and "IMPACT software" get no such alias);
- parentheticals: "Foo (Bar)" -> "Foo" and, when it looks like a name (a capital or a digit in
  it, not "(expert system feature)"), "Bar";
- trailing acronym: "Structured query language SQL" -> "SQL" (three words or more, the acronym's
  first letter the name's), and the spelled-out words when their initials are the acronym;
- vendor prefix stripped: "Oracle Java" -> "Java", for vendors (a capitalised first word of 5 or
  more names, followed by varied second words, and CURATED_VENDORS), not when that leaves one common lower-case word
  ("Microsoft Project" keeps no "Project").

`common` says how often a word is written in lower case in real postings (0 or absent: not a
common word); `job-skills taxonomy` passes common_words.txt beside this file (see there). The
benchmark passes its Glassdoor counts and the two older rules only (`strip_software=False,
parentheticals=False, curated_vendors=()`), so its generated data stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

COMMON_WORDS = Path(__file__).with_name("common_words.txt")

#: Written aliases for names the automatic rules miss; short names (< 3 characters) match only
#: through an alias, so C# gets itself.
CURATED_ALIASES: dict[str, list[str]] = {
    "C#": ["C#"],
    "Microsoft Excel": ["Excel", "MS Excel"],
    "Microsoft PowerPoint": ["PowerPoint"],
    "Microsoft SQL Server": ["MS SQL Server", "MSSQL"],
    "Microsoft .NET Framework": [".NET"],
    "JavaScript": ["JS"],
    "Amazon Web Services AWS software": ["Amazon Web Services"],
    "Python": ["Python3"],
}

#: Vendors the mechanical rule misses (their names' second words repeat: Microsoft Office ...).
CURATED_VENDORS = frozenset({"Adobe", "Amazon", "Apache", "Autodesk", "Google", "IBM", "Microsoft", "Oracle", "SAP"})

ACRONYM = re.compile(r"[A-Z][A-Z0-9]{2,}")
PARENTHETICAL = re.compile(r"^(?P<before>.*?)\s*\((?P<inner>[^()]+)\)\s*(?P<after>.*)$")
SOFTWARE = re.compile(r"\s+software$", re.IGNORECASE)


def common_words() -> dict[str, int]:
    """The shipped common lower-case words (common_words.txt: lines `word count`, # comments)."""
    counts = {}
    for line in COMMON_WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, count = line.split()
            counts[word] = int(count)
    return counts


def vendors(names: Sequence[str]) -> set[str]:
    """First words that name a vendor: capitalised, first word of 5 or more names, varied second words."""
    first_words: dict[str, int] = {}
    second_words: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) > 1:
            first_words[words[0]] = first_words.get(words[0], 0) + 1
            second_words.setdefault(words[0], set()).add(words[1])
    return {
        word
        for word, count in first_words.items()
        if count >= 5 and word[:1].isupper() and len(second_words[word]) >= 0.6 * count
    }


def acronym_aliases(name: str) -> list[str]:
    """ "Structured query language SQL" -> SQL; "Amazon Web Services AWS" -> AWS, Amazon Web Services."""
    words = name.split()
    if len(words) < 3 or not ACRONYM.fullmatch(words[-1]) or words[0][0].upper() != words[-1][0]:
        return []
    found = [words[-1]]
    spelled = words[:-1][-len(words[-1]) :]
    if len(spelled) == len(words[-1]) and "".join(word[0] for word in spelled).upper() == words[-1]:
        found.append(" ".join(words[:-1]))
    return found


def vendor_alias(name: str, vendor_words: set[str], common: Mapping[str, int]) -> list[str]:
    """Oracle Java -> Java, unless what is left is one common lower-case word, too short or ends in
    "software" (the form with "software" stripped gets its own vendor alias)."""
    words = name.split()
    if len(words) < 2 or words[0] not in vendor_words:
        return []
    rest = " ".join(words[1:])
    distinctive = len(words) > 2 or re.search(r"[A-Z0-9]", rest[1:]) or common.get(rest.lower(), 0) == 0
    if len(rest) >= 3 and rest[0].isalpha() and distinctive and not rest.lower().endswith(" software"):
        return [rest]
    return []


def forms(name: str, common: Mapping[str, int], *, strip_software: bool, parentheticals: bool) -> list[str]:
    """The name's shorter written forms the other rules also apply to (the name itself first)."""
    found = [name]
    if parentheticals:
        match = PARENTHETICAL.match(name)
        if match:
            outside = " ".join(part for part in (match["before"], match["after"]) if part)
            inner = match["inner"].strip()
            found.append(outside)
            if re.search(r"[A-Z0-9]", inner) and len(inner) >= 2:
                found.append(inner)
    if strip_software:
        for form in list(found):
            stripped = SOFTWARE.sub("", form)
            name_like = re.search(r"[A-Z0-9]", stripped[1:]) or (
                " " not in stripped and not common.get(stripped.lower())
            )
            if stripped != form and stripped and name_like:
                found.append(stripped)
    return list(dict.fromkeys(form for form in found if form))


def derive_aliases(
    names: Sequence[str],
    common: Mapping[str, int],
    curated: Mapping[str, Sequence[str]] = CURATED_ALIASES,
    *,
    curated_vendors: Collection[str] = CURATED_VENDORS,
    strip_software: bool = True,
    parentheticals: bool = True,
) -> list[tuple[str, ...]]:
    """The aliases of each name, in the order of `names` (the most widespread first wins a shared alias)."""
    vendor_words = vendors(names) | set(curated_vendors)
    taken = {name.lower() for name in names}
    result = []
    for name in names:
        kept = list(curated.get(name, []))
        candidates = list(kept)
        for form in forms(name, common, strip_software=strip_software, parentheticals=parentheticals):
            if form != name:
                candidates.append(form)
            if parentheticals and "(" in form:  # the parts outside and inside get the rules
                continue
            candidates.extend(acronym_aliases(form))
            candidates.extend(vendor_alias(form, vendor_words, common))
        aliases = []
        for alias in candidates:
            key = alias.lower()
            if alias == name or (key in taken and alias not in kept):
                continue
            if not re.search(r"[^\W_]", alias):  # no word token: it could never match
                continue
            aliases.append(alias)
            taken.add(key)
        result.append(tuple(dict.fromkeys(aliases)))
    return result
