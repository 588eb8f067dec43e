"""List verbs that PolNeAR train annotates as attribution cues, for review into lexicons/cues.tsv.

    python -m bench.cue_candidates [--eval DIR] [--min 6] [--share 0.3] [--limit N]

For each verb lemma: how often it heads an annotated Cue (with a Source and a Content), how
often it occurs at all, and the parse relations (ccomp, dobj, xcomp, prep:about, ...) that
lead from it to the content, which suggest its frames. Lemmas already in cues.tsv are left
out. Reads ../shared/eval/polnear (train only, never dev); parses 840 articles (minutes).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import re
from pathlib import Path

from kg.extract.lexicon import CUES
from kg.extract.nlp import load_nlp

ROOT = Path(__file__).resolve().parent.parent


def _events(ann: str) -> list[dict[str, tuple[int, int]]]:
    """The (cue, content) first ranges of each attribution that has a cue, source and content."""
    spans: dict[str, tuple[int, int]] = {}
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, middle = line.split("\t")[:2]
            first = middle.partition(" ")[2].split(";")[0].split()
            spans[tid] = (int(first[0]), int(first[1]))
    out = []
    for line in ann.splitlines():
        if line.startswith("E"):
            roles = {
                re.sub(r"\d+$", "", k): v
                for k, _, v in (p.partition(":") for p in line.split("\t")[1].split())
            }
            if {"Cue", "Source", "Content"} <= set(roles):
                out.append({"cue": spans[roles["Cue"]], "content": spans[roles["Content"]]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--min", type=int, default=6, help="least number of annotated uses")
    ap.add_argument("--share", type=float, default=0.3, help="least share of uses that are cues")
    ap.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("polnear", args.eval / "polnear.py")
    polnear = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(polnear)
    docs = list(polnear.docs("train"))[: args.limit or None]
    nlp = load_nlp()
    as_cue: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    relations: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for (_, _, ann), doc in zip(docs, nlp.pipe(text for _, text, _ in docs), strict=True):
        seen.update(t.lemma_ for t in doc if t.pos_ == "VERB")
        for event in _events(ann):
            span = doc.char_span(*event["cue"], alignment_mode="expand")
            verbs = [t for t in span or [] if t.pos_ == "VERB"]
            if not verbs:
                continue
            verb, (start, end) = verbs[-1], event["content"]
            as_cue[verb.lemma_] += 1
            for child in verb.children:
                if child.dep_ in ("ccomp", "dobj", "xcomp", "prep", "oprd") and start <= child.idx < end:
                    relations[verb.lemma_][
                        child.dep_ + (f":{child.lower_}" if child.dep_ == "prep" else "")
                    ] += 1
    for lemma, n in as_cue.most_common():
        if n < args.min:
            break
        share = n / seen[lemma] if seen[lemma] else 0.0
        if lemma not in CUES and share >= args.share:
            frames = ", ".join(f"{r} {c}" for r, c in relations[lemma].most_common(3))
            print(f"{lemma:<14} {n:>4} of {seen[lemma]:>4} uses ({share:.2f})  content via {frames}")


if __name__ == "__main__":
    main()
