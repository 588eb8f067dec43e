"""Subjects of agreement verbs: the verb's own, one it shares with its governor, a relative's antecedent."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import AGREEMENT_NOUNS, CUE_VERBS, DOCUMENTS
from kg.rules import PASS, rule


def subject_of(verb: Token) -> Token | None:
    """The subject of an agreement verb: its own (the nearest), else the one it shares."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and not stranded_object(c)] or contracted_has(
        verb
    )
    if subjects:  # the nearest: "KUALA LUMPUR (Reuters) - Malaysia and Indonesia agreed"
        return bodily_owner(antecedent(min(subjects, key=lambda c: abs(verb.i - c.i)), verb))
    controller = object_control(verb) or object_conjunct_subject(verb)
    if controller is not None:
        return controller
    governor = subject_giver(verb) or clause_before_root(verb)
    return subject_of(governor) if governor is not None else first_to_act(verb)


# Body parts a narrator makes the subject of a person's acts: "her voice broke as she urged ...".
BODY_PARTS = frozenset("eye eyes voice face hand hands heart".split())


@rule("bodily-owner", off=PASS)
def bodily_owner(subject: Token) -> Token:
    """ "Varnik's voice shook as she spoke, and urged voters to X": a body part with a
    named owner stands for its owner, who does what the shared subject does."""
    if subject.lower_ not in BODY_PARTS:
        return subject
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    return (
        owner if owner is not None and (owner.pos_ == "PROPN" or owner.lower_ in ACTOR_PRONOUNS) else subject
    )


@rule("stranded-object", off=False)
def stranded_object(subject: Token) -> bool:
    """ "Varnik called on Gov. Tom Hale (R) to resign", parsed with "Hale" a second subject and
    "on" left without its object: a noun right after a preposition with no object of its own is
    that object, never the subject."""
    if subject.i < subject.head.i or subject.left_edge.i == 0:
        return False
    before = subject.doc[subject.left_edge.i - 1]
    return before.dep_ == "prep" and before.head.i == subject.head.i and not any(before.children)


@rule("contracted-has", off=[])
def contracted_has(verb: Token) -> list[Token]:
    """ "Brenn, who's called for new berths", "Varnik's pledged to ...": a "'s" read as the passive
    "is" before a past participle with no agent is "has"; its subject acts."""
    auxpass = [c for c in verb.children if c.dep_ == "auxpass"]
    if verb.tag_ != "VBN" or [a.lower_ for a in auxpass] not in (["'s"], ["’s"]):
        return []
    if any(c.dep_ == "agent" for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


# Modifiers that make "the first member to endorse X" a statement that the member endorsed X.
ORDINALS = frozenset(["first", "second", "third", "last", "latest", "only", "next"])


@rule("first-to-act")
def first_to_act(verb: Token) -> Token | None:
    """ "Varnik was the first member of the council to endorse Brenn", "A and B became the first
    members to sign": the infinitive after "the first ..." is the copula subject's act."""
    if not has_to(verb) or verb.dep_ not in ("advcl", "relcl", "acl"):
        return None
    noun = (
        verb.head if verb.dep_ != "advcl" else next((c for c in verb.head.children if c.dep_ == "attr"), None)
    )
    if noun is None or noun.dep_ != "attr" or not any(c.lower_ in ORDINALS for c in noun.children):
        return None
    return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)


@rule("shared-subject")
def subject_giver(verb: Token) -> Token | None:
    """ "A met B and signed X", "A wants to sign X": a verb without a subject shares its governor's
    (not a cue's: "said to have agreed" is no event of the speaker)."""
    if verb.dep_ == "conj" or (verb.dep_ == "xcomp" and verb.head.lemma_ not in CUE_VERBS):
        return verb.head
    return None


# The pronouns that name an actor: "it", "this" may stand for anything ("It was a lull, suggesting ...").
ACTOR_PRONOUNS = frozenset(["he", "she", "they", "we", "i"])


@rule("participle-subject")
def participle_subject(verb: Token) -> Token | None:
    """ "Varnik toured the docks, urging the council to ...", "won the vote by pledging to ...": a
    participle clause with no subject or conjunction of its own is the act of its governor's
    subject, when that subject names an actor (a name or a personal pronoun). "Seeking to" under
    a past governor is a past attempt, like "sought to"."""
    if verb.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children):
        return None
    governor = None
    if verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
        governor = verb.head
    elif verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
        governor = verb.head.head
    elif (judged := judged_for(verb)) is not None:
        return judged
    elif (author := document_author(verb)) is not None:
        return author
    if governor is None or (verb.lemma_ in ("seek", "aim") and governor.tag_ in ("VBD", "VBN")):
        return None
    subject = subject_of(governor)
    if subject is None or not (subject.pos_ == "PROPN" or subject.lower_ in ACTOR_PRONOUNS):
        return None
    return subject


# Writings that carry their author's request or pledge: "wrote a column urging X to", "sent a
# letter calling on X to", "issued a memo instructing X to".
# ("op-ed" is tokenized "op", "-", "ed": its head is "ed"). Not a "statement": the news gold
# leaves out "released a statement boycotting X" (DOUBTS wn_08).
WRITINGS = frozenset("letter op-ed ed oped memo editorial column essay petition tweet post".split())
AUTHORING = frozenset("write pen send issue sign publish release post circulate draft tweet".split())


@rule("document-author", off=None)
def document_author(verb: Token) -> Token | None:
    """ "Brenn wrote a column urging the council to X", "Varnik sent a letter calling on B to X": a
    participle on a writing its author wrote, sent or issued is the author's act."""
    noun = verb.head
    if verb.dep_ != "acl" or noun.lemma_.lower() not in WRITINGS or noun.dep_ != "dobj":
        return None
    if noun.head.lemma_ not in AUTHORING:
        return None  # "read a letter urging her to resign": not hers
    author = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    if author is None or not (author.pos_ == "PROPN" or author.lower_ in ACTOR_PRONOUNS):
        return None
    return author


@rule("judged-for", off=None)
def judged_for(verb: Token) -> Token | None:
    """ "Varnik chastised Brenn for refusing to seek aid", "praised Kestonia for agreeing to X": the
    one judged for an act, the governing verb's named object, did it."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "for" or verb.head.head.pos_ != "VERB":
        return None
    judged = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
    if judged is None or not (judged.pos_ == "PROPN" or judged.lower_ in ACTOR_PRONOUNS) or judged.i > verb.i:
        return None
    return judged


@rule("clause-before-root")
def clause_before_root(verb: Token) -> Token | None:
    """ "Hallo Foods said it hopes to add stores up north and, within a year, plans to hire 300
    staff": the parser made the subjectless second verb the root and the first clause, with its
    "and" before the aside, its modifier; that clause's named subject is the second verb's too. A bare
    imperative ("When Arvenia signs, reject the bill") has no subject to share."""
    imperative = verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if verb.dep_ != "ROOT" or imperative:
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("advcl", "ccomp")
            and c.i < verb.i
            and any(s.dep_ == "nsubj" and s.pos_ == "PROPN" for s in c.children)
            and _joined_by_and(c, verb)
        ),
        None,
    )


def _joined_by_and(clause: Token, verb: Token) -> bool:
    """An "and" between the clause and the verb, right before the verb or an aside in commas."""
    between = clause.doc[clause.i : verb.i]
    return any(t.lower_ == "and" and (t.nbor(1).text == "," or t.i + 1 == verb.i) for t in between)


@rule("document-subject", off=False)
def document_subject(subject: Token) -> bool:
    """ "The accord aims to lower port fees", "the report calls for X": a document undertakes nothing."""
    return subject.lemma_ in AGREEMENT_NOUNS or subject.lemma_ in DOCUMENTS


@rule("relative-antecedent", off=PASS)
def antecedent(subject: Token, verb: Token) -> Token:
    """ "Hollis, which agreed to ...": a relative pronoun stands for the noun its clause modifies,
    and "Nordvik was one of the firms that agreed" for the subject of the copula."""
    if subject.lower_ not in ("that", "which", "who") or verb.dep_ != "relcl":
        return subject
    last = last_conjunct_only(verb)
    if last is not None:
        return last
    noun = appositive_anchor(verb.head)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        noun = noun.head.head  # "one of the firms that ..."
    if noun.dep_ == "attr":  # "X was one of the firms": X
        copula_subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if copula_subject is None and noun.head.dep_ == "conj":  # "X votes often and is a bully who"
            copula_subject = next((c for c in noun.head.head.children if c.dep_ == "nsubj"), None)
        return copula_subject if copula_subject is not None else noun
    return noun


def has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def singled_out(verb: Token) -> list[Token]:
    """The subject the rules below read off one name of a coordination: that name is the only party."""
    return [t for t in (last_conjunct_only(verb), object_conjunct_subject(verb)) if t is not None]


@rule("singular-relative", off=None)
def last_conjunct_only(verb: Token) -> Token | None:
    """ "candidates including Brenn and Varnik, who has opposed the levy": a relative after a comma on
    coordinated names, its verb singular, is about the last name alone."""
    names = [n for n in (verb.head, *verb.head.conjuncts) if n.pos_ == "PROPN"]
    if len(names) < 2 or verb.doc[verb.left_edge.i - 1].text != ",":
        return None
    last = max(names, key=lambda n: n.i)
    if not last.i < verb.left_edge.i or not any(
        t.tag_ == "VBZ" or t.lower_ == "was" for t in (verb, *(c for c in verb.children if c.dep_ == "aux"))
    ):
        return None
    return last


@rule("object-conjunct-subject", off=None)
def object_conjunct_subject(verb: Token) -> Token | None:
    """ "Varnik backed it and Brenn, as he had before, opposed the levy", parsed with "Brenn" a
    conjunct of "it": a name coordinated with the first verb's object and set off by a comma
    before the second verb is the second verb's subject."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    for name in obj.conjuncts if obj is not None else ():
        after = verb.doc[name.i + 1] if name.i + 1 < len(verb.doc) else None
        if name.pos_ == "PROPN" and name.i < verb.i and after is not None and after.text == ",":
            return name
    return None


@rule("relative-on-appositive", off=PASS)
def appositive_anchor(noun: Token) -> Token:
    """ "Tarsk Dockers Guild, a union which backed Varnik", "Brenn is a liar, a crook and a
    bully who has pledged ...": a relative on an appositive (or on a conjunct of one) is about
    the noun the appositive describes."""
    while noun.dep_ in ("appos", "conj") and noun.head.i != noun.i:
        noun = noun.head
    return noun


# Verbs whose object does what their infinitive says: "forced Kestonia to sign", "told B to leave".
OBJECT_CONTROL = frozenset(
    "advise allow permit let force compel persuade convince encourage invite require order tell "
    "instruct authorize authorise enable pressure press get".split()
)


@rule("object-control")
def object_control(verb: Token) -> Token | None:
    """ "forced Kestonia to sign", "persuaded the board to drop the fees": the
    infinitive after a governor's object is the object's act, not the governor's subject's
    ("used the talks to sign X" is a purpose: only verbs that ask, allow or make someone act)."""
    if verb.dep_ != "xcomp" or not has_to(verb) or verb.head.lemma_ not in OBJECT_CONTROL:
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)


# Of those, the verbs that say the object did act ("forced B to sign": B signed); the others ask
# or allow ("pressed B to sign", "allowed B to sign"): B's act is still to come.
IMPLICATIVE = frozenset("force compel persuade convince get".split())


@rule("object-control", off=False)
def requested_only(verb: Token) -> bool:
    """ "pressed Varnik to approve X", "encouraged Arvenia to sign", "allowed B to reject": the
    object's act is asked for or allowed, not done; "forced Arvenia to sign" is done."""
    return object_control(verb) is not None and verb.head.lemma_ not in IMPLICATIVE
