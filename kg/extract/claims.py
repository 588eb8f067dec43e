"""Claims: who said what, from attribution cues, "according to" and direct quotations.

Each rule is a named function in the table of kg.rules (tests/test_claim_rules.py has passages
that fail without each); the cue verbs and the frames each takes are data (lexicons/cues.tsv),
where the content sits is kg/extract/frames.py, who may be a source kg/extract/sources.py, whom
a speaker stands for kg/extract/speakers.py, and rules on quotations alone kg/extract/quote_claims.py.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.common_nouns import document_owner as _document_owner
from kg.extract.frames import adjacent_quote, content_tokens
from kg.extract.lexicon import CUE_VERBS, CUES, SOURCE_NOUNS, Cue
from kg.extract.mentions import Discourse
from kg.extract.model import Claim, Mention
from kg.extract.name_words import according_to_source
from kg.extract.quote_claims import (
    Found,
    colon_attributions,
    continued_quotes,
    dash_signatures,
    headline_says,
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
                key = (speaker.name, claim.content.start, claim.content.end)
                if key in seen:
                    continue
                seen.add(key)
                found.append(Found(replace(claim, speaker=speaker), quote, token, start, end))
                discourse.heard(speaker, speaker_token)
        text = spoke
    found = joined_split_quotes(found, article, quotes)
    quoted_by = {f.quote: f.claim for f in found if f.quote is not None}
    claims = [f.claim for f in found]
    claims.extend(quotes_after_subject(doc, article, discourse, quotes, quoted_by))
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


def _claim_at(token: Token, sent: SpacySpan, article: Article, discourse: Discourse, quotes, text=None):
    """Return (claim, quote, speaker token, content start, end) when `token` is a cue, else None.

    `text` is the document that spoke in the sentence before, if any (rule text-it)."""
    if _quoted_cue(token, quotes):
        return None
    if token.lower_ == "according":
        return _according_to(token, article, discourse, quotes)
    cue = CUES.get(token.lemma_)
    if cue is None or token.pos_ not in ("VERB", "AUX"):
        return None
    if _negated(token, quotes) or _modifier_cue(token):
        return None
    subject = _person_in_apposition(_subject(token))
    speaker = _text_it(subject, cue, text, article) or _speaker(subject, cue, discourse)
    if speaker is None:
        subject = _name_before(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None:
        subject = _name_after(token)
        speaker = _speaker(subject, cue, discourse)
    if speaker is None or subject is None:
        return None
    speaker = _relative_pronoun(speaker, token, article)
    content = content_tokens(token, subject, cue)
    quote = None
    if content is None:
        if "clause" not in cue.frames:
            return None
        quote = adjacent_quote(token, subject, article, quotes)
        if quote is None:
            return None
        start, end = quote.start, quote.end
    else:
        start, end = char_range(content)
    start, end = trim(article.text, start, end)
    if end <= start:
        return None
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
    return cue.dep_ in ("amod", "acl") and _statement_subject(cue) is None and _participle_before(cue) is None


@rule("statement-saying")
def _statement_subject(cue: Token) -> Token | None:
    """X issued a statement saying A; X sent a letter stating A: who issued the document speaks."""
    document = cue.head
    if cue.dep_ != "acl" or cue.tag_ != "VBG" or document.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    if document.dep_ not in ("dobj", "pobj"):
        return None
    if document.dep_ == "dobj" and document.head.lemma_.lower() not in _ISSUING_VERBS:
        return None  # "police found a letter saying A": who found it did not write it
    governor = document.head if document.dep_ == "dobj" else document.head.head  # "in a statement saying"
    return next((c for c in governor.children if c.dep_ == "nsubj"), None)


# Verbs whose subject is the author of the document they take ("issued a statement saying").
_ISSUING_VERBS = frozenset(
    "issue release send write publish post sign file circulate distribute deliver put tweet email "
    "pen draft submit present unveil".split()
)


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


@rule("name-before")
def _name_before(cue: Token) -> Token | None:
    """..., Xavier Ruiz said.: the name right before a cue the parser left without a subject."""
    if cue.i == 0 or cue.i + 1 >= len(cue.doc):
        return None
    before = cue.nbor(-1)
    if before.pos_ != "PROPN":
        return None
    if cue.nbor(1).is_punct or cue.nbor(1).pos_ == "ADP" or before.ent_type_ == "PERSON":
        return before  # "former governor Paul Brenner said his wife ...", the name hung elsewhere
    return None


@rule("name-after")
def _name_after(cue: Token) -> Token | None:
    """'"...," said X': the name right after a cue that follows a quotation."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or doc[cue.i + 1].pos_ != "PROPN" or cue.i == 0 or not doc[cue.i - 1].is_punct:
        return None
    if doc[cue.i + 1].ent_type_ in ("DATE", "TIME"):
        return None  # '"...," X said Thursday': a day, not a speaker
    end = cue.i + 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        end += 1
    return doc[end]


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
    if not all(t.text[:1].isupper() or t.lower_ in _NAME_LINKS for t in words):
        return None
    ent = discourse.entity(words[-1])
    if ent is not None and ent.start <= phrase.start:
        return None  # the tagger has the whole name already
    if words[0].ent_type_ == "PERSON":
        return None  # "Jean Dossa of Togo": a person and her country
    return Mention(make_span(article, phrase.start_char, phrase.end_char), phrase.text, "organization")


_NAME_LINKS = frozenset(["from", "of", "for", "on", "the", "and", "in"])


def _subject(verb: Token) -> Token | None:
    """Return the speaker token of a cue: its subject, or that of the verb it hangs from."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        child = _named_subject(subjects)
        if verb.dep_ == "relcl" and child.tag_ in ("WP", "WDT"):
            return _relative_antecedent(verb)
        return child
    if verb.dep_ == "relcl":
        return None  # "the plan Smith described": the content is outside the clause
    if verb.dep_ == "acl":
        return _statement_subject(verb) or _participle_before(verb)
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _conjoined_subject(verb)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG":
        return _participle_subject(verb)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        return _prepositional_participle(verb)
    return _participle_before(verb)


@rule("participle-before")
def _participle_before(cue: Token) -> Token | None:
    """Mayor X speaking on local radio warned A; X talking to reporters called the offer "an
    insult": with no comma, the parser makes X the subject of the participle and leaves the cue
    without one (or hangs it on a noun as a modifier). A past-tense cue with no subject, after a
    participle that has one and no finite verb between, has that subject. A participle
    modifier ("a rally called X") counts only when the sentence has no finite verb at all."""
    if cue.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    doc = cue.doc
    participle = next((t for t in reversed(doc[cue.sent.start : cue.i]) if t.tag_ == "VBG"), None)
    if participle is None or any(c.dep_ in ("aux", "auxpass") for c in participle.children):
        return None
    subject = next((c for c in participle.children if c.dep_ == "nsubj" and c.i < participle.i), None)
    if subject is None or any(t.tag_ in _FINITE for t in doc[participle.i + 1 : cue.i]):
        return None
    if cue.dep_ in ("acl", "amod") and (cue.tag_ != "VBD" and participle.dep_ != "ROOT"):
        return None  # "the ferry called Northern Star": a name, unless nothing else is the verb
    return subject


_FINITE = frozenset(["VBD", "VBZ", "VBP", "MD"])


@rule("appositive-person", off=PASS)
def _person_in_apposition(subject: Token | None) -> Token | None:
    """Asian Trade–Credit Bank director Amara Diallo said, parsed with the bank as subject: the
    person in apposition to a name speaks, not the organisation."""
    if subject is None or subject.ent_type_ not in ("ORG", "GPE", "NORP"):
        return subject
    person = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return person if person is not None else subject


@rule("role-then-name", off=PASS)
def _named_subject(subjects: list[Token]) -> Token:
    """club physio Ines Varro wrote: of two subjects the parser split, the name speaks."""
    if len(subjects) > 1 and subjects[-1].pos_ == "PROPN" and subjects[0].pos_ == "NOUN":
        return subjects[-1]
    return subjects[0]


@rule("relative-clause")
def _relative_antecedent(verb: Token) -> Token | None:
    """X, who said CLAUSE: the speaker is the noun the clause hangs from."""
    return _appositive_antecedent(verb.head, verb)


@rule("appositive-antecedent", off=PASS)
def _appositive_antecedent(head: Token, verb: Token) -> Token:
    """the two holdouts, Kestrel and Brightwater, which said A: the clause hung on the description
    belongs to the names in apposition right before the relative pronoun."""
    names = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < verb.i]
    if not names:
        return head
    relative = min([c.i for c in verb.children if c.dep_ == "nsubj"] or [verb.i])
    last = max(t.i for t in names[-1].subtree)
    return names[-1] if relative - last <= 2 else head


@rule("relative-clause", off=PASS)
def _relative_pronoun(speaker: Mention, cue: Token, article: Article) -> Mention:
    """X, who said CLAUSE: the speaker is the noun the clause hangs from."""
    relative = next((c for c in cue.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
    if relative is None or cue.dep_ != "relcl":
        return speaker
    return replace(speaker, span=make_span(article, relative.idx, relative.idx + len(relative)))


@rule("conjoined-cue")
def _conjoined_subject(verb: Token) -> Token | None:
    """X denied A and said B: a cue joined to another verb shares that verb's subject."""
    return _subject(verb.head)


# Prepositions after which a participle reports an act of its subject ("by saying", "after
# warning"), unlike "from", "of", "without", "to" ("refrain from attacking", "open to opposing").
_SPEAKING_PREPOSITIONS = frozenset("by after before while for in on upon since when".split())


@rule("by-saying")
def _prepositional_participle(verb: Token) -> Token | None:
    """X replied by saying A; X began by saying A: the speaker is the subject the phrase hangs from;
    but 'critics attacked X for saying A': whom a verb blames or thanks for saying A said it."""
    if verb.head.lower_ not in _SPEAKING_PREPOSITIONS:
        return None  # "refrain from attacking", "steer clear of criticizing", "without knowing": no act
    governor = verb.head.head if verb.head.lower_ == "for" else None
    target = next((c for c in governor.children if c.dep_ == "dobj"), None) if governor is not None else None
    return target if target is not None else _participle_subject(verb)


@rule("participle")
def _participle_subject(verb: Token) -> Token | None:
    """..., stating that ...: the speaker is the subject the participle hangs from."""
    fallback = None
    for ancestor in verb.ancestors:
        subj = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if ancestor.lemma_ in CUE_VERBS:
            return subj
        fallback = fallback or subj
    return fallback
