"""The spaCy pipelines: the full one that extraction parses with, and the tagger that tracking
compares texts with in a process that does not parse (kg ingest with parser processes)."""

from __future__ import annotations

from kg.extract.nlp import LEFT_OUT, TAGGING_LEFT_OUT, _load
from kg.tracking.text_analysis import analyse_text

PASSAGES = [
    "The council will not raise the tram fares before 2027, its treasurer said on Monday.",
    "Ms Okafor called the plan unworkable and said she never promised a new bridge.",
    "Whether the port reopens depends on talks that the unions have refused to join.",
    "They agreed to restore embassy staffing and to lift the barriers on trade.",
]


def test_the_tagger_tags_and_lemmatises_as_the_full_pipeline_does():
    full, tagger = _load(LEFT_OUT), _load(TAGGING_LEFT_OUT)
    assert "parser" in full.pipe_names and "ner" in full.pipe_names
    assert not {"parser", "ner"} & set(tagger.pipe_names)
    for text in PASSAGES:
        a, b = full(text, disable=["parser", "ner"]), tagger(text)
        assert [(t.tag_, t.pos_, t.lemma_, str(t.morph)) for t in a] == [
            (t.tag_, t.pos_, t.lemma_, str(t.morph)) for t in b
        ]
        assert analyse_text(text, a) == analyse_text(text, b)
