"""The words of a name: where a tagged name starts and ends (titles, headline verbs, dashes),
names joined over particles ("bin", "van"), the role words before a person's name, and the
"according to" phrase that names a source. Token-level, with no memory of the article:
kg.extract.mentions keeps that.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.lexicon import COMPANY_SUFFIXES, GOVERNMENT_HEADS, NAME_PARTICLES, ORGANISATION_HEADS
from kg.extract.phrases import DETERMINERS as _DETERMINERS
from kg.rules import PASS, rule

# Titles that may lead a name inside a PERSON entity; they are a role, not part of the name.
TITLES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "secretary",
        "senator",
        "sen.",
        "rep.",
        "gov.",
        "governor",
        "mr.",
        "mr",
        "mrs.",
        "mrs",
        "ms.",
        "ms",
        "dr.",
        "dr",
        "sir",
        "lord",
        "general",
        "gen.",
        "chancellor",
        "king",
        "queen",
        "prince",
        "crown",
        "premier",
        "mayor",
        "judge",
        "justice",
        "pope",
        "ambassador",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "aide",
        "chairman",
        "chairwoman",
        "ceo",
        "chief",
        "director",
        "treasurer",  # "Secretary-Treasurer Ola Brenn", a union's or a party's officer
        "superintendent",
        "comptroller",
    ]
)


_HEADLINE_CUES = frozenset(
    "says said tells told warns claims admits denies insists vows slams blasts urges".split()
)


@rule("headline-verb", off=False)
def cue_word(token: Token) -> bool:
    """Dunst Says Talks Will Resume: a reporting verb the tagger swept into a name is not part of it."""
    return token.lower_ in _HEADLINE_CUES


@rule("names-joined-by-a-verb", off=PASS)
def names_split_at_cues(ents: tuple[SpacySpan, ...]) -> tuple[SpacySpan, ...]:
    """ "Ellis Slams Morrow On Fares", a title tagged as one person "Ellis Slams Morrow": a
    reporting verb inside a name (headline-verb) stands between two names, each a person."""
    out: list[SpacySpan] = []
    for ent in ents:
        inside = [t.i for t in ent[1:-1] if cue_word(t)] if ent.label_ == "PERSON" else []
        if not inside:
            out.append(ent)
            continue
        bounds = [ent.start, *inside, ent.end]
        for a, b in itertools.pairwise(bounds):
            start = a if a == ent.start else a + 1
            if b > start:
                out.append(SpacySpan(ent.doc, start, b, label=ent.label_))
    return tuple(out)


@rule("particle-names", off=PASS)
def joined_particle_names(ents: tuple[SpacySpan, ...], doc: Doc) -> list[SpacySpan]:
    """Prince Abdulaziz + bin Salman: a name the tagger cut at its particle is one person again.

    "Ursula von der" + "Leyen" too."""
    out: list[SpacySpan] = []
    for ent in ents:
        last = out[-1] if out else None
        if (
            last is not None
            and last.end == ent.start
            and last.label_ == "PERSON"
            and (
                (ent.label_ == "PERSON" and doc[ent.start].lower_ in NAME_PARTICLES)
                or doc[last.end - 1].lower_ in NAME_PARTICLES  # "Ursula von der" + "Leyen"
            )
        ):
            out[-1] = SpacySpan(doc, last.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def whole_name(span: SpacySpan, words: list[Token]) -> str:
    """The name from its first to its last capitalised word, hyphens and particles kept."""
    doc = span.doc
    end = words[-1].i
    while end + 2 < span.end and doc[end + 1].text in ("-", "‐") and not doc[end + 1].whitespace_:
        end += 2  # "Moo-hyun": the tokenizer split the hyphenated given name
    inner = doc[words[0].i : end + 1]
    joined = {t.i for t in inner if t.text in ("-", "‐")} | {t.i + 1 for t in inner if t.text in ("-", "‐")}
    if any(not t.text[:1].isupper() and t.lower_ not in NAME_PARTICLES and t.i not in joined for t in inner):
        return " ".join(t.text for t in words)
    return inner.text


def role_of(head: Token, name: SpacySpan) -> str | None:
    """Return the role given beside a name: "presidential aide" or ", head of the fund,"."""
    role = role_words(head, name)
    if role and role.endswith("s") and role[:-1].lower() in TITLES:
        return role[:-1]  # "Presidents Ana Ortega and Jean Dossa": each is a President
    return role


def role_words(head: Token, name: SpacySpan) -> str | None:
    doc = head.doc
    subtree_start = head.left_edge.i
    if name.start > subtree_start:
        words = [
            t for t in doc[subtree_start : name.start] if t.lower_ not in _DETERMINERS and not t.is_punct
        ]
        if words and not any(t.ent_type_ == "PERSON" for t in words):
            return doc[words[0].i : words[-1].i + 1].text
    for child in head.children:
        if child.dep_ == "appos" and child.i > name.end - 1:
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            words = [t for t in span if t.lower_ not in _DETERMINERS or t.i != span.start]
            text = doc[words[0].i : words[-1].i + 1].text if words else span.text
            return text.strip(" ,")
    return None


# Words that say a title is no longer held: "former President X" is not "the president" now.
PAST_TITLES = frozenset(["former", "ex", "onetime", "late", "then"])
# Words that open a title without being part of a name ("Former Prime Minister", "Acting Mayor").
_TITLE_OPENERS = frozenset("former ex late acting deputy interim outgoing incoming then vice".split())


@rule("title-surname", off=None)
def surname_title(words: list[str], k: int) -> bool:
    """ "Rep. Steve King", "Martin Luther King Jr.", "Judge Ola Judge": a title word after a word
    of the name proper is a surname, not a title, and stays in the name."""
    return any(w.lower() not in TITLES and w.lower() not in _TITLE_OPENERS for w in words[:k])


def title_at(words: list[str], k: int) -> bool:
    """Whether the k-th word of a name is a title, not part of the name ("Former Prime Minister
    Ina Roth": "Prime" and "Minister")."""
    return words[k].lower() in TITLES and not surname_title(words, k)


def name_tokens(ent: SpacySpan) -> SpacySpan:
    """Return the entity without a leading determiner or title ("the U.S.", "President X")."""
    words = [t for t in ent if t.lower_ not in _DETERMINERS]
    while len(words) > 1 and words[0].lower_ in TITLES:
        words = words[1:]
    words = name_ends_at_a_word(words)
    return ent.doc[words[0].i : words[-1].i + 1] if words else ent


def contains_words(text: str, words: list[str]) -> bool:
    """Whether `words` appear in `text` as a run of whole words (or one word inside a compound)."""
    tokens = text.replace("-", " ").split()
    n = len(words)
    if any(tokens[i : i + n] == words for i in range(len(tokens) - n + 1)):
        return True
    return n == 1 and len(words[0]) >= 5 and any(t.endswith(words[0]) for t in tokens)


@rule("dated-source", off=False)
def _dated(doc: Doc, i: int) -> bool:
    """according to X in March / on Monday: a date (or the preposition before it) ends the source."""
    at = doc[i]
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return at.ent_type_ in ("DATE", "TIME") or (
        at.pos_ == "ADP" and nxt is not None and nxt.ent_type_ in ("DATE", "TIME")
    )


@rule("dated-document", off=False)
def _dates_a_later_noun(date: Token) -> bool:
    """according to a May 2, 2022 filing by Kestrel: a date inside the source's phrase, before its head."""
    head = date
    while head.ent_type_ in ("DATE", "TIME") and head.head.i != head.i:
        head = head.head
    return head.i > date.i and head.pos_ in ("NOUN", "PROPN") and head.ent_type_ not in ("DATE", "TIME")


def according_to_source(token: Token) -> SpacySpan | None:
    """Return the source named by "according to X" at `token` ("According"), parse or no parse."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    end = token.i + 2
    while end < len(doc) and doc[end].pos_ not in ("VERB", "AUX", "CCONJ"):
        if doc[end].ent_type_ in ("DATE", "TIME") and _dates_a_later_noun(doc[end]):
            while end < len(doc) and (doc[end].ent_type_ in ("DATE", "TIME") or doc[end].text == ","):
                end += 1  # "a May 2, 2022 filing": past the date, comma and all
            continue
        if doc[end].is_punct:
            break
        if end > token.i + 2 and _dated(doc, end):
            break  # "according to the Valley Courier on Tuesday": the date is not the source
        end += 1
    return doc[token.i + 2 : end] if end > token.i + 2 else None


def in_a_name(token: Token) -> bool:
    """Whether a word's capital makes it part of a name: not a sentence's first word or an article."""
    return token.is_title and not token.is_sent_start and token.lower_ not in _DETERMINERS


def title_case(sentence: SpacySpan) -> bool:
    """Whether a sentence is a headline in title case (a first line that ends with a full stop
    is read as body text): four words or more, nearly all capitalised."""
    words = [t for t in sentence if t.is_alpha]
    return len(words) >= 4 and sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words)


_DASHES = ("-", "--", "\u2013", "\u2014")


@rule("name-ends-at-a-word", off=PASS)
def name_ends_at_a_word(words: list[Token]) -> list[Token]:
    """ "drafted by Ilse Varga - and that was ...", tagged as one entity "Ilse Varga - and": a name
    ends at its last word, never at a dash, a comma or a conjunction; a spaced dash opens an aside
    ("Ola Dahl - who leads the party - said"), a hyphen joins a name ("Roh Moo-hyun"). A bracket
    the name does not close ("the Northern Rail Authority (NRA" as tagged) opens what follows it."""
    spaced = [k for k, t in enumerate(words) if k and t.text in _DASHES and words[k - 1].whitespace_]
    words = words[: spaced[0]] if spaced else words
    unclosed = [
        k for k, t in enumerate(words) if k and t.text in "([" and not any(u.text in ")]" for u in words[k:])
    ]
    words = words[: unclosed[0]] if unclosed else words
    while len(words) > 1 and (words[-1].is_punct or words[-1].pos_ in ("CCONJ", "PUNCT")):
        if _closes_a_quote(words):  # 'George "Jay"' keeps the nickname's closing mark
            break
        words = words[:-1]
    return words


def _closes_a_quote(words: list[Token]) -> bool:
    """Whether the last word is a quotation mark that closes one opened inside the words."""
    last, inside = words[-1].text, "".join(t.text for t in words[:-1])
    return (last == '"' and inside.count('"') % 2 == 1) or (last == "\u201d" and "\u201c" in inside)


@rule("bare-singular-name", off=False)
def bare_singular(word: Token) -> bool:
    """ "Carrier said on Monday ...": prose gives a common noun in the singular an article ("The
    carrier said"); one that heads a clause's subject bare, in a body sentence, is a name. Not a
    collective ("Staff said"), which prose gives bare, nor headline style, which drops articles:
    a line in title case ("Newspaper Says Mayor Must Go."), or an article that writes the word in
    lower case elsewhere ("Network has offered ...", then "the network has")."""
    return (
        word.lower_ in ORGANISATION_HEADS
        and word.tag_ in ("NN", "NNP")
        and word.dep_ in ("nsubj", "nsubjpass")
        and word.is_title
        and not any(c.dep_ in ("det", "poss") for c in word.children)
        and not title_case(word.sent)
        and not any(t.text == word.lower_ for t in word.doc)
    )


@rule("national-branch", off=False)
def national_branch(full: str, short: str) -> bool:
    """ "Kestrel" after "Kestrel Polska" or "Kestrel UK": a longer name that is the short one and a
    country's name is a national branch, another body than the one the short name is, not its
    full name. "the Bank" after "the Bank of Tarsk" is not such a name."""
    from kg.resolve.gazetteer import gazetteer  # data only; kg.resolve imports kg.extract

    if not full.lower().startswith(short.lower() + " "):
        return False
    place = gazetteer().find(full[len(short) :].strip())
    return place is not None and place.kind == "country"


@rule("number-in-a-name", off=PASS)
def with_glued_number(span: SpacySpan) -> SpacySpan:
    """ "3M said", "7Seas Media": digits written against a capitalised word are the start of its
    name, which the tokenizer split. Not "$3M" (an amount) nor "3 Kestrel ships" (a space)."""
    doc, start = span.doc, span.start
    glued = start and doc[start - 1].is_digit and not doc[start - 1].whitespace_
    before = doc[start - 2] if start > 1 else None
    if glued and (before is None or before.whitespace_ or before.is_space or before.text in _OPENERS):
        return doc[start - 1 : span.end]
    return span


_OPENERS = ("(", '"', "\u201c", "'", "\u2018")


@rule("office-before-name", off=PASS)
def names_after_offices(ents: tuple[SpacySpan, ...]) -> tuple[SpacySpan, ...]:
    """ "Minister of Labour Ina Roth", tagged as one person "Labour Ina Roth": the object of "of"
    after a title is the office's ("Minister of Labour"), and the person's name starts after it."""
    return tuple(_after_office(e) if e.label_ == "PERSON" and len(e) > 1 else e for e in ents)


def _after_office(ent: SpacySpan) -> SpacySpan:
    office = ent[0]  # the word the first one hangs on, within the entity
    while ent.start <= office.head.i < ent.end and office.head != office:
        office = office.head
    of = office.head
    titled = office.dep_ == "pobj" and of.lower_ == "of" and of.i < ent.start and of.head.lower_ in TITLES
    if not titled or office.i + 1 >= ent.end:
        return ent
    return SpacySpan(ent.doc, office.i + 1, ent.end, label=ent.label_)


@rule("plural-common-noun", off=False)
def plural_noun(word: Token) -> bool:
    """ "Shoppers said ...", "Farmers say": a plural the tagger reads as a common noun (NNS; "Democrats"
    is NNPS) describes people; capitalised by a sentence start or a headline only, it is no
    organisation's name, whatever the NER says. "The Teamsters said" is not at a sentence start,
    and a people ("Republicans", NORP) or a person ("Sanders", tagged NNS) keeps its name."""
    return word.tag_ == "NNS" and word.ent_type_ not in ("NORP", "PERSON", "GPE")


@rule("title-chain", off=False)
def title_chain(words: list[Token]) -> bool:
    """ "Crown Prince Halvard", "Secretary General Amara Diallo" tagged as an organisation: two
    title words, or one outside the entity before two names, then one to three capitalised words
    that name no body, are a person's titles and name ("General Dynamics" has one title)."""
    n = next((k for k, t in enumerate(words) if t.lower_ not in TITLES), len(words))
    rest = words[n:]
    doc, before = words[0].doc, words[0].i
    while before > 0 and doc[before - 1].lower_ in TITLES and doc[before - 1].is_title:
        before -= 1
    outside = words[0].i - before
    return (
        (n + outside >= 2 or (outside and len(rest) >= 2))
        and 1 <= len(rest) <= 3
        and all(t.is_title and t.pos_ == "PROPN" and t.lower_ not in _BODY_WORDS for t in rest)
    )


# Last words of a body's name, not a person's ("the Crown Prince Foundation").
_BODY_WORDS = (
    ORGANISATION_HEADS
    | GOVERNMENT_HEADS
    | COMPANY_SUFFIXES
    | frozenset("foundation trust school college centre center museum hotel award prize cup".split())
)
