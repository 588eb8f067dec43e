"""The word lists extraction runs on, read from the TSV files beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.rules import rule

_DIR = Path(__file__).with_name("lexicons")


def _rows(name: str) -> list[list[str]]:
    lines = (_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Cue:
    """An attribution cue (lexicons/cues.tsv): where its content sits, and who may be its source."""

    lemma: str
    frames: tuple[str, ...]  # in the order tried: clause, object, object-as, object-pred, to, of, ...
    documents: bool  # a report, poll or study may be its source
    evidence: bool = False  # anything named may be its source ("the numbers show")
    writing: bool = False  # only a text may be its source: "the letter reads", not "she read it"


@dataclass(frozen=True)
class AgreementVerb:
    status: str
    # "-", "object", "deal" (a deal noun as object), "proposal", "to" (an infinitive), "to-future",
    # "measure" / "body" (an object of OBJECT_CLASSES), "call" ("called for X", "called on A to X")
    needs: str


@rule("stance-cues", off=False)
def _stance_cues() -> bool:
    """X defended A; X dismissed A as B; X slammed A for B: a stance voiced is a claim (cues.tsv)."""
    return True


@rule("beliefs-are-no-claims", off=False)
def _beliefs_are_no_claims() -> bool:
    """X believes A; X hopes that A; X wants to B: a belief held, not said, is no claim (GUIDELINES.md;
    cues.tsv belief rows). PolNeAR counts them: KG_RULES_OFF=beliefs-are-no-claims keeps them."""
    return True


@rule("directive-cues", off=False)
def _directive_cues() -> bool:
    """X demanded that A; X proposed A: a directive or commitment reported (cues.tsv directive rows)."""
    return True


@rule("manner-cues", off=False)
def _manner_cues() -> bool:
    """'"No deal," X scoffed'; X quipped that A: a verb of how something was said reports it
    (cues.tsv manner rows), with a quotation or a clause only: "the crowd roared" says nothing."""
    return True


@rule("polnear-cues", off=False)
def _polnear_cues() -> bool:
    """X talked about A; X portrayed A as B; X lamented A: verbs PolNeAR annotates as cues (cues.tsv)."""
    return True


# Which cue rows are in use: "speech" always, each other family while its rule stands.
_FAMILIES = {
    "speech": True,
    "stance": _stance_cues(),
    "belief": not _beliefs_are_no_claims(),
    "directive": _directive_cues(),
    "polnear": _polnear_cues(),
    "manner": _manner_cues(),
}
CUES: dict[str, Cue] = {}
for _row in _rows("cues.tsv"):  # a lemma listed twice takes the frames of both rows
    if not _FAMILIES[_row[3]]:
        continue
    _known = CUES.get(_row[0])
    _frames = tuple(dict.fromkeys([*(_known.frames if _known else ()), *_row[1].split(",")]))
    _evidence = _row[2] == "any" or bool(_known and _known.evidence)
    _writing = _row[2] == "only" and not _known
    CUES[_row[0]] = Cue(
        _row[0], _frames, _row[2] != "no" or bool(_known and _known.documents), _evidence, _writing
    )
CUE_VERBS: frozenset[str] = frozenset(CUES)
AGREEMENT_VERBS: dict[str, AgreementVerb] = {
    row[0]: AgreementVerb(row[1], row[2]) for row in _rows("agreements.tsv")
}
AGREEMENT_NOUNS: dict[str, tuple[str, str]] = {row[0]: (row[1], row[2]) for row in _rows("nouns.tsv")}
# Nouns that may speak without a name, by class (document, group, person, body, some, share,
# not-people, issued).
SOURCE_NOUNS: dict[str, frozenset[str]] = {
    kind: frozenset(row[0] for row in _rows("sources.tsv") if row[1] == kind)
    for kind in ("document", "group", "person", "body", "some", "share", "not-people", "issued")
}
# Role nouns that name one person, with the forms a name carries the role in ("gov.").
ROLE_FORMS: dict[str, tuple[str, ...]] = {row[0]: tuple(row[1].split(",")) for row in _rows("roles.tsv")}
SPEAKING_INSTITUTIONS: frozenset[str] = frozenset(row[0] for row in _rows("institutions.tsv"))
COLLECTIVES: frozenset[str] = frozenset(row[0] for row in _rows("collectives.tsv"))
COMPANY_SUFFIXES: frozenset[str] = frozenset(row[0] for row in _rows("company_suffixes.tsv"))
NON_COMMITMENTS: frozenset[str] = frozenset(row[0] for row in _rows("non_commitments.tsv"))
DEAL_TERMS: frozenset[str] = frozenset(row[0] for row in _rows("deal_terms.tsv"))
NON_OUTCOMES: frozenset[str] = frozenset(row[0] for row in _rows("non_outcomes.tsv"))
HEADLINE_STOPS: frozenset[str] = frozenset(row[0] for row in _rows("headline_stops.tsv"))
# What "pass" (a measure) and "join" (a body) need as object: needs -> nouns.
OBJECT_CLASSES: dict[str, frozenset[str]] = {
    kind: frozenset(row[0] for row in _rows("measures.tsv") if row[1] == kind) for kind in ("measure", "body")
}

# Collective references to the parties in context (resolved in kg.resolve).
GROUP_HEADS = frozenset(
    [
        "sides",
        "parties",
        "countries",
        "nations",
        "governments",
        "delegations",
        "leaders",
        "teams",
        "negotiators",
        "allies",
        "partners",
        "states",
        "capitals",
        "powers",
    ]
)
GROUP_DETERMINERS = frozenset(["both", "two", "all", "the"])
# "the two countries / companies / leaders": the kind of actor a counted collective stands for.
COLLECTIVE_KINDS = {
    **dict.fromkeys(
        "country nation government state capital countries nations governments states".split(), "country"
    ),
    **dict.fromkeys(
        "company firm agency organisation organization group bank carrier companies firms agencies "
        "organisations organizations groups banks carriers".split(),
        "organization",
    ),
    **dict.fromkeys(
        "leader president minister man woman leaders presidents ministers men women".split(), "person"
    ),
}
# Heads that make a demonym or country phrase stand for that country ("the Russian delegation").
GOVERNMENT_HEADS = frozenset(
    [
        "side",
        "delegation",
        "team",
        "government",
        "administration",
        "officials",
        "authorities",
        "negotiators",
        "diplomats",
        "leadership",
        "cabinet",
        "ministry",
    ]
)
# Words that make an event hypothetical, obligatory or not (yet) real.
UNREAL_MARKERS = frozenset(
    [
        "may",
        "might",
        "can",
        "could",
        "would",
        "should",
        "must",
        "if",
        "unless",
        "whether",
        "yet",
        "unlikely",
        "fail",
        # "will likely sit out", "would probably back": a forecast, not an undertaking
        "likely",
        "probably",
        # "seldom asks aides to campaign on her behalf": almost never, a habit denied, no act
        "rarely",
        "seldom",
        "hardly",
    ]
)
PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "it": "organization",
    "they": "group",
    "we": "group",
    "i": "person",
    "his": "person",  # the owner in "his claim that ..."
    "its": "organization",
    "their": "group",
}
GIVEN_NAME_GENDER: dict[str, str] = {row[0]: row[1] for row in _rows("given_names.tsv")}
HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "madam": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "dame": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
    "congresswoman": "f",
    "spokesman": "m",
    "chairman": "m",
    "congressman": "m",
}
# Lower-case particles inside personal names ("Mohammed bin Salman", "Ursula von der Leyen",
# "Luiz Inácio Lula da Silva"): part of the name, and with the surname a short form of it.
NAME_PARTICLES = frozenset(
    "bin bint ibn al el abu de del della der di da dos du la le van von ter ten".split()
)
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# Heads of definite descriptions that stand for the last organisation named ("the company said").
ORGANISATION_HEADS = frozenset(
    "company firm group agency organisation organization bank carrier airline automaker carmaker retailer "
    "lender insurer party ministry department union council committee commission court club team league "
    "board office authority regulator institute university hospital charity network broadcaster "
    "newspaper maker manufacturer producer operator developer startup conglomerate fund district "
    "association federation".split()
)
ANTONYMS: frozenset[frozenset[str]] = frozenset(frozenset(row[:2]) for row in _rows("antonyms.tsv"))


def _classes(name: str) -> dict[str, frozenset[str]]:
    """Read a word<TAB>class file into class -> words."""
    out: dict[str, set[str]] = {}
    for word, kind in _rows(name):
        out.setdefault(kind, set()).add(word)
    return {kind: frozenset(words) for kind, words in out.items()}


# The small word classes of the agreement rules (lexicons/agreement_words.tsv).
_AGREEMENT_WORDS = _classes("agreement_words.tsv")
TRIPS = _AGREEMENT_WORDS["trips"]
STATEMENTS = _AGREEMENT_WORDS["statements"]
DOCUMENTS = _AGREEMENT_WORDS["documents"]
ANAPHORIC_NOUNS = _AGREEMENT_WORDS["anaphoric"]
PLAN_VERBS = _AGREEMENT_WORDS["plan_verbs"]
GOALS = _AGREEMENT_WORDS["goals"]
MEETING_VERBS = _AGREEMENT_WORDS["meeting_verbs"]
MEETING_NOUNS = _AGREEMENT_WORDS["meeting_nouns"]
SPEECH_OBJECTS = _AGREEMENT_WORDS["speech_objects"]
UNREAL_GOVERNORS = _AGREEMENT_WORDS["unreal_governors"]
