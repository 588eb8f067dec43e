"""Agreement rules for constructions of news prose that the held-out PolNeAR articles showed
(bench/AGREEMENT_GOLD.md's error classes), on passages written for this test.

Each rule has passages it must change: FOUND gives every agreement they must give, exactly;
TRAPS must give no agreement at all. Deleting the rule (KG_RULES_OFF=name) fails its passages.
"""

from __future__ import annotations

import pytest

from tests.test_agreement_rules import found

A, K = "Arvenia", "Kestonia"
IV = "Ilse Varnik"
FOUND: dict[str, list[tuple[str, set[tuple[frozenset[str], str, str]]]]] = {
    "quoted-commitment": [  # a narrated subject with a quoted outcome is still an event
        (
            'Ilse Varnik said on Monday that Kestonia "rejects any talks on the Tarsk dam."',
            {(frozenset({K}), "rejected", "any talks on the Tarsk dam")},
        )
    ],
    "reported-would": [  # reported speech's "would": the speaker's own intention, "not" kept
        (
            "Ilse Varnik said she would close the Tarsk mine before next winter.",
            {(frozenset({IV}), "intends", "close the Tarsk mine before next winter")},
        ),
        (
            "Varn Ferries has said it would not raise fares on the Tarsk crossing.",
            {(frozenset({"Varn Ferries"}), "intends", "not raise fares on the Tarsk crossing")},
        ),
        (
            "Ilse Varnik, who has said she would back the Tarsk dam, met the mayor.",
            {(frozenset({IV}), "intends", "back the Tarsk dam")},
        ),
    ],
    # requests (lexicons/agreements.tsv: demand, push, ask; kg/extract/verb_frames.py)
    "call-needs-on-or-for": [
        (
            "Tomas Brenn has called to reject the Tarsk budget.",
            {(frozenset({"Tomas Brenn"}), "proposed", "reject the Tarsk budget")},
        ),
    ],
    "call-for-subject": [  # the infinitive's own subject is part of the outcome; a date between
        (
            "Ilse Varnik called on Monday for Kestonia to reopen the Tarsk border crossing.",
            {(frozenset({IV}), "proposed", "Kestonia to reopen the Tarsk border crossing")},
        ),
        (  # "ask for B to", and the inner "approve" is B's proposed act, no event of its own
            "Ilse Varnik asked for Tarsk lawmakers to approve the ferry budget.",
            {(frozenset({IV}), "proposed", "Tarsk lawmakers to approve the ferry budget")},
        ),
    ],
    "mandative-clause": [
        (
            "Ilse Varnik suggested the Tarsk council should sell its ferry fleet.",
            {(frozenset({IV}), "proposed", "the Tarsk council should sell its ferry fleet")},
        ),
        (
            "Ilse Varnik demanded that Tomas Brenn resign from the Tarsk council.",
            {(frozenset({IV}), "proposed", "Tomas Brenn resign from the Tarsk council")},
        ),
    ],
    "request-needs-addressee": [
        (
            "Ilse Varnik asked Tarsk lawmakers to approve the ferry budget.",
            {(frozenset({IV}), "proposed", "approve the ferry budget")},
        ),
        (
            "Ilse Varnik is pushing Tarsk lawmakers to reject the ferry budget.",
            {(frozenset({IV}), "proposed", "reject the ferry budget")},
        ),
        (
            "Ilse Varnik demanded a recount of the Tarsk vote.",
            {(frozenset({IV}), "proposed", "a recount of the Tarsk vote")},
        ),
    ],
    "requests-lexicon": [  # lexicons/agreements.tsv: press, advocate, clamor
        (
            "Ilse Varnik is pressing the council to cut port fees.",
            {(frozenset({IV}), "proposed", "cut port fees")},
        ),
        (
            "Ilse Varnik was advocating for a new ferry terminal.",
            {(frozenset({IV}), "proposed", "a new ferry terminal")},
        ),
        ("Kestonia clamored for lower ferry fares.", {(frozenset({K}), "proposed", "lower ferry fares")}),
        (  # the object's act is asked for, not done (object-control): only the request is an event
            "Tomas Brenn pressed Ilse Varnik to approve the Tarsk dam.",
            {(frozenset({"Tomas Brenn"}), "proposed", "approve the Tarsk dam")},
        ),
    ],
    "urged-object": [  # what "urge" asks for may be its object
        (
            "Ilse Varnik urged a tougher stance on the ferry firms.",
            {(frozenset({IV}), "proposed", "a tougher stance on the ferry firms")},
        ),
    ],
    "negative-intent": [  # a plan not to act is an intention, its negation kept
        (
            "Although Ilse Varnik does not plan to visit Halden, she praised its mayor.",
            {(frozenset({IV}), "intends", "not plan to visit Halden")},
        ),
        (
            "Varn Ferries has no plans to raise fares on the Tarsk crossing.",
            {(frozenset({"Varn Ferries"}), "intends", "no plans to raise fares on the Tarsk crossing")},
        ),
    ],
    "refused-object": [  # declining an offer or a request rejects it
        (
            "Varn Ferries declined a Kestonian offer to buy its Tarsk terminal.",
            {(frozenset({"Varn Ferries"}), "rejected", "a Kestonian offer to buy its Tarsk terminal")},
        ),
        (
            "Tomas Brenn refused the dockers' request for a pay rise.",
            {(frozenset({"Tomas Brenn"}), "rejected", "the dockers' request for a pay rise")},
        ),
    ],
    "own-decision": [  # two sides that decide agree
        (
            "Arvenia and Kestonia decided to reopen the river border.",
            {(frozenset({A, K}), "agreed", "reopen the river border")},
        ),
    ],
    "gave-endorsement": [  # a light verb with the act's noun is the act
        (
            "Ilse Varnik finally gave Tomas Brenn a ringing endorsement.",
            {(frozenset({IV}), "agreed", "Tomas Brenn")},
        ),
        (
            "Ilse Varnik gave her endorsement to Tomas Brenn.",
            {(frozenset({IV}), "agreed", "Tomas Brenn")},
        ),
    ],
    "contracted-has": [  # "who's called for": "has", not a passive "is"
        (
            "Tomas Brenn, who's called for 2,000 new ferry berths, spoke on Monday.",
            {(frozenset({"Tomas Brenn"}), "proposed", "2,000 new ferry berths")},
        ),
    ],
    "relative-object-outcome": [  # the noun a relative clause on the act's object modifies
        (
            "Ilse Varnik spoke of the divides that Tomas Brenn had promised to bridge.",
            {(frozenset({"Tomas Brenn"}), "intends", "the divides")},
        ),
        (
            "And the Tarsk treaty, which Tomas Brenn had called a disgrace and vowed to tear up?",
            {(frozenset({"Tomas Brenn"}), "intends", "the Tarsk treaty")},
        ),
    ],
    # subjects (kg/extract/subjects.py)
    "first-to-act": [
        (
            "Ilse Varnik was the first member of the Tarsk council to endorse Tomas Brenn.",
            {(frozenset({IV}), "agreed", "Tomas Brenn")},
        ),
        (
            "Arvenia and Kestonia became the first countries to ratify the river accord.",
            {(frozenset({A, K}), "agreed", "the river accord")},
        ),
    ],
    "object-control": [  # the object of "forced" accepts; "used X to" is a purpose, its subject acts
        (
            "Ilse Varnik forced Varn Ferries to accept the new port fees.",
            {(frozenset({"Varn Ferries"}), "agreed", "the new port fees")},
        ),
        (
            "Varn Ferries used the strike to reject the new port fees.",
            {(frozenset({"Varn Ferries"}), "rejected", "the new port fees")},
        ),
    ],
    "past-attempt": [  # a present "seeks to" still intends
        (
            "Arvenia seeks to join the Tarsk customs union.",
            {(frozenset({A}), "intends", "join the Tarsk customs union")},
        ),
    ],
    "will-forecast": [  # a person's "will" said by the person, or owed under a deal just reported
        (
            "Ilse Varnik said she'll close the Tarsk mine.",
            {(frozenset({IV}), "intends", "close the Tarsk mine")},
        ),
        (
            "Arvenia agreed to open its ports to Kestonian ships. In return, Tomas Brenn will lift the "
            "fishing ban.",
            {
                (frozenset({A}), "agreed", "open its ports to Kestonian ships"),
                (frozenset({"Tomas Brenn"}), "intends", "lift the fishing ban"),
            },
        ),
    ],
    "negated-infinitive": [  # the "to" after "not" stays in the outcome
        (
            "Ilse Varnik urged voters not to back the ferry levy.",
            {(frozenset({IV}), "proposed", "not to back the ferry levy")},
        ),
    ],
    "finite-conjunct": [  # a past-tense verb hung on the infinitive is the subject's own act
        (
            "Tomas Brenn urged the ferry crews to rally behind his campaign and tried to convince the "
            "owners that the strike was far from over.",
            {(frozenset({"Tomas Brenn"}), "proposed", "rally behind his campaign")},
        ),
    ],
    "representatives-of": [  # not the government named in the sentence before
        (
            "Kestonia's government met the Arvenian envoy. The government of Dravia agreed to reopen the "
            "river port.",
            {(frozenset({"Dravia"}), "agreed", "reopen the river port")},
        ),
    ],
    "parenthesised-label": [  # a party-and-state label after a name is no party
        (
            "Sen. Ilse Varnik (D-N.D.) opposes the Tarsk ferry levy.",
            {(frozenset({IV}), "rejected", "the Tarsk ferry levy")},
        ),
    ],
    "go-ahead": [  # "go ahead", "go looking": no trip (no-trips)
        (
            "Varn Ferries agreed to go ahead with the merger.",
            {(frozenset({"Varn Ferries"}), "agreed", "go ahead with the merger")},
        ),
        (
            "Tomas Brenn urged Halden volunteers to go looking for the missing trawler.",
            {(frozenset({"Tomas Brenn"}), "proposed", "go looking for the missing trawler")},
        ),
    ],
    "statement-object": [  # the bare idea points back to a proposal: kept
        (
            "Ilse Varnik proposed a ferry levy. Tomas Brenn rejected the idea.",
            {
                (frozenset({IV}), "proposed", "a ferry levy"),
                (frozenset({"Tomas Brenn"}), "rejected", "the idea"),
            },
        ),
    ],
    "participle-subject": [  # a participle clause after the main one, or after "by"
        (
            "Ilse Varnik toured the Tarsk docks on Friday, urging the council to cut port fees.",
            {(frozenset({IV}), "proposed", "cut port fees")},
        ),
        (
            "Tomas Brenn won over the dockers by pledging to reopen the Tarsk shipyard.",
            {(frozenset({"Tomas Brenn"}), "intends", "reopen the Tarsk shipyard")},
        ),
    ],
    "modifier-coordinate": [  # parsed with "Rupert Crane" as a modifier of "Speaker"
        (
            "Rupert Crane and House Speaker Tomas Brenn pledged to cooperate on the harbour budget.",
            {
                (
                    frozenset({"Rupert Crane", "Tomas Brenn"}),
                    "intends",
                    "cooperate on the harbour budget",
                )
            },
        ),
    ],
    "leader-government": [  # the administration named after its leader, not the last country named
        (
            "Tomas Brenn took office in May. Kestonia opened talks with Dravia in March. The Tarsk harbour "
            "deal was reached by the Brenn administration last week.",
            {(frozenset({"Brenn administration"}), "agreed", "The Tarsk harbour deal")},
        ),
    ],
    "relative-on-appositive": [
        (
            "Tarsk Dockers Guild, a guild that endorsed Ilse Varnik, met on Monday.",
            {(frozenset({"Tarsk Dockers Guild"}), "agreed", "Ilse Varnik")},
        ),
    ],
    # outcome boundaries (kg/extract/outcomes.py)
    "relative-antecedent": [  # the copula of a second conjunct shares the first one's subject
        (
            "Tomas Brenn often mocks the dockers and is a serial cheat, reckless gambler and bully who has "
            "often vowed to bar all trawlers from the harbour.",
            {(frozenset({"Tomas Brenn"}), "intends", "bar all trawlers from the harbour")},
        ),
    ],
    "dashed-parenthesis": [  # the parenthesis and complement the parser hung on an earlier noun
        (
            "Tomas Brenn is a serial cheat, reckless gambler, thug, fraud and bully who has often vowed "
            "to bar all trawlers — 1,200 boats of a whole fleet — from entering the harbour.",
            {
                (
                    frozenset({"Tomas Brenn"}),
                    "intends",
                    "bar all trawlers — 1,200 boats of a whole fleet — from entering the harbour",
                )
            },
        ),
    ],
    "subordinate-clause-end": [  # ", even as ..." comments on the act: no part of the outcome
        (
            "Tomas Brenn has also said he will support the Tarsk harbour budget, even as he has mocked Ilse "
            "Varnik's sums.",
            {(frozenset({"Tomas Brenn"}), "intends", "support the Tarsk harbour budget")},
        ),
    ],
    "purpose-phrase": [  # "in an effort to ..." is the act's purpose, not its outcome
        (
            "Varn Ferries plans to release its harbour records in an effort to calm the dockers.",
            {(frozenset({"Varn Ferries"}), "intends", "release its harbour records")},
        ),
    ],
    "comma-aside": [  # an appositive or adjunct after the first comma ends the outcome
        (
            "Arvenia refused to endorse Tomas Brenn, the party's longest-serving treasurer.",
            {(frozenset({A}), "rejected", "endorse Tomas Brenn")},
        ),
        (
            "Kestonia agreed to accept interviews with three networks, where its minister defended the plan.",
            {(frozenset({K}), "agreed", "accept interviews with three networks")},
        ),
        (
            "Ilse Varnik refused to renounce the backing of Tomas Brenn, Tarsk's richest patron of "
            "the port, the dam and the mine.",
            {(frozenset({IV}), "rejected", "renounce the backing of Tomas Brenn")},
        ),
        (  # a parenthesis inside the outcome and a list's commas stay
            "Ilse Varnik agreed to help, in some fashion, no fewer than ten candidates.",
            {(frozenset({IV}), "agreed", "help, in some fashion, no fewer than ten candidates")},
        ),
        (
            "Kestonia agreed to buy grain from Arvenia, Dravia and Vardania.",
            {(frozenset({K}), "agreed", "buy grain from Arvenia, Dravia and Vardania")},
        ),
        (  # a place's region and a list of years are no aside
            "Arvenia agreed to buy the old post office in Tarsk, Kestonia.",
            {(frozenset({A}), "agreed", "buy the old post office in Tarsk, Kestonia")},
        ),
        (
            "Tomas Brenn voted to ban coal mining in 1998, 2004 and 2010.",
            {(frozenset({"Tomas Brenn"}), "agreed", "ban coal mining in 1998, 2004 and 2010")},
        ),
    ],
}
TRAPS: dict[str, list[str]] = {
    "quoted-commitment": [  # the speaker's own words: a claim, not a reported act
        '"I will sign the Tarsk accord next week," Ilse Varnik said.',
        'Ilse Varnik spoke on Monday. "I promise to close the Tarsk mine," she said.',
    ],
    "reported-would": [  # about someone else; denied; hedged; deliberation; an object relative
        "Maria Varnik attacked Tomas Brenn, saying he would close the Tarsk mine.",
        "Ilse Varnik attacked Tomas Brenn, saying he would close the Tarsk mine.",  # no gender known
        "Ilse Varnik said Kestonia would lose the vote.",
        "Ilse Varnik did not ever say she would close the Tarsk mine.",
        "Ilse Varnik said she would likely close the Tarsk mine.",
        "Ilse Varnik said she would consider closing the Tarsk mine.",
        "Ilse Varnik said she would hate to see the Tarsk mine close.",
        "Ilse Varnik said she would welcome Tomas Brenn at her rallies.",
        "Few voters liked the plan that Ilse Varnik said she would present.",
    ],
    "request-needs-addressee": [  # nobody asked; a fronted purpose clause is no request
        "Ilse Varnik asked to speak with the Tarsk mayor.",
        "Arvenia pushes to hit its export target.",
        "To cut costs, Varn Ferries asked its crews about unpaid leave.",
    ],
    "mandative-clause": [  # a question; an opinion
        "Ilse Varnik asked how the Tarsk council should spend the money.",
        "Ilse Varnik suggested that voters want lower fares.",
    ],
    "past-attempt": ["Ilse Varnik sought to calm the Tarsk dockers."],
    "be-to-plan": [  # "be" then a phrase, then an infinitive: no "is to" plan
        "Kestonia was under a judge's order to hand over the harbour ledgers.",
        "Varn Ferries is in a good place to win the Halden contract.",
        "Hours before Ilse Varnik was to address the Tarsk congress, the hall was full.",  # a schedule
    ],
    "non-outcome-object": [  # talk offered is no proposal (lexicons/non_outcomes.tsv)
        "Tomas Brenn offered a spirited defense of the Tarsk budget on the radio.",
        "Ilse Varnik offered a few kind words about the retiring harbour master.",
        "Ilse Varnik's memoir sold 40,000 copies in its first month.",  # sales figures
    ],
    "statement-object": [  # rejecting a claim or a spelled-out idea rejects no proposal
        "Tomas Brenn rejected the idea that Vardo's ferry was unsafe.",
        "Ilse Varnik flatly rejected Tomas Brenn's claim about the harbour accounts.",
    ],
    "negative-intent": ['"We have no intention of selling the ferry," Ilse Varnik said.'],  # her claim
    "own-decision": ["Tomas Brenn decided not to join the Tarsk regatta."],  # one person's choice
    "lexicon-block": ["A federal judge blocked the Tarsk ferry law on Friday."],  # agreements.tsv
    "no-object": [  # an object denied by "no": nothing was offered or signed
        "Tomas Brenn offered no solutions to the ferry crisis.",
        "Varn Ferries has signed no contract with the Tarsk dockers.",
    ],
    "mission-relative": [  # a body's standing aim, in a present-tense relative clause
        "Tarsk Aid, a charity that advocates for flood victims, met the mayor.",
        "Varn Ferries backs the Tarsk Project, which urges settlers to move north.",
    ],
    "will-forecast": [  # the writer's forecast of a person or a people; another speaker's prediction
        "Ilse Varnik will dominate the Tarsk debate on Friday.",
        "Across the valley, Democrats will turn out in force for Brenn.",
        "Tomas Brenn will raise ferry fares next year, Ilse Varnik said.",
    ],
    "intention-as-act": [  # an intention described or discussed, not stated; a wish
        "Tomas Brenn praised Ilse Varnik's commitment to cleaner harbours.",
        "Critics attacked Varn Ferries over its willingness to raise fares.",
        "Ilse Varnik expressed a desire to buy the Tarsk ferry line.",
    ],
    "participle-subject": [  # a past attempt; a subject that names no actor
        "Varn Ferries hired lawyers last year, seeking to delay the new port fees.",
        "The lull in the Tarsk race has its costs, suggesting deeper doubts about the ferry plan.",
    ],
    "hedged": ["Arvenia will likely stay away from the Tarsk talks."],  # lexicon.py UNREAL_MARKERS: likely
    "call-needs-on-or-for": [  # telephone calls and a called meeting propose nothing
        "Ilse Varnik called the Tarsk ferry office and was put on hold.",
        "Ilse Varnik called Tomas Brenn to congratulate him on the win.",
    ],
    "will-intends": [  # lexicons/non_commitments.tsv: appearances on a schedule
        "Ilse Varnik will headline a gala dinner for donors in Tarsk.",
        "Ilse Varnik will campaign in Tarsk next week.",
    ],
    "entertained-clause": [  # an idea or a rumour spelled out is not an event
        "There were rumors that Kestonia agreed to sell the Tarsk port.",
        "Ilse Varnik brushed aside the notion that she had signed a pact with Tomas Brenn.",
    ],
    "object-control": [  # asked for or allowed, not done (only "forced B to" says B acted)
        "Tomas Brenn advised Ilse Varnik to approve the Tarsk dam.",
        "Tomas Brenn invited Arvenia to sign the Tarsk accord.",
    ],
    "first-to-act": ["Ilse Varnik was the member of the Tarsk council most likely to endorse Tomas Brenn."],
    "relative-pronoun-outcome": ["Tomas Brenn, whom Ilse Varnik refused to endorse, lost the vote."],
}


@pytest.mark.parametrize(
    ("rule", "text", "expected"), [(r, t, e) for r, cases in FOUND.items() for t, e in cases]
)
def test_rule_finds_exactly_its_agreements(rule, text, expected):
    assert found(text)[0] == expected


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, traps in TRAPS.items() for t in traps])
def test_rule_trap_yields_nothing(rule, text):
    assert found(text)[2] == 0  # not even a flagged agreement
