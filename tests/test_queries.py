"""Named queries over the seeds: alias lookup, filters, pagination, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.read import lookups
from kg.sparql import QueryError

# Two seed articles: 90ee... "US-Russia ties resurrect in Saudi Arabia" (dated 2025-02-18)
# and a331... "U.S. and Russia agree to normalize ties and seek Ukraine peace" (undated).
DATED = "90ee45620aafa739"
UNDATED = "a331e3f659f12a7a"


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("yuri-ushakov", "yuri-ushakov"),  # an id
        ("Ushakov", "yuri-ushakov"),  # an alias seen in the text
        ("yuri ushakov", "yuri-ushakov"),  # the label, any case
        ("USA", "united-states"),  # not in the articles: the gazetteer knows it
        ("Washington", "united-states"),
        ("ushak", "yuri-ushakov"),  # else a part of a name
    ],
)
def test_a_name_or_any_alias_finds_the_actor(seeded_store, name, actor_id):
    assert lookups.find_actors(seeded_store, name) == (actor_id,)


def test_an_unknown_name_finds_nobody(seeded_store):
    assert lookups.find_actors(seeded_store, "Nobody Atall") == ()
    assert lookups.claims(seeded_store, speaker="Nobody Atall").total == 0


def test_claims_by_speaker_alias_are_that_speakers_only(seeded_store):
    page = lookups.claims(seeded_store, speaker="Ushakov")
    assert page.total == len(page.items) > 0
    assert {c.speaker.id for c in page.items} == {"yuri-ushakov"}


def test_agreements_by_party_alias_and_status(seeded_store):
    page = lookups.agreements(seeded_store, party="USA", status="agreed")
    assert page.total > 0
    for agreement in page.items:
        assert agreement.status == "agreed"
        assert "united-states" in {p.id for p in agreement.parties}


def test_pages_put_together_give_the_whole_list_once(seeded_store):
    whole = lookups.claims(seeded_store, limit=None)
    pages = [lookups.claims(seeded_store, limit=5, offset=o).items for o in range(0, whole.total, 5)]
    assert [c.id for page in pages for c in page] == [c.id for c in whole.items]
    assert len({c.id for c in whole.items}) == whole.total > 5


def test_dates_bound_claims_and_leave_out_undated_articles(seeded_store):
    since = lookups.claims(seeded_store, since="2025-02-18", limit=None)
    assert since.total > 0 and {c.article.id for c in since.items} == {DATED}
    assert lookups.claims(seeded_store, until="2025-02-17").total == 0


def test_text_search_needs_every_word_in_any_case(seeded_store):
    page = lookups.claims(seeded_store, q="UKRAINE conflict", limit=None)
    assert page.total > 0
    for claim in page.items:
        assert "ukraine" in claim.text.lower() and "conflict" in claim.text.lower()


def test_search_text_cannot_break_out_of_the_query(seeded_store):
    assert lookups.claims(seeded_store, q='") } } DELETE WHERE { ?s ?p ?o } #').total == 0
    assert lookups.actors(seeded_store, q="\\").total == 0
    assert lookups.articles(seeded_store).total == 2


def test_evidence_is_exactly_the_characters_of_the_source_file(seeded_store):
    detail = lookups.article(seeded_store, DATED)
    assert detail is not None and detail.claims and detail.agreements
    original = Path(detail.article.source).read_text(encoding="utf-8")
    for item in (*detail.claims, *detail.agreements):
        assert item.evidence is not None
        assert original[item.evidence.start : item.evidence.end] == item.evidence.text


def test_who_agreed_names_the_parties_of_matching_outcomes(seeded_store):
    found = lookups.who_agreed(seeded_store, "embassy staffing")
    assert {c.actor.id for c in found.parties} == {"russia", "united-states"}
    assert all("embassy staffing" in a.outcome for a in found.agreements.items)


def test_actor_profile_has_names_links_and_what_they_said(seeded_store):
    profile = lookups.actor(seeded_store, "united-states")
    assert profile is not None
    assert profile.name == "United States" and profile.kind == "country"
    assert "U.S." in profile.aliases
    assert profile.same_as == ("http://www.wikidata.org/entity/Q30",)
    assert profile.agreements.total > 0
    assert lookups.actor(seeded_store, "no-such-actor") is None
    assert lookups.actor(seeded_store, "<bad id>") is None


def test_bad_filters_raise_query_error(seeded_store):
    with pytest.raises(QueryError, match="status"):
        lookups.agreements(seeded_store, status="maybe")
    with pytest.raises(QueryError, match="date"):
        lookups.claims(seeded_store, since="18 Feb")
    with pytest.raises(QueryError, match="article id"):
        lookups.claims(seeded_store, article="x")
