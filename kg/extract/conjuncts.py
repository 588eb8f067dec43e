"""The heads of a coordinated party phrase, with the conjuncts the parser hung elsewhere.

Shared by kg.extract.parties (each conjunct is read as a party) and kg.extract.collectives (a
coordinated antecedent of "they").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.rules import rule


def conjunct_heads(token: Token) -> list[Token]:
    """The heads of a coordination, with those the parser hung elsewhere (the rules below)."""
    heads = [token, *token.conjuncts]
    heads += apposition_conjuncts(token) + modifier_conjuncts(token) + of_place_conjuncts(token)
    named = [h for h in heads if h.pos_ == "PROPN"]
    heads = [
        h
        for h in heads
        if not (h.pos_ == "NOUN" and any(c.dep_ == "appos" and c in named for c in h.children))
    ]
    return sorted(set(heads), key=lambda t: t.i)


@rule("apposition-conjuncts", off=[])
def apposition_conjuncts(token: Token) -> list[Token]:
    """ "President Anna Lund and opposition leaders", "the bakery chain Orrin and Tallis": the
    name in apposition and its conjuncts (not a parenthesised acronym or a date)."""
    return [
        h
        for child in token.children
        if child.dep_ == "appos"
        and child.pos_ == "PROPN"
        and child.ent_type_ not in ("DATE", "TIME")
        and (child.i == 0 or child.doc[child.i - 1].text != "(")
        and not parenthesised(child, token)
        for h in (child, *child.conjuncts)
    ]


@rule("parenthesised-label", off=False)
def parenthesised(appos: Token, head: Token) -> bool:
    """ "Sen. Heidi Lund (D-N.D.)", "Sen. Tom Varn (R-Pa.)": a party-and-state label in
    parentheses after a name, parsed as an apposition of its later parts, names nobody."""
    between = [t.text for t in head.doc[head.i + 1 : appos.i]]
    return "(" in between and ")" not in between[between.index("(") :]


@rule("modifier-conjunct", off=[])
def modifier_conjuncts(token: Token) -> list[Token]:
    """ "Arvik and Norsk Group", "retailer Arvik and retailer Norsk Group": a name the parser made
    a modifier of the last conjunct (or of a descriptor compounded with it)."""
    compounds = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return [
        child
        for node in (token, *compounds)
        for child in node.children
        if child.dep_ == "nmod"
        and child.pos_ == "PROPN"
        and any(g.dep_ == "cc" and g.lower_ == "and" for g in child.children)
    ]


@rule("of-place-conjuncts", off=[])
def of_place_conjuncts(token: Token) -> list[Token]:
    """ "Jean Dossa of Togo and Mamadou Keita": the second person, parsed as a conjunct
    of the first one's place."""
    if token.ent_type_ != "PERSON":
        return []
    return [
        c
        for child in token.children
        if child.dep_ == "prep" and child.lower_ == "of"
        for p in child.children
        if p.dep_ == "pobj"
        for c in p.conjuncts
        if _two_word_name(c)
    ]


def _two_word_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and any(g.dep_ == "compound" and g.pos_ == "PROPN" for g in token.children)
