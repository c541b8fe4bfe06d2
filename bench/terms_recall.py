"""Glossary-term recall: how many correctly inflected uses the terminology matching finds.

Run: ``.venv/bin/python bench/terms_recall.py`` (``-v`` lists every miss and wrong match,
``--lang pl`` one language, ``--endings`` measures the hand-written ending rules instead).

The data is ``tests/data/terms/<lang>.tsv``: twelve of the film's concepts per language, each
with three correctly inflected uses (cases, numbers, possessives, definiteness, agreeing
adjectives in multi-word terms, Arabic clitics, Turkish suffix chains, Greek enclitic accent,
Italian elision), one wrong synonym and one false friend (a derivation a stemmer conflates,
a longer word containing the term, another part of speech). The glossary given to the
matcher holds only the concept's **base form** (the ``base_form`` column), plus the German
``compound`` column of ``glossary/terms.csv`` and the irregular forms the glossary lists for
these concepts because no library knows them (its ``note`` column says why).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from subtool.terms.glossary import Entry, Glossary  # noqa: E402
from subtool.terms.match import Matcher  # noqa: E402

LANGS = ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")


@dataclass
class Score:
    """Counts for one language."""

    found: int = 0
    inflected: int = 0
    synonyms: int = 0
    synonym_hits: int = 0
    false_friends: int = 0
    false_friend_hits: int = 0
    notes: list[str] = field(default_factory=list)


def _glossary_rows() -> dict[str, dict[str, str]]:
    with (ROOT / "glossary" / "terms.csv").open(encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def _irregular(row: dict[str, str] | None, lang: str, base: str) -> tuple[str, ...]:
    """The other forms the glossary cell lists when its note says why, in this language
    (``irregular (ar): …``, ``variant (it): …``: forms a lemmatizer cannot know)."""
    if row is None or f"({lang})" not in row.get("note", ""):
        return ()
    forms = [f.strip() for f in row.get(lang, "").split("|") if f.strip()]
    return tuple(f for f in forms if f != base)


def evaluate(lang: str, *, endings: bool = False) -> Score:
    """Run the matcher over one language's sentences."""
    with (ROOT / "tests" / "data" / "terms" / f"{lang}.tsv").open(encoding="utf-8") as f:
        cases = list(csv.DictReader(f, delimiter="\t"))
    rows = _glossary_rows()
    concepts = sorted({(c["concept_id"], c["base_form"]) for c in cases})
    entries = tuple(
        Entry(cid, "approved", {lang: (base, *_irregular(rows.get(cid), lang, base))},
              compound=lang == "de" and rows.get(cid, {}).get("compound") == "yes")
        for cid, base in concepts)
    glossary = Glossary(entries, (lang,), source=lang)
    if endings:
        pairs = [(i, form) for i, e in enumerate(entries) for form in e.forms(lang)]
        matcher = Matcher(lang, pairs, {i for i, e in enumerate(entries) if e.compound})
        find = matcher.find
    else:
        find = glossary.matcher(lang).find
    ids = [e.id for e in entries]
    score = Score()
    for case in cases:
        hit = ids.index(case["concept_id"]) in find(case["sentence"])
        kind = case["kind"]
        if kind == "inflected":
            score.inflected += 1
            score.found += hit
            if not hit:
                score.notes.append(f"miss   {case['concept_id']}: {case['sentence']}")
        elif kind == "synonym":
            score.synonyms += 1
            score.synonym_hits += hit
        else:
            score.false_friends += 1
            score.false_friend_hits += hit
        if hit and case["expected"] != "1":
            score.notes.append(f"WRONG  {kind} {case['concept_id']}: {case['sentence']}")
    return score


def main() -> int:
    """Print the table; exit 1 when more than 2 in 100 uses are missed or anything wrong
    matches."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append")
    parser.add_argument("--endings", action="store_true",
                        help="measure the hand-written ending rules (the matcher before)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    print("lang\tinflected uses found\twrong synonyms matched\tfalse friends matched\ts")
    total = Score()
    for lang in args.lang or LANGS:
        started = time.perf_counter()
        s = evaluate(lang, endings=args.endings)
        seconds = time.perf_counter() - started
        print(f"{lang}\t{s.found}/{s.inflected}\t{s.synonym_hits}/{s.synonyms}"
              f"\t{s.false_friend_hits}/{s.false_friends}\t{seconds:.1f}")
        for note in s.notes if args.verbose else ():
            print(f"    {note}")
        total.found += s.found
        total.inflected += s.inflected
        total.synonym_hits += s.synonym_hits
        total.synonyms += s.synonyms
        total.false_friend_hits += s.false_friend_hits
        total.false_friends += s.false_friends
    share = 100 * total.found / max(total.inflected, 1)
    print(f"all\t{total.found}/{total.inflected} ({share:.1f} %)\t"
          f"{total.synonym_hits}/{total.synonyms}\t{total.false_friend_hits}/{total.false_friends}")
    ok = total.found * 100 >= 98 * total.inflected and not total.synonym_hits \
        and not total.false_friend_hits
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
