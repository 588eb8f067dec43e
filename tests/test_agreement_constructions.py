"""Agreement rules for constructions of long, unselected news prose (PolNeAR set c's error
classes, bench/AGREEMENT_GOLD.md), on passages written for this test.

FOUND gives every agreement a passage must give, exactly; TRAPS must give no agreement at all.
Deleting the rule (KG_RULES_OFF=name, tests/rule_ablation.py) fails its passages.
"""

from __future__ import annotations

import pytest

from kg.rules import RULES
from tests.test_agreement_rules import found

A, K = "Arvenia", "Kestonia"
TB = "Tomas Brenn"
FOUND: dict[str, list[tuple[str, set[tuple[frozenset[str], str, str]]]]] = {
    "exchange-for": [  # a trade made is agreed, through what it was made for or with whom
        (
            "In 2012, Arvenia swapped six fishermen held in the harbour for two pilots held by Tarsk.",
            {(frozenset({A}), "agreed", "six fishermen held in the harbour for two pilots held by Tarsk")},
        ),
        (
            "Tomas Brenn also freed a captured officer in 1999 in exchange for two journalists.",
            {(frozenset({TB}), "agreed", "a captured officer in 1999 in exchange for two journalists")},
        ),
        (
            "Tomas Brenn was so worried about the sailors that he traded grain with Norway to win "
            "their release.",
            {(frozenset({TB, "Norway"}), "agreed", "grain with Norway")},
        ),
    ],
    "call-on-addressee": [  # "call on B to X" keeps B; a date after "on" is no addressee
        (
            "Ilse Varnik called on the port authority to close the docks.",
            {(frozenset({"Ilse Varnik"}), "proposed", "the port authority to close the docks")},
        ),
        (
            "Ilse Varnik called on Kestonia to lead, step up and pay for the dam.",
            {
                (frozenset({"Ilse Varnik"}), "proposed", "Kestonia to lead"),
                (frozenset({"Ilse Varnik"}), "proposed", "step up"),
                (frozenset({"Ilse Varnik"}), "proposed", "pay for the dam"),
            },
        ),
        (
            "On Monday, Ilse Varnik called for Kestonia to reopen the port.",
            {(frozenset({"Ilse Varnik"}), "proposed", "Kestonia to reopen the port")},
        ),
    ],
    "walked-away": [  # leaving a deal, a measure or the talks rejects it
        (
            "Varn Ferries backed away from the merger after the vote.",
            {(frozenset({"Varn Ferries"}), "rejected", "the merger")},
        ),
        (
            "Tomas Brenn turned against the mayor's ferry legislation, which he had backed in March.",
            {(frozenset({TB}), "rejected", "the mayor's ferry legislation")},
        ),
        (
            "Arvenia pulled out of the fishing accord in May.",
            {(frozenset({A}), "rejected", "the fishing accord")},
        ),
        ("Arvenia walked away from the talks on Friday.", {(frozenset({A}), "rejected", "the talks")}),
    ],
    "gerund-object": [  # a proposal verb's gerund clause is what it proposes
        (
            "Tomas Brenn has proposed screening every ferry that docks in Tarsk.",
            {(frozenset({TB}), "proposed", "screening every ferry that docks in Tarsk")},
        ),
    ],
    "dated-object": [  # a name the parser compounded with the day after it
        ("Tomas Brenn endorsed Kasich Monday. It was a surprise.", {(frozenset({TB}), "agreed", "Kasich")}),
    ],
    "committed-to": [  # a commitment stated as a state
        (
            "Aides said Ilse Varnik was committed to a new ferry terminal.",
            {(frozenset({"Ilse Varnik"}), "intends", "a new ferry terminal")},
        ),
        (
            "Ilse Varnik is committed to closing the mine.",
            {(frozenset({"Ilse Varnik"}), "intends", "closing the mine")},
        ),
    ],
    "singular-relative": [  # a singular relative on the last name is about it alone; a plural one, all
        (
            "Few candidates, including Tomas Brenn and Varnik, who has openly opposed the ferry levy, "
            "have spoken.",
            {(frozenset({"Varnik"}), "rejected", "the ferry levy")},
        ),
        (
            "Tomas Brenn and Ilse Varnik, who have opposed the ferry levy, spoke.",
            {(frozenset({TB, "Ilse Varnik"}), "rejected", "the ferry levy")},
        ),
    ],
    "object-conjunct-subject": [  # a name joined to the first verb's object, then a comma: the subject
        (
            "Ilse Varnik supported it and Brenn, as he did last year, opposed the measure.",
            {(frozenset({"Brenn"}), "rejected", "the measure")},
        ),
    ],
    "fronted-clause-cataphora": [  # "he" in a clause before the main one: its subject, named after
        (
            "Anton Lind spoke first. While he refused to sign the river accord, Tomas Brenn praised it.",
            {(frozenset({TB}), "rejected", "sign the river accord")},
        ),
        (
            "Anton Lind spoke first. He refused to sign the river accord, and Tomas Brenn praised it.",
            {(frozenset({"Anton Lind"}), "rejected", "sign the river accord")},
        ),
    ],
    "judged-for": [  # the one blamed or praised for an act did it
        (
            "On Thursday, Ilse Varnik chastised Tomas Brenn for refusing to seek state aid.",
            {(frozenset({TB}), "rejected", "seek state aid")},
        ),
    ],
    "generational-suffix": [  # "Mr. Hale" after "Harry Hale III": the same man
        (
            "The memoir was written by Harry Hale III in 1991. Last year Mr. Hale asked Varn Press to "
            "republish the memoir.",
            {(frozenset({"Harry Hale III"}), "proposed", "republish the memoir")},
        ),
        (  # a namesake without the suffix keeps the surname, named before or after
            "Tomas Brenn Jr. spoke first. His father Tomas Brenn spoke too. Later Mr. Brenn vowed to close "
            "the mine.",
            {(frozenset({TB}), "intends", "close the mine")},
        ),
    ],
    "document-author": [  # a participle on a writing its author wrote or sent
        (
            "Tomas Brenn, for his part, wrote a column urging the council to approve the ferry levy.",
            {(frozenset({TB}), "proposed", "approve the ferry levy")},
        ),
        (
            "Ilse Varnik sent a letter calling on Kestonia to reopen the port.",
            {(frozenset({"Ilse Varnik"}), "proposed", "Kestonia to reopen the port")},
        ),
    ],
    "call-for-before-infinitive": [  # what the call is for, with its infinitive unless a comma parts them
        (
            "Ilse Varnik called for new talks to end the strike.",
            {(frozenset({"Ilse Varnik"}), "proposed", "new talks to end the strike")},
        ),
        (
            "On his website, Tomas Brenn calls for ferry fare reform, ''to make the ferry lines work for "
            "riders.''",
            {(frozenset({TB}), "proposed", "ferry fare reform")},
        ),
    ],
    "resignation-reason": [  # why someone should leave is no part of what is asked
        (
            "Tomas Brenn called again for Mayor Ilse Varnik to resign over the unpaid ferry bills.",
            {(frozenset({TB}), "proposed", "Mayor Ilse Varnik to resign")},
        ),
        (
            "Ilse Varnik urged Tomas Brenn to step down amid the harbour scandal.",
            {(frozenset({"Ilse Varnik"}), "proposed", "step down")},
        ),
    ],
    "bodily-owner": [  # a body part as subject stands for its owner
        (
            "Ilse Varnik's voice shook as she spoke of her faith in the voters and urged them to "
            "back the harbour plan.",
            {(frozenset({"Ilse Varnik"}), "proposed", "back the harbour plan")},
        ),
    ],
}
TRAPS: dict[str, list[str]] = {
    "exchange-for": [  # words traded; a habit; a reason, not a captive; a trade criticised
        "Tomas Brenn traded barbs with Kestonia over the weekend.",
        "Arvenia has routinely exchanged prisoners for grain.",
        "Arvenia freed 400 prisoners for humanitarian reasons.",
        "Tomas Brenn was criticised for trading a spy for a journalist.",
        "Tomas Brenn traded his big rallies for quiet dinners with donors.",
    ],
    "rather-than": [  # the act set against what was done was not done
        "Tomas Brenn had played on fears rather than offered the dockers a new contract.",
        "Instead of signing a river accord, Arvenia walked out of the meeting.",
    ],
    "intended-for-others": ["Ilse Varnik clearly intended the crowd to reject Tomas Brenn."],  # a wish
    "committed-to": ["Tomas Brenn was committed to a clinic by a judge."],  # done to him
    "document-author": ["Ilse Varnik read a letter urging her to resign."],  # read, not written
    "judged-condition": [  # an act an adjective weighs is not done
        "It might well be enough for Tomas Brenn and Ilse Varnik to agree on the need for lower fares.",
        "It is vital for Arvenia to sign the river accord.",
    ],
    "measure-takes-effect": [  # a law scheduled to take effect: no one's plan
        "Just hours before Senate Bill 88 was to take effect on Monday, a court struck it down."
    ],
    "denounced-person": ["Tomas Brenn has frequently denounced former mayor Ilse Varnik."],  # no proposal
    "hedged": ["Tomas Brenn said he rarely asks his aides to stump for him."],  # UNREAL_MARKERS: rarely
    "walked-away": [  # what is left is no deal; a denied withdrawal
        "Tomas Brenn pulled out of the race in May.",
        "Tomas Brenn turned against his brother.",
        "Arvenia did not back away from the deal.",
    ],
}


@pytest.mark.parametrize(
    ("rule", "text", "expected"), [(r, t, e) for r, cases in FOUND.items() for t, e in cases]
)
def test_rule_finds_exactly_its_agreements(rule, text, expected):
    assert found(text)[0] == expected


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, traps in TRAPS.items() for t in traps])
def test_rule_trap_yields_nothing(rule, text):
    assert found(text)[2] == 0  # not even a flagged agreement


def test_stranded_object_mends_a_second_subject_after_an_objectless_preposition():
    """stranded-object: the parser sometimes reads "Varnik called on Gov. Hale (R) to resign" with
    "Hale" as a second subject of "called" and "on" left without its object (seen on real prose;
    the parse turns on the words around it, so it is given here as the parser made it)."""
    from spacy.tokens import Doc

    from kg.extract.nlp import load_nlp
    from kg.extract.subjects import stranded_object

    words = ["Varnik", "called", "on", "Gov.", "Hale", "to", "resign", "."]
    heads = [1, 1, 1, 4, 1, 6, 1, 1]
    deps = ["nsubj", "ROOT", "prep", "compound", "nsubj", "aux", "xcomp", "punct"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps)
    assert stranded_object(doc[4])  # the governor is the object of "on"
    assert not stranded_object(doc[0])  # Varnik still calls
    assert RULES["stranded-object"].where == ("kg.extract.subjects.stranded_object",)
