"""The numpy sentence embedder reproduces sentence-transformers' all-MiniLM-L6-v2 vectors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from kg.tracking import embed

REFERENCE = json.loads((Path(__file__).parent / "data" / "embed_reference.json").read_text())
SENTENCES: list[str] = REFERENCE["sentences"]
PARAPHRASES = [
    ("restore embassy staffing levels", "restore diplomatic missions and appoint ambassadors"),
    (
        "form high-level teams to explore a path to resolving the conflict",
        "establish high-level teams to begin work on resolving the conflict",
    ),
    (
        "The two sides agreed to a ceasefire in eastern Ukraine.",
        "both sides agreed to halt fighting in the east",
    ),
]
UNRELATED = [
    ("joint projects in the Arctic", "a three-stage peace plan"),
    ("restore embassy staffing levels", "The central bank raised interest rates by half a point."),
    ("lift sanctions on energy exports", "The striker scored twice in the second half."),
]


@pytest.fixture(scope="module")
def embedder() -> embed.Embedder:
    loaded = embed.load_embedder()
    if loaded is None:
        pytest.skip(f"optional sentence-embedding model not installed ({embed.INSTALL_HINT})")
    return loaded


@pytest.fixture(scope="module")
def reference_vectors(embedder: embed.Embedder) -> np.ndarray:
    return embedder.encode(SENTENCES)


def test_embeddings_match_sentence_transformers_dimension_by_dimension(reference_vectors: np.ndarray) -> None:
    expected = np.array(REFERENCE["first_dims"])
    np.testing.assert_allclose(reference_vectors[:, : expected.shape[1]], expected, atol=1e-3)


def test_pairwise_cosines_match_sentence_transformers(reference_vectors: np.ndarray) -> None:
    np.testing.assert_allclose(reference_vectors @ reference_vectors.T, REFERENCE["cosine"], atol=2e-3)


def test_paraphrases_are_closer_than_unrelated_phrases(embedder: embed.Embedder) -> None:
    def similarity(pair: tuple[str, str]) -> float:
        a, b = embedder.encode(pair)
        return embed.cosine(a, b)

    assert min(map(similarity, PARAPHRASES)) > max(map(similarity, UNRELATED))


def test_embeddings_are_float32_unit_rows_of_384(reference_vectors: np.ndarray) -> None:
    assert reference_vectors.shape == (len(SENTENCES), embed.DIMENSION)
    assert reference_vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(reference_vectors, axis=1), 1.0, atol=1e-5)


def test_a_text_embeds_the_same_alone_or_padded_in_a_batch(
    embedder: embed.Embedder, reference_vectors: np.ndarray
) -> None:
    alone = np.vstack([embedder.encode([sentence]) for sentence in SENTENCES])
    np.testing.assert_allclose(alone, reference_vectors, atol=1e-5)


def test_texts_longer_than_the_model_window_are_truncated_not_rejected(embedder: embed.Embedder) -> None:
    long_text = " ".join(["the ceasefire talks continued"] * 200)
    head = " ".join(["the ceasefire talks continued"] * 100)
    longer, shorter = embedder.encode([long_text, head])
    assert embed.cosine(longer, shorter) > 0.999


def test_batches_group_texts_of_like_length_within_the_token_budget() -> None:
    lengths = [256, 12, 256, 30, 11, *[20] * 40, 255]
    batches = embed._batches(lengths)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= embed.BATCH_SIZE
        assert len(batch) * max(lengths[i] for i in batch) <= embed.BATCH_TOKENS
    assert [0, 2, 45] in [sorted(b) for b in batches]  # the longest together, 3 x 256 within 2,048
    assert batches[0][:2] == [4, 1]  # the shortest first


def test_long_and_short_texts_embed_as_they_do_alone(embedder: embed.Embedder) -> None:
    texts = [" ".join(["the ceasefire talks continued"] * n) for n in (1, 60, 2, 60, 3)] + SENTENCES
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_encoding_no_texts_gives_an_empty_matrix(embedder: embed.Embedder) -> None:
    assert embedder.encode([]).shape == (0, embed.DIMENSION)


def test_encoding_a_bare_string_is_refused(embedder: embed.Embedder) -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        embedder.encode("restore embassy staffing levels")


def test_load_embedder_gives_none_when_the_model_package_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "MODEL_PACKAGE", "no_such_model_package")
    assert not embed.available()
    assert embed.load_embedder.__wrapped__() is None


def test_erf_matches_the_standard_library_to_float32_precision() -> None:
    x = np.linspace(-6, 6, 2001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    np.testing.assert_allclose(embed._erf(x), expected, atol=5e-7)


def test_cosine_of_vectors() -> None:
    assert embed.cosine(np.array([1.0, 0.0]), np.array([2.0, 0.0])) == pytest.approx(1.0)
    assert embed.cosine(np.array([1.0, 0.0]), np.array([0.0, 3.0])) == pytest.approx(0.0)
    assert embed.cosine(np.array([0.0, 0.0]), np.array([1.0, 1.0])) == 0.0
