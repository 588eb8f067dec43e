"""Entity labels the tagger gets wrong on names from outside its training data, put right.

role-apposition-person   "Örs Bálványos, the county commissioner": a person, not a place
company-suffix           "Dunai Gépgyár Kft.": a company, not a person
given-name-person        "Sean Harte" tagged an organisation: a given name and a surname are a person
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.lexicon import COMPANY_SUFFIXES, GIVEN_NAME_GENDER, ROLE_FORMS
from kg.rules import PASS, rule


def relabelled(ents: list[SpacySpan], doc: Doc) -> list[SpacySpan]:
    """Return the entities with the labels of the rules below put right."""
    return _company_names(_given_name_persons(_persons_by_role(ents, doc), doc), doc)


@rule("role-apposition-person", off=PASS)
def _persons_by_role(ents: list[SpacySpan], doc: Doc) -> list[SpacySpan]:
    """Ilka Varsányi, the county commissioner, said: a name with an office in apposition is a
    person, however the tagger labelled it (names from outside its training data come out as
    organisations or places)."""
    out = []
    for ent in ents:
        words = list(ent)
        if (
            ent.label_ in ("ORG", "GPE", "NORP")
            and 2 <= len(words) <= 3
            and all(t.is_alpha and t.text[:1].isupper() and not t.is_upper for t in words)
            and ent.end < len(doc)
            and doc[ent.end].text == ","
            and any(c.dep_ == "appos" and c.lemma_.lower() in _OFFICES for c in ent.root.children)
        ):
            ent = SpacySpan(doc, ent.start, ent.end, label="PERSON")
        out.append(ent)
    return out


# Role nouns that name a person's office; not "leader", "owner", "host": a company is those too.
_OFFICES = frozenset(ROLE_FORMS) - frozenset("leader owner host star anchor chief executive general".split())


@rule("company-suffix", off=PASS)
def _company_names(ents: list[SpacySpan], doc: Doc) -> list[SpacySpan]:
    """Halvard Ipari Kft., Brenner Holding GmbH tagged as a person: a legal-form suffix makes it a company."""
    out = []
    for ent in ents:
        if ent.label_ == "PERSON" and ent[-1].text.rstrip(".").lower() in COMPANY_SUFFIXES:
            ent = SpacySpan(doc, ent.start, ent.end, label="ORG")
        out.append(ent)
    return out


@rule("given-name-person", off=PASS)
def _given_name_persons(ents: list[SpacySpan], doc: Doc) -> list[SpacySpan]:
    """Fox host Sean Harte indicated A ... Harte said B: a name of two capitalised words, a common
    given name and another word, tagged as an organisation or place, is a person, so that the
    surname alone speaks for the person later. Not when the given name is a place of its own
    ("Virginia Beach", "Jordan Valley": the second word a kind of place or body)."""
    out = []
    for ent in ents:
        words = list(ent)
        if (
            ent.label_ in ("ORG", "GPE", "NORP")
            and len(words) == 2
            and all(t.is_alpha and t.is_title for t in words)
            and words[0].lower_ in GIVEN_NAME_GENDER
            and words[1].lower_ not in _PLACE_OR_BODY
            and words[0].lower_ not in _GIVEN_PLACES
        ):
            ent = SpacySpan(doc, ent.start, ent.end, label="PERSON")
        out.append(ent)
    return out


# Given names that are places or bodies too, and heads that make a two-word name a place or body.
_GIVEN_PLACES = frozenset("virginia jordan georgia carolina florence chad israel paris victoria".split())
_PLACE_OR_BODY = frozenset(
    "university college school institute foundation center centre hospital church city county "
    "valley beach park street avenue river lake island airport station bank group party company "
    "news times post media house hall".split()
)
