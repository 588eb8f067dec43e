"""Verb frames: where the outcome of an agreement verb sits, one named rule per frame.

An agreement verb's lexicon entry (lexicons/agreements.tsv) says what it needs: "-" (any
frame), "to" (an infinitive), "someone-to" (an object, then its infinitive), "to-future",
"will", "object", "deal" (a deal noun as object),
"proposal", "measure" / "body" (an object of lexicons/measures.tsv) or "call". FRAMES are
tried in order; the first that applies (returns a list, even an empty one) gives the outcome
spans, and one that does not apply (None) hands over to the next. The clause frames are here;
the object frames in kg.extract.object_outcomes, the frames of acts aimed at someone else in
kg.extract.request_frames.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import TRIPS
from kg.extract.object_outcomes import (
    agree_on,
    deal_object,
    measure_or_body,
    non_outcome_object,
    object_outcome,
    object_topic,
    proposal_with,
    refused_object,
    statement_object,
)
from kg.extract.outcomes import coordinated, doc_text, is_time, is_time_head, phrase_range, resignation_reason
from kg.extract.request_frames import (
    call_on_addressee,
    called_for_first,
    denounced_person,
    intended_for_others,
)
from kg.extract.spans import trim
from kg.extract.subjects import has_to
from kg.rules import PASS, rule

Spans = list[tuple[int, int]]
# Request verbs whose that-clause can be a mandative subjunctive ("demanded that X resign").
MANDATIVE_VERBS = frozenset(["suggest", "demand", "urge", "propose", "ask"])


@dataclass(frozen=True)
class Verb:
    """An agreement verb with the parts of its parse the frames read."""

    token: Token
    needs: str
    used_nouns: set[int]  # deal nouns a frame consumed: no nominal event of their own

    @property
    def children(self) -> list[Token]:
        return list(self.token.children)

    @property
    def infinitive(self) -> Token | None:
        return next(
            (
                c
                for c in self.token.children
                if c.dep_ in ("xcomp", "advcl")
                and c.pos_ in ("VERB", "AUX")
                and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
            ),
            None,
        )

    @property
    def obj(self) -> Token | None:
        return next((c for c in self.token.children if c.dep_ == "dobj"), None) or dated_object(self.token)

    @property
    def future(self) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in self.token.children)


@rule("dated-object")
def dated_object(verb: Token) -> Token | None:
    """ "Bush endorsed Brenn Wednesday", parsed with "Brenn" a compound of the day: a name
    compounded with a date after a verb with no object is the object."""
    for day in (c for c in verb.children if c.dep_ == "npadvmod" and c.ent_type_ == "DATE" and c.i > verb.i):
        name = next((c for c in day.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        if name is not None and name.ent_type_ not in ("DATE", "TIME"):
            return name
    return None


def verbal_outcomes(verb: Token, needs: str, used_nouns: set[int]) -> Spans:
    """Return the outcome spans of an agreement verb by the first frame that applies."""
    v = Verb(verb, needs, used_nouns)
    antecedent = relative_object(v)
    if antecedent is not None:
        first = antecedent.left_edge
        while first.i < antecedent.i and (first.is_punct or first.dep_ == "cc"):
            first = first.nbor(1)  # "And the treaty, which ...": not the "And"
        return [trim(doc_text(verb.doc), first.idx, antecedent.idx + len(antecedent))]
    for _, frame in FRAMES:
        found = frame(v)
        if found is not None:
            return no_relative_pronoun(found, doc_text(verb.doc))
    return []


@rule("relative-object-outcome")
def relative_object(v: Verb) -> Token | None:
    """ "the canal he promised to dredge", "NAFTA, which Brenn vowed to rip up": in a relative
    clause on its object, the act's object is the noun the clause modifies; that noun is the
    outcome (AGREEMENT_GOLD.md, set c: relatives), not the bare verb ("dredge")."""
    clause = v.token
    if clause.dep_ in ("xcomp", "conj") and clause.head.dep_ in ("relcl", "acl"):
        clause = clause.head
    noun = clause.head
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if clause.dep_ != "relcl" or noun.pos_ not in ("NOUN", "PROPN") or subject is None:
        return None
    if subject.lower_ in ("who", "which", "that", "whom"):
        return None  # "a union that endorsed Varnik": the noun is the subject
    if any(t.lower_ in ("who", "whom") for t in clause.subtree):
        return None  # "Brenn, whom Varnik refused to endorse": a person named before (set a)
    if noun.lemma_ in TIME_NOUNS or is_time_head(noun):
        return None  # "the first time that Brenn called her to ...": when, not what
    act = v.infinitive if v.needs != "will" else v.token
    if act is None or any(
        c.dep_ in ("ccomp", "xcomp", "prep", "dative") or (c.dep_ == "dobj" and c.tag_ != "WDT")
        for c in act.children
    ):
        return None
    return noun


TIME_NOUNS = frozenset("time day week month year moment hour night morning point".split())


@rule("relative-pronoun-outcome", off=PASS)
def no_relative_pronoun(spans: Spans, text: str) -> Spans:
    """ "the man whom Varnik refused to endorse": the relative pronoun the parser gave the verb as
    its outcome stands for a noun outside the clause; alone it states nothing agreed."""
    return [(a, b) for a, b in spans if text[a:b].lower() not in ("whom", "who", "which", "that", "what")]


@rule("work-towards")
def work_towards(v: Verb) -> Spans | None:
    """ "will work to X": only a future "work to" is an intention, and the whole phrase is it."""
    if v.needs != "to-future":
        return None
    if not v.future:
        return []  # "they worked to restore order": an effort, not an undertaking
    infinitive = v.infinitive
    return [phrase_range(v.token, end_token=infinitive.right_edge)] if infinitive is not None else None


@rule("call-for-subject")
def call_for_subject(v: Verb) -> Spans | None:
    """ "called (on Monday) for Arvenia to reopen the border": the infinitive with its own subject,
    subject kept ("for Arvenia to open talks ..."), is the outcome."""
    clause = v.infinitive
    if v.needs not in ("call", "someone-to") or clause is None:
        return None
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is None or not any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children):
        return None
    return [clause_span(subject, clause)]


@rule("call-needs-on-or-for", off=True)
def phone_call(v: Verb) -> bool:
    """ "called on B to X", "called for X", "called to reject X" propose; "called the ministry and
    was put on hold", "called Brenn to congratulate him": a call with an object and no "on"
    or "for" is a telephone call."""
    return v.obj is None or any(c.dep_ == "prep" and c.lower_ in ("on", "upon", "for") for c in v.children)


@rule("request-needs-addressee", off=True)
def asked_someone(v: Verb, infinitive: Token) -> bool:
    """ "asked members to hold off", "pushed the board to drop X": a request names whom it asks,
    before the infinitive; "asked to speak", "pushes to hit a target", "To cut costs, it asked ..."
    request nothing of anyone."""
    return v.obj is not None and v.obj.i < infinitive.i


@rule("urged-object")
def urged_object(v: Verb) -> Spans | None:
    """ "urged a tougher stance on the ferry firms", "urged restraint": what "urge" asks for may
    be its object (not an addressee left without its infinitive: "urged voters")."""
    obj = v.obj
    if v.token.lemma_ != "urge" or obj is None or v.infinitive is not None:
        return None
    if obj.pos_ in ("PRON", "PROPN") or obj.ent_type_ or obj.tag_ == "NNS":
        return []
    return [object_topic(phrase_range(obj), v)]


@rule("mandative-clause")
def mandative_clause(v: Verb) -> Spans | None:
    """ "suggested the ministry should cut fees", "demanded that Varnik resign": a request's clause,
    with "should" or a bare verb after a singular subject (a subjunctive), from its subject on.
    "suggested that voters want X" states an opinion: no outcome of this frame."""
    if v.token.lemma_ not in MANDATIVE_VERBS:
        return None
    for clause in v.children:
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if clause.dep_ != "ccomp" or subject is None or subject.pos_ == "PRON":
            continue
        if any(
            t.tag_ in ("WRB", "WP", "WDT") or t.lower_ in ("if", "whether")
            for t in clause.doc[clause.left_edge.i : subject.i]
        ):
            continue  # "asked how the voters should view it": a question
        auxes = [c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")]
        bare = not auxes and clause.tag_ in ("VB", "VBP") and subject.tag_ in ("NN", "NNP")
        if auxes in (["should"], ["must"]) or bare:
            return [clause_span(subject, clause)]
    return None


def clause_span(subject: Token, clause: Token) -> tuple[int, int]:
    """The characters from a clause's subject to the end of its predicate, less a purpose clause
    ("send troops to fight X") and a comma-led participle ("the group, also known as ...")."""
    last = clause.i
    reasons = resignation_reason(clause)  # "for B to resign over X": not the reason
    for t in clause.subtree:
        if t.i < clause.i:
            continue
        cut = t.dep_ == "advcl" and t.head.i == clause.i and t.i > clause.i
        if (cut and (has_to(t) or t.doc[t.left_edge.i - 1].text == ",")) or t.i in reasons:
            break
        last = t.i
    last = max(last, clause.i)
    end = clause.doc[last]
    while end.i > clause.i and (end.is_punct or end.dep_ == "cc"):
        end = clause.doc[end.i - 1]
    return trim(doc_text(clause.doc), subject.left_edge.idx, end.idx + len(end))


@rule("infinitive-outcome")
def infinitive_outcome(v: Verb) -> Spans | None:
    """ "agreed to X", "pledged to expand X, build Y and harmonise Z": one outcome per infinitive."""
    infinitive = v.infinitive
    if v.needs == "call" and not phone_call(v):
        return []  # no proposal: not handed on to the object frame either
    if v.needs == "someone-to":
        if infinitive is None:
            return []
        return [phrase_range(infinitive)] if asked_someone(v, infinitive) else []
    if infinitive is None or v.needs not in ("-", "to", "call"):
        return None
    later = [
        c
        for c in v.children
        if c.dep_ == "conj" and c.tag_ == "VB" and c.i > infinitive.i and not gapped_clause(c)
    ]
    verbs = coordinated(infinitive) + [w for c in later for w in coordinated(c)]
    return [phrase_range(w) for w in sorted(set(no_trips(verbs)), key=lambda w: w.i)]


@rule("gapped-clause", off=False)
def gapped_clause(conjunct: Token) -> bool:
    """ "A agreed to X, and B to Y": the second infinitive has a subject of its own, B, with the
    agreement verb left out (gapping). It is B's undertaking, never another outcome of A's, and
    B is no part of an outcome."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in conjunct.children)


@rule("gapped-agreement", off=[])
def gapped_infinitives(verb: Token) -> list[tuple[Token, tuple[int, int]]]:
    """ "A agreed to X, and B to Y": B undertook Y by the same verb, left out (gapping). Return
    each such subject with the characters of its infinitive phrase ("lift its ban")."""
    if not any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children):
        return []
    found = []
    for conj in verb.children:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in conj.children)
        if conj.dep_ == "conj" and conj.tag_ == "VB" and infinitive and gapped_clause(conj):
            subject = next(c for c in conj.children if c.dep_ in ("nsubj", "nsubjpass"))
            found.append((subject, phrase_range(conj, end_token=conj.right_edge)))
    return found


@rule("no-trips", off=PASS)
def no_trips(verbs: list[Token]) -> list[Token]:
    """ "plans to travel to the fair": travel is no undertaking on an outcome (news gold: a trip)."""
    return [w for w in verbs if w.lemma_ not in TRIPS or not_travel(w)]


@rule("go-ahead", off=False)
def not_travel(verb: Token) -> bool:
    """ "agreed to go ahead with the merger", "urged volunteers to go looking for the lost boat": "go" with
    "ahead" or with a participle is to proceed or to set about, not a trip."""
    return verb.lemma_ == "go" and any(
        (c.dep_ in ("prt", "advmod") and c.lower_ == "ahead")
        or (c.dep_ in ("xcomp", "advcl") and c.tag_ == "VBG")
        for c in verb.children
    )


@rule("will-clause")
def will_clause(v: Verb) -> Spans | None:
    """ "Kestonia will build, staff and run a clinic": the verb phrase from the verb on."""
    if v.needs != "will":
        return None
    end = own_clause_end(v.token.right_edge, v.token)
    return [trim(doc_text(v.token.doc), v.token.idx, end.idx + len(end))]


@rule("own-clause-only", off=PASS)
def own_clause_end(end: Token, verb: Token) -> Token:
    """ "..., and Kestonia will provide the ships": another actor's clause ends the outcome."""
    end = subordinate_clause_end(end, verb)
    clauses = [c for c in verb.children if c.dep_ == "conj" and any(g.dep_ == "nsubj" for g in c.children)]
    if not clauses:
        return end
    end = verb.doc[min(c.left_edge.i for c in clauses) - 1]
    while end.i > verb.i and (end.is_punct or end.dep_ == "cc"):
        end = verb.doc[end.i - 1]
    return end


# Conjunctions of a subordinate clause that comments on the act ("..., even as he criticised X").
SUBORDINATORS = frozenset(["as", "while", "although", "though", "because", "since", "whereas"])


@rule("subordinate-clause-end", off=PASS)
def subordinate_clause_end(end: Token, verb: Token) -> Token:
    """ "will back the Tarsk budget, even as he has mocked it", "would close the mine, although
    ...": a subordinate clause after a comma comments on the act; the outcome ends before it."""
    for clause in verb.children:
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in SUBORDINATORS), None)
        if clause.dep_ != "advcl" or mark is None or clause.i < verb.i:
            continue
        before = verb.doc[clause.left_edge.i - 1]
        if before.text == "," and before.i < end.i:
            last = verb.doc[before.i - 1]
            return last if last.i < end.i else end
    return end


_CLAUSE_OWN = frozenset(["nsubj", "nsubjpass", "aux", "auxpass"])
# Proposal verbs whose object may be a gerund clause ("proposed screening X", "suggested closing Y").
GERUND_PROPOSALS = frozenset(["propose", "suggest"])


@rule("gerund-object")
def gerund_object(v: Verb) -> Spans | None:
    """ "endorsed boycotting the contest", "proposed screening all ferries": a gerund clause is the
    object (of a proposal verb too, whatever else it may take). Not a clause in the progressive
    ("suggested the ferry was losing money"): with a subject or an auxiliary of its own it states
    something, which the claim reports."""
    gerund = next((c for c in v.children if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"), None)
    if v.obj is None and gerund is not None and (v.needs == "object" or v.token.lemma_ in GERUND_PROPOSALS):
        return [] if any(c.dep_ in _CLAUSE_OWN for c in gerund.children) else [phrase_range(gerund)]
    return None


@rule("call-for")
def call_for(v: Verb) -> Spans | None:
    """ "called for joint action", "called for member states to raise fees"."""
    if v.needs != "call":
        return None
    prep = next((c for c in v.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return [phrase_range(target)] if target is not None and not is_time(target) else []


# The frames in the order they are tried: the first that applies gives the outcome.
FRAMES: tuple[tuple[str, Callable[[Verb], Spans | None]], ...] = (
    ("work-towards", work_towards),
    ("call-for-subject", call_for_subject),
    ("mandative-clause", mandative_clause),
    ("call-on-addressee", call_on_addressee),
    ("call-for-before-infinitive", called_for_first),
    ("intended-for-others", intended_for_others),
    ("infinitive-outcome", infinitive_outcome),
    ("will-clause", will_clause),
    ("gerund-object", gerund_object),
    ("call-for", call_for),
    ("measure-or-body", measure_or_body),
    ("deal-object", deal_object),
    ("agree-on", agree_on),
    ("proposal-with", proposal_with),
    ("non-outcome-object", non_outcome_object),
    ("urged-object", urged_object),
    ("refused-object", refused_object),
    ("statement-object", statement_object),
    ("denounced-person", denounced_person),
    ("object-outcome", object_outcome),
)
