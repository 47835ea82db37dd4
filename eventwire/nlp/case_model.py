"""A learned second opinion on the truecaser's rules (issue 16).

The rules of ``truecase`` decide each word of a damaged region from tables and a few words of
context.  Where they are unsure the errors follow patterns a reader sees at once but no single
rule states: a given name before an unknown word, a common word inside a run of capitalised
ones, a title that is a description.  This model reads, for each word, what the rules chose for
it and for its neighbours, the words themselves and what stands between them, and the tables'
facts about the word, and says how the word is written: all lower case (``L``), with a capital
first (``T``) or all in capitals (``U``).  It overrules the rules only where it disagrees with
them and is at least ``THRESHOLD`` sure; the words the rules are sure of for a reason the model
cannot see (the article's own cased words, the gazetteer's and lexicons' names, sentence starts,
acronyms the article defines) are never offered to it.

It is a multinomial logistic regression over binary features, trained by
``scripts/train_case_model.py`` on the development parts of the public sets (their text turned
to lower case, restored by the rules, labelled with its published case) and shipped as
``eventwire/models/case_model.tsv.gz``: one row per feature with its three class weights.
``EVENTWIRE_CASE_MODEL=learned`` turns it on; the rules alone are the default.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

CLASSES = ("L", "T", "U")
THRESHOLD = 0.6                # 0.5 recased more words wrongly than rightly on held-out text
BIAS = "<bias>"
MAX_CHAIN = 3


def case_class(form: str) -> Optional[str]:
    """``L``, ``T`` or ``U`` for how ``form`` is written; None for a mixed form ("McAfee", "iPhone")
    or one with no letter."""
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return None
    if all(c.islower() for c in letters):
        return "L"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "T"
    if all(c.isupper() for c in letters):
        return "U"
    return None


def written_as(word: str, cls: str) -> str:
    """The lower-case ``word`` written in class ``cls``, keeping its length (a possessive's "'s"
    stays lower case)."""
    if cls == "L":
        return word
    head, tail = (word[:-2], word[-2:]) if len(word) > 2 and word[-2] in "'\u2019" and word[-1] == "s" else (word, "")
    if cls == "U":
        up = "".join(c.upper() if len(c.upper()) == 1 else c for c in head)
    else:
        first = head[:1].upper()
        up = (first if len(first) == 1 else head[:1]) + head[1:]
    return up + tail


def _gap(between: str) -> str:
    """What stands between two words, in a few kinds: one space, a line break, punctuation."""
    if between == " ":
        return "_"
    if "\n" in between:
        return "NL"
    marks = between.replace(" ", "")
    return marks[:3] if marks else "__"


def features(k: int, words: Sequence[str], gaps: Sequence[str], classes: Sequence[Optional[str]],
             flags: Sequence[Sequence[str]]) -> list[str]:
    """The features of word ``k``: ``gaps[k]`` is the text between word k-1 and word k
    (``gaps[0]`` what precedes the first word), ``classes`` the rules' classes, ``flags`` the tables'
    facts about each word."""
    n = len(words)
    w = words[k]
    r = classes[k] or "M"
    p = words[k - 1] if k else "<s>"
    nx = words[k + 1] if k + 1 < n else "</s>"
    p2 = words[k - 2] if k >= 2 else "<s>"
    n2 = words[k + 2] if k + 2 < n else "</s>"
    pr = (classes[k - 1] or "M") if k else "S"
    nr = (classes[k + 1] or "M") if k + 1 < n else "E"
    gp = _gap(gaps[k])
    gn = _gap(gaps[k + 1]) if k + 1 < n else "END"
    chain = 0
    j = k - 1
    while j >= 0 and chain < MAX_CHAIN and classes[j] in ("T", "U") and gaps[j + 1] == " ":
        chain += 1
        j -= 1
    out = [BIAS, f"r={r}", f"w={w}", f"w={w}|r={r}", f"p={p}", f"n={nx}", f"p2={p2}", f"n2={n2}",
           f"p={p}|w={w}", f"w={w}|n={nx}", f"pr={pr}|r={r}", f"nr={nr}|r={r}", f"pr={pr}|nr={nr}|r={r}",
           f"gp={gp}|r={r}", f"gn={gn}|r={r}", f"gp={gp}|gn={gn}", f"ch={chain}|r={r}", f"ch={chain}|nr={nr}",
           f"suf={w[-3:]}|r={r}", f"len={min(len(w), 10)}|r={r}"]
    out += [f"f={f}|r={r}" for f in flags[k]]
    if k:
        out += [f"pf={f}|pr={pr}" for f in flags[k - 1]]
    if k + 1 < n:
        out += [f"nf={f}|nr={nr}" for f in flags[k + 1]]
    return out


@dataclass(frozen=True)
class CaseModel:
    weights: dict               # feature -> (weight of L, of T, of U)

    def probabilities(self, feats: Sequence[str]) -> tuple[float, float, float]:
        s = [0.0, 0.0, 0.0]
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                s[0] += w[0]
                s[1] += w[1]
                s[2] += w[2]
        top = max(s)
        e = [math.exp(v - top) for v in s]
        total = sum(e)
        return e[0] / total, e[1] / total, e[2] / total

    def overrule(self, feats: Sequence[str], rule_class: Optional[str]) -> Optional[str]:
        """The class to write the word in instead of the rules', or None to keep theirs."""
        if rule_class is None:
            return None
        probs = self.probabilities(feats)
        best = max(range(3), key=probs.__getitem__)
        cls = CLASSES[best]
        return cls if cls != rule_class and probs[best] >= THRESHOLD else None
