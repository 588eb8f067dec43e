"""Claims of a title: "Ortega Says Budget Is Balanced", "Kovar Urges Ferry Firms to Cut Fares".

Title case defeats the tagger, so a title is read by its words (a name, a verb, the rest), and
the name must be one the article's body tags too (quote_claims._colon_speaker).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.article import Article
from kg.extract.mentions import Discourse
from kg.extract.model import Claim, Mention
from kg.extract.quote_claims import _colon_speaker
from kg.extract.spans import make_span, trim
from kg.rules import rule


@rule("headline-says", off=[])
def headline_says(doc: Doc, article: Article, discourse: Discourse) -> list[Claim]:
    """headline-says: a title "Ortega Says Budget Is Balanced" or "Budget Is Balanced, Ortega Says"."""
    out: list[Claim] = []
    for n, block in enumerate(article.blocks):
        line = article.text[block.start : block.end]
        if block.kind not in ("title", "heading") and (n or len(line.split()) > 20):
            continue  # a title, or a plain text's first line
        match = _SAYS_FIRST.match(line) or _SAYS_LAST.match(line) or _headline_cue(line)
        if match is None:
            continue
        a, b = block.start + match.start("name"), block.start + match.end("name")
        span = doc.char_span(a, b, alignment_mode="expand")
        speaker = _headline_speaker(span, discourse) if span is not None else None
        if speaker is None:
            continue
        start, end = trim(
            article.text, block.start + match.start("content"), block.start + match.end("content")
        )
        if end - start < 8:
            continue
        cue = block.start + match.start("cue")
        out.append(
            Claim(
                speaker=speaker,
                cue=make_span(article, cue, block.start + match.end("cue")),
                content=make_span(article, start, end),
                direct=False,
                sentence=make_span(article, block.start, block.end),
            )
        )
    return out


_NAME = r"(?P<name>(?:[A-Z][\w.'-]*\s){0,3}[A-Z][\w.'-]*)"
_SAYS = r"(?P<cue>[Ss]ays|[Tt]ells [\w\s]{2,20}?|[Ww]arns|[Cc]laims|[Ii]nsists)"
_SAYS_FIRST = re.compile(rf"^{_NAME}\s{_SAYS}\s(?P<content>.+?)\.?\s*$")
_SAYS_LAST = re.compile(rf"^(?P<content>.+?),\s{_NAME}\s{_SAYS}\.?\s*$")


# Verbs a title reports a statement with, in the third person ("Strand Slams Harbour Plan").
_HEADLINE_VERBS = (
    "calls praises blasts slams rips denies accuses predicts admits mocks criticizes condemns "
    "applauds touts dismisses argues suggests declares announces reveals confirms"
).split()  # not "questions", "attacks", "defends": "Judge Questions Witness", "Dog Attacks Guard",
# "Brenn Defends Sailing Title" are acts as often as words; not the verbs of commitments and
# positions ("urges", "vows", "endorses", "rejects", "supports", "calls for"): a party's act,
# which GUIDELINES.md makes an agreement (kg.extract.headlines) or leaves out, not a claim
# A title that opens with one of these is a clause of a sentence ("As Holt Demands Bridge,
# Islanders Wait"; "Why Holt Opposes the Bridge"), not a statement of the name's.
_SUBORDINATORS = "as when while if after before why how what where since because until once though although"
_HEADLINE_CUE = re.compile(
    rf"^(?!(?i:{'|'.join(_SUBORDINATORS.split())})\s){_NAME}(?<!'s)\s(?P<cue>(?i:{'|'.join(_HEADLINE_VERBS)}))\s(?!(?i:on|for)\s)(?P<content>.+?)\.?\s*$"
)


@rule("headline-cue", off=None)
def _headline_cue(line: str) -> re.Match | None:
    """A title "Kovar Urges Ferry Firms to Cut Fares" or "Strand blasts harbour plan": a name, a
    verb of stance or statement in the third person, and what it is about (headline-says's
    frame for other verbs than "says")."""
    return _HEADLINE_CUE.match(line)


def _headline_speaker(span, discourse: Discourse) -> Mention | None:
    """The speaker of a title: the name the words before the verb end with ("Former Mayor Ola
    Brenn": the descriptors before the name are not part of it)."""
    for k in range(len(span)):
        found = _colon_speaker(span[k:], discourse)
        if found is not None and found.span.end <= span.end_char:
            return found  # not a name the tagger ran on into the verb: "Holt Announces Retirement"
    return None
