"""The JSON contract of `kg extract --json`: one object per article, spans as original offsets."""

from __future__ import annotations

from kg.article import Article
from kg.extract import Extraction
from kg.resolve import Resolution


def article_json(article: Article, extraction: Extraction, resolution: Resolution) -> dict:
    """Return one article's claims and agreements with canonical actor names and original offsets."""
    claims = [
        {
            "speaker": speaker.name,
            "speaker_span": [c.speaker.span.start, c.speaker.span.end],
            "cue": c.cue.text,
            "cue_span": [c.cue.start, c.cue.end],
            "direct": c.direct,
            "content": c.content.text,
            "content_span": [c.content.start, c.content.end],
        }
        for c, speaker in zip(extraction.claims, resolution.speakers, strict=True)
    ]
    agreements = []
    unresolved = resolution.unresolved or ((),) * len(extraction.agreements)
    for a, parties, reporter, missing in zip(
        extraction.agreements, resolution.parties, resolution.attributed, unresolved, strict=True
    ):
        if missing:  # a party nobody could name: no agreement rather than a wrong party list
            continue
        item = {
            "parties": sorted(p.name for p in parties),
            "status": a.status,
            "outcome": a.outcome.text,
            "outcome_span": [a.outcome.start, a.outcome.end],
        }
        if reporter is not None:
            item["attributed_to"] = reporter.name
        agreements.append(item)
    return {
        "source": article.source,
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "claims": claims,
        "agreements": agreements,
    }
