"""Entity labels the tagger gets wrong on names from outside its training data, put right.

role-apposition-person   "Örs Bálványos, the county commissioner": a person, not a place
company-suffix           "Dunai Gépgyár Kft.": a company, not a person
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.lexicon import COMPANY_SUFFIXES, ROLE_FORMS
from kg.rules import PASS, rule


def relabelled(ents: list[SpacySpan], doc: Doc) -> list[SpacySpan]:
    """Return the entities with the labels of the rules below put right."""
    return _company_names(_persons_by_role(ents, doc), doc)


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
