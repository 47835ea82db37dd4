"""A learned sentence-level event-type model that proposes the type of a sentence the lexicon misses.

A multinomial logistic regression over features the parse already has: the mean word vector of the
sentence's content words, the mean vector of its verbs, and indicators for a fixed vocabulary of verb
and noun lemmas.  Trained by ``scripts/train_event_types.py`` on the development parts of the public
event sets; the weights ship as ``eventwire/models/event_types.npz``.  Classes are the PLOVER types
plus ``NONE``.

The model only names a type.  ``trigger`` picks the word of the sentence that supports that type most
(its share of the score), and the coder's dependency rules assign the actors around it.

A missing or malformed model file is a ``DataError`` when the model is first asked for.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import numpy as np

from eventwire.errors import DataError

MODEL_FILE = "event_types.npz"
NONE = "NONE"
VECTOR_POS = frozenset({"VERB", "NOUN", "ADJ"})
LEMMA_POS = frozenset({"VERB", "NOUN"})
VECTOR_DIM = 300


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def content_tokens(span) -> list:
    return [t for t in span if t.pos_ in VECTOR_POS and not t.is_stop and t.has_vector]


def features(span, vocab: dict[str, int], dim: int = VECTOR_DIM) -> np.ndarray:
    """[mean content vector | mean verb vector | lemma indicators] for a sentence (or any span)."""
    content = content_tokens(span)
    verbs = [t for t in content if t.pos_ == "VERB"]
    mean = _unit(np.mean([t.vector for t in content], axis=0)) if content else np.zeros(dim, dtype=np.float32)
    verb = _unit(np.mean([t.vector for t in verbs], axis=0)) if verbs else np.zeros(dim, dtype=np.float32)
    bag = np.zeros(len(vocab), dtype=np.float32)
    for t in span:
        if t.pos_ in LEMMA_POS:
            k = vocab.get(t.lemma_.lower())
            if k is not None:
                bag[k] = 1.0
    return np.concatenate([mean.astype(np.float32), verb.astype(np.float32), bag])


@dataclass
class TypeModel:
    classes: list[str]
    vocab: dict[str, int]
    weights: np.ndarray          # (features, classes)
    bias: np.ndarray             # (classes,)
    threshold: float             # the least probability a proposed type needs

    def probabilities(self, span) -> np.ndarray:
        z = features(span, self.vocab) @ self.weights + self.bias
        z = np.exp(z - z.max())
        return z / z.sum()

    def propose(self, span, probs: Optional[np.ndarray] = None) -> Optional[tuple[str, float]]:
        """(type, probability) when the best class is a type with at least ``threshold``; else None.
        ``probs``: the span's ``probabilities``, when the caller has them already."""
        p = self.probabilities(span) if probs is None else probs
        k = int(p.argmax())
        if self.classes[k] == NONE or p[k] < self.threshold:
            return None
        return self.classes[k], float(p[k])

    def support(self, tok, typ: str) -> float:
        """How much one word raises the score of ``typ``: its vector through the verb-vector weights (verbs)
        or content-vector weights, plus its lemma's weight."""
        c = self.classes.index(typ)
        w = self.weights[:, c]
        score = 0.0
        if tok.has_vector:
            v = _unit(tok.vector)
            score += float(v @ w[VECTOR_DIM:2 * VECTOR_DIM]) if tok.pos_ == "VERB" else float(v @ w[:VECTOR_DIM])
        k = self.vocab.get(tok.lemma_.lower())
        if k is not None:
            score += float(w[2 * VECTOR_DIM + k])
        return score

    def trigger(self, span, typ: str):
        """The verb or noun of ``span`` that supports ``typ`` most, or None."""
        words = [t for t in span if t.pos_ in LEMMA_POS]
        return max(words, key=lambda t: self.support(t, typ)) if words else None

    def save(self, path) -> None:
        np.savez_compressed(path, classes=np.array(self.classes), vocab=np.array(sorted(self.vocab, key=self.vocab.get)),
                            weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                            threshold=np.array(self.threshold, dtype=np.float32))


def read_model(path) -> TypeModel:
    try:
        with np.load(path, allow_pickle=False) as z:
            classes = [str(c) for c in z["classes"]]
            vocab = {str(w): i for i, w in enumerate(z["vocab"])}
            weights, bias, threshold = z["weights"], z["bias"], float(z["threshold"])
    except FileNotFoundError as exc:
        raise DataError(f"event type model {path} is missing; train it with scripts/train_event_types.py") from exc
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"event type model {path} is unreadable: {exc}") from exc
    if weights.shape != (2 * VECTOR_DIM + len(vocab), len(classes)) or bias.shape != (len(classes),):
        raise DataError(f"event type model {path} has weights of shape {weights.shape} for "
                        f"{len(vocab)} lemmas and {len(classes)} classes")
    return TypeModel(classes, vocab, weights, bias, threshold)


@lru_cache(maxsize=1)
def type_model() -> TypeModel:
    """The shipped model (loaded once)."""
    return read_model(resources.files("eventwire") / "models" / MODEL_FILE)
