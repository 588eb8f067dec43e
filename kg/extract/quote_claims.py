"""Claims carried by quotation marks: split quotes, multi-paragraph quotes, quote paragraphs.

split-quote       '"A," X said. "B."' and '"A," X said, "B."': one claim, from A to B
continued-quote   a quotation over several paragraphs: each part to the speaker of its chain
quote-paragraph   a paragraph that is nothing but a quotation, right after a paragraph whose
                  last claim is a direct quote, goes on that quote (speaker and cue carried)
quote-after-subject  a quotation no cue claims that starts a sentence and ends its paragraph:
                  the named person who is the subject of the sentence before
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from kg.article import Article
from kg.extract.lexicon import CUE_VERBS
from kg.extract.mentions import Discourse
from kg.extract.model import Claim, Mention
from kg.extract.quotes import Quote
from kg.extract.sources import DOCUMENT_NOUNS
from kg.extract.spans import make_span, trim
from kg.rules import PASS, rule


@dataclass(frozen=True)
class Found:
    """A claim with the quotation(s) it was read from and its cue token."""

    claim: Claim
    quote: Quote | None  # the last quotation of the claim
    cue: Token
    start: int  # the content, in cleaned-text offsets
    end: int


@rule("split-quote", off=PASS)
def joined_split_quotes(found: list[Found], article: Article, quotes: tuple[Quote, ...]) -> list[Found]:
    """split-quote: a content before its cue runs on into the quote(s) right after the cue clause."""
    taken = {f.quote for f in found if f.quote is not None}
    text = article.text
    out = []
    for f in found:
        if f.end > f.cue.idx:  # "X said (that) ...": the content follows the cue
            out.append(f)
            continue
        after = [q for q in quotes if q.start > f.cue.idx]
        parts: list[Quote] = []
        sentence_end = f.cue.sent.end_char
        title_end = None  # the end of a quoted title in the cue clause ('on NRK's "Morning Harbour"')
        for nxt in after:
            prev_end = parts[-1].end + 1 if parts else title_end or f.cue.idx
            gap = text[prev_end : nxt.start - 1]
            if nxt in taken or "\n" in gap or '"' in gap or len(gap) > 160:
                break
            if parts and gap.strip(" '"):
                break  # '"B." "C."': only quotes that follow each other directly
            if not parts and nxt.start - 1 >= sentence_end and text[sentence_end : nxt.start - 1].strip():
                break  # the cue sentence goes on past the cue clause: the quote belongs elsewhere
            if not parts and _another_cue(f.cue, nxt.start):
                break  # '"A," X said, adding: "B."': B is the claim of the second cue
            if not parts and title_end is None and nxt.start < sentence_end and _quoted_title(text, nxt):
                title_end = nxt.end + 1
                continue
            parts.append(nxt)
            taken.add(nxt)
        if not parts:
            out.append(f)
            continue
        s, e = trim(text, f.start, parts[-1].end)
        claim = replace(f.claim, content=make_span(article, s, e))
        out.append(Found(claim, parts[-1], f.cue, s, e))
    return out


@rule("quoted-title", off=False)
def _quoted_title(text: str, quote: Quote) -> bool:
    """'"A," X said on the radio's "Morning Harbour." "B."': a quotation of capitalised words that
    no comma or colon opens names a programme, a book or a slogan: it is no part of what X said,
    which goes on with the quotation after it, if one follows."""
    opening = text[: quote.start - 1].rstrip()
    words = re.findall(r"[^\W\d_][\w'’-]*", text[quote.start : quote.end])
    if opening.endswith((",", ":")) or not words or len(words) > _TITLE_WORDS:
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_LINKS for w in words)


_TITLE_WORDS = 8
_TITLE_LINKS = frozenset(["the", "of", "and", "a", "an", "on", "in", "for", "with", "to", "at"])


@rule("second-cue", off=False)
def _another_cue(cue: Token, until: int) -> bool:
    """'"A," X said, adding: "B."': a second cue before the next quote keeps B its own claim; a
    cue in a clause that describes the speaker ('said X, who has long pushed for Y. "B."') is none."""
    doc = cue.doc
    speaker = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    about = range(speaker.left_edge.i, speaker.right_edge.i + 1) if speaker is not None else range(0)
    for t in doc[cue.i + 1 :]:
        if t.idx >= until:
            return False
        clauses = (a for a in (t, *t.ancestors) if a.dep_ in ("relcl", "acl") and a.i > cue.i)
        if t.lemma_ in CUE_VERBS and t.pos_ == "VERB" and not any(a.head.i in about for a in clauses):
            return True
    return False


@rule("continued-quote", off=[])
def continued_quotes(
    article: Article, quotes: tuple[Quote, ...], quoted_by: dict[Quote, Claim]
) -> list[Claim]:
    """continued-quote: attribute each paragraph of a multi-paragraph quotation to its chain's speaker."""
    out: list[Claim] = []
    chains: list[list[Quote]] = []
    for n, quote in enumerate(quotes):  # consecutive quotes linked by "continues"
        if n and quotes[n - 1].continues:
            chains[-1].append(quote)
        else:
            chains.append([quote])
    for chain in chains:
        attributed = [quoted_by[q] for q in chain if q in quoted_by]
        if len(chain) < 2 or not attributed:
            continue
        for n, quote in enumerate(chain):
            if quote in quoted_by:
                continue
            later = [quoted_by[q] for q in chain[n + 1 :] if q in quoted_by]
            claim = _carried(later[0] if later else attributed[-1], article, quote.start, quote.end)
            quoted_by[quote] = claim
            out.append(claim)
    return out


@rule("quote-paragraph", off=[])
def quote_paragraphs(
    article: Article, quotes: tuple[Quote, ...], quoted_by: dict[Quote, Claim]
) -> list[Claim]:
    """quote-paragraph: a paragraph made only of quotation goes on the direct quote just before it."""
    out: list[Claim] = []
    text = article.text
    blocks = article.blocks
    by_block: dict[int, list[Quote]] = {}
    for quote in quotes:
        by_block.setdefault(_block_of(article, quote.start), []).append(quote)
    for k in range(1, len(blocks)):
        block, inside = blocks[k], by_block.get(k, [])
        if not inside or block.kind != "body" or any(q in quoted_by for q in inside):
            continue
        outside = text[block.start : inside[0].start - 1] + text[inside[-1].end + 1 : block.end]
        outside += "".join(text[a.end + 1 : b.start - 1] for a, b in itertools.pairwise(inside))
        if outside.strip(" \n.,;:!?-—–"):
            continue  # words outside the quotation marks: it has (or lacks) its own attribution
        before = [quoted_by[q] for q in by_block.get(k - 1, []) if q in quoted_by]
        if not before or not before[-1].direct or by_block.get(k - 1, [])[-1] not in quoted_by:
            continue
        claim = _carried(before[-1], article, inside[0].start, inside[-1].end)
        for q in inside:
            quoted_by[q] = claim
        out.append(claim)
    return out


def _carried(source: Claim, article: Article, start: int, end: int) -> Claim:
    """A direct claim of `source`'s speaker, with its cue, over cleaned-text [start, end)."""
    s, e = trim(article.text, start, end)
    return Claim(
        speaker=source.speaker,
        cue=source.cue,
        content=make_span(article, s, e),
        direct=True,
        sentence=make_span(article, max(0, start - 1), end),
    )


def _block_of(article: Article, offset: int) -> int:
    return bisect.bisect_right([b.start for b in article.blocks], offset) - 1


@rule("colon-speaker", off=[])
def colon_attributions(doc: Doc, article: Article, discourse: Discourse, taken: set[int]) -> list[Claim]:
    """colon-speaker: 'X: CONTENT' at the start of a headline or paragraph, X a named source.

    "Ortega: The Budget Is Balanced", "PRICE: Thank you, senator." The name must be the whole
    stretch before the colon (a person, an organisation or a document), so "Update:", "2:45
    p.m." or "WASHINGTON:" say nothing.
    """
    out: list[Claim] = []
    text = article.text
    for block in article.blocks:
        colon = text.find(":", block.start, min(block.end, block.start + 40))
        if colon < 0 or block.start in taken or colon + 2 >= block.end:
            continue
        lead = text[block.start : colon]
        opening = colon - len(lead.lstrip('"'))  # a transcript's quoted turn: '"PRICE: Thank you."'
        name = _without_party(text[opening:colon])
        span = _without_owner(doc.char_span(opening, opening + len(name), alignment_mode="contract"))
        if span is None or not 1 <= len(span) <= 4 or not all(t.text[:1].isupper() for t in span):
            continue
        speaker = _colon_speaker(span, discourse)
        if speaker is None:
            continue
        start, end = trim(text, colon + 1, block.end)
        if end - start < 12:
            continue
        quoted = text[start - 1 : start] == '"' and text[end : end + 1] == '"'
        out.append(
            Claim(
                speaker=speaker,
                cue=make_span(article, colon, colon + 1),
                content=make_span(article, start, end),
                direct=quoted,
                sentence=make_span(article, block.start, block.end),
            )
        )
    return out


@rule("party-before-colon", off=PASS)
def _without_party(lead: str) -> str:
    """'Rep. Ola Brenn (D-Vardo): "..."': a transcript's party and state after the name, in
    parentheses, are not part of it."""
    bare = lead.rstrip()
    return bare[: bare.rindex("(")] if bare.endswith(")") and "(" in bare else lead


@rule("owner-before-colon", off=PASS)
def _without_owner(span):
    """ "Tarsk's Orsk: ...": the place or body owning the name before a colon is not the speaker."""
    if span is None:
        return None
    owned = [t.i for t in span if t.tag_ == "POS" and t.i < span.end - 1]
    return span.doc[owned[-1] + 1 : span.end] if owned else span


def _colon_speaker(span, discourse: Discourse) -> Mention | None:
    head = span[-1]
    ent = discourse.entity(head)
    if ent is not None and ent.label_ in ("PERSON", "ORG") and ent.start == span.start:
        return discourse.mention(head)
    if ent is not None and ent.label_ == "PERSON" and ent.end == span.end:  # "Rep. Ola Brenn:"
        return discourse.mention(head)
    word = head.text.title() if head.is_upper else head.text  # a transcript's "PRICE:"
    if len(span) == 1 and discourse.full_name(word) != word:  # a surname the article gives in full
        return Mention(discourse._span(head), discourse.full_name(word), "person")
    if len(span) == 1 and head.lower_ in DOCUMENT_NOUNS:  # "Poll: ..."
        return Mention(discourse._span(head), head.text, "unnamed")
    return None


@rule("dash-signature", off=[])
def dash_signatures(
    doc: Doc, article: Article, discourse: Discourse, quoted_by: dict[Quote, Claim], quotes
) -> list[Claim]:
    """dash-signature: '"QUOTE" ― Jane Doe' at the end of a line: the quote is hers."""
    out: list[Claim] = []
    text = article.text
    for quote in quotes:
        if quote in quoted_by:
            continue
        line_end = text.find("\n", quote.end)
        line_end = len(text) if line_end < 0 else line_end
        tail = text[quote.end + 1 : line_end]
        match = _SIGNATURE.match(tail)
        if match is None:
            continue
        a = quote.end + 1 + match.start(1)
        span = doc.char_span(a, a + len(match.group(1)), alignment_mode="expand")
        if span is None or len(span) > 5:
            continue
        speaker = discourse.mention(span[-1])
        if speaker is None:
            speaker = Mention(make_span(article, span.start_char, span.end_char), span.text, "person")
        start, end = trim(text, quote.start, quote.end)
        claim = Claim(
            speaker=speaker,
            cue=make_span(article, a - 1, a),
            content=make_span(article, start, end),
            direct=True,
            sentence=make_span(article, quote.start - 1, line_end),
        )
        quoted_by[quote] = claim
        out.append(claim)
    return out


# After a closing quote mark: a dash, then a capitalised name and nothing else on the line.
_SIGNATURE = re.compile(r"^'?\s*[―—–]\s*((?:[A-Z][\w.'-]*\s?){1,5})\.?\s*$")


@rule("nominal-cue", off=[])
def nominal_claims(doc: Doc, article: Article, discourse: Discourse) -> list[Claim]:
    """nominal-cue: "Strand's claim that A", "her promise to B": a possessed speech noun and its clause."""
    out: list[Claim] = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOMINAL_CUES:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        clause = next(
            (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i and _that_or_to(c)), None
        )
        if owner is None or clause is None:
            continue
        speaker = discourse.mention(owner)
        if speaker is None or speaker.kind == "group":
            continue
        tokens = [t for t in clause.subtree]
        start, end = trim(article.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if end - start < 8:
            continue
        sent = noun.sent
        out.append(
            Claim(
                speaker=speaker,
                cue=make_span(article, noun.idx, noun.idx + len(noun)),
                content=make_span(article, start, end),
                direct=False,
                sentence=make_span(article, sent.start_char, sent.end_char),
            )
        )
    return out


def _that_or_to(clause: Token) -> bool:
    return any(c.lower_ in ("that", "to") and c.dep_ in ("mark", "aux") for c in clause.children)


# Nouns of saying that take the speaker as possessor and the content as a clause.
NOMINAL_CUES = frozenset(
    "claim assertion statement remark comment promise pledge vow warning argument accusation allegation "
    "insistence suggestion contention admission prediction assurance charge call demand".split()
)


@rule("quote-after-subject", off=[])
def quotes_after_subject(
    doc: Doc, article: Article, discourse: Discourse, quotes: tuple[Quote, ...], quoted_by: dict[Quote, Claim]
) -> list[Claim]:
    """quote-after-subject: 'Senator Pavel Orsk toured the coast road. "Drivers here pay more."'

    A quotation no cue claims, that starts a sentence and ends its paragraph, goes to the named
    person who is the subject of the sentence just before it (or of the clause before its colon)."""
    out: list[Claim] = []
    text = article.text
    for quote in quotes:
        if quote in quoted_by:
            continue
        block = article.blocks[_block_of(article, quote.start)]
        lead = text[block.start : quote.start - 1].rstrip()
        if (
            block.kind != "body"
            or not lead
            or lead[-1] not in ".!?:"
            or text[quote.end + 1 : block.end].strip(" \n.,;!?")
        ):
            continue
        before = doc.char_span(block.start, block.start + len(lead), alignment_mode="contract")
        if before is None or len(before) < 3:
            continue
        sent = before[-1].sent
        subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if (
            subject is not None
            and subject.dep_ == "nsubjpass"
            and any(t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ == "by") for t in sent.root.subtree)
        ):
            continue  # "X was accused by her rivals. "...": the quote may be the rivals'
        speaker = discourse.mention(subject) if subject is not None else None
        if speaker is None or speaker.kind != "person" or subject.pos_ == "PRON":
            continue
        start, end = trim(text, quote.start, quote.end)
        if end - start < 12:
            continue
        claim = Claim(
            speaker=speaker,
            cue=make_span(article, quote.start - 1, quote.start),  # no cue word: the opening mark
            content=make_span(article, start, end),
            direct=True,
            sentence=make_span(article, sent.start_char, quote.end + 1),
        )
        quoted_by[quote] = claim
        out.append(claim)
    return out
