"""Claims: who said what, from attribution cues, "according to" and direct quotations.

Each rule is a named function in the table of kg.rules (tests/test_claim_rules.py has passages
that fail without each); the cue verbs and the frames each takes are data (lexicons/cues.tsv),
who the cue's subject is kg/extract/cue_subjects.py, where the content sits kg/extract/frames.py,
who may be a source kg/extract/sources.py, whom a speaker stands for kg/extract/speakers.py,
and rules on quotations alone kg/extract/quote_claims.py.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.common_nouns import document_owner as _document_owner
from kg.extract.cue_subjects import (
    NAME_LINKS,
    cue_subject,
    name_after,
    name_before,
    name_before_description,
    participle_before,
    person_in_apposition,
    statement_subject,
)
from kg.extract.edge_frames import colon_block, sentence_edge
from kg.extract.frames import adjacent_quote, content_tokens, not_said, quote_before
from kg.extract.headline_claims import headline_says
from kg.extract.lexicon import CUES, SOURCE_NOUNS, Cue
from kg.extract.mentions import Discourse
from kg.extract.model import Claim, Mention
from kg.extract.name_words import according_to_source
from kg.extract.object_frames import put_it_cue, statement_cue
from kg.extract.quote_claims import (
    Found,
    colon_attributions,
    continued_quotes,
    dash_signatures,
    joined_split_quotes,
    nominal_claims,
    quote_paragraphs,
    quotes_after_subject,
)
from kg.extract.quotes import Quote, quote_at
from kg.extract.sources import DOCUMENT_NOUNS
from kg.extract.sources import source as source_of
from kg.extract.spans import char_range, make_span, trim
from kg.extract.speakers import speakers
from kg.rules import PASS, rule


def find_claims(doc: Doc, article: Article, discourse: Discourse, quotes: tuple[Quote, ...]) -> list[Claim]:
    """Return the claims of one parsed article, in text order."""
    found: list[Found] = []
    seen: set[tuple[str, int, int]] = set()
    text: Mention | None = None  # the document that spoke in the sentence before, for "it"
    for sent in doc.sents:
        spoke = None
        for token in sent:
            hit = _claim_at(token, sent, article, discourse, quotes, text)
            if hit is None:
                continue
            claim, quote, speaker_token, start, end = hit
            if speaker_token.lemma_.lower() in DOCUMENT_NOUNS or speaker_token.lower_ == "it":
                spoke = claim.speaker
            for speaker in speakers(claim.speaker, speaker_token, discourse):
                said = replace(claim, speaker=speaker)
                if _identity(said) in seen:
                    continue
                seen.add(_identity(said))
                found.append(Found(said, quote, token, start, end))
                discourse.heard(speaker, speaker_token)
        text = spoke
    found = joined_split_quotes(found, article, quotes)
    quoted_by = {f.quote: f.claim for f in found if f.quote is not None}
    claims = [f.claim for f in found]
    cued_blocks = {_block_start(article, f.cue.idx) for f in found}
    # Before the quote rules: 'X: "..."' is said with the colon, not the opening mark
    claims.extend(colon_attributions(doc, article, discourse, cued_blocks))
    claims.extend(quotes_after_subject(doc, article, discourse, quotes, quoted_by))
    claims.extend(continued_quotes(article, quotes, quoted_by))
    claims.extend(dash_signatures(doc, article, discourse, quoted_by, quotes))
    claims.extend(quote_paragraphs(article, quotes, quoted_by))
    claims.extend(nominal_claims(doc, article, discourse))
    claims.extend(headline_says(doc, article, discourse))
    return sorted(_distinct(claims), key=lambda c: c.content.start)


def _distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per speaker and content: two rules may find the same one ('Maria Lopez: "..."'
    is both a colon attribution and a quote after its subject), the first found is kept."""
    first: dict[tuple[str, int, int], Claim] = {}
    for claim in claims:
        first.setdefault(_identity(claim), claim)
    return list(first.values())


def _identity(claim: Claim) -> tuple[str, int, int]:
    """What makes two claims one: the same speaker and the same content characters."""
    return (claim.speaker.name, claim.content.start, claim.content.end)


def _block_start(article: Article, offset: int) -> int:
    return max((b.start for b in article.blocks if b.start <= offset), default=0)


def _claim_at(token: Token, sent: SpacySpan, article: Article, discourse: Discourse, quotes, text=None):
    """Return (claim, quote, speaker token, content start, end) when `token` is a cue, else None.

    `text` is the document that spoke in the sentence before, if any (rule text-it)."""
    if _quoted_cue(token, quotes):
        return None
    if token.lower_ == "according":
        return _according_to(token, article, discourse, quotes)
    cue = statement_cue(token) or put_it_cue(token) or CUES.get(token.lemma_)
    if cue is None or token.pos_ not in ("VERB", "AUX"):
        return None
    if _negated(token, quotes) or _modifier_cue(token):
        return None
    subject = person_in_apposition(cue_subject(token))
    speaker = _text_it(subject, cue, text, article) or _speaker(subject, cue, discourse)
    if speaker is None:
        subject = name_before(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None:
        subject = name_after(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None:
        subject = name_before_description(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None or subject is None:
        return None
    speaker = _relative_pronoun(speaker, token, article)
    content = content_tokens(token, subject, cue) or None  # [] for 'X said ; the budget rose'
    quote, block = None, None
    if content is not None and "clause" in cue.frames and not_said(content, token, subject):
        quote = quote_before(token, subject, article, quotes)
        content = None if quote is not None else content
    if content is None and quote is None:
        if "clause" not in cue.frames:
            return None
        quote = adjacent_quote(token, subject, article, quotes)
        block = colon_block(token, article) if quote is None else None
        if quote is None and block is None and not cue.evidence:
            content = sentence_edge(token, subject) or None
        if quote is None and block is None and content is None:
            return None
    if quote is not None:
        start, end = quote.start, quote.end
    elif block is not None:
        start, end = block
    else:
        start, end = char_range(content)
    start, end = trim(article.text, start, end)
    if end <= start:
        return None
    end = _open_quote_end(end, start, quotes) if quote is None else end
    direct = False
    inside = quote or _quotation_around(quotes, start, end)
    if inside is not None:
        start, end = trim(article.text, inside.start, inside.end)
        direct, quote = True, inside
    claim = Claim(
        speaker=speaker,
        cue=make_span(article, token.idx, token.idx + len(token)),
        content=make_span(article, start, end),
        direct=direct,
        sentence=make_span(article, sent.start_char, sent.end_char),
    )
    return claim, quote, subject, start, end


@rule("quoted-cue", off=False)
def _quoted_cue(token: Token, quotes: tuple[Quote, ...]) -> bool:
    """A reporting verb inside a quotation is the quoted speaker's own words, not a cue."""
    return quote_at(quotes, token.idx, token.idx + len(token)) is not None


@rule("quoted-content")
def _quotation_around(quotes: tuple[Quote, ...], start: int, end: int) -> Quote | None:
    """Content inside quotation marks is a direct quote: the whole quotation, marked direct."""
    return quote_at(quotes, start, end)


@rule("open-quote", off=PASS)
def _open_quote_end(end: int, start: int, quotes: tuple[Quote, ...]) -> int:
    """X said he would "cut the fares by half. Nobody will pay more." : a content that opens a
    quotation the parse cut short runs on to its closing mark, in the same paragraph."""
    opened = next((q for q in quotes if start < q.start <= end and q.end > end and not q.continues), None)
    if opened is None or opened.end - end > _QUOTE_RUN:
        return end
    return opened.end


_QUOTE_RUN = 400  # characters: a quotation that runs on further is more likely a misread mark


@rule("negated-cue", off=False)
def _negated(cue: Token, quotes: tuple[Quote, ...]) -> bool:
    """X did not say A: a negated cue reports nothing (a "not" inside a quote hung on it does not count)."""
    return any(
        c.dep_ == "neg" and cue.i - 3 <= c.i <= cue.i + 1 and not quote_at(quotes, c.idx, c.idx + len(c))
        for c in cue.children
    )


@rule("modifier-cue", off=False)
def _modifier_cue(cue: Token) -> bool:
    """the reported figures, a plan called Renewal: a cue verb used as a noun's modifier says nothing."""
    return cue.dep_ in ("amod", "acl") and statement_subject(cue) is None and participle_before(cue) is None


def _speaker(subject: Token | None, cue: Cue, discourse: Discourse) -> Mention | None:
    if subject is None or _reader(subject, cue):
        return None
    found = source_of(subject, discourse, documents=cue.documents)
    return found if found is not None else _evidence_source(subject, cue, discourse)


@rule("text-it", off=None)
def _text_it(subject: Token | None, cue: Cue, text: Mention | None, article: Article) -> Mention | None:
    """The audit finds A. It also warns B.: "it" right after a document spoke is that document
    (documents are no antecedents of pronouns otherwise: Discourse.heard). Only in the present,
    where news puts what a text says ("the report finds"): "The firm's report says sales fell.
    It said it would cut jobs" is the firm again, speaking in the past as bodies do."""
    if subject is None or subject.lower_ != "it" or text is None or not cue.documents:
        return None
    verb = subject.head
    if not any(t.tag_ == "VBZ" for t in [verb, *(c for c in verb.children if c.dep_ == "aux")]):
        return None
    return replace(text, span=make_span(article, subject.idx, subject.idx + len(subject)))


@rule("text-reads", off=False)
def _reader(subject: Token, cue: Cue) -> bool:
    """The letter reads "A": a cue of what a text says (cues.tsv documents = only) has a text for
    subject; "she read the letter" is someone reading, and reports nothing."""
    return cue.writing and subject.lemma_.lower() not in _TEXTS


_TEXTS = DOCUMENT_NOUNS | SOURCE_NOUNS["issued"]


@rule("evidence-source")
def _evidence_source(subject: Token, cue: Cue, discourse: Discourse) -> Mention | None:
    """the numbers show; the data suggest: anything named may be the source of an evidence cue (cues.tsv)."""
    if not cue.evidence or subject.pos_ != "NOUN":
        return None
    phrase = subject.doc[subject.left_edge.i : subject.i + 1]
    return Mention(discourse._span(phrase), phrase.text, "unnamed")


# Heads of "according to X" that say what something conforms to, not who said it.
_CONFORMITY = frozenset("plan schedule script design custom tradition expectation timetable".split())


@rule("according-to")
def _according_to(token: Token, article: Article, discourse: Discourse, quotes):
    """according to X, CLAUSE: the clause it modifies."""
    phrase = according_to_source(token)
    if phrase is None or phrase.root.lemma_.lower() in _CONFORMITY:
        return None  # "it went according to party plans": what was done conforms, nobody speaks
    source = phrase[-1]  # the head of the name: "State Department spokesperson Tammy Bruce"
    speaker = (
        _titled_source(phrase, article, discourse)
        or discourse.mention(source)
        or _document_owner(discourse, source)
        or discourse.mention(phrase.root)
    )
    if speaker is None:  # "according to a recent survey", "according to state records"
        source = phrase.root
        speaker = source_of(source, discourse, documents=True)
    if (
        speaker is None
        and source.pos_ == "NOUN"
        and any(c.dep_ in ("det", "poss", "amod", "compound") for c in source.children)
    ):
        speaker = Mention(make_span(article, phrase.start_char, phrase.end_char), phrase.text, "unnamed")
    clause = token.head
    if speaker is None or clause.i == token.i:
        return None
    to = token.doc[token.i + 1]
    # The content is the clause on the other side of "according to X": before it or after it.
    before = [t for t in clause.subtree if t.i < token.i]
    after = [t for t in clause.subtree if t.i >= phrase.end]
    tokens = before if len(before) >= len(after) else after
    if not tokens:
        return None
    start, end = trim(article.text, *char_range(tokens))
    if end <= start:
        return None
    sent = token.sent
    cue_end = to.idx + len(to)
    return (
        Claim(
            speaker=speaker,
            cue=make_span(article, token.idx, cue_end),
            content=make_span(article, start, end),
            direct=False,
            sentence=make_span(article, sent.start_char, sent.end_char),
        ),
        None,
        source,
        start,
        end,
    )


@rule("titled-source")
def _titled_source(phrase: SpacySpan, article: Article, discourse: Discourse) -> Mention | None:
    """according to Nurses from Norway, ...: a title-case name with "from", "of" or "for" inside it
    is one source, not the place or body at its end."""
    words = list(phrase)
    inner = {t.lower_ for t in words[1:-1]}
    if len(words) < 3 or not inner & {"from", "of", "for", "on"} or not words[0].text[:1].isupper():
        return None
    if not all(t.text[:1].isupper() or t.lower_ in NAME_LINKS for t in words):
        return None
    ent = discourse.entity(words[-1])
    if ent is not None and ent.start <= phrase.start:
        return None  # the tagger has the whole name already
    if words[0].ent_type_ == "PERSON":
        return None  # "Jean Dossa of Togo": a person and her country
    return Mention(make_span(article, phrase.start_char, phrase.end_char), phrase.text, "organization")


@rule("relative-clause", off=PASS)
def _relative_pronoun(speaker: Mention, cue: Token, article: Article) -> Mention:
    """X, who said CLAUSE: the speaker is the noun the clause hangs from."""
    relative = next((c for c in cue.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
    if relative is None or cue.dep_ != "relcl":
        return speaker
    return replace(speaker, span=make_span(article, relative.idx, relative.idx + len(relative)))
