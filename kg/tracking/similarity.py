"""Similarity of two short texts (claim contents, agreement outcomes), with its explanation.

Two signals say two reports may state the same thing:
- lexical: the Dice overlap of content-word lemmas ("form teams" ~ "formed a team");
- semantic: the cosine of sentence embeddings (all-MiniLM-L6-v2, kg/tracking/embed.py) when that
  optional model is installed; it catches paraphrases with few shared words
  ("restore embassy staffing" ~ "restore diplomatic missions").
Where the embeddings are weighed, a model learned on labelled claim pairs decides whether two
claim contents state one proposition (kg/tracking/pair_model.py; held out, at the recall of these cuts, it is
0.12 more precise); the cuts below decide without it. Either way the vetoes apply.
Both signals are blind to what makes near-identical wording a different statement, so vetoes
follow: different numbers or dates, one side negated (a negative prefix too: "unqualified" is
"not qualified"), opposite verbs (lexicons/antonyms.tsv), the same names in reversed roles
("from A to B" / "from B to A"), or one word swapped for a related but different one ("nurses'
pay" / "doctors' pay"), one asking "whether" or "which" what the other states. A shorter report
wholly inside a longer one is a fuller quote of the same remarks, whatever the scores. Only two
statements contradict: a noun phrase ("emails that contain classified material") names a topic,
which a denial does not oppose. Every decision keeps its scores, shared terms and the veto that
applied, if any. What each text's words state (negations, lists, questions) is
kg.tracking.text_analysis'; the Comparer caches those analyses and the embeddings.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from kg.extract.lexicon import ANTONYMS
from kg.extract.nlp import load_tagger
from kg.tracking.pair_model import features, load_pair_model
from kg.tracking.text_analysis import STEM, TextAnalysis, analyse_text

# The cuts are set on the labelled report pairs of bench/tracking_pairs.jsonl (the first 301
# pairs of one speaker in two PolNeAR articles; python bench/tracking_quality.py): the cuts with the
# best F1 of "same claim" there, preferring the higher lexical cut among near-equals (0.55 gave
# R +0.05 for P -0.04). At 0.5 / 0.62 precision was 0.57: a list of positions matched each of
# them, a topic ("her stance on the levy") a statement on it. The embedding cut is the
# sharpest: 0.64 or 0.72 lose 0.02-0.04 of F1. Checked again on all 494 pairs: 0.65 / 0.68 is
# still the pair of cuts (lexical in steps of 0.05, embedding in 0.01) with the best F1 and the
# best precision at recall >= 0.75; chosen on either half of the pairs and measured on the other
# (bench/tracking_quality.py, 2-fold), cuts land at 0.65 / 0.68-0.70.
LEXICAL_THRESHOLD = 0.65
SEMANTIC_THRESHOLD = 0.68
# Meaning is weighed only between texts that share at least this many content words: a pair
# of one speaker's reports with no word in common is never linked by its embeddings alone. On
# both labelled sets, every pair linked by meaning shares a word (bench/tracking_pairs.jsonl: 49
# such links, at least 1 shared word; tests/corpus/paraphrase_pairs.jsonl: 24, at least 1, as
# "reopen the Tavor border crossing" ~ "let cargo lorries use the Tavor crossing again"), so
# the rule costs no link there. What it saves: a report is embedded only when a report of its
# speaker shares a word with it, not whenever its speaker has another report. Two words would
# lose 10 of the 32 true links by meaning on the labelled pairs, and 7 in the paraphrase
# corpus, for 5 and 2 wrong ones. (Those counts are of the first 494 pairs. On all 945, 6 of
# the 206 pairs that state one proposition are not weighed: 1 shares no word, 5 are vetoed.)
MEANING_SHARED_WORDS = 1
# ... and whose Dice is at least this (or whose shorter text lies wholly in the longer one, a
# possible fuller quote): one shared word among many is chance. Just under the lowest Dice of
# a pair linked by meaning in the two labelled sets, 0.14 ("rich nations must triple climate
# finance by 2030" ~ "developed countries should increase climate funding threefold", in the
# paraphrase corpus; 0.31 on the first 494 PolNeAR pairs), so it costs no link there either. Each pair
# weighed embeds both texts: on PolNeAR dev, with the vetoes, this embeds 518 reports of 1036.
MEANING_DICE = 0.12
# The analyses and embeddings a Comparer keeps (about 4 kB and 1.8 kB each, measured on PolNeAR
# train sentences: 20,000 are ~120 MB at most, and an ingest embeds about half its reports): the
# MAX_CANDIDATES (200) latest reports of 100 speakers at once. Past that, the least recently
# used are analysed again when next compared. A group's rebuild compares a few hundred texts
# at most, so what one comparison needs is never evicted while it runs.
CACHED_TEXTS = 20_000
# One shared word is chance, whatever the Dice: "it is wonderful when you win" and "We are going
# to win the county" share "win" and score 0.67. Two at least make a lexical match.
LEXICAL_SHARED_WORDS = 2
# Two words this close in meaning, but not the same, are rivals ("exports"/"imports", "nurses'
# pay"/"doctors' pay" in tests/corpus/paraphrase_pairs.jsonl). At 0.45 it vetoed "refugees" /
# "Syrians" in the labelled pairs; 0.6 keeps the paraphrase corpus' vetoes (without any, its
# precision falls 0.59 -> 0.56).
RIVAL_WORDS = 0.6
_POLARITY = ("one is negated", "opposites")
# A text whose part after "and" holds this many content words, none of them in the other text,
# states a second thing the other does not: "a temporary tax on imports ... and a new fence
# along the northern border" is not "a tax on imports ...". On the labelled pairs 3 stopped 10 false
# links and no true one (2: one true link lost; checked in the part after "and" only, so a
# fuller quote of the same remarks still links). "or" joins a list as "and" does ("his links to
# the oil lobby or his backing of the pipeline" is not "too close to the oil lobby"): on the
# 494 pairs it stopped 1 false link and no true one.
SECOND_STATEMENT = 3
# A shorter report whose content words (at least this many) all occur in the longer one is the
# same remarks quoted more fully (bench/TRACKING_PAIRS.md: "a fuller quote of the same remarks
# is the same"), whatever the Dice of the two. Below 3 words, containment is chance: "the wall"
# is in every report on the wall. (It was 4 before the meaning check below; at 3 with it, the
# labelled pairs gain 2 true links, short quotes such as "to cut the tram fares", and 1 false one.)
# Without the embedding model there is no meaning check, and 4 words stay the rule.
FULLER_QUOTE_WORDS = 3
FULLER_QUOTE_WORDS_UNCHECKED = 4
# ... and a fuller quote of the same remarks stays near in meaning. A short phrase inside a long
# report on something else is its topic, not its restatement: "a new runway at the city airport"
# inside "she could never again trust the minister after he called her a liar for proposing a new
# runway at the city airport" (an invented case of the kind; on the labelled pair, embeddings
# 0.39). On the labelled pairs, the fuller quotes that were the same claim all had
# embeddings >= 0.49, the two that were not 0.31 and 0.39: the cut sits between them.
FULLER_QUOTE_SEMANTIC = 0.45


@dataclass(frozen=True)
class Similarity:
    score: float
    lexical: float
    semantic: float | None
    shared: tuple[str, ...]
    veto: str | None = None  # why near-identical wording is still a different statement
    fuller_quote: bool = False  # one's content words (FULLER_QUOTE_WORDS or more) all in the other,
    # their meanings near (FULLER_QUOTE_SEMANTIC)
    probability: float | None = None  # the pair model's that both state one proposition, when it
    # weighed them (kg.tracking.pair_model)
    one_proposition: bool | None = None  # the pair model's decision; None: the cuts decide
    features: np.ndarray | None = field(default=None, compare=False, repr=False)  # what the pair
    # model weighs, for a pair whose meaning is weighed (bench/train_pair_model.py fits on them)

    @property
    def similar(self) -> bool:
        if self.one_proposition is not None:
            return self.one_proposition
        return self.similar_at(LEXICAL_THRESHOLD, SEMANTIC_THRESHOLD)

    def similar_at(self, lexical: float, semantic: float) -> bool:
        """Whether the scores pass the given cuts (the bench tries other cuts than the product's)."""
        return (
            (self.lexical >= lexical and len(self.shared) >= LEXICAL_SHARED_WORDS)
            or (self.semantic or 0.0) >= semantic
            or self.fuller_quote
        )

    @property
    def same(self) -> bool:
        """Whether the two texts state the same thing."""
        return self.similar and self.veto is None

    @property
    def opposed(self) -> bool:
        """Whether the two texts state one proposition with opposite polarity ("will" / "will not")."""
        return self.similar and self.denied

    @property
    def denied(self) -> bool:
        """Whether the veto is a polarity one: one text denies what the other asserts, if they state
        one proposition."""
        return _is_denial(self.veto)


def _is_denial(veto: str | None) -> bool:
    return veto is not None and veto.startswith(_POLARITY)


@dataclass(frozen=True)
class _Wording:
    """What two texts' words decide: the scores and veto, and whether their meaning is weighed."""

    shared: frozenset[str]
    lexical: float
    veto: str | None
    contained: int  # the shorter text's content words, when all are in the longer one; else 0

    @property
    def weighs_meaning(self) -> bool:
        """Whether the embeddings can change the decision (MEANING_SHARED_WORDS, MEANING_DICE):
        not when another veto than polarity already says no (a denial is still weighed: opposed
        needs the same proposition), nor when the texts share too little wording."""
        if self.veto is not None and not _is_denial(self.veto):
            return False
        if len(self.shared) < MEANING_SHARED_WORDS:
            return False
        return self.lexical >= MEANING_DICE or self.contained >= FULLER_QUOTE_WORDS


class _Recent(OrderedDict):
    """A mapping that keeps only its `size` most recently used entries."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def touch(self, keys: Sequence[str]) -> None:
        for key in keys:
            if key in self:
                self.move_to_end(key)

    def trim(self, keep: int = 0) -> None:
        """Drop the least recently used entries, keeping at least the `keep` last used."""
        while len(self) > max(self.size, keep):
            self.popitem(last=False)


class Comparer:
    """Compares texts, caching the analyses and embeddings of the `cached` texts (and words)
    used last: one Comparer serves a whole ingest, or a server's life, in bounded memory."""

    def __init__(
        self,
        texts: Sequence[str] = (),
        *,
        use_embeddings: bool = True,
        use_pair_model: bool = True,
        cached: int = CACHED_TEXTS,
    ) -> None:
        self._texts: _Recent = _Recent(cached)
        self._vectors: _Recent = _Recent(cached)
        self._embedder = _embedder() if use_embeddings else None
        # The learned decision needs the embeddings; without it (or them) the cuts decide.
        self._pair_model = load_pair_model() if use_pair_model and self._embedder is not None else None
        self.prepare(texts)

    def cached(self) -> int:
        """How many texts' analyses are cached now."""
        return len(self._texts)

    @property
    def method(self) -> str:
        return "lemma-dice" if self._embedder is None else "lemma-dice+minilm"

    def method_of(self, similarity: Similarity) -> str:
        """The method that decided one comparison: the pair model's name when it did."""
        return self.method + ("+pair-model" if similarity.probability is not None else "")

    def prepare(self, texts: Sequence[str]) -> None:
        """Analyse and embed texts in batches before they are compared."""
        self.analyse(texts)
        self._embed(texts)  # also what the word embeddings of `_rivals` pushed out

    def analyse(self, texts: Sequence[str]) -> None:
        """Analyse texts in one batch (their words, not their embeddings) before they are compared."""
        self._texts.touch(texts)  # what is compared next stays cached
        new = [t for t in dict.fromkeys(texts) if t not in self._texts]
        docs = load_tagger().pipe(new, disable=["parser", "ner"]) if new else ()
        for text, doc in zip(new, docs, strict=True):
            self._texts[text] = analyse_text(text, doc)
        self._texts.trim(keep=len(set(texts)))

    def screen(self, texts: Sequence[str], pool: Sequence[str]) -> list[list[int]]:
        """Return, for each text, the indices of `pool` that could be similar to it: those that
        share a content lemma. No other pair can link (see MEANING_SHARED_WORDS), so none is
        embedded here: `compare` embeds the pairs it must weigh."""
        self.analyse([*texts, *pool])
        by_lemma: dict[str, list[int]] = {}
        for j, other in enumerate(pool):
            for lemma in self._texts[other].lemmas:
                by_lemma.setdefault(lemma, []).append(j)
        return [sorted({j for w in self._texts[text].lemmas for j in by_lemma.get(w, ())}) for text in texts]

    def needs_meaning(self, a: str, b: str) -> bool:
        """Whether `compare` weighs the embeddings of these two texts (so embeds them)."""
        self.analyse([a, b])  # cached: what `screen` analysed is not analysed again
        return self._embedder is not None and self._wording(a, b).weighs_meaning

    def compare(self, a: str, b: str, *, learned: bool = True) -> Similarity:
        """Return how similar two texts are, what they share, and any veto. With `learned` false
        the cuts decide even where the pair model could: it was fitted on claim contents, and on
        agreement outcomes (tests/corpus/paraphrase_pairs.jsonl, the seeds' gold groups) the cuts
        do better."""
        self.analyse([a, b])
        wording = self._wording(a, b)
        semantic = self._cosine(a, b) if wording.weighs_meaning else None
        if self._embedder is None:
            fuller_quote = wording.contained >= FULLER_QUOTE_WORDS_UNCHECKED
        else:
            near = (semantic or 0.0) >= FULLER_QUOTE_SEMANTIC
            fuller_quote = wording.contained >= FULLER_QUOTE_WORDS and near
        x = probability = one_proposition = None
        if semantic is not None:
            u, v = self._vectors[a], self._vectors[b]  # embedded by _cosine
            x = features(wording.lexical, semantic, len(wording.shared), fuller_quote, u, v)
        if self._pair_model is not None and x is not None and learned:
            probability = self._pair_model.probability(x)
            one_proposition = probability >= self._pair_model.threshold(_is_denial(wording.veto))
        return Similarity(
            round(max(wording.lexical, semantic or 0.0), 4),
            round(wording.lexical, 4),
            None if semantic is None else round(semantic, 4),
            tuple(sorted(self._texts[a].words[w] for w in wording.shared)),
            wording.veto,
            fuller_quote,
            None if probability is None else round(probability, 4),
            one_proposition,
            x,
        )

    def _wording(self, a: str, b: str) -> _Wording:
        """What the words of two analysed texts decide, before their meaning is weighed."""
        ta, tb = self._texts[a], self._texts[b]
        shared = ta.lemmas & tb.lemmas
        lexical = 2 * len(shared) / (len(ta.lemmas) + len(tb.lemmas)) if ta.lemmas and tb.lemmas else 0.0
        shorter = min(ta.lemmas, tb.lemmas, key=len)
        contained = len(shorter) if shorter <= shared else 0
        return _Wording(shared, lexical, self._veto(ta, tb, lexical), contained)

    def _veto(self, a: TextAnalysis, b: TextAnalysis, lexical: float) -> str | None:
        # Numbers conflict when each text has one the other lacks: "250,000 refugees" and "in
        # November, 250,000 refugees" are one claim with a detail added; "$15" and "$12" are not.
        if a.numbers - b.numbers and b.numbers - a.numbers:
            return "different numbers or dates"
        # A word negated in one text only, used in the same word class by both ("did not email"
        # vs "her email account" is no flip).
        polarity = self._polarity(a, b)
        if polarity:
            # Only a statement can be denied: "letters that mention the tender" names a
            # topic, and "I did not send any letter about the tender" says nothing opposite to it.
            return polarity if a.asserts and b.asserts else "a topic against a statement on it"
        if a.open_question != b.open_question:
            return "one asks what the other states"
        if a.names != b.names and sorted(a.names) == sorted(b.names) and len(set(a.names)) > 1:
            return "the same names in other roles"
        for x, y in ((a, b), (b, a)):
            if any(len(c) >= SECOND_STATEMENT and not c & y.lemmas for c in x.conjuncts):
                return "one adds a second statement"
        if lexical >= LEXICAL_THRESHOLD and self._embedder is not None:
            rivals = self._rivals(
                sorted(n for n in a.nouns if n[:STEM] not in b.lemmas),
                sorted(n for n in b.nouns if n[:STEM] not in a.lemmas),
            )
            if rivals:
                return f"different {rivals[0]} / {rivals[1]}"
        return None

    @staticmethod
    def _polarity(a: TextAnalysis, b: TextAnalysis) -> str | None:
        """The one polarity check: a word negated in one text only, or opposite verbs."""
        flipped = (a.negated ^ b.negated) & a.classed & b.classed
        if flipped:
            return f"one is negated: {min(flipped).split('/')[0]}"
        for x in (a.words[w] for w in a.lemmas - b.lemmas):
            for y in (b.words[w] for w in b.lemmas - a.lemmas):
                if frozenset((x, y)) in ANTONYMS:
                    return f"opposites: {x} / {y}"
        return None

    def _rivals(self, xs: list[str], ys: list[str]) -> tuple[str, str] | None:
        """Return a swapped pair of related nouns ("exports"/"imports"), if the texts have one."""
        if not xs or not ys or len(xs) > 2 or len(ys) > 2:
            return None
        self._embed([*xs, *ys])
        best = max((self._cosine(x, y) or 0.0, x, y) for x in xs for y in ys)
        return (best[1], best[2]) if best[0] >= RIVAL_WORDS else None

    def _embed(self, texts: Sequence[str]) -> None:
        self._vectors.touch(texts)
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if self._embedder is not None and new:
            for text, vector in zip(new, self._embedder.encode(new), strict=True):
                self._vectors[text] = vector
            self._vectors.trim(keep=len(set(texts)))

    def _cosine(self, a: str, b: str) -> float | None:
        if self._embedder is None:
            return None
        self._embed([a, b])  # those not embedded in a batch before
        return float(self._vectors[a] @ self._vectors[b])


@lru_cache(maxsize=1)
def _embedder():
    try:
        from kg.tracking.embed import load_embedder
    except ImportError:
        return None
    return load_embedder()
