"""The graph's records: the snapshot's nodes (kg.read.graph), the facts by id that the graph
projections are built from, and the graph questions' answers (kg.read.graph_queries): actors
linked by the facts behind them. The CLI prints them, the web service returns them as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.read.records import shown
from kg.vocab import UNNAMED

# --- the snapshot's nodes ----------------------------------------------------------------------
# Facts by id, as the graph projections need them: a claim names its speaker and article by id.


@dataclass(frozen=True)
class ActorNode:
    id: str  # slug after .../id/actor/ (.../id/unnamed/ for an unnamed source)
    label: str
    type: str  # person | organization | country | group; UNNAMED for an unnamed source
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    same_as: str | None = None

    @property
    def unnamed(self) -> bool:
        return self.type == UNNAMED

    @property
    def node(self) -> str:
        return f"{'unnamed' if self.unnamed else 'actor'}/{self.id}"

    @property
    def shown(self) -> str:
        return shown(self.label, unnamed=self.unnamed)

    @property
    def names(self) -> tuple[str, ...]:
        """Return the label and every alias."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class ArticleNode:
    id: str
    title: str
    date: str | None = None  # ISO date
    publisher: str | None = None
    url: str | None = None

    @property
    def node(self) -> str:
        return f"article/{self.id}"


@dataclass(frozen=True)
class ClaimNode:
    id: str  # slug after .../id/claim/
    text: str
    cue: str
    direct: bool
    speaker: str  # actor id, or an unnamed source's (Snapshot.speaker finds either)
    article: str  # article id
    sentence: str | None = None  # the evidence sentence, as the article has it
    start: int = 0  # where the claim starts in the article, to order an article's facts

    @property
    def node(self) -> str:
        return f"claim/{self.id}"


@dataclass(frozen=True)
class AgreementNode:
    id: str  # slug after .../id/agreement/
    status: str  # agreed | proposed | intends | rejected
    outcome: str  # outcome id
    outcome_label: str
    parties: tuple[str, ...]  # actor ids
    article: str
    attributed_to: str | None = None
    sentence: str | None = None
    start: int = 0

    @property
    def node(self) -> str:
        return f"agreement/{self.id}"

    @property
    def outcome_node(self) -> str:
        return f"outcome/{self.outcome}"


# --- the graph questions' answers --------------------------------------------------------------


@dataclass(frozen=True)
class GraphActor:
    """An actor as the graph answers name it."""

    id: str
    label: str
    type: str

    @classmethod
    def of(cls, actor: ActorNode) -> GraphActor:
        return cls(actor.id, actor.label, actor.type)


@dataclass(frozen=True)
class LinkFact:
    """One fact behind a link: a claim or an agreement, where it was reported and the sentence."""

    fact: str  # claim/ID or agreement/ID
    relation: str  # co_party (agreed, proposed, ...: see status) or spoke_about
    text: str  # the claim's content or the agreement's outcome
    article: str
    title: str
    date: str | None
    sentence: str | None
    status: str | None = None  # for agreements


@dataclass(frozen=True)
class ActorLink:
    """Every fact linking two actors by one relation (co_party links are listed once, ids in order)."""

    source: str
    target: str
    relation: str
    evidence: tuple[LinkFact, ...]


@dataclass(frozen=True)
class Neighbour:
    actor: GraphActor
    distance: int


@dataclass(frozen=True)
class Neighbourhood:
    center: GraphActor
    depth: int
    actors: tuple[Neighbour, ...]  # the center first, then by distance and label
    links: tuple[ActorLink, ...]  # among those actors


@dataclass(frozen=True)
class Step:
    source: GraphActor
    target: GraphActor
    links: tuple[ActorLink, ...]  # every link between the two, in either direction


@dataclass(frozen=True)
class Path:
    actors: tuple[GraphActor, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Ranked:
    actor: GraphActor
    score: float
    claims: int  # claims the actor made
    agreements: int  # agreements (status agreed) the actor is a party to
    articles: int  # articles those come from


@dataclass(frozen=True)
class CoAgreement:
    a: GraphActor
    b: GraphActor
    count: int  # agreements both are parties to
    outcomes: tuple[str, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True)
class TimelineEntry:
    date: str | None
    article: str
    title: str
    kind: str  # claim | agreement
    relation: str  # the cue for a claim ("said"), the status for an agreement
    text: str
    fact: str
    sentence: str | None
