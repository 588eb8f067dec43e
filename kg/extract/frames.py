"""Where a cue's reported content sits: the frames of lexicons/cues.tsv, each a named rule.
Frames on the cue's object, a passive or a preposition are in kg.extract.object_frames; where
the content ends, in kg.extract.content_limits.

clause               "X said (that) CLAUSE": the cue's clausal complement
stranded-subject     "X said few, herself among them, had read it": the subject hung on the cue
infinitive           "X told them to leave": the cue's infinitive (frame "to")
that-misparse        "X said on a visit to the docks that A": a that-clause parsed as relative
inverted-clause      "CLAUSE, X said" parsed with the clause as the cue's head
parenthetical        "A, X said, B": the clause around the cue, without it
addressee            "A, X told reporters, B", 'X told the crowd, "B"': whom the cue addresses is the cue's
as-clause            "As the Tribune reported, A": the clause the "as" clause hangs on
adjacent-quote       "'QUOTE,' X said" / "X said: 'QUOTE'": the quotation beside the cue clause
quote-before-cue     "'QUOTE,' said X, who heads Y": the quotation before, over a parse after the cue
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.content_limits import without_nested_cues
from kg.extract.lexicon import Cue
from kg.extract.object_frames import (
    evidence_object,
    object_content,
    passive_content,
    preposition_content,
    statement_noun,
)
from kg.extract.quotes import Quote
from kg.rules import rule


def content_tokens(cue: Token, subject: Token, entry: Cue) -> list[Token] | None:
    """Return the tokens of the reported content, or None when it is not in the parse."""
    frames = entry.frames
    if "statement-noun" in frames:  # the cue that kg.extract.object_frames.statement_cue made
        return statement_noun(cue)
    for find in (_clause, _infinitive, object_content, passive_content, preposition_content):
        found = find(cue, frames)
        if found is not None:
            return found
    if entry.evidence and (found := evidence_object(cue, subject)) is not None:
        return found
    if "clause" not in frames:
        return None
    return _that_misparse(cue) or _inverted_clause(cue, subject) or _parenthetical(cue) or _as_clause(cue)


@rule("clause")
def _clause(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """X said (that) CLAUSE; CLAUSE, X said: the cue's clausal complement."""
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    # "A: X said B": with a clause on each side, the one after the cue is what it reports
    child = next((c for c in clauses if c.i > cue.i), clauses[0] if clauses else None)
    if child is None or "clause" not in frames:
        return None
    return _stranded_subject(cue, child) + without_nested_cues(child, cue.i)


@rule("stranded-subject", off=[])
def _stranded_subject(cue: Token, clause: Token) -> list[Token]:
    """X said few, herself among them, had read it: a subject the parser hung on the cue, between
    it and a clause with no subject of its own, opens the content."""
    if clause.i < cue.i or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children):
        return []
    start = clause.left_edge.i
    stranded = [
        c for c in cue.children if cue.i < c.i < start and c.dep_ in ("advmod", "npadvmod", "dobj", "nsubj")
    ]
    if not stranded:
        return []
    return [t for c in stranded for t in c.subtree]


@rule("infinitive")
def _infinitive(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """X told them to leave; X wants to run: the cue's infinitive complement (frame "to")."""
    child = next((c for c in cue.children if c.dep_ == "xcomp"), None)
    if child is None or "to" not in frames or _no_comment(cue, child):
        return None
    return without_nested_cues(child)


@rule("no-comment", off=False)
def _no_comment(cue: Token, infinitive: Token) -> bool:
    """X declined to comment; X did not respond to a request: refusing to speak reports nothing."""
    return cue.lemma_ in ("decline", "refuse") and infinitive.lemma_ in _SPEAKING


_SPEAKING = frozenset("comment respond say speak elaborate discuss answer reply confirm talk".split())


@rule("that-misparse")
def _that_misparse(cue: Token) -> list[Token] | None:
    """X said on a visit to the docks that A: a that-clause the parser hung on a noun of the cue."""
    for t in cue.subtree:
        if t.dep_ == "mark" and t.lower_ == "that" and t.i > cue.i and t.head.pos_ in ("VERB", "AUX"):
            return without_nested_cues(t.head)
    return None


@rule("inverted-clause")
def _inverted_clause(cue: Token, subject: Token) -> list[Token] | None:
    """CLAUSE, X said: parsed with the clause as the cue's head, the content is the head minus the cue."""
    head = cue.head
    left = name_start(subject)
    after_comma = any(t.text in (",", "—", "–") for t in cue.doc[max(head.i, left - 6) : left])
    inverted = cue.dep_ in ("parataxis", "ccomp", "advcl") and head.i < cue.i
    if not (after_comma and inverted and head.pos_ in ("VERB", "AUX")):
        return None
    excluded = {t.i for t in cue.subtree}
    tokens = [t for t in head.subtree if t.i not in excluded and t.i < subject.left_edge.i]
    return tokens or None


@rule("parenthetical")
def _parenthetical(cue: Token) -> list[Token] | None:
    """A, X said, B: "A new harbour master, the mayor said, could reopen the quay": the head minus the cue."""
    head = cue.head
    if not (head.i > cue.i and head.pos_ in ("VERB", "AUX") and cue.dep_ in ("parataxis", "advcl", "ccomp")):
        return None
    doc = cue.doc
    end = _addressee_end(cue)
    after = doc[end + 1] if end + 1 < len(doc) else None
    if after is None or after.text != "," or not any(t.text == "," for t in doc[max(0, cue.i - 8) : cue.i]):
        return None
    excluded = {t.i for t in cue.subtree}
    return [t for t in head.subtree if t.i not in excluded] or None


@rule("addressee", off=None)
def _addressee(cue: Token) -> Token | None:
    """A, X told reporters, B; X told the crowd, "B": whom a cue of telling addresses, right after
    it, belongs to the cue clause, not to what was said."""
    if cue.lemma_ not in _TELLING:
        return None
    return next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i), None)


def _addressee_end(cue: Token) -> int:
    addressee = _addressee(cue)
    return addressee.right_edge.i if addressee is not None else cue.i


_TELLING = frozenset("tell assure remind inform".split())


@rule("as-clause")
def _as_clause(cue: Token) -> list[Token] | None:
    """As the Tribune reported, the council spent the reserve; the quay shut, as she noted: a cue
    in an "as" clause with no content of its own reports the clause it hangs on. Not "as she
    explained the rota, nurses left": a cue with an object is an act done while, and so is one
    with a topic ("as it commented on the rules", "as the director spoke to the board")."""
    head = cue.head
    if cue.dep_ != "advcl" or head.i == cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    said_it = cue.lemma_ == "put"  # "as X put it": the "it" is what the clause says (rule put-it)
    if any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "dative") and not (said_it and c.lower_ == "it")
        for c in cue.children
    ):
        return None
    if any(c.dep_ == "prep" and c.lower_ in _TOPIC_PREPOSITIONS and not _occasion(c) for c in cue.children):
        return None
    before = [t for t in head.subtree if t.i < cue.left_edge.i]
    after = [t for t in head.subtree if t.i > cue.right_edge.i]
    if not any(_substance(t) for t in after):
        return before or None  # "A, as she noted."
    if not any(_substance(t) for t in before):
        return after  # "But as the Courier reported, A"
    return [*before, *after]  # "A, as she noted, B"


# After a cue in an "as" clause, these say what it is about or whom it addresses, unless their
# object is a time or an occasion ("as she said on Monday", "as he said at a rally").
_TOPIC_PREPOSITIONS = frozenset("about of over on at to with against".split())
_OCCASIONS = frozenset(
    "rally conference meeting hearing debate interview program programme show broadcast radio "
    "television podcast briefing event speech forum summit statement letter column post".split()
)


def _occasion(prep: Token) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return any(o.ent_type_ in ("DATE", "TIME") or o.lemma_.lower() in _OCCASIONS for o in objects)


def _substance(token: Token) -> bool:
    return not token.is_punct and token.dep_ != "cc"


@rule("adjacent-quote")
def adjacent_quote(cue: Token, subject: Token, article: Article, quotes: tuple[Quote, ...]) -> Quote | None:
    """'QUOTE,' X said / X said: 'QUOTE': the quotation right before or after the cue clause."""
    text = article.text
    left = min(cue.i, name_start(subject))
    right = max(cue.i, subject.i)
    doc = cue.doc
    clause_start = doc[left].idx
    clause_end = doc[right].idx + len(doc[right])
    for quote in quotes:
        if _quote_ends_at(text, quote, clause_start):
            return quote
        after_cue = _cue_phrase_end(cue, quote.start) if quote.start > clause_end else clause_end
        gap_after = text[max(clause_end, after_cue) : quote.start - 1] if quote.start > clause_end else None
        if gap_after is not None and not gap_after.strip(" ,:—–-'") and len(gap_after) < 5:
            return quote
        if gap_after is not None and gap_after.startswith(":") and not gap_after[1:].strip():
            return quote  # 'He said:' and the quotation as the next paragraph
    return None


def _quote_ends_at(text: str, quote: Quote, clause_start: int) -> bool:
    """Whether the quotation closes right before the cue clause, without a full stop."""
    gap_before = text[quote.end + 1 : clause_start] if quote.end < clause_start else None
    ended = _closed_sentence(text, quote)
    return gap_before is not None and not gap_before.strip(" ,—–-'") and len(gap_before) < 5 and not ended


@rule("quote-before-cue", off=None)
def quote_before(cue: Token, subject: Token, article: Article, quotes: tuple[Quote, ...]) -> Quote | None:
    """'"QUOTE," said X, who heads the Y group' / '"QUOTE," X said on the "Z" show': a quotation
    closed by a comma right before the cue and speaker is what they said, whatever the parse hung
    on the cue after them (a clause of the speaker's description, a programme's quoted name)."""
    doc = cue.doc
    clause_start = doc[min(cue.i, name_start(subject))].idx
    return next((q for q in quotes if _quote_ends_at(article.text, q, clause_start)), None)


def not_said(content: list[Token], cue: Token, subject: Token) -> bool:
    """Whether the words the parse hung on a cue, after it, are no statement: part of the
    description of a speaker named after the cue ('said X, who heads the Y group'), or a quoted
    title ('X said on the "Morning Hour" show': every word capitalised)."""
    first = min(t.i for t in content)
    if first < cue.i:
        return False
    if subject.i > cue.i and first >= name_start(subject):
        return True
    words = [t for t in content if t.is_alpha]
    return (
        bool(words)
        and all(t.text[:1].isupper() or t.lower_ in _TITLE_LINKS for t in words)
        and (cue.doc[first].is_quote or cue.doc[first - 1].is_quote)
    )


_TITLE_LINKS = frozenset(["the", "of", "and", "a", "on", "in", "for", "with", "to"])


@rule("closed-quote", off=False)
def _closed_sentence(text: str, quote: Quote) -> bool:
    """'"... I would rest them." Coach Milan Tesar replied': a quote closed by a full stop is not
    the next cue's."""
    return text[quote.end - 1 : quote.end] == "."


@rule("cue-phrase", off=0)
def _cue_phrase_end(cue: Token, before: int) -> int:
    """X wrote on Twitter, "...": the cue's own phrases ("on Twitter", "in a statement") end its clause."""
    addressee = _addressee(cue)
    heard = addressee.i if addressee is not None else -1
    ends = [
        c.right_edge.idx + len(c.right_edge)
        for c in cue.children
        if (c.dep_ in ("prep", "npadvmod", "advmod", "dative") or c.i == heard) and c.i > cue.i
    ]
    return max((e for e in ends if e < before), default=0)


def name_start(head: Token) -> int:
    """Return where the speaker phrase starts: its title and name words, not a clause hung on it."""
    start = head.i
    while start > 0 and head.doc[start - 1].dep_ in ("compound", "amod", "det", "poss", "case", "nmod"):
        if head.doc[start - 1].is_punct:
            break
        start -= 1
    return start
