"""Who a reporting verb's subject is: its own subject, or, where the parser hung the cue
elsewhere, the subject of the participle, relative clause, conjunct or apposition that
carries it ("Mayor X speaking on local radio warned ...", "X, who said ...", "... said the
head of the lobby, Rolf Tamm"). Token-level: kg.extract.claims makes the speaker's mention.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import CUE_VERBS, CUES
from kg.extract.sources import DOCUMENT_NOUNS
from kg.rules import PASS, rule


@rule("statement-saying")
def statement_subject(cue: Token) -> Token | None:
    """X issued a statement saying A; X sent a letter stating A: who issued the document speaks."""
    document = cue.head
    if cue.dep_ != "acl" or cue.tag_ != "VBG" or document.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    if document.dep_ not in ("dobj", "pobj"):
        return None
    if document.dep_ == "dobj" and document.head.lemma_.lower() not in _ISSUING_VERBS:
        return None  # "police found a letter saying A": who found it did not write it
    governor = document.head if document.dep_ == "dobj" else document.head.head  # "in a statement saying"
    return next((c for c in governor.children if c.dep_ == "nsubj"), None)


# Verbs whose subject is the author of the document they take ("issued a statement saying").
_ISSUING_VERBS = frozenset(
    "issue release send write publish post sign file circulate distribute deliver put tweet email "
    "pen draft submit present unveil".split()
)


@rule("name-before")
def name_before(cue: Token) -> Token | None:
    """..., Xavier Ruiz said.: the name right before a cue the parser left without a subject."""
    if cue.i == 0 or cue.i + 1 >= len(cue.doc):
        return None
    before = cue.nbor(-1)
    if before.pos_ != "PROPN":
        return None
    if cue.nbor(1).is_punct or cue.nbor(1).pos_ == "ADP" or before.ent_type_ == "PERSON":
        return before  # "former governor Paul Brenner said his wife ...", the name hung elsewhere
    return None


@rule("name-after")
def name_after(cue: Token) -> Token | None:
    """'"...," said X': the name right after a cue that follows a quotation."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or doc[cue.i + 1].pos_ != "PROPN" or cue.i == 0 or not doc[cue.i - 1].is_punct:
        return None
    if doc[cue.i + 1].ent_type_ in ("DATE", "TIME"):
        return None  # '"...," X said Thursday': a day, not a speaker
    end = cue.i + 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        end += 1
    return doc[end]


@rule("name-before-description")
def name_before_description(cue: Token) -> Token | None:
    """Alarmed by the vote, Senator Ilse Marrow, the harbour committee's chair, said A; At the
    quay Ola Brenn (Labour) said A: a cue the parser left without a subject, right after a comma
    or a bracket, has the person named last before it when only a description of that person
    stands between (no finite verb: "X, who chairs the board, said" is parsed with its subject)."""
    doc = cue.doc
    if cue.i == 0 or cue.tag_ not in _FINITE or doc[cue.i - 1].text not in (",", ")"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in cue.children):
        return None
    sent = cue.sent
    names = [e for e in doc.ents if e.label_ == "PERSON" and sent.start <= e.start and e.end < cue.i]
    if not names:
        return None
    name = names[-1]
    if doc[name.end].text not in (",", "(") or cue.i - name.end > _DESCRIPTION_TOKENS:
        return None
    if any(t.tag_ in _FINITE or t.ent_type_ == "PERSON" for t in doc[name.end : cue.i]):
        return None
    return name[-1]


_DESCRIPTION_TOKENS = 16


NAME_LINKS = frozenset(["from", "of", "for", "on", "the", "and", "in"])


def cue_subject(verb: Token) -> Token | None:
    """Return the speaker token of a cue: its subject, or that of the verb it hangs from."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        child = _named_subject(subjects)
        if verb.dep_ == "relcl" and child.tag_ in ("WP", "WDT"):
            return _relative_antecedent(verb)
        return child
    if (agent := passive_agent(verb)) is not None:
        return agent
    if verb.dep_ == "relcl":
        return None  # "the plan Smith described": the content is outside the clause
    if verb.dep_ == "acl":
        return statement_subject(verb) or participle_before(verb)
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _conjoined_subject(verb)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG":
        return _participle_subject(verb)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        return _prepositional_participle(verb)
    return _raised_subject(verb) or _purpose_subject(verb) or participle_before(verb)


# Verbs whose purpose infinitive is done by their subject, through a medium or an occasion: "took
# to Twitter to say", "used the speech to warn", "went on the radio to deny", "visited the show
# to discuss". And verbs that make their object do it: "the loss led her to concede", "the
# question prompted him to say".
_VEHICLES = frozenset("use take go turn appear visit rush return step".split())
_CAUSES = frozenset("lead prompt force spur".split())


@rule("purpose-subject")
def _purpose_subject(verb: Token) -> Token | None:
    """X took to the radio to say A; X used the rally to warn A; the loss prompted X to say A: a
    cue in the infinitive of a verb of going to a medium or of using an occasion has that verb's
    subject; of a verb of making someone do it, that verb's object. Not what is still to come
    ("will go on the show to say", "may use it to say") nor what did not happen."""
    governor = verb.head
    infinitive = verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ not in ("xcomp", "advcl") or not infinitive or governor.i == verb.i or governor.i > verb.i:
        return None
    lemma = governor.lemma_
    if lemma not in _VEHICLES and lemma not in _CAUSES:
        return None
    entry = CUES.get(verb.lemma_)
    if entry is None or not {"clause", "object-pred", "object-as"} & set(entry.frames):
        return None  # "went to Oslo to discuss terms", "used the site to defend her": acts, no statement
    if any(
        c.dep_ == "neg" or (c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to"))
        for c in governor.children
    ):
        return None  # "did not go on to", "will use it to", "is going to take to the radio to"
    if governor.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN"):
        return None
    if lemma in _CAUSES:
        return next((c for c in governor.children if c.dep_ == "dobj"), None)
    subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    if subject is None and governor.tag_ == "VBG":
        return _participle_subject(governor)
    return subject


# Verbs (and adjectives after "be") whose infinitive does what their subject does: "went on to say",
# "continue to show", "seemed to suggest", "was quick to point out"; not "want", "refuse", "decline",
# nor "eager" (a wish: "was eager to tell reporters A, but her lawyer stopped her") or "tend"
# ("older voters tended to support the plan": a tally of habits, not a statement).
_GOING_ON = frozenset("continue begin start seem appear proceed keep quick careful".split())


@rule("raised-subject")
def _raised_subject(verb: Token) -> Token | None:
    """X went on to say A; polls continue to show A; X was quick to point out A: a cue in the
    infinitive of a verb of going on or seeming has that verb's subject. Not "X wants to say A",
    "X refused to say A": a wish or a refusal reports nothing said."""
    governor = verb.head
    infinitive = verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ not in ("xcomp", "advcl") or not infinitive or governor.i == verb.i:
        return None  # "went on to say" is parsed either way
    going_on = governor.lemma_ == "go" and any(
        c.dep_ == "prt" and c.lower_ == "on" for c in governor.children
    )
    if not (going_on or (governor.lemma_ in _GOING_ON and verb.dep_ == "xcomp")):
        return None  # "appeared before the board to discuss A": an infinitive of purpose
    if governor.pos_ == "ADJ":  # "was quick to point out": the subject is the copula's
        governor = governor.head if governor.dep_ == "acomp" else governor
    if any(c.dep_ == "neg" for c in governor.children):
        return None  # "did not go on to say"
    return next((c for c in governor.children if c.dep_ == "nsubj"), None)


@rule("passive-cue")
def passive_agent(verb: Token) -> Token | None:
    """The toll plan was criticized by the union; her resignation was confirmed by the league: the
    agent of a passive cue is its speaker (what it said is the passive's subject: frames.py)."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None or passive_patient(verb) is None:
        return None
    speaker = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if speaker is not None and speaker.ent_type_ in _TALLIES:
        return None  # "the toll was backed by 61 percent of drivers": a count, not a speaker
    return speaker


_TALLIES = frozenset(["PERCENT", "CARDINAL", "QUANTITY", "MONEY"])
# Frames that say more than the object ("attacked A for B", "described A as B"): the passive's
# subject alone is not what was said, and such verbs ("attack", "mock") are deeds as often.
_RICHER = frozenset(["object-as", "object-pred", "object+of", "object+for", "object+to", "object+about"])


def passive_patient(verb: Token) -> Token | None:
    """The subject of a passive cue that takes its content as a plain object ("confirmed A"),
    which is that content: not "X was accused by Y of B", "A was described by X as B" or "the
    depot was attacked by gunmen" (_RICHER), nor a verb that is no cue ("the appeal was lodged
    by X and asks B": the conjoined cue is the appeal's), nor a pronoun ("she was praised")."""
    entry = CUES.get(verb.lemma_)
    if entry is None or "object" not in entry.frames or any(f in _RICHER for f in entry.frames):
        return None
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is None or patient.pos_ == "PRON" or patient.tag_ in ("WDT", "WP"):
        return None
    return patient


@rule("participle-before")
def participle_before(cue: Token) -> Token | None:
    """Mayor X speaking on local radio warned A; X talking to reporters called the offer "an
    insult": with no comma, the parser makes X the subject of the participle and leaves the cue
    without one (or hangs it on a noun as a modifier). A past-tense cue with no subject, after a
    participle that has one and no finite verb between, has that subject. A participle
    modifier ("a rally called X") counts only when the sentence has no finite verb at all."""
    if cue.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    doc = cue.doc
    participle = next((t for t in reversed(doc[cue.sent.start : cue.i]) if t.tag_ == "VBG"), None)
    if participle is None or any(c.dep_ in ("aux", "auxpass") for c in participle.children):
        return None
    subject = next((c for c in participle.children if c.dep_ == "nsubj" and c.i < participle.i), None)
    if subject is None or any(t.tag_ in _FINITE for t in doc[participle.i + 1 : cue.i]):
        return None
    if cue.dep_ in ("acl", "amod") and (cue.tag_ != "VBD" and participle.dep_ != "ROOT"):
        return None  # "the ferry called Northern Star": a name, unless nothing else is the verb
    return subject


_FINITE = frozenset(["VBD", "VBZ", "VBP", "MD"])  # also read by name-before-description, above


@rule("appositive-person", off=PASS)
def person_in_apposition(subject: Token | None) -> Token | None:
    """Asian Trade–Credit Bank director Amara Diallo said, parsed with the bank as subject: the
    person in apposition to a name speaks, not the organisation."""
    if subject is None or subject.ent_type_ not in ("ORG", "GPE", "NORP"):
        return subject
    person = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return person if person is not None else subject


@rule("role-then-name", off=PASS)
def _named_subject(subjects: list[Token]) -> Token:
    """club physio Ines Varro wrote: of two subjects the parser split, the name speaks."""
    if len(subjects) > 1 and subjects[-1].pos_ == "PROPN" and subjects[0].pos_ == "NOUN":
        return subjects[-1]
    return subjects[0]


@rule("relative-clause")
def _relative_antecedent(verb: Token) -> Token | None:
    """X, who said CLAUSE: the speaker is the noun the clause hangs from."""
    return _appositive_antecedent(verb.head, verb)


@rule("appositive-antecedent", off=PASS)
def _appositive_antecedent(head: Token, verb: Token) -> Token:
    """the two holdouts, Kestrel and Brightwater, which said A: the clause hung on the description
    belongs to the names in apposition right before the relative pronoun."""
    names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < verb.i]
    if not names:
        return head
    relative = min([c.i for c in verb.children if c.dep_ == "nsubj"] or [verb.i])
    last = max(t.i for t in names[-1].subtree)
    return names[-1] if relative - last <= 2 else head


@rule("conjoined-cue")
def _conjoined_subject(verb: Token) -> Token | None:
    """X denied A and said B: a cue joined to another verb shares that verb's subject."""
    return cue_subject(verb.head)


# Prepositions after which a participle reports an act of its subject ("by saying", "after
# warning"), unlike "from", "of", "without", "to" ("refrain from attacking", "open to opposing").
_SPEAKING_PREPOSITIONS = frozenset("by after before while for in on upon since when".split())


@rule("by-saying")
def _prepositional_participle(verb: Token) -> Token | None:
    """X replied by saying A; X began by saying A: the speaker is the subject the phrase hangs from;
    but 'critics attacked X for saying A': whom a verb blames or thanks for saying A said it."""
    if verb.head.lower_ not in _SPEAKING_PREPOSITIONS:
        return None  # "refrain from attacking", "steer clear of criticizing", "without knowing": no act
    governor = verb.head.head if verb.head.lower_ == "for" else None
    target = next((c for c in governor.children if c.dep_ == "dobj"), None) if governor is not None else None
    return target if target is not None else _participle_subject(verb)


@rule("participle")
def _participle_subject(verb: Token) -> Token | None:
    """..., stating that ...: the speaker is the subject the participle hangs from."""
    fallback = None
    for ancestor in verb.ancestors:
        subj = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if ancestor.lemma_ in CUE_VERBS:
            return subj
        fallback = fallback or subj
    return fallback
