"""Resolution: every mention becomes an Actor, the same node in every article.

Rules, in order:
1. the gazetteer (ontology/gazetteer.ttl): names, aliases, demonyms and capitals of
   frequent actors ("U.S.", "American side", "Washington" -> United States);
2. government phrases: a place plus a head such as delegation / side / team / officials
   ("the Russian delegation", "US team") -> that country;
3. collectives ("both sides", "they", "the parties") -> the parties of the meeting or the
   multi-party agreement last reported before them;
4. names: people by their full name with transliterations folded ("Yury" = "Yuri"),
   organisations by name; unnamed institutions ("the ministry") stay within their article.
A bare surname never merges with a person of another article: that needs a full name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.extract.lexicon import GOVERNMENT_HEADS, NAME_PARTICLES
from kg.extract.model import Agreement, Extraction, Mention
from kg.extract.parties import UNRESOLVED
from kg.resolve.names import derives_from, expands, is_acronym, readable_id
from kg.vocab import ACTOR_BASE, CG, CLASS_KIND, KIND_CLASS, SCHEMA, actor_iri

GAZETTEER = Path(__file__).resolve().parents[2] / "ontology" / "gazetteer.ttl"

# Spelling variants of transliterated names, folded to one key (BGN/PCGN vs. common English
# forms of Russian, Ukrainian and Arabic names): "Yury"/"Yuri", "Sergey"/"Sergei", "Zelenskyy".
_TRANSLITERATION = (
    (re.compile(r"(?<=\w)(?:iy|yy|ij|y)\b"), "i"),
    (re.compile(r"(?<=\w)ey\b"), "ei"),
    (re.compile(r"(?<=\w)iy"), "i"),
    (re.compile(r"ou(?=\w)"), "u"),
    (re.compile(r"(?<=\w)kh"), "h"),
)


@dataclass(frozen=True)
class Actor:
    id: str  # slug of the actor IRI
    name: str  # canonical label
    kind: str  # person | organization | country | group
    aliases: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    represents: frozenset[str] = frozenset()  # ids of actors
    same_as: str | None = None

    @property
    def iri(self) -> URIRef:
        return actor_iri(self.id)


@dataclass(frozen=True)
class Resolution:
    """The actors of one article, and who each claim and agreement refers to."""

    actors: dict[str, Actor]
    speakers: tuple[Actor, ...]  # one per claim
    parties: tuple[tuple[Actor, ...], ...]  # one tuple per agreement
    attributed: tuple[Actor | None, ...]  # one per agreement
    # per agreement, the party phrases no rule could resolve ("they" with nobody before it):
    # such an agreement is kept but flagged, never stored with an actor named "they"
    unresolved: tuple[tuple[str, ...], ...] = ()
    _aliases: dict[str, set[str]] = field(default_factory=dict, repr=False)


def resolve(extraction: Extraction, *, article_id: str, known: dict[str, str] | None = None) -> Resolution:
    """Return the actors of an article's mentions.

    `known` maps actor ids already in the store to their labels, so a later article
    keeps the canonical name an earlier one gave ("Yuri Ushakov", not "Yury Ushakov").
    """
    places = [m.name for m in extraction.named if m.kind == "country"]
    mentions = [
        *extraction.named,
        *(c.speaker for c in extraction.claims),
        *(m for a in extraction.agreements for m in a.parties),
    ]
    builder = _Builder(article_id, known or {}, places, mentions)
    context = _PartyContext()
    speakers = []
    for claim in extraction.claims:
        speakers.append(builder.actor(claim.speaker))
    events = sorted(
        [(a.sentence.start, "agreement", a.parties) for a in extraction.agreements]
        + [(m.sentence.start, "meeting", m.parties) for m in extraction.meetings],
        key=lambda e: e[0],
    )
    for start, _, mentions in events:
        # named parties only: "officials met ..." sets no context and makes no actor
        named = [builder.actor(m) for m in mentions if m.kind not in ("group", "generic", UNRESOLVED)]
        if len({a.id for a in named}) >= 2:
            context.add(start, named)
    for mention in extraction.named:  # every named actor, with the alias used here
        if mention.kind == "person" or builder.known_name(mention):
            builder.actor(mention)
    for membership in extraction.memberships:  # "the Russian delegation, led by X": X represents Russia
        group = builder.actor(membership.group)
        builder.represents(builder.actor(membership.member), group)
    parties, attributed, unresolved = [], [], []
    for agreement in extraction.agreements:
        resolved: list[Actor] = []
        missing: list[str] = []
        for mention in agreement.parties:
            if mention.kind == "group":
                members = _not_addressed(context.at(mention.span.start), agreement)
                resolved += [builder.alias(a, mention) for a in members]
                missing += [] if members else [mention.span.text]
            elif mention.kind == UNRESOLVED:
                missing.append(mention.span.text)
            else:
                resolved.append(builder.actor(mention))
        parties.append(tuple(dict((a.id, a) for a in resolved).values()))
        unresolved.append(tuple(missing))
        attributed.append(builder.actor(agreement.attributed_to) if agreement.attributed_to else None)
    return Resolution(builder.finish(), tuple(speakers), tuple(parties), tuple(attributed), tuple(unresolved))


def _not_addressed(members: list[Actor], agreement: Agreement) -> list[Actor]:
    """The parties of the last event, unless the words between the verb and the outcome name
    one of them: "They called on Turkey to halt ..." after a Turkey-Libya deal is not Turkey
    calling on itself."""
    offset = agreement.sentence.start
    text = agreement.sentence.text[agreement.trigger.end - offset : agreement.outcome.start - offset]
    words = set(re.findall(r"[\w'-]+", text))
    named = any(set(name.split()) <= words for a in members for name in (a.name, *a.aliases) if name)
    return [] if named else members


# --- the gazetteer ------------------------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, Actor]  # id -> actor
    by_name: dict[str, str]  # exact alias -> id (case-sensitive, for "US", "WHO")
    by_key: dict[str, str]  # folded alias -> id

    def find(self, name: str) -> Actor | None:
        hit = self.by_name.get(name) or self.by_name.get(_strip_the(name))
        if hit is None:
            key = name_key(name)
            hit = self.by_key.get(key)
        return self.entries.get(hit) if hit else None


@lru_cache(maxsize=1)
def gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """Return the gazetteer of frequent world actors (read once)."""
    graph = Graph().parse(path)
    entries, by_name, by_key = {}, {}, {}
    for subject in set(graph.subjects(RDF.type, None)):
        kinds = [CLASS_KIND[str(c)] for c in graph.objects(subject, RDF.type) if str(c) in CLASS_KIND]
        if not kinds or not str(subject).startswith(ACTOR_BASE):
            continue
        actor_id = str(subject)[len(ACTOR_BASE) :]
        label = str(graph.value(subject, RDFS.label))
        names = {label, *map(str, graph.objects(subject, SKOS.altLabel))}
        names |= set(map(str, graph.objects(subject, CG.demonym))) | set(
            map(str, graph.objects(subject, CG.capital))
        )
        same_as = graph.value(subject, SCHEMA.sameAs)
        represents = frozenset(str(o)[len(ACTOR_BASE) :] for o in graph.objects(subject, CG.represents))
        roles = frozenset(map(str, graph.objects(subject, CG.role)))
        entries[actor_id] = Actor(
            actor_id, label, kinds[0], frozenset(), roles, represents, str(same_as) if same_as else None
        )
        for name in names:
            by_name.setdefault(name, actor_id)
            if not (len(name) <= 3 and name.isupper()):  # "US", "WHO", "AU" only match as written
                by_key.setdefault(name_key(name), actor_id)
    return Gazetteer(entries, by_name, by_key)


# --- names --------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """Return the folded form two spellings of one name share ("Yury Ushakov" -> "yuri ushakov")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text).replace("-", " ")
    text = _strip_the(" ".join(text.split()))
    for pattern, replacement in _TRANSLITERATION:
        text = pattern.sub(replacement, text)
    return text


def slug(text: str) -> str:
    """Return an IRI-safe slug of a name key."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "actor"


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


_KEY_INDEX: dict[int, tuple[int, dict[str, str]]] = {}


def _known_keys(known: dict[str, str]) -> dict[str, str]:
    """Name key -> id of the stored actors, indexed once per `known` map and extended as it grows
    (ingest adds each article's actors to the same map)."""
    count, index = _KEY_INDEX.get(id(known), (0, {}))
    if count > len(known):
        count, index = 0, {}
    for actor_id, label in itertools.islice(known.items(), count, None):
        index.setdefault(name_key(label), actor_id)
    _KEY_INDEX.clear()  # one map at a time: ingest reuses one, tests make many
    _KEY_INDEX[id(known)] = (len(known), index)
    return index


class _PartyContext:
    """Multi-party events in text order: what a collective ("both sides") stands for."""

    def __init__(self) -> None:
        self.events: list[tuple[int, list[Actor]]] = []

    def add(self, start: int, actors: list[Actor]) -> None:
        self.events.append((start, actors))

    def at(self, start: int) -> list[Actor]:
        before = [actors for s, actors in self.events if s <= start]
        if before:
            return before[-1]
        return self.events[0][1] if self.events else []


class _Builder:
    """Collects the actors of one article with the aliases and roles seen in it."""

    def __init__(
        self, article_id: str, known: dict[str, str], places: list[str], mentions: list[Mention]
    ) -> None:
        self.article_id = article_id
        self.known = known
        self.known_keys = _known_keys(known)
        self.ids: dict[str, str] = {}  # name key -> id given in this article
        self.places = list(dict.fromkeys(places))  # the places this article names
        # long names an acronym of this article may stand for ("Rapid Support Forces" for RSF)
        self.long_names = list(
            dict.fromkeys(m.name for m in mentions if m.kind in ("organization", "generic"))
        )
        # names the article gives persons: such a name tagged as a place or body is still a person
        self.person_names = {m.name for m in mentions if m.kind == "person" and " " in m.name}
        self.actors: dict[str, Actor] = {}
        self.gazetteer = gazetteer()

    def actor(self, mention: Mention) -> Actor:
        base = self._identify(mention)
        actor = self.alias(base, mention)
        if mention.role:
            actor = self._with_role(actor, mention.role)
        return actor

    def alias(self, actor: Actor, mention: Mention) -> Actor:
        """Record the surface form of `mention` as an alias of `actor`."""
        current = self.actors.get(actor.id, actor)
        names = {mention.name, mention.span.text} - {current.name}
        names = {n for n in names if (n and n[0].isupper()) or n.lower().startswith("the ")}
        if mention.kind == "group" or mention.span.text.lower() in ("he", "she", "it", "they", "we", "i"):
            names = {n for n in names if n == mention.name and mention.kind != "group"}
        updated = Actor(
            current.id,
            current.name,
            current.kind,
            current.aliases | names,
            current.roles,
            current.represents,
            current.same_as,
        )
        self.actors[actor.id] = updated
        return updated

    def known_name(self, mention: Mention) -> bool:
        """Whether a name is worth an actor node: in the gazetteer, or a multi-word organisation name."""
        if self.gazetteer.find(mention.name) or self._government(mention.name):
            return True
        words = mention.name.split()
        return (
            mention.kind == "organization"
            and len(words) >= 2
            and "-" not in mention.name
            and words[0][:1].isupper()
        )

    def represents(self, actor: Actor, group: Actor) -> None:
        if group.kind not in ("country", "organization") or group.id == actor.id:
            return
        current = self.actors.get(actor.id, actor)
        self.actors[actor.id] = Actor(
            current.id,
            current.name,
            current.kind,
            current.aliases,
            current.roles,
            current.represents | {group.id},
            current.same_as,
        )

    def finish(self) -> dict[str, Actor]:
        return self.actors

    def _identify(self, mention: Mention) -> Actor:
        if mention.kind == "group":
            return Actor(f"{self.article_id}-{readable_id(mention.name)}", mention.name, "group")
        found = self.gazetteer.find(mention.name)  # the gazetteer's (Wikidata's) type wins
        if found is None:
            found = self._government(mention.name)
        if found is None and is_acronym(mention.name):  # "RSF" after "the Rapid Support Forces"
            long = next((n for n in self.long_names if expands(mention.name, n)), None)
            if long is not None:
                return self._identify(Mention(mention.span, long, "organization"))
        place = self._local_place(mention.name) if mention.kind == "country" else None
        if found is None and place is not None and place != mention.name:  # "Solvarian" -> Solvaria
            mention = Mention(mention.span, place, "country")
            found = self.gazetteer.find(place)
        if found is not None:
            return self._stored(found)
        if re.search(r"['’]s$", mention.name):  # "Kennedy Space Center's": the owner, not a fragment
            mention = Mention(mention.span, re.sub(r"['’]s$", "", mention.name), mention.kind, mention.role)
        key = name_key(mention.name)
        if mention.kind in ("generic", "unnamed"):  # an unnamed source stays within its article
            return Actor(
                f"{self.article_id}-{readable_id(mention.name)}", _strip_the(mention.name), "organization"
            )
        kind = mention.kind if mention.kind in KIND_CLASS else "organization"
        if kind in ("country", "organization") and (
            mention.role or mention.name in self.person_names or key.split()[0] in NAME_PARTICLES
        ):
            kind = "person"  # a name the article gives a person ("bin Salman") is never a country
        if kind == "person" and (" " not in key or key.split()[0] in NAME_PARTICLES):
            # a bare surname ("Ushakov", "bin Salman") stays within its article
            actor_id = f"{self.article_id}-{readable_id(mention.name)}"
        else:
            actor_id = self.known_keys.get(key) or self.ids.setdefault(key, readable_id(mention.name))
        name = self.known.get(actor_id) or _strip_the(mention.name)
        return Actor(actor_id, name, kind)

    def _government(self, name: str) -> Actor | None:
        words = _strip_the(name).split()
        if len(words) >= 2 and words[-1].lower() in GOVERNMENT_HEADS:
            modifier = " ".join(words[:-1])
            place = self.gazetteer.find(modifier)
            if place is not None and place.kind == "country":
                return place
            local = self._local_place(modifier)
            if local is not None:  # "the Solvarian delegation" in an article about Solvaria
                actor_id = self.known_keys.get(name_key(local)) or self.ids.setdefault(
                    name_key(local), readable_id(local)
                )
                return Actor(actor_id, self.known.get(actor_id) or local, "country")
        return None

    def _local_place(self, demonym: str) -> str | None:
        """Return the place of this article a demonym derives from ("Kaldoran" from "Kaldora"),
        by a demonym suffix only: "Omaha" is not "Oman"."""
        found = next((place for place in self.places if derives_from(demonym, place)), None)
        if found is not None:
            return found
        key = name_key(demonym)
        return next((place for place in self.places if name_key(place) == key), None) if key else None

    def _stored(self, actor: Actor) -> Actor:
        name = self.known.get(actor.id) or actor.name
        return Actor(actor.id, name, actor.kind, actor.aliases, actor.roles, actor.represents, actor.same_as)

    def _with_role(self, actor: Actor, role: str) -> Actor:
        words = role.split()
        represents = set(actor.represents)
        # A leading country or organisation in a role ("Russian presidential aide", "U.S. Secretary of
        # State", "State Department spokesperson") says whom the person represents; the rest is the role.
        for n in (3, 2, 1):
            found = self.gazetteer.find(" ".join(words[:n])) if len(words) > n else None
            if found is not None and found.kind in ("country", "organization"):
                represents.add(found.id)
                words = words[n:]
                break
        current = self.actors.get(actor.id, actor)
        updated = Actor(
            current.id,
            current.name,
            current.kind,
            current.aliases,
            current.roles | {" ".join(words)},
            frozenset(represents | current.represents),
            current.same_as,
        )
        self.actors[actor.id] = updated
        return updated
