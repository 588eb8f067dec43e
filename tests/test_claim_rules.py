"""Each named claim rule (kg.rules.RULES) on passages written for this test, with traps.

A case lists what must be found as (speaker, words the content must hold); a trap, text in
which that rule must find nothing. Passages are invented; names and places are fictional.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span as SpacySpan

from kg.article import from_text
from kg.extract import extract
from kg.extract.mentions import Discourse
from kg.extract.nlp import load_nlp
from kg.rules import RULES


def claims_of(text: str, title: str | None = None) -> list[tuple[str, str, bool]]:
    article = from_text(text if title is None else f"{title}\n\n{text}", source="rule-test")
    return [(c.speaker.name, c.content.text, c.direct) for c in extract(article).claims]


def has(found: list[tuple[str, str, bool]], speaker: str, *words: str) -> bool:
    return any(speaker in name and all(w in content for w in words) for name, content, _ in found)


CASES = {
    # the parser gave the cue no clause: a gerund subject hung on it as a complement, or the
    # words before ", X said" as its dependents
    "sentence-edge": [
        (
            "Ola Brenn said scrapping the toll this winter, with no other money lined up and the "
            "budget still in doubt, could quietly starve services that keep, among other things, "
            "the school boats running.",
            "Ola Brenn",
            ("scrapping the toll", "could quietly starve"),
        ),
        (
            'Families that sign for a second loan fall behind, even on a "steady" wage, Mira Talvik said.',
            "Mira Talvik",
            ("sign for a second loan fall behind",),
        ),
    ],
    # whom a cue of telling addresses belongs to the cue clause
    "addressee": [
        (
            'Ola Brenn took a risk at the quay, telling the crowd, "We will not sell a single boat."',
            "Ola Brenn",
            ("We will not sell a single boat",),
        ),
        ("The answer, Ola Brenn told them, was simple: sell the old crane.", "Ola Brenn", ("was simple",)),
    ],
    # a cue in the purpose infinitive of going to a medium, or of being made to speak
    "purpose-subject": [
        (
            "Ola Brenn took to the radio on Monday to say the quay would reopen in May.",
            "Ola Brenn",
            ("quay would reopen",),
        ),
        (
            "The lost vote prompted Ilse Marrow to say the harbour board had failed the island.",
            "Ilse Marrow",
            ("harbour board had failed",),
        ),
    ],
    # "put it" says how something was said
    "put-it": [
        (
            "The quay will stay shut all winter. As harbour master Ola Brenn put it, the boats have "
            "nowhere else to go.",
            "Ola Brenn",
            ("boats have nowhere else to go",),
        ),
        ('Ola Brenn put it bluntly: "The boats have nowhere else to go."', "Ola Brenn", ("nowhere else",)),
    ],
    # what X called A, parsed as A's apposition or with A as the cue's dative
    "predicate-apposition": [
        (
            "Ola Brenn called the retired ferryman her role model before describing how he trained her.",
            "Ola Brenn",
            ("ferryman her role model",),
        ),
        (
            "Other candidates went further, with Ola Brenn calling Marrow a fraud.",
            "Ola Brenn",
            ("Marrow a fraud",),
        ),
    ],
    # the parser hung the name on the phrase before it and left the cue without a subject
    "name-before-description": [
        (
            "On Friday at the Vardo union's annual dinner Rep. Ola Brenn (L-VA) said the harbour "
            'board was a "sinking ship" in every way.',
            "Ola Brenn",
            ("harbour board was",),
        ),
    ],
    # a relative clause inside the content stays in it
    "trailing-relative": [
        (
            "Ola Brenn said Ilse Marrow, who leads the polls, would win the harbour seat.",
            "Ola Brenn",
            ("who leads the polls, would win",),
        ),
    ],
    # a quotation opened inside the content runs past the sentence the parse gave the cue
    "open-quote": [
        (
            'Harbour master Ola Brenn said the board would "cut the fares by half. Nobody on the '
            'island will pay more than they do now."',
            "Ola Brenn",
            ("cut the fares by half", "Nobody on the island will pay more"),
        ),
    ],
    # a paragraph that ends on the cue's colon: the next paragraph is what was said, quoted or not
    "colon-block": [
        (
            "In a note to members on Friday, union chair Karla Veit wrote:\n\n"
            "The night ferry has carried this island for forty years, and we will not let the board "
            "sell it for scrap.",
            "Karla Veit",
            ("night ferry has carried this island",),
        ),
    ],
    # anonymous sources: people described by what they know or were told
    "described-people": [
        (
            "People familiar with the harbour talks said the board would sell the night ferry in March.",
            "People familiar with the harbour talks",
            ("sell the night ferry",),
        ),
    ],
    # the parse hung a clause of the speaker's description on the cue after the speaker
    "quote-before-cue": [
        (
            '"What\'s taking shape is a long fight over the quay," said Tove Prince, a Brenn intimate '
            "who leads the pro-Brenn quay committee Keep the Ferries.",
            "Tove Prince",
            ("long fight over the quay",),
        ),
    ],
    # a programme's quoted name in the cue clause is no part of the quotation; the one after it is
    "quoted-title": [
        (
            '"We will not close the quay," Ola Brenn said on NRK\'s "Morning Harbour." '
            '"The boats need it all winter."',
            "Ola Brenn",
            ("We will not close the quay", "The boats need it all winter"),
        ),
    ],
    "title-surname": [  # a title word after the given name is the surname
        ("Rep. Ola King said the night ferry would stop running in March.", "Ola King", ("night ferry",)),
        ("Tove Prince, the harbour master, said the quay would close.", "Tove Prince", ("quay would close",)),
    ],
    "statement-noun": [
        (
            "Councillor Mira Talvik expressed concern that the night ferry would stop running in March.",
            "Mira Talvik",
            ("night ferry would stop running",),
        ),
        (
            "Harbour master Ola Brenn made the case that the quay needs a second crane.",
            "Ola Brenn",
            ("quay needs a second crane",),
        ),
        (
            "The Vardo ferry union raised doubts that the new timetable could work in winter.",
            "Vardo ferry union",
            ("new timetable could work",),
        ),
    ],
    "as-clause": [
        (
            "As the Vardo Courier reported on Monday, the harbour board had spent its repair fund on "
            "a new crane.",
            "Vardo Courier",
            ("harbour board had spent",),
        ),
        (
            "The night ferry will stop running in March, as harbour master Ola Brenn noted.",
            "Ola Brenn",
            ("night ferry will stop running",),
        ),
    ],
    "evidence-object": [
        (
            "A new Kestrel Institute poll shows councillor Mira Talvik ahead among older voters in Vardo.",
            "Kestrel Institute poll",
            ("Mira Talvik ahead", "older voters"),
        ),
        ("The audit found large gaps in the ferry company's fuel accounts.", "audit", ("gaps in the ferry",)),
        (  # a date deep in the phrase does not make it a time phrase
            "A Kestrel survey finds Mira Talvik with a small lead among older voters in the race next month.",
            "Kestrel survey",
            ("Mira Talvik with a small lead",),
        ),
    ],
    "headline-cue": [
        (
            "Mira Talvik, who sat on the town council for ten years, spoke at the quay in Vardo on Friday.",
            "Mira Talvik",
            ("Plan to Cut Winter Fares",),
        ),
    ],
    "passive-cue": [
        (
            "The rumour of a new toll was denied by the Vardo ferry union at its meeting on Friday.",
            "Vardo ferry union",
            ("rumour of a new toll",),
        ),
        (
            "The resignation of the harbour master was confirmed by the Vardo council on Monday.",
            "Vardo council",
            ("resignation of the harbour master",),
        ),
    ],
    "raised-subject": [
        (
            "Councillor Mira Talvik went on to say that the ferry would sail through the winter.",
            "Mira Talvik",
            ("ferry would sail",),
        ),
        (
            "Harbour master Ola Brenn was quick to point out that no crossing had been cancelled.",
            "Ola Brenn",
            ("no crossing had been cancelled",),
        ),
        (
            "Polls continue to show that Vardo voters favour the new bridge.",
            "Polls",
            ("favour the new bridge",),
        ),
    ],
    "described-pair": [
        (
            "Shipping firm Marsk and Norwegian insurer Storbrand said the merger would close in June.",
            "Marsk",
            ("merger would close",),
        ),
    ],
    "participle-before": [
        (
            "Mayor Edda Varsk speaking on local radio warned that the quay would close.",
            "Edda Varsk",
            ("quay would close",),
        ),
        (  # "called" parsed as a modifier of "the plant"
            "Union leader Mara Olsen talking with reporters outside the plant called the wage offer "
            '"an insult".',
            "Mara Olsen",
            ("wage offer", "an insult"),
        ),
    ],
    "text-it": [
        (
            "The audit of the Orrin port authority finds that dredging costs have tripled since the "
            "spring. It also warns that the north quay may collapse within a decade.",
            "audit",
            ("north quay may collapse",),
        ),
    ],
    "text-reads": [
        (
            'Pinned to the quay gate, the Orrin Ferries notice reads: "No sailings until the storm passes."',
            "Orrin Ferries",
            ("No sailings",),
        ),
    ],
    "institution-within": [
        (
            "Officials within the Harbour Ministry said the quay would be rebuilt.",
            "Officials within the Harbour Ministry",
            ("quay would be rebuilt",),
        ),
    ],
    "relative-as": [
        (
            "Kestrel Lines sold what analysts described as its most profitable route.",
            "analysts",
            ("most profitable route",),
        ),
    ],
    "name-after-body": [
        (
            '"We will strike," said the chairwoman of the nurses union, Karla Veit.',
            "Karla Veit",
            ("We will strike",),
        ),
    ],
    "quoted-predicate": [
        (
            'The fishermen called the new quotas "unfair to small boats and a gift to the trawlers".',
            "fishermen",
            ("new quotas", "gift to the trawlers"),
        ),
        (  # the parser hangs the quotation's last words on the verb: the quote still ends at its mark
            'The ferry union called the new timetable "cruel to shift workers and wholly at odds with the '
            'contract".',
            "ferry union",
            ("new timetable", "at odds with the contract"),
        ),
        (  # the quotation opens after the object's own phrase, and closes after the full stop
            'Former harbour master Ola Brenn called the sale of the ferry fleet "a quiet robbery."',
            "Ola Brenn",
            ("sale of the ferry fleet", "quiet robbery"),
        ),
    ],
    "object-frames": [
        (
            "Senator Ana Velmont portrayed the harbour plan as a gift to the shipping lines.",
            "Ana Velmont",
            ("harbour plan", "gift to the shipping lines"),
        ),
        (
            "Senator Ana Velmont called the harbour plan a betrayal of the fishing towns.",
            "Ana Velmont",
            ("harbour plan", "betrayal"),
        ),
        (
            "Council member Tomas Greave accused the mayor of hiding the repair costs.",
            "Tomas Greave",
            ("mayor", "hiding the repair costs"),
        ),
        (  # "credit A with B", a judgement spoken (cues.tsv)
            "Senator Ana Velmont credited the harbour master with keeping the ferry running.",
            "Ana Velmont",
            ("harbour master", "keeping the ferry running"),
        ),
        (
            "The mayor stated her opposition to the new toll on Monday.",
            "mayor",
            ("opposition to the new toll",),
        ),
    ],
    "preposition-frames": [
        (
            "Senator Ana Velmont talked about the cost of dredging the harbour every spring.",
            "Ana Velmont",
            ("cost of dredging",),
        ),
        (
            "Port director Lina Osk warned of a long and costly strike at the container terminals.",
            "Lina Osk",
            ("long and costly strike",),
        ),
    ],
    "relative-clause": [
        (
            "The inquiry heard from engineer Paulo Brenner, who said the bridge had been unsafe for years.",
            "Paulo Brenner",
            ("bridge had been unsafe",),
        ),
    ],
    "split-quote": [
        (
            '"We are not finished with this," Mayor Hella Strand said. "The hard part starts on Monday."',
            "Hella Strand",
            ("not finished", "hard part starts"),
        ),
        (  # a cue in a clause describing the speaker is no second cue
            '"The harbour lobby is losing its grip," said Sen. Ana Velmont, who has long pushed for '
            'a second ferry. "Their hold on the port is slipping away."',
            "Ana Velmont",
            ("losing its grip", "slipping away"),
        ),
    ],
    "quote-paragraph": [
        (
            '"Fares will come down," said Rina Kovar, the transport minister.\n\n'
            '"Not this spring, but certainly by the autumn timetable."',
            "Rina Kovar",
            ("autumn timetable",),
        ),
    ],
    "colon-speaker": [
        (
            "Transport minister Rina Kovar spoke in Halden on Tuesday.",
            "Rina Kovar",
            ("Fares Will Fall",),
        ),
        (  # a transcript's turn, the speaker's title before the name
            'The hearing ran late.\n\nSen. Hella Strand: "The ferry contract was signed in secret."',
            "Hella Strand",
            ("signed in secret",),
        ),
    ],
    "gerund-object": [  # "suggest" also proposes; a stated clause is no proposal, so a claim
        (
            "Mayor Edda Varsk suggested the harbour board was hiding the repair costs.",
            "Edda Varsk",
            ("board was hiding the repair costs",),
        ),
    ],
    "party-before-colon": [
        (
            'The hearing ran late.\n\nRep. Ola Brenn (D-Vardo):"I have never seen that figure in a report."',
            "Ola Brenn",
            ("never seen that figure",),
        ),
    ],
    "dash-signature": [
        (
            "Readers wrote in after the vote.\n\n"
            '"The bridge has been shut for a year and nobody in the council cares." ― Marta Zell',
            "Marta Zell",
            ("nobody in the council cares",),
        ),
    ],
    "document-source": [
        (
            "The report says the ferry company lost money on the winter crossings.",
            "report",
            ("lost money",),
        ),
        (
            "A survey of commuters found that most drivers avoid the old bridge at night.",
            "survey",
            ("most drivers avoid",),
        ),
        (
            "According to the audit, the agency lost $3 million on the ferry contract.",
            "audit",
            ("agency lost",),
        ),
    ],
    "described-source": [
        (
            "Gov. Ilse Marrow toured the flooded valley on Monday. "
            "The governor said the dams would be inspected before the winter rains.",
            "Ilse Marrow",
            ("dams would be inspected",),
        ),
        (  # the governor now, not a former one named since
            "Gov. Ilse Marrow toured the flooded valley on Monday. Nora Vik, the former governor, "
            "said the dams were old. The governor said the dams would be inspected before the rains.",
            "Ilse Marrow",
            ("dams would be inspected",),
        ),
        (  # the name a quote ends on is no title holder: the description speaks
            "Gov. Ilse Marrow toured the flooded valley on Monday. "
            '"Nobody in the valley knows the dams better than Tomas Lind," the governor said.',
            "Ilse Marrow",
            ("knows the dams better",),
        ),
    ],
    "candidate-body": [
        (
            "Senator Ana Velmont toured the quay on Monday. Velmont's campaign said the fares would fall.",
            "Ana Velmont",
            ("fares would fall",),
        ),
        (
            "Mayor Nora Vik was away on Monday; her office said the north quay would reopen in May.",
            "Nora Vik",
            ("north quay would reopen",),
        ),
    ],
    "unnamed-source": [
        (
            "While the crowd waited, the stadium announcer said the match would start an hour late.",
            "announcer",
            ("start an hour late",),
        ),
        (
            "A longtime friend of the senator said she would not run again.",
            "friend",
            ("would not run again",),
        ),
        ("Her campaign said the rally would go ahead in the rain.", "campaign", ("rally would go ahead",)),
    ],
    "share-source": [
        (
            "Another said the harbour plan would ruin the fishing trade.",
            "Another",
            ("ruin the fishing trade",),
        ),
        (
            "In a survey of harbour workers, 41 percent of those asked said the night shifts should end.",
            "41 percent",
            ("night shifts should end",),
        ),
    ],
    "described-share": [
        (
            "Those who stayed at the quay until dawn said the night ferry should run again.",
            "Those who stayed at the quay until dawn",
            ("night ferry should run again",),
        ),
        (
            "Some of the striking dockers said the new cranes were unsafe.",
            "Some of the striking dockers",
            ("new cranes were unsafe",),
        ),
    ],
    "parenthetical": [
        (
            "A new harbour master, the mayor said, could reopen the north quay by June.",
            "the mayor",
            ("new harbour master", "reopen the north quay"),
        ),
    ],
    "stance-cues": [
        (
            "Senator Ana Velmont criticized the port authority for the delays at the northern terminal.",
            "Ana Velmont",
            ("port authority", "delays"),
        ),
        (
            "Trade minister Rina Kovar asked whether the freight companies would cut their diesel use.",
            "Rina Kovar",
            ("freight companies", "cut their diesel use"),
        ),
    ],
    "headline-says": [
        (
            "Mayor Hella Strand spoke at the harbour on Friday.",
            "Hella Strand",
            ("Harbour Will Reopen",),
        ),
    ],
    "nominal-cue": [
        (
            "Mayor Hella Strand toured the quay. Divers later checked his claim that the pilings were sound.",
            "Hella Strand",
            ("pilings were sound",),
        ),
        (
            "Mayor Hella Strand's claim that the quay was safe was checked by divers on Friday.",
            "Hella Strand",
            ("quay was safe",),
        ),
    ],
    "evidence-source": [
        (
            "The ferry company's own figures show that crossings fell by a third last winter.",
            "figures",
            ("crossings fell by a third",),
        ),
    ],
    "according-to": [
        (
            "The quay was built in 1911, according to old harbour board minutes.",
            "minutes",
            ("quay was built in 1911",),
        ),
        (  # a source named by its kind, a noun before the head ("military radio", "police records")
            "By dawn, according to military radio, the convoy had crossed the river.",
            "military radio",
            ("crossed the river",),
        ),
    ],
    "group-source": [
        ("Mountaineers say the north ridge is too dangerous this season.", "Mountaineers", ("north ridge",)),
        (
            "Aides said the senator would seek a third term next spring.",
            "Aides",
            ("third term",),
        ),
    ],
    "adjacent-quote": [
        (  # "answer" reports the quotation it answers with (cues.tsv), not the questions it answers
            '"Not this winter, and not the next," Ola Brenn answered when asked about the quay.',
            "Ola Brenn",
            ("Not this winter",),
        ),
        (
            'Mayor Hella Strand said:\n\n"We will reopen the harbour in May, whatever the council decides."',
            "Hella Strand",
            ("reopen the harbour",),
        ),
    ],
    "known-name": [
        (
            "Commentator Dale Rivers spoke after the debate.\n\n"
            "Rivers said the vote would be close in the north.",
            "Dale Rivers",
            ("vote would be close",),
        ),
    ],
    "typewriter-quotes": [
        (
            "''We will rebuild the pier before the season starts,'' Harbour master Jon Feld said.",
            "Jon Feld",
            ("rebuild the pier",),
        ),
    ],
    "clause": [
        ("Mayor Hella Strand said the quay would reopen in May.", "Hella Strand", ("quay would reopen",)),
    ],
    "infinitive": [
        ("Mayor Hella Strand told the ferry crews to stay in port.", "Hella Strand", ("stay in port",)),
    ],
    "polnear-cues": [
        ("Councillor Mira Talvik pushed for a new vote on the Vardo bridge.", "Mira Talvik", ("new vote",)),
        (
            "Mayor Hella Strand lamented the closure of the old ferry line.",
            "Hella Strand",
            ("old ferry line",),
        ),
    ],
    "people-suffix": [
        ("Ferry operators say the new quay is too short.", "Ferry operators", ("new quay is too short",)),
    ],
    "appositive-name": [
        (
            "The director of the regional water board, Runa Kvale Berget, described the drought plan as "
            "overdue.",
            "Runa Kvale Berget",
            ("drought plan",),
        ),
        (
            "The general secretary of the Nordic Rowing Federation, Maja Lindqvist Aas, called the new "
            "rules a step backwards.",
            "Maja Lindqvist Aas",
            ("step backwards",),
        ),
    ],
    "role-antecedent": [
        (
            "Gov. Ilse Marrow toured the flooded valley on Monday. "
            "The governor said the dams would be inspected before the winter rains.",
            "Ilse Marrow",
            ("dams would be inspected",),
        ),
    ],
    "name-before": [
        (
            "Touring the valley for his sister, the council candidate Ilse Marrow, "
            "former governor Paul Brenner said his sister was ready for the job.",
            "Paul Brenner",
            ("ready for the job",),
        ),
    ],
    "name-after": [
        (
            "The farmer Nora Kettering thinks the new fishing quota is unfair. "
            'Said Kettering: "No family boat can live on a quota that small."',
            "Nora Kettering",
            ("family boat",),
        ),
        (
            "Harbour pilot Sven Holloway doubts the new radar works. "
            'Said Holloway: "It lost two trawlers in the fog last week."',
            "Sven Holloway",
            ("two trawlers",),
        ),
        (
            '"The orchards are finished. Completely finished," said Marek Dunn, a Lindvik-based '
            "spokesman for the growers.",
            "Marek Dunn",
            ("Completely finished",),
        ),
    ],
    "headline-verb": [
        ("Mayor Hella Strand spoke in Halden on Monday.", "Hella Strand", ("Talks Will Resume",)),
    ],
    "appositive-subject": [
        (
            "One delegate, Halden councillor Nora Vik, gave her backing to Karen Ellis to help Ellis "
            'win the harbour seat.\n\n"This contest has to end soon so we can face the real fight," '
            "she said.",
            "Nora Vik",
            ("face the real fight",),
        ),
    ],
    "manner-cues": [
        (
            '"Anyone who cared about the ferry would have called us first," Senator Ana Velmont '
            "fumed on Tuesday.",
            "Ana Velmont",
            ("cared about the ferry",),
        ),
        ("Mayor Hella Strand quipped that the ferry was older than the harbour.", "Hella Strand", ("older",)),
    ],
    "joint-speakers": [
        (
            "Mayor Hella Strand and Senator Ana Velmont said the quay would reopen in May.",
            "Ana Velmont",
            ("quay would reopen",),
        ),
        (
            "Orrin Bakeries and Tallis Mills, which warned last month that flour prices would rise, "
            "opened a joint depot in Dalby.",
            "Orrin Bakeries",
            ("flour prices would rise",),
        ),
    ],
    "group-speakers": [
        (
            "Kestrel Shipping and Marlin Ferries met in Halden, where they said fares would fall.",
            "Marlin Ferries",
            ("fares would fall",),
        ),
    ],
    "event-speakers": [
        (
            "The Velmar Union and Castor Mining signed a wage pact last week. "
            "The parties said the pact would cover nine hundred miners.",
            "Castor Mining",
            ("nine hundred miners",),
        ),
        (
            "Orrin Rail and the Dalby Port Trust met in Halden on Thursday to discuss the freight link. "
            "The two parties said the first trains could run before the harvest.",
            "Orrin Rail",
            ("first trains could run",),
        ),
    ],
    "cue-phrase": [
        (
            "After the ferry timetable was cut, harbour pilot Greta Lunde posted on Facebook, "
            '"Four crossings a day? Nobody can plan a week around that." Olaf Brekke of the Ferry Union '
            'said on local radio, "The cut is temporary and the pilots know it."',
            "Greta Lunde",
            ("plan a week",),
        ),
        (
            "Before the final, club physio Ines Varro wrote on her blog, "
            '"Three players are carrying injuries. I would rest them." Coach Milan Tesar replied at a '
            'press conference, "Nobody is being rested on Saturday."',
            "Ines Varro",
            ("carrying injuries",),
        ),
    ],
    "role-then-name": [
        (
            "After the ferry timetable was cut, harbour pilot Greta Lunde posted on Facebook, "
            '"Four crossings a day? Nobody can plan a week around that." Olaf Brekke of the Ferry Union '
            'said on local radio, "The cut is temporary and the pilots know it."',
            "Greta Lunde",
            ("plan a week",),
        ),
        (
            "Before the final, club physio Ines Varro wrote on her blog, "
            '"Three players are carrying injuries. I would rest them." Coach Milan Tesar replied at a '
            'press conference, "Nobody is being rested on Saturday."',
            "Ines Varro",
            ("carrying injuries",),
        ),
    ],
    "dated-source": [
        (
            "Ticket sales at the northern ferry terminal rose by a fifth, according to the Valley Courier "
            "on Tuesday.",
            "Valley Courier",
            ("rose by a fifth",),
        ),
        (
            "Two of the three cranes at the quay are out of service, according to Harbour Weekly "
            "last October.",
            "Harbour Weekly",
            ("out of service",),
        ),
    ],
    "subject-antecedent": [
        (  # a clause that sets the scene of the pronoun's own sentence, before the last main subject
            "Coach Ivo Stranik met league chairman Petr Novak on Sunday. After Tomas Lind arrived at "
            "the quay, he told reporters that the ferry would run again.",
            "Tomas Lind",
            ("ferry would run again",),
        ),
        (  # the main clause's subject, not the subject of "help Ellis win" inside it
            "Halden councillor Nora Vik gave her backing to Karen Ellis to help Ellis win the harbour "
            'seat.\n\n"This contest has to end soon so we can face the real fight," she said.',
            "Nora Vik",
            ("face the real fight",),
        ),
        (
            "Museum director Carla Benn toured the new wing with the city's culture chief, Maren Holt. "
            "She told visitors the collection would double within five years.",
            "Carla Benn",
            ("collection would double",),
        ),
        (
            "Coach Ivo Stranik met league chairman Petr Novak at the stadium on Sunday. "
            "He said afterwards that the club would appeal the fine.",
            "Ivo Stranik",
            ("appeal the fine",),
        ),
    ],
    "appositive-person": [
        (
            "Asian Trade–Credit Bank director Amara Diallo told bankers that its loans to farmers would "
            "grow.",
            "Amara Diallo",
            ("loans to farmers",),
        ),
        (
            "Asian Trade–Credit Bank director Amara Diallo said on Friday that lending to rice farmers "
            "would double.",
            "Amara Diallo",
            ("rice farmers",),
        ),
        (  # parsed with the person as subject: found without the rule, kept as a guard
            "Northfield Power chief executive Dana Okafor said on Monday that the new turbines would be "
            "running by March.",
            "Dana Okafor",
            ("new turbines",),
        ),
    ],
    "conjoined-cue": [
        (
            "Mayor Hella Strand denied the report and said the quay was safe.",
            "Hella Strand",
            ("quay was safe",),
        ),
    ],
    "continued-quote": [
        (
            "The mayor spoke on the quay.\n\n"
            '"We will rebuild the old quay first.\n\n"Then the harbour road," Mayor Hella Strand said.',
            "Hella Strand",
            ("rebuild the old quay first",),
        ),
    ],
    "inverted-clause": [
        (
            "The school will need two more teachers by autumn, Varga said, and the budget cannot cover them.",
            "Varga",
            ("two more teachers",),
        ),
        (
            "Rents in the old town have doubled since 2019, the housing officer said, and most tenants are "
            "now behind.",
            "housing officer",
            ("Rents in the old town",),
        ),
    ],
    "that-misparse": [
        (
            "Mayor Hella Strand said on a visit to the fish market that the quay would reopen in May.",
            "Hella Strand",
            ("quay would reopen",),
        ),
    ],
    "participle": [
        (
            "Mayor Hella Strand spoke at the quay on Monday, stating that the repairs would take a year.",
            "Hella Strand",
            ("repairs would take a year",),
        ),
    ],
    "pronoun-gender": [
        (
            "Peter Feld met Anna Strand at the quay on Monday. She said the repairs would take a year.",
            "Anna Strand",
            ("repairs would take a year",),
        ),
        (
            "Anna Strand met Peter Feld at the quay on Monday. She said the repairs would take a year.",
            "Anna Strand",
            ("repairs would take a year",),
        ),
    ],
    "directive-cues": [
        (
            "Mayor Hella Strand demanded that they publish the repair costs.",
            "Hella Strand",
            ("publish the repair costs",),
        ),
    ],
    "speaking-institution": [
        ("Police said the harbour road would stay closed until Friday.", "Police", ("harbour road",)),
    ],
    "appositive-entity": [
        (
            "The union's negotiator, Hella Strand, said the strike would end in May.",
            "Hella Strand",
            ("strike would end",),
        ),
        (  # a number heads the subject ("One of ..."): the name in apposition still speaks
            "One of the union's negotiators, Hella Strand, told reporters that the strike would end in May.",
            "Hella Strand",
            ("strike would end",),
        ),
    ],
    "collective-anchor": [
        (
            "Nurses at Hartwell General Hospital said the new rota was unsafe.",
            "Nurses at Hartwell General Hospital",
            ("new rota was unsafe",),
        ),
    ],
    "group-reference": [
        (
            "Peru and Chile signed a fishing pact in Halden on Monday. Both sides said the talks had been "
            "useful.",
            "Chile",
            ("talks had been useful",),
        ),
    ],
    "demonym-government": [
        (
            "The Norwegian delegation said the talks would resume in May.",
            "Norwegian",
            ("talks would resume",),
        ),
    ],
    "the-government": [
        (
            "Ferry talks opened in Norway on Monday. The government said the new route would start in May.",
            "Norway",
            ("new route would start",),
        ),
    ],
    "main-place": [
        (
            "Floods swept through Peru on Monday. Rescue teams in Peru searched the villages, helped by "
            "divers from Chile. The government said forty people were missing.",
            "Peru",
            ("forty people were missing",),
        ),
    ],
    "role-apposition-person": [
        (  # the tagger makes the full name a place: the office in apposition makes it a person
            "Drivers at the bypass met Örs Bálványos, the county commissioner for roads, on Friday. "
            "Bálványos said that tolls would end in June.",
            "Örs Bálványos",
            ("tolls would end",),
        ),
    ],
    "company-suffix": [
        (  # "Gépgyár Kft" is tagged a person: "He" would go to the company
            "Mayor Ottó Lakatos opened the new quay on Monday. The ferry line was sold last month to "
            "Dunai Gépgyár Kft. for a small sum. He said the price was fair.",
            "Ottó Lakatos",
            ("price was fair",),
        ),
    ],
    "role-before-name": [
        (
            "The finance minister of Norway, Jens Halvorsen, met fishermen at the new quay on Monday. "
            "The minister added that harbour fees would not rise this year.",
            "Jens Halvorsen",
            ("harbour fees",),
        ),
    ],
    "plural-antecedent": [
        (
            "Peru and Chile have asked for a delay to the quotas. The new limits would ruin the coastal "
            "towns, they argue.",
            "Chile",
            ("ruin the coastal towns",),
        ),
        (
            "Liberal Party senators walked out of the debate on Tuesday. They say the harbour tax would "
            "drive the ferries away.",
            "Liberal Party senators",
            ("drive the ferries away",),
        ),
        (  # the subject of the main clause before, not the one inside what it reported
            "Anglers warned on Monday that Tarsk farmers would soon drain the river. The county has never "
            "measured how much water the farms take, they say.",
            "Anglers",
            ("never measured",),
        ),
    ],
    "body-of-spokesperson": [
        (
            "Millions were lost in the strike, said a spokeswoman for the ferry owners.",
            "ferry owners",
            ("Millions were lost",),
        ),
        ("Officials in Peru said the mine would stay shut until May.", "Peru", ("mine would stay shut",)),
        (
            "The Ministry of Fisheries published new quotas on Monday. Ministry officials said the cod "
            "stocks had recovered.",
            "Ministry of Fisheries",
            ("cod stocks",),
        ),
    ],
    "statement-saying": [
        (
            "Harbour master Nils Brekke released a statement saying the new pier would open in June.",
            "Nils Brekke",
            ("new pier would open",),
        ),
        (
            "Nils Brekke, the harbour master, wrote a letter to Halden council saying the new pier would "
            "open in June.",
            "Nils Brekke",
            ("new pier would open",),
        ),
    ],
    "including-members": [
        (
            "Several ministers, including Finance Minister Rui Castro, told parliament on Friday that the "
            "budget was balanced.",
            "Rui Castro",
            ("budget was balanced",),
        ),
    ],
    "quote-after-subject": [
        (  # after a colon, over two paragraphs
            "Ilse Marrow, who heads the nurses' union, wrote to the board that the rota \"cannot change "
            'overnight": "Nobody asked the night staff.\n\n'
            '"If the board goes ahead, we will strike in March."',
            "Ilse Marrow",
            ("strike in March",),
        ),
        (
            "Senator Pavel Orsk spent Tuesday touring the coast road. "
            '"Drivers here pay more than anyone, and the bridge would only add to that."',
            "Pavel Orsk",
            ("pay more than anyone",),
        ),
    ],
    "titled-source": [
        (
            "The clinic will close in May, according to Nurses from Norway.",
            "Nurses from Norway",
            ("clinic will close",),
        ),
    ],
    "owner-before-colon": [
        (
            "The mayor of Tarsk, Pavel Orsk, spoke to farmers on Friday.",
            "Pavel Orsk",
            ("Water Tax Must Go",),
        ),
    ],
    "appositive-antecedent": [
        (
            "The bus makers Orrin and Tallis, which both say the rules are unfair, have left the "
            "association.",
            "Tallis",
            ("rules are unfair",),
        ),
    ],
    "share-of-a-body": [
        (
            "On Friday, 40 of the Harbour Union's members left the meeting, saying the contract cut their "
            "overtime.",
            "Harbour Union",
            ("cut their overtime",),
        ),
        (
            "Most of the Liberal Party's senators said the tax was unfair.",
            "Liberal Party",
            ("tax was unfair",),
        ),
    ],
    "document-owner": [
        (
            "Kestrel Lines opened a new route. The company's press release said 14 new ferries were bought "
            "since 2019.",
            "Kestrel Lines",
            ("14 new ferries",),
        ),
        (
            "Tallis Freight's statement said the depot in Orrin would close in June.",
            "Tallis Freight",
            ("depot in Orrin would close in June",),
        ),
        (  # a person's letter is the person's
            "Mayor Edda Varsk wrote to the council on Friday. Varsk's letter said the ferry fares would "
            "stay frozen.",
            "Edda Varsk",
            ("ferry fares would stay frozen",),
        ),
        # police are a body of their own, not their city's voice
        ("The city's police said the march had been peaceful.", "police", ("march had been peaceful",)),
    ],
    "dated-document": [
        (
            "Kestrel Lines added 14 ferries to its fleet last year, according to a May 2, 2022 filing by the "
            "company.",
            "Kestrel Lines",
            ("14 ferries",),
        ),
    ],
    "stranded-subject": [
        (
            "Asked who would vote for the report, Mayor Ilse Marrow said few, herself among them, had even "
            "read it.",
            "Ilse Marrow",
            ("few, herself among them, had even read",),
        ),
    ],
    "contrast-not-joint": [  # those not denied speak, each
        ("Peru and Chile, but not Bolivia, said the quotas were fair.", "Chile", ("quotas",)),
    ],
    "by-saying": [
        (
            "Mayor Ilse Marrow closed her speech to the fishermen by saying the quay would reopen in May.",
            "Ilse Marrow",
            ("quay would reopen",),
        ),
        (  # whom a verb blames for saying A said it, not the blamer
            "Critics attacked Senator Pavel Orsk for saying the tax was fair.",
            "Pavel Orsk",
            ("tax was fair",),
        ),
    ],
    "the-organisation": [
        (
            "Kestrel Shipping Ltd. opened a terminal in Halden on Monday. "
            "The company said fares would fall in May.",
            "Kestrel Shipping",
            ("fares would fall",),
        ),
    ],
}
TITLES = {
    "headline-cue": "Former Councillor Mira Talvik Slams Plan to Cut Winter Fares",
    "owner-before-colon": "Tarsk's Orsk: Water Tax Must Go",
    "colon-speaker": "Kovar: Fares Will Fall Before the Winter Timetable",
    "headline-says": "Harbour Will Reopen by Spring, Strand Says",
    "headline-verb": "Hella Strand Says Talks Will Resume",
}

TRAPS = {
    # what is still to come, and a trip to talk terms, report nothing said
    "purpose-subject": [
        "Ola Brenn will go on the radio on Monday to say the quay will reopen.",
        "Ola Brenn went to Oslo to discuss the ferry contract.",
    ],
    # "put it" with a place is an act: "on the agenda", "to a vote"
    "put-it": [
        "The board put it on the agenda for Monday, said nothing more and left.",
        "Ola Brenn put it to a vote.",
    ],
    # one apposition after a comma describes whom X phoned; "himself" is no predicate
    "predicate-apposition": [
        "Ola Brenn called Ilse Marrow, the mayor, on Monday to ask about the quay.",
        "Ola Brenn spent the week calling fishers himself.",
    ],
    # "people" with no description names nobody; a relative clause that is the cue's own is none
    "described-people": [
        "People say the night ferry is always late.",
        "People who described themselves as fishers outnumbered the rest at the quay.",
    ],
    # a colon inside its paragraph is no block quotation
    "colon-block": [
        "Karla Veit wrote: three boats. The rest of the fleet stayed in port.\n\nThe ferry left at noon.",
    ],
    # what follows a cue's own phrases holds no clause; a subordinate clause before it is the scene
    "sentence-edge": [
        "Councillor Mira Talvik responded by cutting the ferry budget in half.",
        "When the question was put to harbour master Ola Brenn, Ola Brenn laughed.",
    ],
    # a manner of speaking with an object or nothing reports no statement
    "manner-cues": [
        "Dockers shouted slogans outside the harbour office. The crowd roared as the ferry left.",
    ],
    # "hop" is the tagger's lemma of "hopes", and a verb of its own; "push for" with a time
    "beliefs-are-no-claims": [
        "Mayor Hella Strand believes the quay will reopen in May.",
        # the tagger's lemma of "hoping" is "hop"
        "Councillor Mira Talvik is hoping that the night ferry returns before the winter.",
        "Councillor Mira Talvik will hop on the night ferry to Vardo on Monday.",
        "Mayor Hella Strand wants to close the old harbour road by the summer.",
    ],
    "polnear-cues": ["Rescuers in Vardo pushed for hours to free the driver from the wreck."],
    "headline-cue": [  # no name before the verb: a plural of people, a storm
        "Ferry Firms Oppose Higher Port Fees\n\nThe harbour board met in Vardo on Friday.",
        "Winter Storm Batters Vardo Coast\n\nMira Talvik spoke at the quay on Friday.",
        # verbs of acts as much as of words; a title that is a subordinate clause
        "Ola Brenn Defends Sailing Title\n\nOla Brenn won the regatta again in Vardo on Sunday.",
        "Judge Ola Brenn Questions Witness in Fraud Trial\n\nOla Brenn led the trial in Vardo on Monday.",
        "When Mira Talvik Backs a Plan, Vardo Listens\n\nMira Talvik spoke at the quay on Friday.",
        # a commitment or a position: an agreement (GUIDELINES.md) or nothing, not a claim
        "Mira Talvik Urges Ferry Firms to Cut Winter Fares\n\nMira Talvik spoke at the quay on Friday.",
        "Mira Talvik Calls for Lower Winter Fares\n\nMira Talvik spoke at the quay on Friday.",
        "Mira Talvik Supports Harbour Plan\n\nMira Talvik spoke at the quay on Friday.",
    ],
    "as-clause": [  # "as" = while: the cue has an object of its own
        "As the harbour master explained the new rota to the crews, two pilots walked out.",
        # a cue with a topic or an addressee of its own: an act done while
        "Nurses left the ward early as the director explained to the board.",
        "The crews walked out as the harbour master commented on the new rota.",
    ],
    "evidence-object": [  # a person's act, or what police came upon: nothing reported
        "Police found a body near the quay.",
        "Councillor Mira Talvik showed her pass at the harbour gate.",
        "The letter found its way to the harbour board in March.",  # a path, not a finding
    ],
    "passive-cue": [  # a pronoun, a relative pronoun, a verb without the frame's preposition
        "Councillor Mira Talvik was praised by the ferry union.",
        "The toll plan, which was criticized by the union, passed on Monday.",
        "The old report was written by harbour staff.",
        # a frame with more than the object: the subject alone is not what was said
        "Mayor Hella Strand was accused by the Vardo ferry union of hiding the repair bill.",
        "The bridge toll was described by Vardo fishermen as a tax on the island.",
        "The harbour office in Vardo was attacked by masked men on Monday night.",
        "The harbour plan was supported by 61 percent of Vardo fishermen in the Kestrel survey.",  # a count
        # the cue is joined to a passive verb that is no cue: the complaint demands, not the union
        "The complaint was filed by the Vardo ferry union in March and demands damages from the port.",
    ],
    "raised-subject": [  # a refusal or a trip reports nothing said
        "Councillor Mira Talvik refused to say whether the ferry would sail.",
        "Councillor Mira Talvik went to tell the board about the ferry.",
        # a wish, a habit of voters, an infinitive of purpose
        "Mira Talvik was eager to tell reporters that the deal was done, but her lawyer stopped her.",
        "Older voters in Vardo tended to support the bridge plan.",
        "Councillor Mira Talvik appeared before the harbour board on Monday to discuss the ferry budget.",
    ],
    # a participle's name, and a finite verb of its own: no cue without a subject
    "participle-before": [
        "The ferry called Northern Star left at noon, carrying a crew speaking to nobody.",
        "Officials are studying a plan called Renewal.",
    ],
    # someone reading is no text saying
    "text-reads": [
        'Mayor Edda Varsk read the letter aloud: "We will not close the quay."',
        "Edda Varsk read that the quay would close.",
    ],
    "relative-as": [
        "The council approved the harbour plan, which Mayor Edda Varsk described in detail.",
        # "reckless" alone would lose what it is said of
        "The council approved the harbour plan, which Mayor Edda Varsk described as reckless.",
    ],
    # the verb's other sense: no words reported
    "quoted-predicate": [
        'Mayor Edda Varsk called the "Harbour House" office on Friday.',
        'Mayor Edda Varsk called the author of "Harbour Nights" on Friday.',  # a title, no predicate
    ],
    "two-objects": [  # a verb that gives or withholds something reports nothing
        "Senator Ana Velmont denied the harbour master a hearing before her committee.",
        "The Vardo council chair, Mira Talvik, denied them entry to the quay.",
    ],
    "statement-noun": [  # the verb alone, or the noun without its that-clause, reports nothing
        "Councillor Mira Talvik made a deal that ended the ferry strike.",
        "Councillor Mira Talvik raised taxes that hurt the fishermen of Vardo.",
        "Harbour master Ola Brenn made the point that he had made in March.",  # a relative "that"
        "Councillor Mira Talvik raised her concern with the harbour board on Monday.",
    ],
    "object-frames": [
        "Senator Ana Velmont called the harbour office on Monday.",
        # welcome and hail say something only with what the object is said to be
        "Mayor Edda Varsk hailed the taxi outside the harbour office on Friday.",
        "Mayor Edda Varsk welcomed the fishermen from Orrin at the quay.",
        "Dock workers in Orrin welcomed the court's ruling.",
        "Council member Tomas Greave accused nobody, and left.",
    ],
    "preposition-frames": ["Port director Lina Osk warned on Tuesday."],
    "relative-clause": ["The plan that engineer Paulo Brenner described was never published."],
    "split-quote": [],
    "quote-paragraph": [
        'The minister arrived in Halden on Monday.\n\n"Nobody in the valley believes a word of it."'
    ],
    "colon-speaker": [],
    "dash-signature": [
        '"The bridge has been shut for a year." ― and nobody in the council seems to care about it'
    ],
    "document-source": [
        "The report was published by the ministry on Monday.",
        "The survey asked drivers about the bridge.",
    ],
    "described-source": [],
    "parenthetical": ["A new harbour master, Mayor Hella Strand, could reopen the north quay by June."],
    "stance-cues": [
        "Mayor Hella Strand saw the harbour from the ferry on Sunday.",
        # a position taken, not a speech act: an agreement where GUIDELINES.md makes it one
        # ("endorsed", "opposed", "rejected"), otherwise nothing ("supports")
        "Mayor Hella Strand supports the harbour plan.",
        "Mayor Hella Strand endorsed Ola Brenn for harbour master.",
        "The Vardo council opposed the new toll.",
        "The Vardo council rejected the new toll.",
        "The harbour plan, which Hella Strand supports, goes to a vote in May.",
    ],
    "nominal-cue": ["Mayor Hella Strand's claim to the land was rejected by the court."],
    "evidence-source": ["The ferry company's own figures were published on Monday."],
    "according-to": [
        "According to plan, the ferry left at noon.",
        "The crossing went according to the harbour master's timetable.",  # what it conforms to
    ],
    "modifier-cue": [
        "The deal, called Harbour Renewal, passed on Monday.",
        "A banner saying the harbour belongs to the town hung from the crane.",
    ],
    "no-comment": ["A Kestrel Shipping spokeswoman declined to comment when asked about the fares."],
    "negated-cue": ["Mayor Hella Strand did not say whether the harbour would reopen."],
    "unnamed-source": [
        "The old computer says nothing about the harbour.",
        "The old sign at the gate says the road is closed for the winter.",
    ],
    "share-source": ["Nearly half of the harbour was flooded, and 22 percent of the boats sank."],
    "group-source": [
        "Numbers say little about the harbour.",
        "Aides packed the boxes in the senator's office on Friday.",
    ],
    "typewriter-quotes": [],
    "adjacent-quote": [
        'Mayor Hella Strand left:\n\n"We will reopen the harbour in May, whatever the council decides."'
    ],
    "known-name": ["Rivers flooded the valley after the storm."],
    "plural-antecedent": [  # not the people inside what "they" said, nor those an earlier "They" met
        "Halden ferry pilots are not trained for night crossings, they say.",
        "The two fleets met in Halden on Monday. They discussed the quotas with Peru and Chile. They said "
        "the talks had gone well.",
    ],
    "share-of-a-body": ["Most of Peru's farmers say the rains came late this year."],  # not Peru's government
    "contrast-not-joint": ["Neither Peru nor Chile said the quotas were fair."],
    "by-saying": [  # a participle after "of", "from", "without" reports no act of the subject
        "The union has steered clear of criticizing the mayor for cutting the budget.",
        "Without knowing how the tolls would be spent, the council voted for them.",
    ],
    "statement-saying": [  # who found or got a document did not write it
        "Police found a letter saying the hostages were safe.",
        "Reporters obtained an internal email saying the plant would close.",
    ],
    "unresolved-speaker": [
        "They said the talks in Halden had been useful.",
        "Both sides said the ferry talks had been useful.",
    ],
    "quote-after-subject": [
        'The ferry left Halden at noon. "Nobody in the valley believes a word of it."',
        'Mayor Ilse Marrow has been accused of lying by her rivals. "She has misled the voters for years."',
        'Mayor Ilse Marrow visited the quay on Monday. "Welcome back to the harbour," read a banner on '
        "the crane.",
    ],
}
# What a rule keeps out: no claim of that speaker whose content holds those words.
EXCLUDES = {
    # a relative clause after a comma at the very end describes the noun for the reader
    "trailing-relative": [
        (
            "Ola Brenn said the harbour seat would go to Ilse Marrow, who leads the polls by ten points.",
            "Ola Brenn",
            "leads the polls",
        ),
    ],
    # the programme's name closes no split quotation: the content ends with what was said
    "quoted-title": [
        ('"We will not close the quay," Ola Brenn said on NRK\'s "Morning Harbour."', "Ola Brenn", "Morning"),
    ],
    # a title tagged as one person "Karen Ellis Slams Dan Morrow": Morrow speaks, not that run-on
    "names-joined-by-a-verb": [
        (
            "Karen Ellis Slams Dan Morrow Over Winter Ferry Fares.\n\n"
            "Mayor Karen Ellis attacked the fare plan of Dan Morrow at a council meeting.\n\n"
            '"Nobody should pay that much for a crossing," Morrow said at a meeting in Halden.',
            "Ellis Slams",
            "pay that much for a crossing",
        ),
    ],
    # what the as-clause hangs on, without the as-clause itself
    "as-clause": [
        (
            "The night ferry will stop running in March as harbour master Ola Brenn noted.",
            "Ola Brenn",
            "Brenn noted",
        ),
    ],
    # a name inside a prepositional phrase, or a name that runs on past the "and", is no speaker
    "described-pair": [
        ("A spokesman for Marsk and Storbrand said the talks had ended.", "Storbrand", "talks had ended"),
        ("Smith and Wesson spokesman Tom Hale said sales rose.", "Smith", "sales rose"),
    ],
    # only right after the document spoke: a sentence between, and "it" is the company again
    "text-it": [
        (
            "Kestrel Lines sued the port. The survey cites three causes. Ferries were late. It says the "
            "fares will rise.",
            "survey",
            "fares will rise",
        ),
        # in the past, "it" is the body that published the text, speaking for itself
        (
            "Kestrel Lines published its annual report on Monday. The report says ferry traffic fell by "
            "a tenth. It said it would sell two of its ships.",
            "report",
            "sell two of its ships",
        ),
    ],
    # a person's name beside a person is that person's, not the role's
    "name-after-body": [
        (
            '"The quay is unsafe," said a friend of the lawyer, Rolf Tamm.',
            "Rolf Tamm",
            "quay is unsafe",
        ),
    ],
    "nested-cue": [
        (
            "Mayor Hella Strand said the council approved the harbour plan, which Ana Velmont described as "
            "reckless.",
            "Hella Strand",
            "reckless",
        ),
    ],
    "quoted-cue": [
        (
            '"Officials said the quay was safe, and they were wrong," Mayor Hella Strand said.',
            "Officials",
            "",
        ),
    ],
    "semicolon-stop": [
        (
            "Mayor Hella Strand said the repairs were finished; the quay reopened on Friday.",
            "Hella Strand",
            "reopened",
        )
    ],
    "second-cue": [
        (
            '"We cannot pay for this," Mayor Hella Strand said, and someone in the hall replied: '
            '"The state must step in."',
            "Hella Strand",
            "someone in the hall",
        ),
        (
            '"The library will stay open," Dean Rolf Aske told students, adding after a pause: '
            '"Until the heating fails, at least."',
            "Rolf Aske",
            "after a pause",
        ),
    ],
    "closed-quote": [
        (
            "After the ferry timetable was cut, harbour pilot Greta Lunde posted on Facebook, "
            '"Four crossings a day? Nobody can plan a week around that." Olaf Brekke of the Ferry Union '
            'said on local radio, "The cut is temporary and the pilots know it."',
            "Olaf Brekke",
            "plan a week",
        ),
        (
            "Before the final, club physio Ines Varro wrote on her blog, "
            '"Three players are carrying injuries. I would rest them." Coach Milan Tesar posted later '
            'saying, "Nobody is being rested on Saturday."',
            "Milan Tesar",
            "carrying injuries",
        ),
    ],
    "contrast-not-joint": [
        ("Peru, but not Chile, said the new quotas were fair.", "Chile", "quotas"),
        ("Peru and Chile, but not Bolivia, said the quotas were fair.", "Bolivia", "quotas"),
        ("Ana Ortega or Jens Halvorsen will say the quotas were fair.", "Jens Halvorsen", "quotas"),
    ],
    "colon-quote-stop": [
        (
            'Senator Pavel Orsk said on Friday that the bridge was "badly planned": "Nobody on the coast was '
            'ever asked."',
            "Pavel Orsk",
            'planned": "Nobody',
        ),
    ],
    "plural-antecedent": [
        (
            "Anglers warned on Monday that Tarsk farmers would soon drain the river. The county has never "
            "measured how much water the farms take, they say.",
            "Tarsk farmers",
            "never measured",
        ),
        (  # the people who are the subject of its own sentence, though named by a plural seldom heard
            "Critics say the tunnel is too costly. Proponents, including the Tarsk Chamber of Commerce, want "
            "it built, although they say the tolls are too high.",
            "Critics",
            "tolls",
        ),
    ],
    "role-before-name": [  # a role is given through "of", not through a verb's whole clause
        (
            "Senator Ilan Petch spent Sunday at a fair in Tarsk with an old friend, Mara Quist. Afterwards "
            "the senator said the tunnel was too costly.",
            "Mara Quist",
            "tunnel",
        ),
    ],
    "owner-acts": [("Kestrel Shipping's board said the merger would go ahead in May.", "board", "merger")],
}
# Content inside quotation marks is direct, from mark to mark.
DIRECT = {
    "quoted-content": [
        ('Mayor Hella Strand said "the quay is safe and open for the ferries."', "quay is safe")
    ],
}
TRAP_TITLES = [
    "Harbour Will Reopen by Spring, Nobody Says",
    "Update: Fares Will Fall Before the Winter Timetable",
    "2:45 p.m.: Fares Will Fall in the Valley",
]


def test_every_case_names_a_rule():
    named = set(CASES) | set(TRAPS) | set(EXCLUDES) | set(DIRECT)
    assert named <= set(RULES), named - set(RULES)


@pytest.mark.parametrize(
    ("rule", "text", "speaker", "words"),
    [(rule, text, speaker, words) for rule, cases in CASES.items() for text, speaker, words in cases],
)
def test_rule_finds_its_claim(rule, text, speaker, words):
    found = claims_of(text, TITLES.get(rule))
    assert has(found, speaker, *words), found


def test_two_rules_finding_one_claim_give_it_once():
    # 'X: "..."' is a colon attribution and a quote after its subject: it was listed twice
    found = claims_of(
        'The hearing ran late.\n\nMaria Lopez:  "At long last the harbour contest has started."'
    )
    assert [(name, content) for name, content, _ in found] == [
        ("Maria Lopez", "At long last the harbour contest has started")
    ], found


@pytest.mark.parametrize(
    ("rule", "text", "speaker", "words"),
    [(rule, text, speaker, words) for rule, cases in EXCLUDES.items() for text, speaker, words in cases],
)
def test_rule_keeps_out(rule, text, speaker, words):
    found = claims_of(text)
    assert found, found
    assert not any(speaker in name and words in content for name, content, _ in found), found


@pytest.mark.parametrize(
    ("rule", "text", "words"),
    [(rule, text, words) for rule, cases in DIRECT.items() for text, words in cases],
)
def test_rule_marks_direct(rule, text, words):
    found = claims_of(text)
    assert any(words in content and direct for _, content, direct in found), found


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, traps in TRAPS.items() for t in traps])
def test_rule_trap_yields_nothing(rule, text):
    assert claims_of(text) == []


def test_a_title_speaker_is_the_name_not_the_tagged_run_on():
    """The tagger reads "Lena Holt Slams Ola Brenn" as one person: the speaker is the name."""
    found = claims_of(
        "Lena Holt spoke at the quay in Vardo on Friday.", "Lena Holt Slams Ola Brenn On Ferry Fares"
    )
    assert ("Lena Holt", "Ola Brenn On Ferry Fares", False) in found, found


@pytest.mark.parametrize("title", TRAP_TITLES)
def test_colon_needs_a_named_source(title):
    found = claims_of("Transport minister Rina Kovar spoke in Halden on Tuesday.", title)
    assert found == []


def test_split_quote_is_one_claim_and_two_speakers_stay_apart():
    one = claims_of(
        '"We are not finished with this," Mayor Hella Strand said. "The hard part starts on Monday."'
    )
    assert len(one) == 1 and one[0][2], one
    two = claims_of(
        '"We are not finished with this," Mayor Hella Strand said. "Nor are we," Edvin Roos replied.'
    )
    assert len(two) == 2, two
    assert not any("Nor are we" in content for name, content, _ in two if "Strand" in name), two


def test_a_role_nobody_was_given_is_its_own_source():
    found = claims_of(
        "Senator Ilse Marrow toured the flooded valley on Monday. "
        "The governor said the dams would be inspected before the winter rains."
    )
    assert [name for name, _, _ in found] == ["The governor"], found


def test_a_name_right_before_a_subjectless_cue_is_its_speaker():
    # The parser hangs "Paul Brenner" on the appositive before it; "said" is left without a subject.
    found = claims_of(
        "Touring the valley for his sister, the council candidate Ilse Marrow, "
        "former governor Paul Brenner said his sister was ready for the job."
    )
    assert has(found, "Paul Brenner", "ready for the job"), found


def test_a_role_with_a_name_beside_it_is_that_person():
    found = claims_of(
        "The general secretary of the Nordic Rowing Federation, Maja Lindqvist Aas, called the new "
        'rules a step backwards. "Not one club was asked before the vote," she told the captains.'
    )
    assert has(found, "Maja Lindqvist Aas", "step backwards"), found
    assert has(found, "Maja Lindqvist Aas", "Not one club was asked"), found


def test_a_name_right_after_the_cue_of_a_quotation_is_its_speaker():
    # The parser takes "trouble" for the subject of "said"; the name after the cue speaks.
    found = claims_of(
        '"The orchards are finished. Completely finished," said Marek Dunn, a Lindvik-based spokesman '
        "for the growers."
    )
    assert has(found, "Marek Dunn", "Completely finished"), found


def test_a_relative_pronoun_is_the_speaker_mention_of_its_antecedent():
    article = from_text(
        "The inquiry heard from engineer Paulo Brenner, who said the bridge had been unsafe for years.",
        source="rule-test",
    )
    (claim,) = extract(article).claims
    assert (claim.speaker.name, claim.speaker.span.text) == ("Paulo Brenner", "who"), claim.speaker


def test_split_quote_stops_at_a_second_cue():
    found = claims_of(
        '"The library will stay open," Dean Rolf Aske told students, adding after a pause: '
        '"Until the heating fails, at least."'
    )
    assert not any("stay open" in content and "heating fails" in content for _, content, _ in found), found


def test_a_semicolon_ends_the_reported_clause():
    found = claims_of("Mayor Hella Strand said the repairs were finished; the quay reopened on Friday.")
    assert has(found, "Hella Strand", "repairs were finished"), found
    assert not any("reopened" in content for _, content, _ in found), found


def test_an_agreement_is_not_also_a_claim():
    article = from_text(
        "Mayor Hella Strand and Mayor Jon Feld agreed to share the cost of the ferry.", source="x"
    )
    extraction = extract(article)
    assert extraction.agreements, extraction
    assert not extraction.claims, extraction.claims


def test_quote_paragraph_needs_a_direct_quote_before_it():
    found = claims_of('Rina Kovar said fares would come down.\n\n"Nobody in the valley believes it."')
    assert has(found, "Rina Kovar", "fares would come down"), found
    assert not any("Nobody" in content for _, content, _ in found), found


def test_quote_own_negation_does_not_negate_its_cue():
    assert has(
        claims_of('"Are we ready for the winter? Probably not," Mayor Hella Strand said.'),
        "Hella Strand",
        "winter",
    )
    assert claims_of("Mayor Hella Strand did not say whether the harbour would reopen.") == []


def test_headline_verb_is_not_part_of_a_name():
    # The tagger sometimes sweeps a headline's verb into a name ("Obama Says"): tagged so here.
    article = from_text("Dunst Says Talks Will Resume", source="rule-test")
    doc = load_nlp()(article.text)
    doc.ents = [SpacySpan(doc, 0, 2, label="PERSON")]
    mention = Discourse(article, doc).mention(doc[1])
    assert mention is not None and mention.name == "Dunst", mention


def test_typewriter_quote_marks_make_a_direct_quote():
    found = claims_of("''We will rebuild the pier before the season starts,'' Harbour master Jon Feld said.")
    assert [(content, direct) for _, content, direct in found] == [
        ("We will rebuild the pier before the season starts", True)
    ], found


def test_a_surname_given_to_a_person_stays_that_person():
    found = claims_of(
        "Former senator Ruth Harmon opened the first clinic in Dalby on Monday. "
        "Harmon said the foundation would open twelve more clinics by May.",
        "Harmon Institute Secures Lower Insulin Prices",
    )
    assert has(found, "Ruth Harmon", "twelve more clinics"), found


def test_a_name_cut_at_its_particle_is_one_person():
    """ "particle-names": the tagger cut "Annelie von der" from "Brugge" (tagged so here)."""
    article = from_text("Commissioner Annelie von der Brugge spoke in Halden.", source="rule-test")
    doc = load_nlp()(article.text)
    doc.ents = [SpacySpan(doc, 1, 4, label="PERSON"), SpacySpan(doc, 4, 5, label="PERSON")]
    mention = Discourse(article, doc).mention(doc[4])
    assert mention is not None and mention.name == "Annelie von der Brugge", mention


def test_a_pronoun_goes_to_the_person_named_last_not_to_the_one_heard_last():
    found = claims_of(
        "Fleet admiral Gunnar Sovik inspected the dry dock in the morning. "
        '"The hull repairs are behind schedule," he said. After lunch, shipyard owner Henrik Dahl spoke '
        'to the welders. "Every crew will be paid on time," he added.'
    )
    assert has(found, "Henrik Dahl", "paid on time"), found


def test_a_role_belongs_to_the_name_it_stands_before_not_to_the_next_one():
    found = claims_of(
        "County judge Noor Haldane ruled Edvin Roos must repay the grant. "
        'The judge said, "The money was never his to spend."'
    )
    assert has(found, "Noor Haldane", "never his to spend"), found


def test_a_transcript_turn_in_quote_marks_is_its_speakers():
    # "colon-speaker" over a quoted transcript: each turn opens with a quote mark and never closes.
    found = claims_of(
        "Councillor Petra Lind debated Alderman Jonas Holm on the radio.\n\n"
        '"LIND: Honestly, the tunnel budget doubled in two years and nobody explained why.\n\n'
        '"HOLM: It doubled because the rock under the river was harder than anyone expected.'
    )
    assert has(found, "Petra Lind", "nobody explained why"), found
    assert has(found, "Jonas Holm", "rock under the river"), found


def test_a_clause_after_the_cue_is_what_it_reports():
    # "clause": "A: X said B" parsed with a clause on each side of the cue.
    found = claims_of(
        "The budget vote ended in uproar: councillor Petra Lind said the figures had been rigged by the "
        "treasurer."
    )
    assert has(found, "Petra Lind", "rigged by the treasurer"), found
    assert not any("uproar" in content for _, content, _ in found), found


def test_a_time_is_no_body_an_institution_is_within():
    found = claims_of("Police within hours said the coast road was closed.")
    assert [name for name, _, _ in found] == ["Police"], found


def test_a_given_name_and_a_surname_tagged_an_organisation_is_a_person():
    """Rule "given-name-person": the tagger labels some hosts' names organisations ("Fox host X");
    the labels are set here as it gives them, and put right; a given name that is a place stays."""
    from kg.extract.entity_labels import relabelled

    doc = load_nlp()("Radio host Sean Hallvik said the quay would close. Tourists left Virginia Beach early.")
    words = [t.text for t in doc]
    host, beach = words.index("Sean"), words.index("Virginia")
    doc.ents = [SpacySpan(doc, host, host + 2, label="ORG"), SpacySpan(doc, beach, beach + 2, label="GPE")]
    labels = {e.text: e.label_ for e in relabelled(list(doc.ents), doc)}
    assert labels == {"Sean Hallvik": "PERSON", "Virginia Beach": "GPE"}, labels
