"""Near-duplicate stories: the same wire story republished with small edits.

MinHash over 5-word shingles of the normalized body, LSH (datasketch) to find
candidates, then the estimated Jaccard similarity against each candidate to
decide.  An article joins the story of its most similar earlier article when
that similarity reaches the threshold; otherwise it starts a story whose
``story_id`` is its own id.

State is plain data so the store can persist and reload it: a signature is a
list of ``NUM_PERM`` ints below 2**32 (``pack_signature``/``unpack_signature``
give 4 bytes each), and ``StoryClusterer.from_rows`` rebuilds the index from
``(article_id, signature, story_id)`` rows in insertion order.
"""
from __future__ import annotations

import re
import struct
import unicodedata
from typing import Iterable, Optional, Sequence

import numpy as np

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.5
SEED = 1
SCHEME = "affine32"     # datasketch>=2.0 permutation scheme; stored signatures depend on it

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The normalized body as words: NFKC, case-folded, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    toks = words(text)
    if len(toks) <= size:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + size]) for i in range(len(toks) - size + 1)}


def signature(text: str, num_perm: int = NUM_PERM, shingle: int = SHINGLE) -> list[int]:
    """MinHash signature of ``text``'s word shingles: ``num_perm`` ints, each < 2**32."""
    from datasketch import MinHash

    mh = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    grams = shingles(text, shingle) or {"\x00empty"}
    mh.update_batch([g.encode("utf-8") for g in grams])
    return [int(v) for v in mh.hashvalues]


def similarity(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal slots)."""
    if len(sig_a) != len(sig_b) or not sig_a:
        raise ValueError("signatures of different lengths")
    return sum(1 for a, b in zip(sig_a, sig_b) if a == b) / len(sig_a)


def pack_signature(sig: Sequence[int]) -> bytes:
    return struct.pack(f"<{len(sig)}I", *sig)


def unpack_signature(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 4}I", data))


class StoryClusterer:
    """Assigns a ``story_id`` to each article it sees (the id of the story's first article)."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        from datasketch import MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, "np.ndarray"] = {}     # uint32 arrays: 4 bytes a value
        self._story: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._story)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._story

    def story_of(self, article_id: str) -> Optional[str]:
        return self._story.get(article_id)

    def _minhash(self, sig: Sequence[int]):
        from datasketch import MinHash

        return MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME,
                       hashvalues=np.asarray(sig, dtype=np.uint32))

    def match(self, sig: Sequence[int]) -> Optional[tuple[str, float]]:
        """(story_id, similarity) of the most similar known article at or above the threshold, else None."""
        if len(sig) != self.num_perm:
            raise ValueError(f"signature has {len(sig)} values, expected {self.num_perm}")
        if not self._sigs:
            return None
        best: Optional[tuple[str, float]] = None
        arr = np.asarray(sig, dtype=np.uint32)
        for cand in self._lsh.query(self._minhash(arr)):
            sim = float(np.count_nonzero(arr == self._sigs[cand])) / self.num_perm
            if sim >= self.threshold and (best is None or sim > best[1]
                                          or (sim == best[1] and self._story[cand] < best[0])):
                best = (self._story[cand], sim)
        return best

    def add(self, article_id: str, sig: Sequence[int], story_id: Optional[str] = None) -> str:
        """Index one article and return its story_id.

        ``story_id`` given (reloading stored state) is kept as is; otherwise it is
        the story of the most similar earlier article, or ``article_id`` itself.
        Adding a known id again returns its story unchanged.
        """
        if article_id in self._story:
            return self._story[article_id]
        if len(sig) != self.num_perm:
            raise ValueError(f"signature has {len(sig)} values, expected {self.num_perm}")
        sig = np.asarray(sig, dtype=np.uint32)
        if story_id is None:
            found = self.match(sig)
            story_id = found[0] if found else article_id
        self._lsh.insert(article_id, self._minhash(sig))
        self._sigs[article_id] = sig
        self._story[article_id] = story_id
        return story_id

    def add_text(self, article_id: str, text: str) -> str:
        return self.add(article_id, signature(text, self.num_perm))

    def rows(self) -> Iterable[tuple[str, list[int], str]]:
        """(article_id, signature, story_id) in insertion order: what ``from_rows`` reads back."""
        for aid, story in self._story.items():
            yield aid, [int(v) for v in self._sigs[aid]], story

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence], threshold: float = THRESHOLD,
                  num_perm: int = NUM_PERM) -> "StoryClusterer":
        """Rebuild from ``(article_id, signature[, story_id])`` rows, in the order they were added.

        A signature may be a list of ints or the bytes of :func:`pack_signature`.
        Rows without a story_id are clustered as if added now.
        """
        self = cls(threshold=threshold, num_perm=num_perm)
        for row in rows:
            aid, sig = row[0], row[1]
            story = row[2] if len(row) > 2 else None
            if isinstance(sig, (bytes, bytearray, memoryview)):
                sig = unpack_signature(bytes(sig))
            self.add(aid, sig, story_id=story)
        return self
