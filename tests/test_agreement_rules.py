"""Each named agreement rule (kg.rules) on passages written for this test, with traps.

FOUND lists, per rule, passages and every agreement they must give, exactly (parties, status,
outcome): deleting the rule (KG_RULES_OFF=name, tests/rule_ablation.py) changes what is found.
TRAPS lists passages that must give no agreement at all, flagged ones included: zero false
positives. The names are invented; the rules of party phrases and actor resolution have their
passages in tests/test_agreement_parties.py.
"""

from __future__ import annotations

import pytest

from kg.article import from_text
from kg.contract import article_json
from kg.extract import extract
from kg.resolve import resolve

A, K, V = "Arvenia", "Kestonia", "Vardania"
FOUND: dict[str, list[tuple[str, set[tuple[frozenset[str], str, str]]]]] = {
    # --- verb frames (kg/extract/verb_frames.py) ---
    "work-towards": [
        (
            "Kestonia will work to restore ferry links with Dravia.",
            {(frozenset({K}), "intends", "work to restore ferry links with Dravia")},
        )
    ],
    "infinitive-outcome": [
        (
            "Arvenia and Kestonia agreed to reopen the Tarsk border crossing.",
            {(frozenset({A, K}), "agreed", "reopen the Tarsk border crossing")},
        )
    ],
    "gapped-agreement": [
        (
            "Vardania agreed to cut its fishing quota, and Kestonia to lift the ban on grain exports.",
            {
                (frozenset({V}), "agreed", "cut its fishing quota"),
                (frozenset({K}), "agreed", "lift the ban on grain exports"),
            },
        )
    ],
    "gapped-clause": [  # Kestonia is no outcome of Vardania's, even with the gapped rule deleted
        (
            "Vardania offered to open the strait to tankers, and Kestonia to close its airspace.",
            {
                (frozenset({V}), "proposed", "open the strait to tankers"),
                (frozenset({K}), "proposed", "close its airspace"),
            },
        )
    ],
    "will-clause": [
        (
            "Kestonia will design, build and operate a research station.",
            {(frozenset({K}), "intends", "design, build and operate a research station")},
        )
    ],
    "own-clause-only": [
        (
            "Kestonia will build the port, and Dravia will provide the ships.",
            {
                (frozenset({K}), "intends", "build the port"),
                (frozenset({"Dravia"}), "intends", "provide the ships"),
            },
        )
    ],
    "detached-first-conjunct": [
        (
            "Port Director Ana Ruiz and Kestonia’s Minister of Roads, Rail, Canals, Bridges and Ferries "
            "(MRRCBF) Ivo Lindqvist on Tuesday approved a protocol on dredging the Tarsk channel.",
            {
                (
                    frozenset({"Ana Ruiz", "Ivo Lindqvist"}),
                    "agreed",
                    "a protocol on dredging the Tarsk channel",
                )
            },
        )
    ],
    "deal-term-conjunct": [
        (
            "Kestonia and Arvenia signed a cod quota accord on Friday and granted Arvenian trawlers access "
            "to Kestonian ports.",
            {
                (frozenset({A, K}), "agreed", "a cod quota accord"),
                (frozenset({A, K}), "agreed", "Arvenian trawlers access to Kestonian ports"),
            },
        )
    ],
    "announced-goal": [
        (
            "Last year Varn Ferries unveiled an aim for all of its crossings to run on batteries by 2031.",
            {(frozenset({"Varn Ferries"}), "intends", "all of its crossings to run on batteries by 2031")},
        )
    ],
    "reached-with-speaker": [
        (
            'The Tarsk Pilots Guild said on Friday: "Our accord has been signed with Varn Ferries for night '
            'crossings to resume in April, and the strike is over."',
            {
                (
                    frozenset({"Tarsk Pilots Guild", "Varn Ferries"}),
                    "agreed",
                    "night crossings to resume in April",
                )
            },
        )
    ],
    "clause-before-root": [
        (
            "After the merger Brightmart said it hopes to win back younger shoppers and, within eighteen "
            "months, plans to hire 400 staff.",
            {(frozenset({"Brightmart"}), "intends", "hire 400 staff")},
        )
    ],
    "deal-that-will": [
        (
            "Norvo Lines announced on Tuesday a five-year pact with Varn Ferries, which will double night "
            "crossings to Arvenia.",
            {(frozenset({"Norvo Lines", "Varn Ferries"}), "agreed", "double night crossings to Arvenia")},
        )
    ],
    "deal-announcer": [
        (
            "Norvo Lines announced on Tuesday a five-year pact with Varn Ferries, which will double night "
            "crossings to Arvenia.",
            {(frozenset({"Norvo Lines", "Varn Ferries"}), "agreed", "double night crossings to Arvenia")},
        ),
        (  # who announces a deal between others is no party to it
            "On Friday Kestonia's transport ministry announced a pact between Norvo Lines and Brightwater "
            "that will halve winter ferry fares.",
            {(frozenset({"Norvo Lines", "Brightwater"}), "agreed", "halve winter ferry fares")},
        ),
    ],
    "gerund-object": [
        (
            "Arvenia endorsed boycotting the Tarsk games.",
            {(frozenset({A}), "agreed", "boycotting the Tarsk games")},
        )
    ],
    "call-for": [
        (
            "Arvenia called for an immediate ceasefire in Tarsk.",
            {(frozenset({A}), "proposed", "an immediate ceasefire in Tarsk")},
        )
    ],
    "deal-object": [
        (
            "Arvenia and Kestonia reached an agreement to share river data.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "agree-on": [
        (
            "Arvenia and Kestonia agreed on joint patrols in the Tarsk strait.",
            {(frozenset({A, K}), "agreed", "joint patrols in the Tarsk strait")},
        )
    ],
    "proposal-with": [
        (
            "Arvenia presented Kestonia with proposals for a fishing accord.",
            {(frozenset({A}), "proposed", "proposals for a fishing accord")},
        )
    ],
    "object-outcome": [
        ("Kestonia rejected the Arvenian proposal.", {(frozenset({K}), "rejected", "the Arvenian proposal")}),
        (
            "Mr. Talvik boycotted the election in Tarsk.",
            {(frozenset({"Talvik"}), "rejected", "the election")},
        ),
    ],
    "object-topic": [
        (
            "Kestonia approved a loan of $40 million for the new port.",
            {(frozenset({K}), "agreed", "a loan of $40 million for the new port")},
        ),
        (
            "Arvenia and Kestonia signed a memorandum on the purchase of 40 trawlers.",
            {(frozenset({A, K}), "agreed", "a memorandum on the purchase of 40 trawlers")},
        ),
    ],
    # --- outcome phrases (kg/extract/outcomes.py): what is cut off ---
    "coordinated-verbs": [
        (
            "Arvenia and Kestonia agreed to cut tariffs and open their ports.",
            {(frozenset({A, K}), "agreed", "cut tariffs"), (frozenset({A, K}), "agreed", "open their ports")},
        )
    ],
    "elaboration-preposition": [
        (
            "Kestonia agreed to return the flag after a nine-year hiatus.",
            {(frozenset({K}), "agreed", "return the flag")},
        )
    ],
    "date-ends-outcome": [
        (
            "Kestonia agreed to lift the fishing ban last Friday under a pact mediated by Dravia.",
            {(frozenset({K}), "agreed", "lift the fishing ban")},
        )
    ],
    "which-aside": [
        (
            "Arvenia signed the Tarsk fisheries pact, which took a year to negotiate.",
            {(frozenset({A}), "agreed", "the Tarsk fisheries pact")},
        )
    ],
    "quote-after-colon": [
        (
            "Kestonian President Ilse Varnik opposed Talvik's statement: \"The plan to move the ferry port "
            'north is a burden on the fishing towns."',
            {(frozenset({"Ilse Varnik"}), "rejected", "Talvik's statement")},
        ),
        (
            "Arvenia proposed the following plan: a joint patrol of the strait.",
            {(frozenset({A}), "proposed", "the following plan: a joint patrol of the strait")},
        ),
    ],
    "purpose-clause": [
        (
            "Kestonia is to start granting work permits to draw nurses from Arvenia.",
            {(frozenset({K}), "intends", "start granting work permits")},
        )
    ],
    "participle-modifier": [
        (
            "Kestonia adopted a harbour tax intended to pay for new piers.",
            {(frozenset({K}), "agreed", "a harbour tax")},
        )
    ],
    # --- verbal events (kg/extract/agreements.py) ---
    "anaphoric-repeat": [
        (
            "Arvenia and Kestonia agreed to share river data. Arvenia signed the accord on Friday.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "met-with": [
        (
            "Arvenia met Kestonia in Tarsk on Monday. The two sides agreed to share river data.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "talks-between": [
        (
            "Talks between Kestrel Aviation and Harbor Fuels ended in Oslo. "
            "They agreed to share a fuel depot.",
            {(frozenset({"Kestrel Aviation", "Harbor Fuels"}), "agreed", "share a fuel depot")},
        )
    ],
    "demonym-modifiers": [
        (
            "American and Russian teams met in Geneva on Monday. "
            "Both sides agreed to extend the arms treaty.",
            {(frozenset({"United States", "Russia"}), "agreed", "extend the arms treaty")},
        )
    ],
    # --- party phrases (kg/extract/parties.py; more in tests/test_agreement_parties.py) ---
    "titled-name": [
        (
            "Governor of Talvia Ruth Okonkwo agreed to back the farm bill.",
            {(frozenset({"Ruth Okonkwo"}), "agreed", "back the farm bill")},
        )
    ],
    "split-subject": [
        (
            "British retailer Harlow and Danish retailer Sallberg Group agreed to share a depot.",
            {(frozenset({"Harlow", "Sallberg Group"}), "agreed", "share a depot")},
        )
    ],
    "modifier-conjunct": [
        (
            "Arvik and Norsk Holdings agreed to build a depot.",
            {(frozenset({"Arvik", "Norsk Holdings"}), "agreed", "build a depot")},
        )
    ],
    # --- actor resolution (kg/resolve) ---
    "local-place": [
        (
            "Solvaria and Kaldora held talks in Kaldora. The Solvarian delegation agreed to build a "
            "ferry terminal.",
            {(frozenset({"Solvaria"}), "agreed", "build a ferry terminal")},
        ),
        (
            "Solvaria and Kaldora held talks in Kaldora. Solvarian and Kaldoran ministers agreed to build a "
            "ferry terminal.",
            {(frozenset({"Solvaria", "Kaldora"}), "agreed", "build a ferry terminal")},
        ),
    ],
    "untagged-root-verb": [
        (
            "Arvenia and Kestonia plan to build a bridge over the Tarsk river.",
            {(frozenset({A, K}), "intends", "build a bridge over the Tarsk river")},
        ),
        (  # the quote mark before the verb makes the tagger read "rejects" as a plural noun
            "The premier's office told reporters in Tarsk that Kestonia “rejects restarting the ferry "
            "service until the harbour dues are paid.”",
            {(frozenset({K}), "rejected", "restarting the ferry service")},
        ),
    ],
    "phrasal-verb": [
        ("Kestonia turned down the Arvenian offer.", {(frozenset({K}), "rejected", "the Arvenian offer")})
    ],
    "will-intends": [
        (
            "Kestonia will build a new harbour at Tarsk.",
            {(frozenset({K}), "intends", "build a new harbour at Tarsk")},
        )
    ],
    "according-to-parties": [
        (
            "According to the Tarsk Herald, Arvenia and Kestonia agreed on Monday to share river data.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "second-party": [
        (
            "Arvenia agreed with Kestonia to share river data.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "deal-compound-parties": [
        (
            "The two sides signed a new Israeli-Palestinian security agreement to share water data.",
            {
                (
                    frozenset({"Israel", "Palestine"}),
                    "agreed",
                    "a new Israeli-Palestinian security agreement to share water data",
                )
            },
        )
    ],
    "future-agreed-intends": [
        (
            "Arvenia and Kestonia will sign a fishing accord in May.",
            {(frozenset({A, K}), "intends", "a fishing accord")},
        )
    ],
    "be-to-plan": [
        (
            "Kestonia is to open a second border crossing in May.",
            {(frozenset({K}), "intends", "open a second border crossing in May")},
        )
    ],
    "carried-by-governor": [
        (
            "Arvenia voted to ratify the fisheries treaty.",
            {(frozenset({A}), "agreed", "ratify the fisheries treaty")},
        )
    ],
    "passive-agent": [
        (
            "The fisheries treaty was rejected by Kestonia.",
            {(frozenset({K}), "rejected", "The fisheries treaty")},
        )
    ],
    "shared-subject": [
        (
            "Arvenia hosted the talks and signed a memorandum on river data.",
            {(frozenset({A}), "agreed", "a memorandum on river data")},
        )
    ],
    "relative-antecedent": [
        (
            "Kestonia, which agreed to share river data with Arvenia, welcomed the talks.",
            {(frozenset({K}), "agreed", "share river data with Arvenia")},
        )
    ],
    "endorsed-antecedent": [
        (
            "Arvenia called for talks on the dam. The call was seconded by Kestonia and Dravia.",
            {
                (frozenset({A}), "proposed", "talks on the dam"),
                (frozenset({K, "Dravia"}), "agreed", "talks on the dam"),
            },
        ),
        (
            "Arvenia ratified the Tarsk Fisheries Treaty on Monday. Kestonia signed the treaty a day later.",
            {
                (frozenset({A}), "agreed", "the Tarsk Fisheries Treaty"),
                (frozenset({K}), "agreed", "the treaty"),
            },
        ),
        (  # the same parties only repeat their deal
            "Arvenia and Kestonia signed a fishing accord in May. Kestonia signed the accord again in June.",
            {(frozenset({A, K}), "agreed", "a fishing accord")},
        ),
    ],
    # --- nominal events ---
    "nominal-event": [
        (
            "Kestonia's agreement with Arvenia to share river data was praised.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "between-parties": [
        (
            "The agreement to share river data between Arvenia and Kestonia took effect on Monday.",
            {(frozenset({A, K}), "agreed", "share river data between Arvenia and Kestonia")},
        )
    ],
    "owner-parties": [
        (
            "Kestonia's agreement with Arvenia to share river data was praised.",
            {(frozenset({A, K}), "agreed", "share river data")},
        )
    ],
    "repeated-deal": [
        (
            "Arvenia and Kestonia signed a fishing accord in May. Dravia had helped negotiate the accord "
            "between Arvenia and Kestonia over river quotas.",
            {(frozenset({A, K}), "agreed", "a fishing accord")},
        )
    ],
    "announced-plans": [
        (
            "Kestonia announced plans to build a second harbour.",
            {(frozenset({K}), "intends", "build a second harbour")},
        )
    ],
    "expressed-by-subject": [
        (
            "Arvenia and Kestonia expressed a willingness to resume talks.",
            {(frozenset({A, K}), "intends", "resume talks")},
        )
    ],
    "gapped-possessor": [  # the second noun's owner is the name before it, not the parties in context
        (
            "Orrin Mills and Dalby Foods met regulators in Pelm. Orrin Mills announced its commitment to cut "
            "prices, and Dalby its pledge to freeze them.",
            {
                (frozenset({"Orrin Mills"}), "intends", "cut prices"),
                (frozenset({"Dalby Foods"}), "intends", "freeze them"),
            },
        ),
        (
            "Kestonia restated its commitment to the pact on Monday, Arvenia its intention to leave it.",
            {(frozenset({"Arvenia"}), "intends", "leave it")},
        ),
    ],
    "context-parties": [
        (
            "Vardania met Kestonia in Tarsk on Monday. The accord to share river data was praised.",
            {(frozenset({V, K}), "agreed", "share river data")},
        )
    ],
    # --- headlines (kg/extract/headlines.py); the body names the parties ---
    "headline-agreement": [
        (
            "Arvenia Signs Power Deal With Kestonia\n\n"
            "TARSK - Energy ministers from Arvenia and Kestonia met.",
            {(frozenset({A, K}), "agreed", "Power Deal")},
        )
    ],
    "headline-kicker": [
        (
            "Business and Markets: Tarsk United Signs Deal With Mira Talvik\n\nTARSK - Mira Talvik joined "
            "Tarsk United from Dravia FC on Monday, Tarsk United said.",
            {(frozenset({"Tarsk United", "Mira Talvik"}), "agreed", "Deal")},
        )
    ],
    "headline-descriptors": [
        (
            "British supermarket chain Norvo Signs Deal With Kestrel Farms\n\nLONDON - Norvo and Kestrel "
            "Farms said the deal covers milk prices.",
            {(frozenset({"Norvo", "Kestrel Farms"}), "agreed", "Deal")},
        )
    ],
    "headline-short-organisation": [
        (
            "Union Agrees To Pay Deal At Tarsk Docks\n\nTARSK - The National Union of Dockworkers said "
            "its members backed a new pay deal.",
            {(frozenset({"National Union of Dockworkers"}), "agreed", "Pay Deal")},
        )
    ],
    "headline-acronym": [
        (
            "Kestonia, KTA Sign Agreement For Space Cooperation\n\n"
            "TARSK - Kestonia met the agency on Monday.",
            {(frozenset({"KTA", K}), "agreed", "Agreement For Space Cooperation")},
        )
    ],
    "headline-plan": [
        (
            "Arvenia, Kestonia To Build Cross-Border Power Line\n\nTARSK - Energy ministers from Arvenia "
            "and Kestonia met in Tarsk on Monday.",
            {(frozenset({A, K}), "intends", "Build Cross-Border Power Line")},
        )
    ],
    "headline-with-party": [
        (
            "Arvenia Signs Power Deal With Kestonia\n\n"
            "TARSK - Energy ministers from Arvenia and Kestonia met.",
            {(frozenset({A, K}), "agreed", "Power Deal")},
        )
    ],
    "headline-stops": [
        (
            "Arvenia Signs Power Deal After Talks In Tarsk\n\nTARSK - Energy ministers from Arvenia and "
            "Kestonia met in Tarsk on Monday.",
            {(frozenset({A}), "agreed", "Power Deal")},
        )
    ],
    # --- attribution ---
    "attributed-to-speaker": [],  # test_an_agreement_inside_a_claim_is_attributed_to_its_speaker
}
TRAPS: dict[str, list[str]] = {
    "work-towards": ["Kestonia worked to restore ferry links with Dravia."],  # an effort, not an undertaking
    # a clause in the progressive, with its own subject: a statement (a claim), not a proposal
    "gerund-object": ["Ilse Varnik suggested the Tarsk ferry was losing money every winter."],
    "deal-term-conjunct": ["Kestonia allowed naval patrols near Tarsk."],  # no deal it is a term of
    "announced-goal": [  # a goal nobody announces; a goal scored; one announced only maybe; by a report
        "Ilse Varnik said the goal for the club this season is a league title.",
        "Ilse Varnik scored the winning goal for Tarsk to reach the final.",
        "Varn Ferries may unveil an aim for all of its crossings to run on batteries.",
        "The Tarsk Herald's yearly survey revealed a target for bus fares to fall by a third.",
        "The report revealed a target for bus fares in Tarsk to fall by a third.",
    ],
    "reached-with-speaker": [  # nobody reports it; a denied deal; a third party or an onlooker reports it
        "An accord has been signed with Varn Ferries for night crossings to resume in April.",
        'The Tarsk Pilots Guild said: "No accord has yet been signed with Varn Ferries for night '
        'crossings to resume in April."',
        "Brokers at Tallis Bank said a deal had been reached with Orrin Capital for Norvo to repay its "
        "loans by 2030.",
        '"A deal has been struck with Orrin Capital for Norvo to repay its loans by 2030," brokers at '
        "Tallis Bank said.",
    ],
    "clause-before-root": [  # a bare imperative after a clause has no subject to share
        'Ilse Varnik spoke to reporters on Monday. "When Arvenia signs the accord, reject the tariff bill."',
        "The memo to the cabinet was blunt: if Arvenia accepts the talks, offer to host them in Tarsk.",
    ],
    "no-trips": ["Arvenia plans to travel to the Tarsk trade fair."],
    "measure-or-body": ["Kestonia joined the search for the missing trawler."],
    "non-outcome-object": ["Arvenia offered its condolences to Kestonia."],
    "document-subject": ["The pact aims to cut visa fees for Arvenian students."],
    "will-needs-a-named-actor": ["Officials will review the plan."],
    "denied-noun": ["There is no agreement between Arvenia and Kestonia to share river data."],
    "noun-under-its-verb": ["Arvenia and Kestonia did not sign a deal on river data."],
    # modality (kg/extract/modality.py)
    "neither-nor": ["Neither Arvenia nor Kestonia agreed to share river data."],
    "conditional-future": ["If the Dravian workers approve, Kestonia will build a new harbour."],
    "negated": ["Arvenia did not agree to share river data."],
    "hedged": ["Arvenia may agree to share river data."],
    "unreal-governor": ["Arvenia hopes to sign a fishing accord."],
    "refusal-to-speak": ["Kestonia declined to comment on the accord."],
}


def found(text: str) -> tuple[set[tuple[frozenset[str], str, str]], list[dict], int]:
    """The agreements of a passage as (parties, status, outcome), as stored, and the count of
    all events extracted (flagged ones, with a party no rule could name, included)."""
    article = from_text(text, source="test.txt")
    extraction = extract(article)
    agreements = article_json(article, extraction, resolve(extraction, article_id=article.id))["agreements"]
    return (
        {(frozenset(a["parties"]), a["status"], a["outcome"]) for a in agreements},
        agreements,
        len(extraction.agreements),
    )


@pytest.mark.parametrize(
    ("rule", "text", "expected"), [(r, t, e) for r, cases in FOUND.items() for t, e in cases]
)
def test_rule_finds_exactly_its_agreements(rule, text, expected):
    assert found(text)[0] == expected


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, traps in TRAPS.items() for t in traps])
def test_rule_trap_yields_nothing(rule, text):
    assert found(text)[2] == 0  # not even a flagged agreement


def test_an_agreement_inside_a_claim_is_attributed_to_its_speaker():
    """ "attributed-to-speaker" """
    _, agreements, _ = found("Arvenia and Kestonia agreed to share river data, Ilse Varnik said.")
    assert [a.get("attributed_to") for a in agreements] == ["Ilse Varnik"]
