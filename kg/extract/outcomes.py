"""Outcome spans: the characters of the phrase that states what was agreed.

The phrase is the subtree of a verb or noun, less coordinated verbs, a leading "to", and the
elaborations that follow it (time adjuncts, ", which ..." asides, a quote after a colon).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from kg.extract.spans import trim
from kg.rules import PASS, rule

# Prepositions that start an elaboration of a verb's outcome, not part of it ("return the flag
# after a nine-year hiatus", "cut tariffs, including ...").
_ELABORATIONS = frozenset(["including", "excluding", "after", "before", "during", "following", "since"])


def phrase_range(head: Token, end_token: Token | None = None) -> tuple[int, int]:
    """Return the characters of a verb or noun phrase: its subtree less what the rules of
    ELABORATIONS cut off, and less a leading "to"; the phrase ends where the first cut starts."""
    excluded: set[int] = set()
    for _, cut in ELABORATIONS:
        excluded |= cut(head)
    tokens = [
        t
        for t in head.subtree
        if t.i not in excluded
        and not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == head.i and not negated_to(t, head))
    ]
    if end_token is not None and end_token.i >= head.i:  # not "To win, X will work ...": no range back
        tokens = [t for t in head.doc[head.i : end_token.i + 1] if t.i not in excluded]
    # keep the contiguous stretch from the head's left edge
    tokens.sort(key=lambda t: t.i)
    run = [tokens[0]]
    for t in tokens[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    last = dashed_parenthesis(run[-1], run[0])
    return trim(doc_text(head.doc), run[0].idx, last.idx + len(last))


_DASHES = frozenset(["—", "–", "--"])


@rule("dashed-parenthesis", off=PASS)
def dashed_parenthesis(last: Token, first: Token) -> Token:
    """ "ban all ferries — 1,200 boats of a whole fleet — from entering the harbour", parsed with
    the parenthesis and "from entering ..." hung on a noun before the phrase: the phrase goes on
    through the parenthesis to the end of that prepositional complement."""
    doc = last.doc
    if last.i + 1 >= len(doc) or doc[last.i + 1].text not in _DASHES:
        return last
    close = next((t for t in doc[last.i + 2 : last.i + 20] if t.text in _DASHES), None)
    if close is None or close.i + 1 >= len(doc):
        return last
    prep = doc[close.i + 1]
    if prep.dep_ != "prep" or prep.head.i >= first.i:
        return last  # a complement of the phrase's own words is already in it
    return prep.right_edge


@rule("negated-infinitive", off=False)
def negated_to(to: Token, head: Token) -> bool:
    """ "urged voters not to back the levy", "decided not to run": the infinitive's "to" stays
    inside the outcome when its "not" comes first (the outcome had been the bare "not")."""
    return any(c.dep_ == "neg" and c.i < to.i for c in head.children)


def _subtrees(nodes) -> set[int]:
    return {t.i for node in nodes for t in node.subtree}


@rule("coordinated-verbs", off=set())
def coordinated_verbs(head: Token) -> set[int]:
    """ "agreed to cut tariffs and (to) open ports": each coordinated verb is an outcome of its own."""
    if head.pos_ not in ("VERB", "AUX"):
        return set()
    return _subtrees(
        c for c in head.children if c.dep_ in ("conj", "cc") and c.pos_ in ("VERB", "AUX", "CCONJ")
    )


@rule("elaboration-preposition", off=set())
def elaboration_preposition(head: Token) -> set[int]:
    """ "return the flag after a nine-year hiatus", "cut tariffs including ...": an elaboration."""
    if head.pos_ != "VERB":
        return set()
    return _subtrees(c for c in head.children if c.dep_ == "prep" and c.lower_ in _ELABORATIONS)


# Leaving office: what follows "resign" with "over", "for", "amid" is why, not what is asked.
LEAVING = frozenset(["resign", "quit", "abdicate"])
REASONS = frozenset(["over", "for", "amid", "because"])


@rule("resignation-reason", off=set())
def resignation_reason(head: Token) -> set[int]:
    """ "called on Varnik to resign over the flooding", "to resign for not naming X": the reason
    for leaving is no part of what is asked."""
    leaving = head.lemma_ in LEAVING or (
        head.lemma_ == "step"
        and any(c.dep_ in ("prt", "advmod") and c.lower_ in ("down", "aside") for c in head.children)
    )
    if not leaving:
        return set()
    return _subtrees(c for c in head.children if c.dep_ in ("prep", "advcl") and c.lower_ in REASONS)


@rule("date-ends-outcome", off=set())
def date_ends_outcome(head: Token) -> set[int]:
    """ "lift the fishing ban last Friday under a pact ...": a date adjunct ends the outcome."""
    if head.pos_ != "VERB":
        return set()
    return _subtrees(c for c in head.children if c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"))


@rule("which-aside", off=set())
def which_aside(head: Token) -> set[int]:
    """ "the port deal, which took a year to negotiate": ", which ..." is an aside."""
    return _subtrees(
        n
        for n in head.subtree
        if n.dep_ == "relcl"
        and n.i > head.i
        and n.left_edge.i > 0
        and head.doc[n.left_edge.i - 1].text == ","
        and n.left_edge.lower_ in ("which", "who")
    )


# Dependents that, set off by a comma or a dash, add an aside to the outcome rather than state it:
# an appositive, a prepositional or participial adjunct, a "where"/"when" relative.
_ASIDES = frozenset(["appos", "prep", "advcl", "acl", "relcl", "npadvmod"])
_ASIDE_MARKS = frozenset([",", "—", "–", "--"])


@rule("comma-aside", off=set())
def comma_aside(head: Token) -> set[int]:
    """ "renounce the backing of Sen. Varnik, the party's richest donor", "endorse Brenn, in
    what looked like a snub", "accepted interviews with three networks, where she ...": an
    appositive or adjunct after a comma or dash is an aside; the outcome ends before it (a list's
    commas join conjuncts, which stay)."""
    doc = head.doc
    return _subtrees(
        n
        for n in head.subtree
        if n.dep_ in _ASIDES
        and n.i > head.i
        and n.left_edge.i > head.i + 1
        and doc[n.left_edge.i - 1].text in _ASIDE_MARKS
        and not (n.dep_ == "prep" and n.lower_ in ("including", "excluding"))  # elaboration-preposition's
        and not _parenthetical(n, head)
        and not _same_kind(n)
        and _first_break(head, n.left_edge.i - 1)
    )


_LISTED_KINDS = frozenset(["GPE", "LOC", "DATE", "CARDINAL"])


def _same_kind(aside: Token) -> bool:
    """ "in Tarsk, Kestonia", "in Washington, D.C.", "in 1998, 2004 and 2010": an appositive of the
    same kind of name or number as its head is the place's region or the list's next item."""
    kind = aside.ent_type_
    return aside.dep_ == "appos" and kind in _LISTED_KINDS and aside.head.ent_type_ == kind


def _first_break(head: Token, mark: int) -> bool:
    """Whether the comma or dash at `mark` is the first after the head that is not a list's
    comma and not inside a quotation: "rights, including the vote, of felons" and
    '"the capital of the people, Tarsk"' keep the words after their later comma."""
    doc = head.doc
    if sum(t.is_quote for t in doc[head.i : mark]) % 2:
        return False
    for t in doc[head.i + 1 : mark]:
        nxt = doc[t.i + 1]
        if t.text in _ASIDE_MARKS and not (nxt.dep_ in ("conj", "cc") or nxt.head.dep_ in ("conj", "cc")):
            return False
    return True


def _parenthetical(aside: Token, head: Token) -> bool:
    """ "back, one way or another, no fewer than 40 bills": an aside closed by a second comma with
    more of the phrase after it is a parenthesis inside the outcome, not its end."""
    after = aside.right_edge.i + 1
    if not (after < head.right_edge.i and aside.doc[after].text in _ASIDE_MARKS):
        return False
    node = aside.doc[after + 1]  # what follows, up to the word the aside hangs on
    while node.head.i != aside.head.i and node.head.i != node.i:
        node = node.head
    return node.dep_ not in ("conj", "cc", "appos", "punct")  # a list after it goes with the aside


@rule("quote-after-colon", off=set())
def quote_after_colon(head: Token) -> set[int]:
    """ "The minister's statement: '...'": the quote after a colon is not the outcome."""
    doc = head.doc
    colon = next(
        (
            n
            for n in head.subtree
            if n.text == ":" and n.i > head.i and n.i + 1 < len(doc) and doc[n.i + 1].is_quote
        ),
        None,
    )  # "proposed the following plan: a joint patrol": no quote, the plan is the outcome
    return set(range(colon.i, head.right_edge.i + 1)) if colon is not None else set()


@rule("purpose-clause", off=set())
def purpose_clause(head: Token) -> set[int]:
    """ "start granting permits to draw nurses": the purpose of a verb inside
    the outcome is an elaboration."""
    return _subtrees(
        n
        for n in head.subtree
        if n.dep_ == "advcl"
        and n.i > head.i
        and n.head.i != head.i  # "will work to restore X": the head's own infinitive is the outcome
        and n.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in n.children)
    )


# Nouns of "in an effort to X", "in a bid to X", "in order to X": a purpose adjunct.
PURPOSE_NOUNS = frozenset(["effort", "bid", "attempt", "order", "push"])


@rule("purpose-phrase", off=set())
def purpose_phrase(head: Token) -> set[int]:
    """ "publish the ledgers in an effort to clear her name", "cut fares in a bid to win riders":
    the purpose after the act is an elaboration, not the outcome."""
    if head.pos_ != "VERB":
        return set()
    return _subtrees(
        c
        for c in head.subtree
        if c.dep_ == "prep"
        and c.lower_ == "in"
        and c.i > head.i
        and c.head.i == head.i
        and any(p.dep_ == "pobj" and p.lemma_ in PURPOSE_NOUNS for p in c.children)
    )


@rule("participle-modifier", off=set())
def participle_modifier(head: Token) -> set[int]:
    """ "approved a new levy meant to fund the ferries": a past participle after the object
    describes it, the object is the outcome."""
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ != "dobj":
        return set()
    return _subtrees(
        c
        for c in head.children
        if c.dep_ == "acl"
        and c.tag_ == "VBN"  # "an agreement establishing the terms ...": a gerund may be the content
        and c.i > head.i
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    )


# What is cut off a phrase to leave its outcome: each rule gives the tokens it cuts.
ELABORATIONS: tuple[tuple[str, Callable[[Token], set[int]]], ...] = (
    ("coordinated-verbs", coordinated_verbs),
    ("elaboration-preposition", elaboration_preposition),
    ("resignation-reason", resignation_reason),
    ("date-ends-outcome", date_ends_outcome),
    ("which-aside", which_aside),
    ("comma-aside", comma_aside),
    ("quote-after-colon", quote_after_colon),
    ("purpose-clause", purpose_clause),
    ("purpose-phrase", purpose_phrase),
    ("participle-modifier", participle_modifier),
)


def coordinated(verb: Token) -> list[Token]:
    return [
        verb,
        *[
            c
            for c in verb.conjuncts
            if c.pos_ in ("VERB", "AUX") and c.i > verb.i and not finite_conjunct(c, verb)
        ],
    ]


@rule("finite-conjunct", off=False)
def finite_conjunct(conjunct: Token, verb: Token) -> bool:
    """ "urged the guild to back the levy and went on to praise the mayor ...": a past or present
    tense verb joined to an infinitive is the subject's own next act (the parser hung it on the
    infinitive), not a second outcome."""
    return verb.tag_ == "VB" and conjunct.tag_ in ("VBD", "VBZ")


def doc_text(doc: Doc) -> str:
    """Return the doc's text, built once: Doc.text joins every token anew on each call, which
    made long articles quadratic (a 100,000-character paragraph took 14 s here)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def is_time(token: Token) -> bool:
    """Whether a phrase is a date or time ("on Thursday", "over the weekend"): never an outcome."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree)


def is_time_head(token: Token) -> bool:
    """Whether a phrase is headed by a date or time: "a 60-day ceasefire" holds a date but is
    a ceasefire."""
    return token.ent_type_ in ("DATE", "TIME")
