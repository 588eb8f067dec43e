"""Claims: who said what, from reporting verbs, "according to" and direct quotations.

Patterns (on the dependency parse, for any speaker and wording):
  X said (that) CLAUSE          the cue's clausal complement is the content
  CLAUSE, X said.               the same, with the complement before the cue
  "QUOTE," X said. / X said: "QUOTE"   a quotation next to the cue clause
  X acknowledged the need ...   object-taking cues (lexicons/cues.tsv, object = yes)
  X described A as B            object plus its "as" phrase
  ..., stating that ...         a participle cue; the speaker is the subject it hangs from
  according to X, CLAUSE        the clause it modifies
A quotation continued over paragraphs is attributed to the speaker of its last part.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.lexicon import CUE_TAKES_OBJECT, CUE_VERBS
from kg.extract.mentions import Discourse, according_to_source
from kg.extract.model import Claim
from kg.extract.quotes import Quote, quote_at
from kg.extract.spans import char_range, make_span, trim


def find_claims(doc: Doc, article: Article, discourse: Discourse, quotes: tuple[Quote, ...]) -> list[Claim]:
    """Return the claims of one parsed article, in text order."""
    claims: list[Claim] = []
    seen: set[tuple[str, int, int]] = set()
    quoted_by: dict[Quote, Claim] = {}
    for sent in doc.sents:
        for token in sent:
            found = _claim_at(token, sent, article, discourse, quotes)
            if found is None:
                continue
            claim, quote, speaker_token = found
            key = (claim.speaker.name, claim.content.start, claim.content.end)
            if key in seen:
                continue
            seen.add(key)
            claims.append(claim)
            discourse.heard(claim.speaker, speaker_token)
            if quote is not None:
                quoted_by[quote] = claim
    claims.extend(_continued_quotes(article, quotes, quoted_by))
    return sorted(claims, key=lambda c: c.content.start)


def _claim_at(token: Token, sent: SpacySpan, article: Article, discourse: Discourse, quotes):
    """Return (claim, quote, speaker token) when `token` is an attribution cue, else None."""
    if quote_at(quotes, token.idx, token.idx + len(token)):
        return None  # cues inside a quotation belong to the quoted speaker's own words
    if token.lower_ == "according":
        return _according_to(token, article, discourse, quotes)
    if token.lemma_ not in CUE_VERBS or token.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ == "neg" for c in token.children) or token.dep_ in ("amod", "acl", "relcl"):
        return None
    subject = _subject(token)
    speaker = discourse.mention(subject) if subject is not None else None
    if speaker is None:  # a misparse; "..., district police chief Ram Thapa said." still names him
        subject = _name_before(token)
        speaker = discourse.mention(subject) if subject is not None else None
    if speaker is None or subject is None:
        return None
    content = _content_tokens(token, subject)
    quote = None
    if content is None:
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
    return claim, quote, subject


def _name_before(cue: Token) -> Token | None:
    """Return the head of a name right before a sentence-final cue ("..., Xavier Ruiz said.")."""
    if cue.i == 0 or cue.i + 1 >= len(cue.doc) or not (cue.nbor(1).is_punct or cue.nbor(1).pos_ == "ADP"):
        return None
    before = cue.nbor(-1)
    return before if before.pos_ == "PROPN" else None


def _according_to(token: Token, article: Article, discourse: Discourse, quotes):
    phrase = according_to_source(token)
    if phrase is None:
        return None
    source = phrase[-1]  # the head of the name: "State Department spokesperson Tammy Bruce"
    speaker = discourse.mention(source) or discourse.mention(phrase.root)
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
    )


def _subject(verb: Token) -> Token | None:
    """Return the speaker token of a cue: its subject, or that of the verb it hangs from."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
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


def _content_tokens(cue: Token, subject: Token) -> list[Token] | None:
    """Return the tokens of the reported content, or None when it is not in the parse."""
    for child in cue.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and cue.lemma_ in ("tell", "warn", "urge")):
            return _without_nested_cues(child)
    if cue.lemma_ in CUE_TAKES_OBJECT and cue.tag_ != "VBG":  # "highlighting X" is no claim of its own
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.tag_ not in ("WDT", "WP") and obj.lower_ not in ("it", "this", "that"):
            tokens = list(obj.subtree)
            as_phrase = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            if as_phrase is not None:
                tokens += list(as_phrase.subtree)
            return tokens
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
    return None


def _without_nested_cues(clause: Token) -> list[Token]:
    # "X emphasized A, stating B" / "A, which he described as B": B is a claim of its own.
    excluded: set[int] = set()
    for t in clause.subtree:
        nested = t.dep_ == "relcl" or (t.dep_ == "advcl" and t.tag_ == "VBG")
        if t.i != clause.i and nested and t.lemma_ in CUE_VERBS:
            excluded.update(x.i for x in t.subtree)
    return [t for t in clause.subtree if t.i not in excluded]


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
        if gap_before is not None and not gap_before.strip(" ,—–-") and len(gap_before) < 4:
            return quote
        gap_after = text[clause_end : quote.start - 1] if quote.start > clause_end else None
        if gap_after is not None and not gap_after.strip(" ,:—–-") and len(gap_after) < 4:
            return quote
    return None


def _name_start(head: Token) -> int:
    """Return where the speaker phrase starts: its title and name words, not a clause hung on it."""
    start = head.i
    while start > 0 and head.doc[start - 1].dep_ in ("compound", "amod", "det", "poss", "case", "nmod"):
        if head.doc[start - 1].is_punct:
            break
        start -= 1
    return start


def _continued_quotes(
    article: Article, quotes: tuple[Quote, ...], quoted_by: dict[Quote, Claim]
) -> list[Claim]:
    """Attribute each paragraph of a multi-paragraph quotation to the speaker of another part."""
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
            source = later[0] if later else attributed[-1]
            start, end = trim(article.text, quote.start, quote.end)
            claim = Claim(
                speaker=source.speaker,
                cue=source.cue,
                content=make_span(article, start, end),
                direct=True,
                sentence=make_span(article, quote.start - 1, quote.end),
            )
            quoted_by[quote] = claim
            out.append(claim)
    return out
