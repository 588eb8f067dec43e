"""List actors named by a pronoun, a possessive fragment or a bare common noun.

    python -m bench.actor_names ../shared/eval/news/articles [FILE_OR_DIR ...] [--limit N]

Extracts and resolves the articles as `kg ingest` would (nothing is stored) and prints every
actor node whose name is not a name: "they", "'s army", "officials", "union". Such an actor is
a resolution failure: the party or speaker should have been resolved, or left unresolved and
flagged. Prints one line per bad name with its count and an example article, then a summary.
Sources an article describes but does not name ("officials said") are no actors but unnamed
sources (cg:UnnamedSource, flagged, one article's each): counted apart, never failures.
A folder's notes beside its articles (SOURCES.md, README.md: a name in capitals) are no
articles and are skipped, with a line saying so.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from kg.extract.lexicon import COLLECTIVES, GOVERNMENT_HEADS, GROUP_HEADS, ORGANISATION_HEADS, PRONOUNS
from kg.ingest import analyse, input_files, load
from kg.resolve.names import is_description
from kg.vocab import UNNAMED

# Function words that are never a name on their own.
_PRONOUNS = frozenset(PRONOUNS) | frozenset(
    "them us you this that these those who which its their his her".split()
)
# Common nouns that name a kind of actor, not an actor ("officials", "the union").
_COMMON = (
    ORGANISATION_HEADS
    | GOVERNMENT_HEADS
    | GROUP_HEADS
    | COLLECTIVES
    | frozenset("official police government sources experts analysts people rebels leaders".split())
)


def defect(name: str) -> str | None:
    """Return why a name is no name ("pronoun", "possessive fragment", "common noun"), or None."""
    text = name.strip().lower()
    text = text[4:] if text.startswith("the ") else text
    if text in _PRONOUNS:
        return "pronoun"
    if re.match(r"^['’]s\b", text) or re.search(r"['’]s$", text) or text.endswith((" of", " and")):
        return "possessive fragment"
    words = text.split()
    titled = len(words) > 1 and all(w[:1].isupper() for w in name.split())  # "District Court" is a name
    if words and not titled and all(w in _COMMON or w.rstrip("s") in _COMMON for w in words):
        return "common noun"
    if is_description(name):  # no capital, no digit: kg.resolve's own test of a name
        return "common noun"
    return None


def articles_in(paths: list[str]) -> tuple[list[Path], list[Path]]:
    """Return the article files of the paths, and the notes found in folders that were left out
    (a name in capitals: README.md, SOURCES.md); a file named itself is always read."""
    named = {Path(p) for p in paths}
    files = input_files(paths)
    notes = [f for f in files if f not in named and f.stem.isupper()]
    return [f for f in files if f not in notes], notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=0, help="Read at most N articles.")
    args = parser.parse_args(argv)
    files, notes = articles_in(args.paths)
    if notes:
        print(f"skipped {len(notes)} notes, no articles: {', '.join(f.name for f in notes)}", file=sys.stderr)
    articles = [a for a in load(files) if not isinstance(a, Exception)]
    if args.limit:
        articles = articles[: args.limit]
    started = time.perf_counter()
    bad: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    total = 0
    unnamed: Counter[str] = Counter()
    for article, _, resolution in analyse(articles):
        speakers = {a.id for a in resolution.speakers}
        parties = {a.id for group in resolution.parties for a in group}
        for actor in resolution.actors.values():
            if actor.kind == UNNAMED:  # flagged as what it is, not an actor
                unnamed[actor.name.lower()] += 1
                continue
            total += 1
            role = "party" if actor.id in parties else "speaker" if actor.id in speakers else "other"
            why = defect(actor.name)
            if why is not None:
                bad[(f"{why} ({role})", actor.name)] += 1
                example.setdefault((f"{why} ({role})", actor.name), article.source)
    for (why, name), count in sorted(bad.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{count:4}  {why:<32} {name!r:<36} e.g. {example[(why, name)]}")
    seconds = time.perf_counter() - started
    named_badly = sum(bad.values())
    print(f"{len(articles)} articles, {total} actor nodes, {named_badly} named by no name ({seconds:.0f} s)")
    common = ", ".join(f"{name} {n}" for name, n in unnamed.most_common(8))
    print(f"{sum(unnamed.values())} unnamed sources, flagged (not actors): {common}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
