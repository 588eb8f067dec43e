"""What extraction produces: mentions, claims, agreements and meetings, with original offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Characters `[start, end)` of the ORIGINAL article text, and what they say."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A reference to an actor in the text.

    `name` is the fullest name the article gives for it ("Yuri Ushakov" for "He" or "Ushakov");
    `kind` is person, organization, country, group (a collective such as "both sides"), generic
    (an unnamed institution such as "the ministry", resolved within its article) or unnamed (a
    source named by what it is: "a survey", "aides", "her campaign"; resolved within its article,
    and never an antecedent for "it" or "they").
    """

    span: Span
    name: str
    kind: str
    role: str | None = None


@dataclass(frozen=True)
class Claim:
    speaker: Mention
    cue: Span
    content: Span
    direct: bool
    sentence: Span


@dataclass(frozen=True)
class Agreement:
    parties: tuple[Mention, ...]
    outcome: Span
    status: str  # agreed | proposed | intends | rejected
    trigger: Span
    sentence: Span
    attributed_to: Mention | None = None


@dataclass(frozen=True)
class Meeting:
    """Actors reported as meeting or talking: the context that "both sides" refers to."""

    parties: tuple[Mention, ...]
    sentence: Span


@dataclass(frozen=True)
class Membership:
    """A person reported as leading or belonging to a group ("the Russian delegation, led by X")."""

    member: Mention
    group: Mention


@dataclass(frozen=True)
class Extraction:
    claims: tuple[Claim, ...]
    agreements: tuple[Agreement, ...]
    meetings: tuple[Meeting, ...]
    memberships: tuple[Membership, ...]
    named: tuple[Mention, ...]  # every named actor, whether or not it speaks or agrees
