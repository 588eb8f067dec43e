"""Print agreement (and claim) extraction quality on labelled PolNeAR train articles, set by set.

    python -m bench.agreement_quality [--set a|b|c|d|all] [--eval DIR] [--errors]

bench/polnear_agreements.jsonl labels who agreed, proposed, intends or rejected what in
PolNeAR train articles, by reading, per DIR/GUIDELINES.md; the rules of thumb are in
bench/AGREEMENT_GOLD.md. Each line names its set: "a" (40 short articles, 32 chosen by
agreement keywords, 8 at random), the set extraction is developed on, and "b" (40 longer or
random articles, disjoint from a), held out: nobody tunes to it, it measures whether gains on
a generalise, "c" (40 more drawn like b by bench/draw_set_c.py), a second development set
with b's kind of prose, and "d" (20 more drawn like c), a second held-out set. --set picks one
(default a) or "all" (every set, each scored apart).
It stores references only: the article's file stem, party names and the outcome as character offsets into
DIR/polnear/train/text. This script materialises gold files in the shared format (the outcome
text read at those offsets) into a temporary folder, extracts the articles as bench.quality
does and scores them with DIR/score.py. 10-12 articles of sets a, b and c also label every claim (who
said what: speaker, cue and content offsets, direct or not; bench/CLAIM_GOLD.md): claims are
scored on those articles only, an article without a "claims" list is not a zero-claim article.
--errors lists, per article, the predictions that match no gold item and the gold items
that no prediction matches (score.py's matching rules), agreements then claims.

DIR defaults to ../shared/eval beside the repository; without it the script says so and stops.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
from pathlib import Path

from bench.quality import EVAL, predict, score_gold

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "polnear_agreements.jsonl"
STATUSES = frozenset({"agreed", "proposed", "intends", "rejected"})
SETS = ("a", "b", "c", "d")


def rows(labelled_set: str | None = None, *, with_claims: bool = False) -> list[dict]:
    """The labelled articles, all of them or those of one set ("a", "b" or "c"); with_claims keeps
    only those whose claims are labelled too."""
    labelled = [json.loads(line) for line in LABELS.open(encoding="utf-8") if line.strip()]
    return [r for r in labelled if labelled_set in (None, r["set"]) and (not with_claims or "claims" in r)]


def text_of(eval_dir: Path, doc: str) -> str:
    return (eval_dir / "polnear" / "train" / "text" / f"{doc}.txt").read_text(encoding="utf-8")


def gold_file(row: dict, text: str) -> dict:
    """One article's gold in the shared format (README.md beside score.py)."""
    agreements = [
        {
            "parties": a["parties"],
            "status": a["status"],
            "outcome": text[a["outcome"][0] : a["outcome"][1]],
            "outcome_span": a["outcome"],
        }
        for a in row["agreements"]
    ]
    claims = [
        {
            "speaker": c["speaker"],
            "cue": text[c["cue"][0] : c["cue"][1]],
            "cue_span": c["cue"],
            "direct": c["direct"],
            "content": text[c["content"][0] : c["content"][1]],
            "content_span": c["content"],
        }
        for c in row.get("claims", [])
    ]
    gold = {"article": f"{row['doc']}.txt", "date": row["date"], "claims": claims, "agreements": agreements}
    # Every party and speaker named in the article's own table (check_gold.py asks for it).
    actors = [p for a in agreements for p in a["parties"]] + [c["speaker"] for c in claims]
    gold["entities"] = {actor: [] for actor in actors} | row.get("entities", {})
    return gold


def materialise(
    eval_dir: Path, folder: Path, labelled_set: str | None = None, *, with_claims: bool = False
) -> list[Path]:
    """Write folder/gold (and folder/articles, links to the texts, as check_gold.py reads them)
    for one set or all (with_claims: only the articles whose claims are labelled); return the
    articles' text files."""
    (folder / "gold").mkdir(parents=True)
    (folder / "articles").mkdir()
    paths = []
    for row in rows(labelled_set, with_claims=with_claims):
        path = eval_dir / "polnear" / "train" / "text" / f"{row['doc']}.txt"
        gold = gold_file(row, path.read_text(encoding="utf-8"))
        (folder / "gold" / f"{row['doc']}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1))
        (folder / "articles" / path.name).symlink_to(path)
        paths.append(path)
    (folder / "entities.json").write_text("{}")  # each gold file carries its own aliases
    return paths


def print_errors(predictions: dict, gold_dir: Path, scorer: Path, kind: str = "agreements") -> None:
    """The unmatched predictions (FP) and gold items (FN) of each article, by score.py's rules,
    for kind "agreements" or "claims"."""
    spec = importlib.util.spec_from_file_location("shared_score", scorer)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    predicted = {Path(a["source"]).name: a.get(kind, []) for a in predictions["articles"]}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text())
        actors = score.Actors({}).with_local(gold.get("entities"))

        def match(p: dict, g: dict, actors=actors) -> bool:
            if kind == "claims":
                same = actors.canon(p.get("speaker")) == actors.canon(g["speaker"])
                return same and score.token_f1(p.get("content"), g["content"]) >= 0.5
            same = {actors.canon(q) for q in p.get("parties", [])} == {actors.canon(q) for q in g["parties"]}
            return same and score.token_f1(p.get("outcome"), g["outcome"]) >= 0.5

        preds, golds = predicted.get(gold["article"], []), gold[kind]
        wrong = [p for p in preds if not any(match(p, g) for g in golds)]
        missed = [g for g in golds if not any(match(p, g) for p in preds)]
        if not wrong and not missed:
            continue
        print(f"-- {gold['article']} ({kind})")
        for item, tag in [(p, "FP") for p in wrong] + [(g, "FN") for g in missed]:
            print(f"  {tag} {_described(item, kind)}")


def _described(item: dict, kind: str) -> str:
    if kind == "claims":
        how = "direct" if item.get("direct") else "indirect"
        said = f"{item.get('content')} {item.get('content_span')}"
        return f"{item.get('speaker')} [{item.get('cue')}] {how} | {said}"
    return f"{item.get('status')} {item.get('parties')} | {item.get('outcome')} {item.get('outcome_span')}"


def figures(ev: Path, labelled_set: str, *, errors: bool = False) -> dict:
    """Score the product on one labelled set: its agreements, and its claims on the articles
    whose claims are labelled (absent when none are). With `errors`, print what differs."""
    with tempfile.TemporaryDirectory() as tmp:
        agreed, said = Path(tmp) / "agreements", Path(tmp) / "claims"
        paths = materialise(ev, agreed, labelled_set)
        with_claims = materialise(ev, said, labelled_set, with_claims=True)  # a subset of paths
        predictions = predict(paths)
        found = {"articles": len(paths), "claim articles": len(with_claims)}
        found["agreements"] = score_gold(
            predictions, agreed / "gold", agreed / "entities.json", ev / "score.py"
        )["agreements"]
        if with_claims:
            found["claims"] = score_gold(predictions, said / "gold", said / "entities.json", ev / "score.py")[
                "claims"
            ]
        if errors:
            print_errors(predictions, agreed / "gold", ev / "score.py")
            if with_claims:
                print_errors(predictions, said / "gold", ev / "score.py", "claims")
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    ap.add_argument("--errors", action="store_true", help="list false positives and misses")
    ap.add_argument("--set", choices=(*SETS, "all"), default="a", help="which labelled set (default a)")
    args = ap.parse_args()
    ev: Path = args.eval
    if not (ev / "polnear" / "train" / "text").is_dir() or not (ev / "score.py").exists():
        print(f"{ev} (PolNeAR train and score.py) is absent: no agreement figures")
        return
    for labelled_set in SETS if args.set == "all" else (args.set,):
        found = figures(ev, labelled_set, errors=args.errors)
        print(f"== PolNeAR train, agreement gold, set {labelled_set} ({found['articles']} articles)")
        print(found["agreements"].line("agreements"))
        if "claims" in found:
            print(found["claims"].line("claims") + f" on the {found['claim articles']} with claims labelled")


if __name__ == "__main__":
    main()
