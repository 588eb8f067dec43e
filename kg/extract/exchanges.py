"""Exchanges: "Kestonia swapped six sailors for two pilots", "freed a spy in exchange for X".

A completed trade is an agreed deal of the one who made it, like a sale (GUIDELINES: completed
sales and acquisitions), and a trade's partner named with "with" is a party ("traded grain
with Arvenia"): AGREEMENT_GOLD.md, set c, "Exchanges". A decision or a habit of trading
("decided to trade", "has routinely exchanged") is no deal made, nor is trading words
("traded barbs with X").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.mentions import Discourse
from kg.extract.modality import unreal
from kg.extract.model import Agreement, Mention
from kg.extract.outcomes import doc_text, is_time, phrase_range
from kg.extract.parties import UNRESOLVED, party_mentions
from kg.extract.spans import agreement_at, trim
from kg.extract.subjects import subject_of
from kg.rules import rule

# Verbs whose "X for Y" is a trade; "free"/"release" trade only with "in exchange for", or for
# counted or named captives ("freed 400 prisoners for a soldier"), not "for humanitarian reasons".
TRADE_VERBS = frozenset(["trade", "swap", "exchange"])
RELEASE_VERBS = frozenset(["free", "release"])
# Ranks and titles before a captive's name, where the parser may end the sentence ("for Sgt.").
RANKS = frozenset("sgt cpl pvt lt capt maj col gen mr mrs ms dr".split())
# Adverbs of a habit, not of a deal made: "has routinely exchanged prisoners".
HABITUAL = frozenset(["routinely", "regularly", "often", "frequently", "usually", "sometimes", "always"])
# "it", "they": the nearest organisation named is too often not the trader ("it traded five
# militia detainees" after a sentence on a militia); "he", "she" resolve to persons well.
UNSURE_PRONOUNS = frozenset(["it", "they"])
# What is traded as words or places, not goods or captives: "traded barbs with X", "swapped places".
TRADED_WORDS = frozenset(
    "barb insult jab blow punch accusation word shot compliment pleasantry message email letter note "
    "view idea story joke glance place seat position greeting tip criticism attack fire".split()
)


@rule("exchange-for", off=[])
def exchanged(verb: Token, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Kestonia swapped six sailors held in Tarsk for two pilots", "it freed a spy in exchange for
    a reporter", "traded grain with Arvenia": a trade made is agreed, from what was given
    through what it was given for (or the partner it was traded with)."""
    if verb.pos_ != "VERB" or verb.lemma_ not in TRADE_VERBS | RELEASE_VERBS:
        return []
    if verb.tag_ not in ("VBD", "VBN"):
        return []  # "trading X for Y", "will trade": no trade made
    if verb.dep_ in ("xcomp", "acl", "amod") or unreal(verb):
        return []  # "decided to trade", "the sailors traded for X": no trade made by a subject
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in verb.children):
        return []
    given = next((c for c in verb.children if c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP")), None)
    subject = subject_of(verb)
    if (
        given is None
        or subject is None
        or given.lemma_ in TRADED_WORDS
        or _own(given)
        or subject.lower_ in UNSURE_PRONOUNS
    ):
        return []
    parties = [m for m in party_mentions(subject, discourse) if m.kind != UNRESOLVED]
    if not parties:
        return []
    end, partners = _for_what(verb, given), []
    if end is None and verb.lemma_ in TRADE_VERBS:
        end, partners = _with_whom(verb, given, discourse)
    if end is None:
        return []
    outcome = trim(doc_text(verb.doc), given.left_edge.idx, end)
    return [agreement_at(article, verb, parties + partners, outcome, "agreed")]


def _for_what(verb: Token, given: Token) -> int | None:
    """The end of what was given for: the first "for" (or "in exchange for") phrase after the
    given one, wherever the parser hung it ("sailors held in Tarsk for two pilots": on the
    participle; "400 prisoners, including some it jailed, for a soldier": on the relative)."""
    for prep in (t for t in verb.subtree if t.dep_ == "prep" and t.i > given.i):
        target = _pobj(prep)
        if prep.lower_ == "in" and target is not None and target.lower_ == "exchange":
            inner = next((c for c in target.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            target = _pobj(inner) if inner is not None else None
        elif prep.lower_ != "for" or target is None or is_time(target):
            continue
        if target is not None and (verb.lemma_ in TRADE_VERBS or prep.lower_ == "in" or _captive(target)):
            return phrase_range(target)[1]
    return None


def _with_whom(verb: Token, given: Token, discourse: Discourse) -> tuple[int | None, list[Mention]]:
    """ "traded grain with Arvenia": a named state or firm traded with is a party too (the parser
    hangs "with" on the verb or on what was traded)."""
    on = (verb.i, given.i)
    prep = next((t for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "with" and t.head.i in on), None)
    partner = _pobj(prep) if prep is not None else None
    if partner is None or partner.ent_type_ not in ("GPE", "ORG", "NORP"):
        return None, []
    partners = [m for m in party_mentions(partner, discourse) if m.kind != UNRESOLVED]
    return (phrase_range(partner)[1], partners) if partners else (None, [])


def _own(given: Token) -> bool:
    """ "traded his usual rallies for a town hall": one's own habits or things swapped for others
    are a change of course, not a deal ("its own people" after "for" is still a captive)."""
    return any(c.dep_ == "poss" for c in given.children)


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _captive(target: Token) -> bool:
    """ "for Sgt. Brenn", "for four fishermen": a named person or a counted group, not a reason."""
    named = target.ent_type_ == "PERSON" or target.lower_.rstrip(".") in RANKS
    return named or any(c.dep_ == "nummod" for c in target.children)
