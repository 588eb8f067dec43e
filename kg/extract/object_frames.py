"""Where a cue's content sits when it is the cue's object or hangs on it: the object frames of
lexicons/cues.tsv, a document's finding, a statement noun's clause, a passive's subject, a
preposition's object. kg.extract.frames tries them in turn.

object-frames        "X acknowledged A", "X described A as B", "X called A B", "X accused A of B"
two-objects          "X denied the nominee a hearing": a verb with two objects reports nothing
relative-as          'what X described as "a disaster"': the "as" phrase
quoted-predicate     'X called the deal "unfair"', the quote parsed as the object's modifier
evidence-object      "a new poll shows Larsen ahead": what a document shows, as its object
statement-noun       "X expressed concern that A", "X made the case that A": the noun's clause
passive-cue          "A was denied by X": the passive's subject
preposition-frames   "X warned of A", "X referred to A", "X complained about A"
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.content_limits import without_nested_cues
from kg.extract.cue_subjects import passive_patient
from kg.extract.lexicon import Cue
from kg.extract.sources import DOCUMENT_NOUNS
from kg.rules import rule


@rule("evidence-object")
def evidence_object(cue: Token, subject: Token) -> list[Token] | None:
    """A new poll shows Larsen ahead; the audit found gaps in the accounts: what a document,
    poll or study shows is its object and what follows it. Only for such a subject: "she showed
    her pass" is a person's act, and "police found a body" reports nothing."""
    if subject.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or obj.tag_ in ("WDT", "WP") or obj.lower_ in ("this", "that", "it"):
        return None
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
        return None  # "the letter found its way to the board": a thing's path, not a finding
    rest = [
        c
        for c in cue.children
        if c.i > obj.i
        and c.dep_ in ("prep", "advmod", "oprd", "acomp", "xcomp", "ccomp")
        and not _when(c)  # "in March", not "with a small lead among voters next month"
    ]
    return [*obj.subtree, *(t for c in rest for t in c.subtree)]


# A verb that says nothing alone, with the noun of a statement as its object, reports that
# noun's that-clause: "expressed concern that A", "voiced hope that A", "made the case that A",
# "raised doubts that A". The pair is the cue; neither word is a cue without the other ("made a
# deal", "raised taxes", "her concern for the town").
STATEMENT_VERBS = frozenset("express voice make raise offer reiterate repeat share".split())
STATEMENT_NOUNS = frozenset(
    "concern hope confidence doubt case point argument claim fear belief view warning optimism "
    "skepticism scepticism worry assurance frustration conviction opinion suspicion".split()
)


def statement_cue(verb: Token) -> Cue | None:
    """The cue a statement verb makes with its statement noun (see STATEMENT_VERBS), if it has one."""
    if verb.lemma_ not in STATEMENT_VERBS or verb.pos_ != "VERB" or statement_noun(verb) is None:
        return None
    return Cue(verb.lemma_, ("statement-noun",), documents=True)


@rule("put-it", off=None)
def put_it_cue(verb: Token) -> Cue | None:
    """As the harbour master put it, A; X put it bluntly: "A": "put it" says how X said A, and is
    a cue. Not "put it on the agenda", "put it to a vote", "put it aside": a place to put it."""
    if verb.lemma_ != "put" or verb.pos_ != "VERB":
        return None
    children = list(verb.children)
    if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in children):
        return None
    if any(c.dep_ in ("prep", "prt", "dative", "advcl") for c in children):
        return None
    return Cue("put", ("clause",), documents=True)


@rule("statement-noun")
def statement_noun(verb: Token) -> list[Token] | None:
    """X expressed concern that A; X made the case that A: the that-clause of the statement noun
    the verb takes as its object is what it reports."""
    if verb.lemma_ not in STATEMENT_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    for clause in obj.children:
        that = any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
        if clause.dep_ in ("acl", "relcl", "ccomp") and that:  # "that" a conjunction, no relative
            return without_nested_cues(clause, verb.i)
    return None


# Cues that are also verbs of giving or withholding: "denied the allegations" reports a denial,
# "denied him entry" withholds something.
_GIVING_VERBS = frozenset("deny refuse grant offer give".split())


@rule("two-objects", off=False)
def _two_objects(cue: Token) -> bool:
    """ "denied the nominee a hearing", "denied him entry": a verb of giving or withholding with
    two objects gives or withholds something; it reports nothing."""
    objects = sum(c.dep_ in ("dobj", "dative") and c.pos_ != "ADP" for c in cue.children)
    return cue.lemma_ in _GIVING_VERBS and objects >= 2


def _when(phrase: Token) -> bool:
    """A phrase that says when: "on Monday", "in March", "last week"."""
    heads = [phrase, *(c for c in phrase.children if c.dep_ == "pobj")]
    return any(t.ent_type_ in ("DATE", "TIME") for t in heads)


@rule("object-frames")
def object_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """X acknowledged A; X described A as B; X called A B; X accused A of B (cues.tsv frames)."""
    children = list(cue.children)
    if "object-pred" not in frames and _two_objects(cue):
        return None
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    preps = {c.lower_: c for c in children if c.dep_ in ("prep", "dative")}
    if obj is not None and (obj.tag_ in ("WDT", "WP") or obj.lower_ in ("this", "that")):
        if obj.lower_ == "what" and "object-as" in frames and "as" in preps:
            return _relative_as(preps["as"])
        obj = None  # "which he described", "said this": the content is elsewhere
    # "highlighting X" is no claim of its own; "..., supporting X" (a stance, no clause frame) is
    if obj is not None and (cue.tag_ != "VBG" or "clause" not in frames):
        if "object-pred" in frames:  # "called it a disgrace"
            close = _quoted_predicate(obj)
            if close is not None:  # up to the quote's end: not "... on Friday"
                return list(obj.doc[obj.left_edge.i : close + 1])
            predicate = [c for c in children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > obj.i]
            if predicate:
                return [*obj.subtree, *(t for p in predicate for t in p.subtree)]
            if (named := _predicate_in_apposition(cue, obj)) is not None:
                return named
        if "object-as" in frames and "as" in preps:  # "described A as B"
            return [*obj.subtree, *preps["as"].subtree]
        if "object-as" in frames and any(c.lower_ == "as" for c in obj.children):
            return list(obj.subtree)  # "described [A as B]"
        xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > obj.i), None)
        if "object+to" in frames and xcomp is not None:  # "urged Congress to act"
            return [*obj.subtree, *xcomp.subtree]
        for frame in frames:  # "accused A of B", "blamed A for B"
            if frame.startswith("object+") and frame[7:] in preps:
                return [*obj.subtree, *preps[frame[7:]].subtree]
            if frame.startswith("object+") and any(c.lower_ == frame[7:] for c in obj.children):
                return list(obj.subtree)  # the phrase hung on the object: "accused [the mayor of B]"
        if "object" in frames and obj.lower_ != "it":
            return list(obj.subtree)
    if obj is None and "object-pred" in frames:  # "called it a disgrace", misparsed
        parts = [c for c in children if c.dep_ in ("ccomp", "oprd") and c.i > cue.i]
        if parts:
            return [t for p in parts for t in p.subtree]
    return None


@rule("predicate-apposition", off=None)
def _predicate_in_apposition(cue: Token, obj: Token) -> list[Token] | None:
    """X called her son her hero; X called Marrow, his rival for the seat, a wrecker; X calling
    Marrow a fraud: what X called A, parsed as A's apposition (with no comma before it, or after
    an apposition of its own) or with A as the cue's dative, goes with A. Not "called Marrow, the
    mayor, on Monday": one apposition after a comma describes whom X phoned."""
    doc = cue.doc
    dative = next((c for c in cue.children if c.dep_ == "dative" and c.i < obj.i), None)
    if dative is not None and obj.pos_ != "PRON":  # not "calling donors himself"
        return [*dative.subtree, *obj.subtree]
    appositions = [c for c in obj.children if c.dep_ == "appos" and c.i > obj.i and c.pos_ != "PRON"]
    if not appositions:
        return None
    bare = doc[appositions[0].left_edge.i - 1].text != ","
    if bare or len(appositions) >= 2 or any(c.dep_ == "appos" for c in appositions[0].children):
        return list(obj.subtree)
    return None


@rule("passive-cue")
def passive_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """Her resignation was confirmed by the league; the toll plan was opposed by the union: the
    subject of a passive cue with an agent is what an active one has as its plain object
    (cue_subjects.passive_patient says which)."""
    if not any(c.dep_ == "agent" for c in cue.children):
        return None
    patient = passive_patient(cue)
    return None if patient is None else list(patient.subtree)


@rule("relative-as", off=None)
def _relative_as(as_phrase: Token) -> list[Token] | None:
    """fled what X described as "a disaster": the object is "what", and what X said of it is the
    "as" phrase. Not "the plan, which X described as reckless": "reckless" alone would lose what
    it is said of."""
    return [
        t for c in as_phrase.children if c.dep_ in ("pobj", "amod", "acomp", "pcomp") for t in c.subtree
    ] or None


_CLOSING_MARKS = frozenset(['"', "”", "''"])


@rule("quoted-predicate", off=None)
def _quoted_predicate(obj: Token) -> int | None:
    """X called the deal "unfair and one-sided"; X called the fees "unjust and at odds with the
    law"; X called the use of the fund "quite reckless": a quotation opened right after the
    object's phrase is what X called it, to its closing mark, however the parser hung its words
    (on the object, or partly on the verb). Not a title the phrase ends on ("the author of "The
    Long Road""): a quote opened after a preposition or article fills the phrase. Returns the
    index of the closing mark (frame "object-pred")."""
    doc = obj.doc
    phrase = {t.i for t in obj.subtree}
    after = obj.i + 1
    while after < obj.sent.end and after in phrase and doc[after].tag_ not in ("``", ","):
        after += 1  # past the object's own words: "the use [of the fund]"
    if after >= obj.sent.end or doc[after].tag_ != "``" or doc[after - 1].pos_ in ("ADP", "DET"):
        return None
    # The closing mark after a full stop may open the next sentence, as the parser splits, and
    # be tagged as an opening one: any straight or closing mark after the opening one closes it.
    closing = (t for t in doc[after + 2 : obj.sent.end + 1] if t.tag_ == "''" or t.text in _CLOSING_MARKS)
    return next((t.i for t in closing), None)


@rule("preposition-frames")
def preposition_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """X warned of A; X referred to A; X complained about A (cues.tsv frames)."""
    preps = {c.lower_: c for c in cue.children if c.dep_ in ("prep", "dative")}
    for frame in frames:
        word = "to" if frame == "to-pp" else frame
        prep = preps.get(word) if frame in _PREPOSITION_FRAMES else None
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if objects and all(o.ent_type_ not in ("DATE", "TIME") for o in objects):  # not "called on Monday"
            return [t for c in prep.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree]
    return None


_PREPOSITION_FRAMES = frozenset(["of", "for", "about", "on", "to-pp"])
