"""Delegations: who leads or belongs to a country's side ("the Russian delegation, led by X and Y").

These give `cg:represents`, so a query can ask what a country's side said.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.lexicon import GOVERNMENT_HEADS
from kg.extract.mentions import Discourse
from kg.extract.model import Membership
from kg.rules import rule

# Participles that attach members to a group: "led by", "headed by", "including", "comprising".
_LEADING = frozenset("lead head chair include comprise represent".split())


@rule("delegation-members", off=[])
def find_memberships(doc: Doc, discourse: Discourse) -> list[Membership]:
    """Return the members named for each delegation, team or side in the article."""
    out = []
    for token in doc:
        if token.lemma_ not in GOVERNMENT_HEADS and token.lower_ not in GOVERNMENT_HEADS:
            continue
        group = discourse.mention(token)
        if group is None or group.kind not in ("country", "organization"):
            continue
        for child in token.children:
            if child.dep_ not in ("acl", "relcl") or child.lemma_ not in _LEADING:
                continue
            for grandchild in child.children:
                heads = [grandchild] if grandchild.dep_ == "dobj" else []
                if grandchild.dep_ == "agent":  # "led by X and Y"
                    heads = [c for c in grandchild.children if c.dep_ == "pobj"]
                for head in heads:
                    for person in (head, *head.conjuncts):
                        member = discourse.mention(person)
                        if member is not None and member.kind == "person":
                            out.append(Membership(member, group))
    return out
