"""Resolution: every mention becomes an Actor, the same node in every article.

Rules, in order:
1. the gazetteer (ontology/gazetteer.ttl): names, aliases, demonyms and capitals of
   frequent actors ("U.S.", "American side", "Washington" -> United States);
2. government phrases: a place plus a head such as delegation / side / team / officials
   ("the Russian delegation", "US team") -> that country;
3. collectives ("both sides", "they", "the parties") -> the parties of the meeting or the
   multi-party agreement last reported before them;
4. names: people by their full name with transliterations folded ("Yury" = "Yuri"),
   organisations by name; a source described but not named ("officials", "the ministry", "a
   report") is an unnamed source (kind "unnamed", cg:UnnamedSource) of its article only.
A bare surname never merges with a person of another article: that needs a full name.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from kg.extract.lexicon import GOVERNMENT_HEADS, NAME_PARTICLES
from kg.extract.model import Agreement, Extraction, Mention
from kg.extract.parties import UNRESOLVED
from kg.resolve.gazetteer import Actor, Gazetteer, gazetteer, name_key, strip_the
from kg.resolve.names import (
    derives_from,
    expands,
    is_acronym,
    is_description,
    party_of_members,
    readable_id,
    with_suffix,
)
from kg.rules import PASS, rule
from kg.vocab import KIND_CLASS, UNNAMED

__all__ = ["Actor", "Resolution", "gazetteer", "name_key", "resolve"]


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
    keeps the canonical name an earlier one gave ("Yuri Varenko", not "Yury Varenko").
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
        reporter = _named_reporter(agreement.attributed_to)
        attributed.append(builder.actor(reporter) if reporter is not None else None)
    return Resolution(builder.finish(), tuple(speakers), tuple(parties), tuple(attributed), tuple(unresolved))


@rule("unnamed-reporter", off=PASS)
def _named_reporter(reporter: Mention | None) -> Mention | None:
    """ "The leaders of A and B say they have agreed ...": a collective that reports an agreement
    is its parties, already stored as such; it is no reporter, and never an actor named "they"."""
    if reporter is not None and reporter.kind in ("group", UNRESOLVED):
        return None
    return reporter


@rule("not-its-own-addressee", off=PASS)
def _not_addressed(members: list[Actor], agreement: Agreement) -> list[Actor]:
    """The parties of the last event, unless the words between the verb and the outcome name
    one of them: "They urged Kestonia to stop ..." after a Vardania-Kestonia deal is not Kestonia
    urging itself (nor is "They called on Kestonia to stop ...", whose outcome starts with it)."""
    offset = agreement.sentence.start
    text = agreement.sentence.text[agreement.trigger.end - offset : agreement.outcome.start - offset]
    if re.search(r"\b(on|upon)\s*$", text):  # "called on Kestonia to stop": the outcome names it first
        text += " " + agreement.outcome.text.split(" to ", 1)[0]
    words = set(re.findall(r"[\w'-]+", text))
    named = any(set(name.split()) <= words for a in members for name in (a.name, *a.aliases) if name)
    return [] if named else members


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

    @rule("last-event-parties", off=[])
    def at(self, start: int) -> list[Actor]:
        """ "They agreed", "both sides signed": the parties of the last multi-party event before."""
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
        self.first_named: dict[str, int] = {}  # name -> where the article first gives it
        for m in mentions:
            self.first_named.setdefault(m.name, m.span.start)
        # names the article gives persons: such a name tagged as a place or body is still a person
        self.person_names = {m.name for m in mentions if m.kind == "person" and " " in m.name}
        self.actors: dict[str, Actor] = {}
        self.gazetteer = gazetteer()

    def actor(self, mention: Mention) -> Actor:
        mention = _without_possessive(mention)
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
        # Named bodies only. A body the article describes but does not name ("the ministry") is an
        # unnamed source of that article, and a person shared by every article naming them would
        # carry a link into one article's description: the words are kept as the person's role
        # ("spokesman for the ministry"), which is what a reader needs. (Memberships come from
        # named delegations only, kg.extract.delegations, so no link the store had is lost.)
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
        if found is None and is_acronym(mention.name):
            long = self._spelled_out(mention.name)
            if long is not None:
                return self._identify(Mention(mention.span, long, "organization"))
        long = self._full_company_name(mention) if mention.kind in ("organization", "person") else None
        long = long or self._party_of_members(mention.name)
        if found is None and long is not None:
            return self._identify(Mention(mention.span, long, "organization"))
        place = self._local_place(mention.name) if mention.kind == "country" else None
        if found is None and place is not None and place != mention.name:  # "Solvarian" -> Solvaria
            mention = Mention(mention.span, place, "country")
            found = self.gazetteer.find(place)
        if found is not None:
            return self._stored(found)
        key = name_key(mention.name)
        if mention.kind in ("generic", UNNAMED) or is_description(mention.name):
            # described, not named: a source of this article only
            return Actor(f"{self.article_id}-{readable_id(mention.name)}", strip_the(mention.name), UNNAMED)
        kind = mention.kind if mention.kind in KIND_CLASS else "organization"
        if kind in ("country", "organization") and _person_name(mention, self.person_names):
            kind = "person"
        full = self._full_person_name(mention.name) if kind == "person" else None
        if full is not None:
            return self._identify(Mention(mention.span, full, "person", mention.role))
        if kind == "person" and _bare_surname(key):
            actor_id = f"{self.article_id}-{readable_id(mention.name)}"
        else:
            actor_id = self.known_keys.get(key) or self.ids.setdefault(key, readable_id(mention.name))
        name = self.known.get(actor_id) or strip_the(mention.name)
        return Actor(actor_id, name, kind)

    @rule("surname-of-a-named-person")
    def _full_person_name(self, name: str) -> str | None:
        """ "Dr. Varga" after "Ilse Marit Varga", whose full name the extraction took from an
        apposition the tagger did not call a person: a bare surname is the one person of this
        article whose name ends with it, named before it. Two such people anywhere in the
        article ("Hillary" and "Bill" with one surname): neither, whatever the order."""
        if " " in name:
            return None
        same = [n for n in self.person_names if n.split()[-1] == name]
        if len(same) != 1 or self.first_named.get(same[0], 0) >= self.first_named.get(name, 0):
            return None
        return same[0]

    @rule("acronym-alias")
    def _spelled_out(self, acronym: str) -> str | None:
        """ "RSF" after "the Rapid Support Forces": an acronym the article spells out is that name."""
        return next((n for n in self.long_names if expands(acronym, n)), None)

    @rule("company-short-name")
    def _full_company_name(self, mention: Mention) -> str | None:
        """ "Kestrel Snacks" after "Kestrel Snacks Ltd.": a company's name without its legal or
        group suffix is that company, when one name of the article fits. A short form the tagger
        took for a person's name is the company only after the company was named, and never a
        titled person or a lone surname: "Ben Orrin agreed to step down as chief executive of Ben
        Orrin Holdings" is the founder."""
        if mention.kind == "person" and (mention.role or " " not in mention.name):
            return None
        long = with_suffix(mention.name, self.long_names)
        if long is not None and mention.kind == "person":
            first = self.first_named.get(mention.name, mention.span.start)
            return long if self.first_named.get(long, first) < first else None
        return long

    @rule("party-of-its-members")
    def _party_of_members(self, name: str) -> str | None:
        """ "the Greens" after "the Green Alliance": members named as a plural are their party."""
        return party_of_members(name, self.long_names)

    @rule("government-phrase")
    def _government(self, name: str) -> Actor | None:
        """ "the Russian delegation", "US team", "the Solvarian side": a place and a government head."""
        words = strip_the(name).split()
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

    @rule("local-place")
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
        owner = _role_owner(words, self.gazetteer)
        if owner is not None:
            represents.add(owner[0])
            words = words[owner[1] :]
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


# "Exxon Mobil's", "Trade Unions'", "Amira Kone of": the owner phrase of a possessive, or a
# name the parser cut before its "of ...", that a rule took whole.
_POSSESSIVE_TAIL = re.compile(r"(?:['’]s|(?<=s)['’]|\s+of)$")


@rule("possessive-name", off=PASS)
def _without_possessive(mention: Mention) -> Mention:
    """ "Exxon Mobil's letter said": the actor is Exxon Mobil. A name never ends in a possessive
    (or a dangling "of"): the same actor as the bare name, never a node of its own."""
    name = _POSSESSIVE_TAIL.sub("", mention.name).strip()
    if name == mention.name or not name or mention.kind == "group":
        return mention
    return replace(mention, name=name)


@rule("person-is-no-place", off=False)
def _person_name(mention: Mention, person_names: set[str]) -> bool:
    """ "bin Salman", "Mr Kone" tagged a place or a body: a name with a role, a particle or one
    the article gives a person is a person (never a Country)."""
    return bool(
        mention.role or mention.name in person_names or name_key(mention.name).split()[0] in NAME_PARTICLES
    )


@rule("bare-surname-local", off=False)
def _bare_surname(key: str) -> bool:
    """ "Varenko", "bin Salman": a bare surname stays within its article (another article's
    "Varenko" may be someone else); only a full name merges across articles."""
    return " " not in key or key.split()[0] in NAME_PARTICLES


@rule("role-represents")
def _role_owner(words: list[str], gazetteer: Gazetteer) -> tuple[str, int] | None:
    """ "Russian presidential aide", "U.S. Secretary of State", "State Department spokesperson": a
    leading country or organisation in a role is whom the person represents (id, words it takes)."""
    for n in (3, 2, 1):
        found = gazetteer.find(" ".join(words[:n])) if len(words) > n else None
        if found is not None and found.kind in ("country", "organization"):
            return found.id, n
    return None
