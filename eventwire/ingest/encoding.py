"""Bytes to text, never silently wrong.

Order: a byte-order mark (UTF-32, UTF-8, UTF-16); BOM-less UTF-16 told by its NUL pattern;
UTF-8; the declared charset (HTML ``<meta>``, HTTP ``Content-Type``) when there is one;
else a guess.  A guess reads the bytes in the detector's (charset-normalizer) answers and in
the common single-byte code pages, and *checks* each reading: Western text read as a Baltic or
Central European page shows symbols inside words (``C¶tķ``), capitals inside lower-case words,
words mixing scripts, and accented letters that belong to no one language; the reading with
the fewest such signs wins, Windows-1252 first on a tie.  When another reading is just as
plausible, or none is clean, the text is kept with a warning that names the encoding used.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from eventwire.errors import IngestError

# Signatures specific enough never to start a text file.
BINARY_MAGIC = (
    b"%PDF-", b"\x89PNG\r\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b\x08",
    b"\x7fELF", b"SQLite format 3\x00", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

# The code pages news is still published in.  A guess tries Windows-1252 first (it wins ties), then
# the detector's answers, then these; only these count as a rival reading worth a warning.
_WIDELY_USED = tuple(codecs.lookup(name).name for name in (
    "cp1252", "cp1250", "cp1251", "cp1257", "cp1253", "cp1254", "cp1255", "cp1256", "koi8-r", "iso8859-2",
    "iso8859-15", "gb18030", "big5", "cp932", "euc_jp", "euc_kr"))
_SYMBOLS = ("Sc", "Sm", "So", "Sk", "No")
# Labels that mean Windows-1252 in practice (the WHATWG encoding standard maps them so).
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
                  "gb2312": "gb18030", "gbk": "gb18030"}
_DETECTOR_BYTES = 200_000
_SAMPLE_CHARS = 100_000

# The accented letters of the Latin-script languages news is written in: a reading whose letters
# fit no one of these alphabets was probably decoded with the wrong code page.  Western European
# text mixes its languages' letters freely (names, quotes), so all of Windows-1252's count as one.
_ALPHABETS = {
    "western": "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßœšž",
    "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "pl": "ąćęłńóśźż", "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ", "hr": "čćđšž", "sl": "čšž", "lv": "āčēģīķļņšūž", "lt": "ąčęėįšųūž", "tr": "çğıöşü",
}
_ALPHABET_SETS = {lang: set(letters) for lang, letters in _ALPHABETS.items()}
# Characters that may sit between two letters of a real word.
_JOINERS = set("'’‘-‐‑–·.")
# The script a letter's Unicode name starts with; Japanese mixes kanji and kana within one word.
_SCRIPTS = {"LATIN": "LATIN", "CYRILLIC": "CYRILLIC", "GREEK": "GREEK", "ARABIC": "ARABIC", "HEBREW": "HEBREW",
            "THAI": "THAI", "ARMENIAN": "ARMENIAN", "GEORGIAN": "GEORGIAN", "DEVANAGARI": "DEVANAGARI",
            "BENGALI": "BENGALI", "TAMIL": "TAMIL", "ETHIOPIC": "ETHIOPIC", "HANGUL": "HANGUL", "CJK": "CJK",
            "HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK", "IDEOGRAPHIC": "CJK"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str                    # the codec that produced ``text``
    warning: Optional[str] = None    # set when the encoding was a guess that may be wrong


def decode(data: bytes, origin: str, declared: Optional[str] = None) -> Decoded:
    """Bytes to text (see the module docstring); raises IngestError for empty, binary or undecodable input."""
    if not data.strip():
        raise IngestError(origin, "empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(enc), enc), origin)
            except UnicodeDecodeError as exc:
                raise IngestError(origin, f"undecodable: invalid {enc.upper()} at byte {exc.start}") from None
    if data.startswith(BINARY_MAGIC):
        raise IngestError(origin, "binary file")
    utf16 = utf16_without_bom(data[:8192])
    if utf16:
        try:
            return _checked(Decoded(data.decode(utf16), utf16), origin)
        except UnicodeDecodeError:
            pass
    reason = looks_binary(data)
    if reason:
        raise IngestError(origin, reason)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), origin)
    except UnicodeDecodeError:
        pass
    problem = None
    if declared:
        name = _LABEL_ALIASES.get(declared.strip().lower(), declared.strip())
        try:
            codecs.lookup(name)
            return _checked(Decoded(data.decode(name), name), origin)
        except LookupError:
            problem = f"declared charset {declared!r} is unknown"
        except UnicodeDecodeError as exc:
            if name == "cp1252":       # the five bytes Windows-1252 leaves undefined: ISO-8859-1 proper
                return _checked(Decoded(data.decode("latin_1"), "latin_1"), origin)
            problem = f"not valid in its declared charset {declared!r} (byte {exc.start})"
    return _checked(guess(data, origin, problem), origin)


def guess(data: bytes, origin: str, problem: Optional[str] = None) -> Decoded:
    """The most plausible reading of non-UTF-8 bytes; a warning when it is not clearly the right one."""
    readings: dict[str, str] = {}           # text -> encoding (identical readings counted once)
    detected = _detected(data)
    for enc in dict.fromkeys([_WIDELY_USED[0], *detected, *_WIDELY_USED, "iso8859-1"]):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        readings.setdefault(text, enc)
    if not readings:
        raise IngestError(origin, "undecodable: not UTF-8 and no plausible encoding")
    # a code page few write in needs a slightly better reading to win
    scored = sorted(((_Plausibility.of(text, data), i, text, enc) for i, (text, enc) in enumerate(readings.items())),
                    key=lambda r: (r[0].cost + (0 if r[3] in _WIDELY_USED else 1), r[1]))
    best, _, text, enc = scored[0]
    if not _sane(text):
        raise IngestError(origin, f"undecodable: not UTF-8, and as {enc} it is not text")
    # an equally plausible reading in another widely used code page: the bytes alone cannot tell
    rivals = [e for p, _, _t, e in scored[1:] if p.clean and p.cost <= best.cost + 0.5 and e in _WIDELY_USED]
    lead = f"not UTF-8 ({problem})" if problem else "not UTF-8"
    if not best.clean and not detected:
        raise IngestError(origin, "undecodable: not UTF-8, and no encoding reads it as text")
    if not best.clean:
        return Decoded(text, enc, f"{lead}; no encoding reads it cleanly: decoded as {enc}, some characters "
                                  f"may be wrong")
    if rivals:
        return Decoded(text, enc, f"{lead}; encoding guessed as {enc} ({rivals[0]} reads as well)")
    if problem:
        return Decoded(text, enc, f"{lead}; decoded as {enc}")
    return Decoded(text, enc)


def _detected(data: bytes) -> list[str]:
    """charset-normalizer's answers that read ASCII as ASCII (at most five; UTF-16/32 are told apart earlier)."""
    import charset_normalizer

    found = []
    for match in list(charset_normalizer.from_bytes(data[:_DETECTOR_BYTES]))[:5]:
        name = codecs.lookup(match.encoding).name
        if _ascii_compatible(name):
            found.append(name)
    return found


_ASCII_SAMPLE = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _ascii_compatible(name: str) -> bool:
    """Reads ASCII as ASCII: never EBCDIC (cp037, cp500), UTF-7, UTF-16/32 for an 8-bit guess."""
    try:
        return _ASCII_SAMPLE.decode(name) == _ASCII_SAMPLE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


_ESCAPE = re.compile(r'\\[nrtbf"\\/]')


@dataclass(frozen=True)
class _Plausibility:
    """Signs of a wrong code page in a reading.  ``chars``: non-ASCII characters in words, each costing
    the bytes it was read from (``bytes_per_char``: about 2 for a CJK reading), so that a reading is
    not cheaper for packing bytes into fewer characters; ``strong``: symbols inside words, control
    characters, capitals inside lower-case words, words mixing scripts; ``weak``: unusual characters
    around a word; ``misfits``: accented letters outside the alphabet that fits the others best."""
    chars: int
    strong: float
    weak: float
    misfits: int
    bytes_per_char: float = 1.0

    @property
    def allowed_misfits(self) -> int:
        """Names from other languages ("Müller" in French) put a few letters outside any one alphabet."""
        return max(2, self.chars // 10)

    @property
    def cost(self) -> float:
        extra = max(0, self.misfits - self.allowed_misfits)
        return self.chars * self.bytes_per_char + self.strong + self.weak + 2 * extra

    @property
    def clean(self) -> bool:
        return self.strong == 0 and self.misfits <= self.allowed_misfits

    @classmethod
    def of(cls, text: str, data: Optional[bytes] = None) -> "_Plausibility":
        high_chars = len(text) - len(text.encode("ascii", "ignore"))
        high_bytes = len(data.translate(None, bytes(range(128)))) if data is not None else high_chars
        sample = _ESCAPE.sub(" ", text[:_SAMPLE_CHARS])      # a JSON line's \n ends a word as a newline does
        strong = 10.0 * sum(1 for ch in sample if _is_control(ch))
        # bytes read as spaces other than ASCII ones cost like any other character
        chars, weak = 0, float(sum(1 for ch in sample if ch.isspace() and not ch.isascii()))
        accented: dict[str, int] = {}
        for token in sample.split():
            if token.isascii():
                continue
            start, end = _word_bounds(token)
            weak += _edge_signs(token, start, end)
            n, s = _word_signs(token[start:end], accented)
            chars += n
            strong += s
        return cls(chars, strong, weak, _misfits(accented), max(1.0, high_bytes / max(high_chars, 1)))


def _word_bounds(token: str) -> tuple[int, int]:
    """The word inside a token: from its first letter or digit to its last (or a mark on it)."""
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum() and unicodedata.category(token[end - 1])[0] != "M":
        end -= 1
    return start, end


def _edge_signs(token: str, start: int, end: int) -> float:
    """Around a word: each non-ASCII character (a reading that turns letters into punctuation, marks
    or symbols is not simpler for it), more for a symbol stuck to the word (``продолжалс€``) or a
    closing quote opening it (``’арькова``)."""
    signs = float(sum(1 for ch in token[:start] + token[end:] if not ch.isascii()))
    if start < end:
        if start and not token[start - 1].isascii() and token[start].isalpha():
            ch = token[start - 1]
            if unicodedata.category(ch) in _SYMBOLS or unicodedata.category(ch) in ("Pf", "Pe"):
                signs += 2
        if end < len(token) and not token[end].isascii():
            ch = token[end]
            if unicodedata.category(ch) in _SYMBOLS or unicodedata.category(ch) in ("Pi", "Ps"):
                if token[end - 1].isalpha():
                    signs += 2
    return signs


def _word_signs(word: str, accented: dict[str, int]) -> tuple[int, float]:
    """(non-ASCII characters, strong signs) of one word; counts its accented Latin letters into ``accented``."""
    chars, strong = 0, 0.0
    scripts: set[str] = set()
    ascii_letters = latin_accented = 0
    prev = ""
    for i, ch in enumerate(word):
        if ch.isascii():
            if ch.isalpha():
                ascii_letters += 1
                scripts.add("LATIN")
            prev = ch
            continue
        chars += 1
        category = unicodedata.category(ch)
        if category[0] == "L":
            script = _script(ch)
            if script:
                scripts.add(script)
            if script == "LATIN":
                latin_accented += 1
                lower = ch.lower()[0]                 # "İ" -> "i̇": its base letter
                if not lower.isascii():
                    accented[lower] = accented.get(lower, 0) + 1
            if ch.isupper() and prev.islower():
                strong += 4                                   # "hÓpital"
        elif category in ("Mn", "Mc", "Me"):
            # legacy pages write accents precomposed: a combining mark costs double, and one of another
            # script ("Kِln": an Arabic kasra on a Latin word) joins the script check
            script = _script(ch)
            if script:
                scripts.add(script)
            chars += 1
        elif category == "Nd" or ch in _JOINERS or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
            pass                                              # digits, CJK punctuation
        elif 0 < i < len(word) - 1 and prev.isalpha() and word[i + 1].isalpha():
            strong += 6                                       # "C¶tķ", "M³ller"
        prev = ch
    if len(scripts) > 1:
        strong += 6                                           # one word in two scripts
    if "LATIN" in scripts and not ascii_letters and latin_accented >= 3:
        strong += 3                                           # "Ïðåçèäåíò": Cyrillic read as Latin-1
    return chars, strong


def _script(ch: str) -> Optional[str]:
    """The script of a letter or mark, from its Unicode name ("HALFWIDTH KATAKANA LETTER TA": CJK)."""
    words = unicodedata.name(ch, "").split(" ")
    if words[0] in ("HALFWIDTH", "FULLWIDTH") and len(words) > 1:
        words = words[1:]
    return _SCRIPTS.get(words[0])


def _misfits(accented: dict[str, int]) -> int:
    """Accented letters (occurrences) that the single best-fitting alphabet does not have."""
    total = sum(accented.values())
    if not total:
        return 0
    best = max(sum(n for ch, n in accented.items() if ch in letters) for letters in _ALPHABET_SETS.values())
    return total - best


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\n\r\f"


def utf16_without_bom(sample: bytes) -> Optional[str]:
    """'utf-16-le'/'utf-16-be' when NULs sit regularly on one byte of each pair (ASCII-heavy UTF-16)."""
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = len(odd)
    if odd.count(0) > 0.6 * n and even.count(0) < 0.05 * n:
        return "utf-16-le"
    if even.count(0) > 0.6 * n and odd.count(0) < 0.05 * n:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> Optional[str]:
    """A reason if ``data`` (not starting with a UTF-16/32 BOM) is binary, else None."""
    if data.startswith(BINARY_MAGIC):
        return "binary file"
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary file (NUL bytes)"
    if sample and (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample) > 0.05:
        return "binary file (mostly non-text bytes)"
    return None


def _sane(text: str) -> bool:
    """Decoded text looks like prose: few control/replacement chars, mostly letters among non-space."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"))
    if bad / len(sample) > 0.01:
        return False
    # ASCII digits and punctuation read the same in every code page: judge the rest
    visible = [ch for ch in sample if not ch.isspace() and (ch.isalpha() or not ch.isascii())]
    if not visible:
        return True
    return sum(1 for ch in visible if ch.isalpha()) / len(visible) >= 0.5


def _checked(decoded: Decoded, origin: str) -> Decoded:
    text = decoded.text
    if not text.strip():
        raise IngestError(origin, "empty (whitespace only)")
    sample = text[:8192]
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\x1b")
    if bad / len(sample) > 0.05:
        raise IngestError(origin, "binary file (mostly non-text)")
    return decoded


__all__ = ["Decoded", "decode", "guess", "looks_binary", "utf16_without_bom", "BINARY_MAGIC"]
