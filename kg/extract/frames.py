"""Where a cue's reported content sits: the frames of lexicons/cues.tsv, each a named rule.

clause               "X said (that) CLAUSE": the cue's clausal complement
stranded-subject     "X said few, herself among them, had read it": the subject hung on the cue
infinitive           "X told them to leave": the cue's infinitive (frame "to")
object-frames        "X acknowledged A", "X described A as B", "X called A B", "X accused A of B"
relative-as          'what X described as "a disaster"': the "as" phrase
quoted-predicate     'X called the deal "unfair"', the quote parsed as the object's modifier
preposition-frames   "X warned of A", "X referred to A", "X complained about A"
that-misparse        "X said on a visit to the docks that A": a that-clause parsed as relative
inverted-clause      "CLAUSE, X said" parsed with the clause as the cue's head
parenthetical        "A, X said, B": the clause around the cue, without it
as-clause            "As the Tribune reported, A": the clause the "as" clause hangs on
evidence-object      "a new poll shows Larsen ahead": what a document shows, as its object
statement-noun       "X expressed concern that A", "X made the case that A": the noun's clause
nested-cue           "X emphasized A, stating B": B is a claim of its own, not part of A
semicolon-stop       "X said A; B": the semicolon ends what the cue reports
colon-quote-stop     'X said A: "B"': the colon before a new quotation ends A
adjacent-quote       "'QUOTE,' X said" / "X said: 'QUOTE'": the quotation beside the cue clause
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.cue_subjects import passive_patient
from kg.extract.lexicon import CUE_VERBS, Cue
from kg.extract.quotes import Quote
from kg.extract.sources import DOCUMENT_NOUNS
from kg.rules import PASS, rule


def content_tokens(cue: Token, subject: Token, entry: Cue) -> list[Token] | None:
    """Return the tokens of the reported content, or None when it is not in the parse."""
    frames = entry.frames
    if (found := _statement_noun(cue)) is not None:
        return found
    for find in (_clause, _infinitive, _object_content, _passive_content, _preposition_content):
        found = find(cue, frames)
        if found is not None:
            return found
    if entry.evidence and (found := _evidence_object(cue, subject)) is not None:
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
    return _stranded_subject(cue, child) + _without_nested_cues(child, cue.i)


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
    return _without_nested_cues(child)


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
            return _without_nested_cues(t.head)
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
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if after is None or after.text != "," or not any(t.text == "," for t in doc[max(0, cue.i - 8) : cue.i]):
        return None
    excluded = {t.i for t in cue.subtree}
    return [t for t in head.subtree if t.i not in excluded] or None


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
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in cue.children):
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


@rule("evidence-object")
def _evidence_object(cue: Token, subject: Token) -> list[Token] | None:
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
    if verb.lemma_ not in STATEMENT_VERBS or verb.pos_ != "VERB" or _statement_noun(verb) is None:
        return None
    return Cue(verb.lemma_, ("statement-noun",), documents=True)


@rule("statement-noun")
def _statement_noun(verb: Token) -> list[Token] | None:
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
            return _without_nested_cues(clause, verb.i)
    return None


def _when(phrase: Token) -> bool:
    """A phrase that says when: "on Monday", "in March", "last week"."""
    heads = [phrase, *(c for c in phrase.children if c.dep_ == "pobj")]
    return any(t.ent_type_ in ("DATE", "TIME") for t in heads)


@rule("object-frames")
def _object_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """X acknowledged A; X described A as B; X called A B; X accused A of B (cues.tsv frames)."""
    children = list(cue.children)
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


@rule("passive-cue")
def _passive_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
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


@rule("quoted-predicate", off=None)
def _quoted_predicate(obj: Token) -> int | None:
    """X called the deal "unfair and one-sided"; X called the fees "unjust and at odds with the
    law": a quotation opened right after the object is what X called it, to its closing mark,
    however the parser hung its words (on the object, or partly on the verb). Returns the index
    of the closing mark (frame "object-pred")."""
    doc = obj.doc
    after = doc[obj.i + 1] if obj.i + 1 < len(doc) else None
    if after is None or after.tag_ != "``":
        return None
    return next((t.i for t in doc[after.i + 2 : obj.sent.end] if t.tag_ == "''"), None)


@rule("preposition-frames")
def _preposition_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
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


def _without_nested_cues(clause: Token, cue_at: int = -1) -> list[Token]:
    nested = _nested_cues(clause)
    tokens = [t for t in clause.subtree if t.i not in nested]
    return _semicolon_stop(tokens, clause, cue_at)


@rule("nested-cue", off=frozenset())
def _nested_cues(clause: Token) -> set[int]:
    """X emphasized A, stating B / A, which he described as B: B is a claim of its own, not part of A."""
    # "a source who told him B" stays: the clause only says who the source is.
    excluded: set[int] = set()
    for t in clause.subtree:
        own_subject = not any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in t.children)
        nested = (t.dep_ == "relcl" and own_subject) or (t.dep_ == "advcl" and t.tag_ == "VBG")
        if t.i != clause.i and nested and t.lemma_ in CUE_VERBS:
            excluded.update(x.i for x in t.subtree)
    return excluded


@rule("semicolon-stop", off=PASS)
def _semicolon_stop(tokens: list[Token], clause: Token, cue_at: int) -> list[Token]:
    """X said A; B: a semicolon on the clause's own level ends what the cue before it reports."""
    stop = next((t.i for t in tokens if t.text == ";" and t.head.i == clause.i and t.i > cue_at), None)
    stop = _colon_quote(tokens, cue_at) if stop is None else stop
    return [t for t in tokens if stop is None or t.i < stop]


@rule("colon-quote-stop", off=None)
def _colon_quote(tokens: list[Token], cue_at: int) -> int | None:
    """X wrote that the rota "cannot change overnight": "Nobody asked us.": a colon before a new
    quotation ends the content; the quotation is a claim of its own (quote-after-subject)."""
    doc = tokens[0].doc if tokens else None
    for t in tokens:
        if t.text == ":" and t.i > cue_at and t.i + 1 < len(doc) and doc[t.i + 1].text in ('"', "“", "''"):
            return t.i
    return None


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
        gap_before = text[quote.end + 1 : clause_start] if quote.end < clause_start else None
        ended = _closed_sentence(text, quote)
        if gap_before is not None and not gap_before.strip(" ,—–-'") and len(gap_before) < 5 and not ended:
            return quote
        after_cue = _cue_phrase_end(cue, quote.start) if quote.start > clause_end else clause_end
        gap_after = text[max(clause_end, after_cue) : quote.start - 1] if quote.start > clause_end else None
        if gap_after is not None and not gap_after.strip(" ,:—–-'") and len(gap_after) < 5:
            return quote
        if gap_after is not None and gap_after.startswith(":") and not gap_after[1:].strip():
            return quote  # 'He said:' and the quotation as the next paragraph
    return None


@rule("closed-quote", off=False)
def _closed_sentence(text: str, quote: Quote) -> bool:
    """'"... I would rest them." Coach Milan Tesar replied': a quote closed by a full stop is not
    the next cue's."""
    return text[quote.end - 1 : quote.end] == "."


@rule("cue-phrase", off=0)
def _cue_phrase_end(cue: Token, before: int) -> int:
    """X wrote on Twitter, "...": the cue's own phrases ("on Twitter", "in a statement") end its clause."""
    ends = [
        c.right_edge.idx + len(c.right_edge)
        for c in cue.children
        if c.dep_ in ("prep", "npadvmod", "advmod", "dative") and c.i > cue.i
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
