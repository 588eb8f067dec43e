"""Claims: who said what, from attribution cues, "according to" and direct quotations.

Each rule family has a name (RULES); the cue verbs and the frames each takes are data
(lexicons/cues.tsv); who may be a source is kg/extract/sources.py; rules on quotations
alone are kg/extract/quote_claims.py.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.lexicon import CUE_VERBS, CUES, Cue
from kg.extract.mentions import Discourse, according_to_source
from kg.extract.model import Claim, Mention
from kg.extract.quote_claims import (
    Found,
    colon_attributions,
    continued_quotes,
    dash_signatures,
    headline_says,
    joined_split_quotes,
    nominal_claims,
    quote_paragraphs,
)
from kg.extract.quotes import Quote, quote_at
from kg.extract.sources import source as source_of
from kg.extract.spans import char_range, make_span, trim
from kg.rules import rule

# The rule families, by name (tests/test_claim_rules.py has passages and traps for each).
RULES = {
    "clause": "X said (that) CLAUSE; CLAUSE, X said: the cue's clausal complement",
    "adjacent-quote": "'QUOTE,' X said / X said: 'QUOTE': the quotation beside the cue clause",
    "object-frames": "X acknowledged A; X described A as B; X called A B; X accused A of B (cues.tsv frames)",
    "preposition-frames": "X warned of A; X referred to A; X complained about A (cues.tsv frames)",
    "participle": "..., stating that ...: the speaker is the subject the participle hangs from",
    "parenthetical": "A, X said, B: the clause around the cue, without it",
    "relative-clause": "X, who said CLAUSE: the speaker is the noun the clause hangs from",
    "according-to": "according to X, CLAUSE: the clause it modifies",
    "split-quote": "'A,' X said. 'B.': one claim from A to B (quote_claims.py)",
    "continued-quote": "a quotation over several paragraphs: each part to its speaker (quote_claims.py)",
    "quote-paragraph": "a paragraph that is only a quotation goes on the quote before it (quote_claims.py)",
    "colon-speaker": "'X: CONTENT' opening a headline or paragraph (quote_claims.py)",
    "dash-signature": "'\"QUOTE\" - Jane Doe' ending a line (quote_claims.py)",
    "group-source": "aides said; critics say: people named by what they are, speaking together (sources.py)",
    "unnamed-source": "a party strategist said; her campaign said: one person or body by kind (sources.py)",
    "share-source": "22 percent said; a majority of voters say: shares of those polled (sources.py)",
    "stance-cues": "X supports A; X criticized A for B; X wants to C; X urged A to B (cues.tsv)",
    "evidence-source": "the numbers show; the data suggest: anything named may be the source (cues.tsv)",
    "headline-says": "a title 'Ortega Says Budget Is Balanced' / 'Budget Is Balanced, Ortega Says'",
    "nominal-cue": "Strand's claim that A; her promise to B: a possessed speech noun (quote_claims.py)",
    "document-source": "the report says; a survey found: documents as sources (sources.py)",
    "described-source": "the former governor said: a role description as source (sources.py)",
}


def find_claims(doc: Doc, article: Article, discourse: Discourse, quotes: tuple[Quote, ...]) -> list[Claim]:
    """Return the claims of one parsed article, in text order."""
    found: list[Found] = []
    seen: set[tuple[str, int, int]] = set()
    for sent in doc.sents:
        for token in sent:
            hit = _claim_at(token, sent, article, discourse, quotes)
            if hit is None:
                continue
            claim, quote, speaker_token, start, end = hit
            key = (claim.speaker.name, claim.content.start, claim.content.end)
            if key in seen:
                continue
            seen.add(key)
            found.append(Found(claim, quote, token, start, end))
            discourse.heard(claim.speaker, speaker_token)
    found = joined_split_quotes(found, article, quotes)
    quoted_by = {f.quote: f.claim for f in found if f.quote is not None}
    claims = [f.claim for f in found]
    claims.extend(continued_quotes(article, quotes, quoted_by))
    claims.extend(dash_signatures(doc, article, discourse, quoted_by, quotes))
    claims.extend(quote_paragraphs(article, quotes, quoted_by))
    claims.extend(nominal_claims(doc, article, discourse))
    claims.extend(headline_says(doc, article, discourse))
    cued_blocks = {_block_start(article, f.cue.idx) for f in found}
    claims.extend(colon_attributions(doc, article, discourse, cued_blocks))
    return sorted(claims, key=lambda c: c.content.start)


def _block_start(article: Article, offset: int) -> int:
    return max((b.start for b in article.blocks if b.start <= offset), default=0)


def _claim_at(token: Token, sent: SpacySpan, article: Article, discourse: Discourse, quotes):
    """Return (claim, quote, speaker token, content start, end) when `token` is a cue, else None."""
    if quote_at(quotes, token.idx, token.idx + len(token)):
        return None  # cues inside a quotation belong to the quoted speaker's own words
    if token.lower_ == "according":
        return _according_to(token, article, discourse, quotes)
    cue = CUES.get(token.lemma_)
    if cue is None or token.pos_ not in ("VERB", "AUX"):
        return None
    if _negated(token, quotes) or token.dep_ == "amod" or token.dep_ == "acl":
        return None
    subject = _subject(token)
    speaker = _speaker(subject, cue, discourse)
    if speaker is None:  # a misparse; "..., district police chief Ram Thapa said." still names him
        subject = _name_before(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None:  # '"Real trouble," said Ilse Marrow': the parser took "trouble" as subject
        subject = _name_after(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None or subject is None:
        return None
    relative = next((c for c in token.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
    if relative is not None and token.dep_ == "relcl":  # "Smith, who said": "who" refers to Smith here
        speaker = replace(speaker, span=make_span(article, relative.idx, relative.idx + len(relative)))
    content = _content_tokens(token, subject, cue)
    quote = None
    if content is None:
        if "clause" not in cue.frames:
            return None
        quote = _adjacent_quote(token, subject, article, quotes)
        if quote is None:
            return None
        start, end = quote.start, quote.end
    else:
        start, end = char_range(content)
    start, end = trim(article.text, start, end)
    if end <= start:
        return None
    direct = False
    inside = quote or quote_at(quotes, start, end)
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


def _negated(cue: Token, quotes: tuple[Quote, ...]) -> bool:
    """Whether the cue itself is negated ("did not say"), not a word of a quote hung on it."""
    return any(
        c.dep_ == "neg" and cue.i - 3 <= c.i <= cue.i + 1 and not quote_at(quotes, c.idx, c.idx + len(c))
        for c in cue.children
    )


def _speaker(subject: Token | None, cue: Cue, discourse: Discourse) -> Mention | None:
    if subject is None:
        return None
    found = source_of(subject, discourse, documents=cue.documents)
    if found is None and cue.evidence and subject.pos_ == "NOUN":  # evidence-source: "the numbers show"
        phrase = subject.doc[subject.left_edge.i : subject.i + 1]
        found = Mention(discourse._span(phrase), phrase.text, "unnamed")
    return found


def _name_before(cue: Token) -> Token | None:
    """Return the head of a name right before a cue that has no subject of its own: sentence-final
    ("..., Xavier Ruiz said.") or a person's name the parser hung elsewhere."""
    if cue.i == 0 or cue.i + 1 >= len(cue.doc):
        return None
    before = cue.nbor(-1)
    if before.pos_ != "PROPN":
        return None
    if cue.nbor(1).is_punct or cue.nbor(1).pos_ == "ADP" or before.ent_type_ == "PERSON":
        return before  # "former governor Paul Brenner said his wife ...", the name hung elsewhere
    return None


def _name_after(cue: Token) -> Token | None:
    """Return the head of a name right after a cue that follows a quotation ('"...," said X')."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or doc[cue.i + 1].pos_ != "PROPN" or cue.i == 0 or not doc[cue.i - 1].is_punct:
        return None
    end = cue.i + 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        end += 1
    return doc[end]


@rule("according-to")
def _according_to(token: Token, article: Article, discourse: Discourse, quotes):
    """according to X, CLAUSE: the clause it modifies."""
    phrase = according_to_source(token)
    if phrase is None:
        return None
    source = phrase[-1]  # the head of the name: "State Department spokesperson Tammy Bruce"
    speaker = discourse.mention(source) or discourse.mention(phrase.root)
    if speaker is None:  # "according to a recent survey", "according to state records"
        source = phrase.root
        speaker = source_of(source, discourse, documents=True)
    if (
        speaker is None
        and source.pos_ == "NOUN"
        and any(c.dep_ in ("det", "poss", "amod") for c in source.children)
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


def _subject(verb: Token) -> Token | None:
    """Return the speaker token of a cue: its subject, or that of the verb it hangs from."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if verb.dep_ == "relcl" and child.tag_ in ("WP", "WDT"):  # relative-clause: "Smith, who said"
                return verb.head
            return child
    if verb.dep_ == "relcl":
        return None  # "the plan Smith described": the content is outside the clause
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _subject(verb.head)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG":  # "..., stating that ..."
        fallback = None
        for ancestor in verb.ancestors:
            subj = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            if ancestor.lemma_ in CUE_VERBS:
                return subj
            fallback = fallback or subj
        return fallback
    return None


def _content_tokens(cue: Token, subject: Token, entry: Cue) -> list[Token] | None:
    """Return the tokens of the reported content, or None when it is not in the parse."""
    frames = entry.frames
    for child in cue.children:
        if child.dep_ == "ccomp" and "clause" in frames:
            return _without_nested_cues(child, cue.i)
        if child.dep_ == "xcomp" and "to" in frames:
            return _without_nested_cues(child)
    framed = _framed_content(cue, frames)
    if framed is not None:
        return framed
    if "clause" not in frames:
        return None
    for t in cue.subtree:  # "said on a call with analysts that ...", misparsed as a relative clause
        if t.dep_ == "mark" and t.lower_ == "that" and t.i > cue.i and t.head.pos_ in ("VERB", "AUX"):
            return _without_nested_cues(t.head)
    head = cue.head
    left = _name_start(subject)
    after_comma = any(t.text in (",", "—", "–") for t in cue.doc[max(head.i, left - 6) : left])
    inverted = cue.dep_ in ("parataxis", "ccomp", "advcl") and head.i < cue.i
    if after_comma and inverted and head.pos_ in ("VERB", "AUX"):
        # "CLAUSE, X said" parsed with the clause as head: the content is the head minus the cue.
        excluded = {t.i for t in cue.subtree}
        tokens = [t for t in head.subtree if t.i not in excluded and t.i < subject.left_edge.i]
        return tokens or None
    if head.i > cue.i and head.pos_ in ("VERB", "AUX") and cue.dep_ in ("parataxis", "advcl", "ccomp"):
        return _parenthetical(cue, head)
    return None


def _parenthetical(cue: Token, head: Token) -> list[Token] | None:
    """parenthetical: "A new manager, he said, could set a new tone": the head minus the cue."""
    doc = cue.doc
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if after is None or after.text != "," or not any(t.text == "," for t in doc[max(0, cue.i - 8) : cue.i]):
        return None
    excluded = {t.i for t in cue.subtree}
    return [t for t in head.subtree if t.i not in excluded] or None


def _framed_content(cue: Token, frames: tuple[str, ...]) -> list[Token] | None:
    """object-frames and preposition-frames: the content in an object or a prepositional phrase."""
    children = list(cue.children)
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if obj is not None and (obj.tag_ in ("WDT", "WP") or obj.lower_ in ("this", "that")):
        obj = None  # "which he described", "said this": the content is elsewhere
    preps = {c.lower_: c for c in children if c.dep_ in ("prep", "dative")}
    # "highlighting X" is no claim of its own; "..., supporting X" (a stance, no clause frame) is
    if obj is not None and (cue.tag_ != "VBG" or "clause" not in frames):
        if "object-pred" in frames:  # "called it a disgrace"
            predicate = [c for c in children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > obj.i]
            if predicate:
                return [*obj.subtree, *(t for p in predicate for t in p.subtree)]
        if "object-as" in frames and "as" in preps:  # "described A as B"
            return [*obj.subtree, *preps["as"].subtree]
        if "object-as" in frames and any(c.lower_ == "as" for c in obj.children):
            return list(obj.subtree)  # "described [A as B]"
        xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > obj.i), None)
        if "object+to" in frames and xcomp is not None:  # "urged Congress to act"
            return [*obj.subtree, *xcomp.subtree]
        for frame in frames:  # "accused A of B", "blamed A for B"
            if frame.startswith("object+") and frame[7:] in preps:
                return [*obj.subtree, *preps[frame[7:]].subtree]
            if frame.startswith("object+") and any(c.lower_ == frame[7:] for c in obj.children):
                return list(obj.subtree)  # the phrase hung on the object: "accused [the mayor of B]"
        if "object" in frames and obj.lower_ != "it":
            return list(obj.subtree)
    if obj is None and "object-pred" in frames:  # "called it a disgrace", misparsed
        parts = [c for c in children if c.dep_ in ("ccomp", "oprd") and c.i > cue.i]
        if parts:
            return [t for p in parts for t in p.subtree]
    for frame in frames:  # "warned of a crisis", "referred to the report"
        word = "to" if frame == "to-pp" else frame
        prep = preps.get(word) if frame in _PREPOSITION_FRAMES else None
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if objects and all(o.ent_type_ not in ("DATE", "TIME") for o in objects):  # not "called on Monday"
            return [t for c in prep.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree]
    return None


_PREPOSITION_FRAMES = frozenset(["of", "for", "about", "on", "to-pp"])


def _without_nested_cues(clause: Token, cue_at: int = -1) -> list[Token]:
    # "X emphasized A, stating B" / "A, which he described as B": B is a claim of its own.
    # "a source who told him B" stays: the clause only says who the source is.
    excluded: set[int] = set()
    for t in clause.subtree:
        own_subject = not any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in t.children)
        nested = (t.dep_ == "relcl" and own_subject) or (t.dep_ == "advcl" and t.tag_ == "VBG")
        if t.i != clause.i and nested and t.lemma_ in CUE_VERBS:
            excluded.update(x.i for x in t.subtree)
    tokens = [t for t in clause.subtree if t.i not in excluded]
    # "X said A; B": a semicolon on the clause's own level ends what the cue before it reports.
    stop = next((t.i for t in tokens if t.text == ";" and t.head.i == clause.i and t.i > cue_at), None)
    return [t for t in tokens if stop is None or t.i < stop]


def _adjacent_quote(cue: Token, subject: Token, article: Article, quotes) -> Quote | None:
    """Return the quotation right before or right after the cue clause ("'...,' X said")."""
    text = article.text
    left = min(cue.i, _name_start(subject))
    right = max(cue.i, subject.i)
    doc = cue.doc
    clause_start = doc[left].idx
    clause_end = doc[right].idx + len(doc[right])
    for quote in quotes:
        gap_before = text[quote.end + 1 : clause_start] if quote.end < clause_start else None
        if gap_before is not None and not gap_before.strip(" ,—–-'") and len(gap_before) < 5:
            return quote
        gap_after = text[clause_end : quote.start - 1] if quote.start > clause_end else None
        if gap_after is not None and not gap_after.strip(" ,:—–-'") and len(gap_after) < 5:
            return quote
        if gap_after is not None and gap_after.startswith(":") and not gap_after[1:].strip():
            return quote  # 'He said:' and the quotation as the next paragraph
    return None


def _name_start(head: Token) -> int:
    """Return where the speaker phrase starts: its title and name words, not a clause hung on it."""
    start = head.i
    while start > 0 and head.doc[start - 1].dep_ in ("compound", "amod", "det", "poss", "case", "nmod"):
        if head.doc[start - 1].is_punct:
            break
        start -= 1
    return start
