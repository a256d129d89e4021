"""Stage 1, ingest: raw bytes to clean Unicode text, noting every repair.

Decoding order: byte-order marks, then UTF-16 without a BOM (recognised by its zero bytes),
then strict UTF-8, then ``charset-normalizer`` for legacy encodings. After decoding: NUL and
control characters, CRLF/CR line ends, leftover HTML tags and entities, and mojibake (repaired
with ``ftfy``) are each fixed and noted. Nothing here raises on bad input.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass

from .notes import Notes

#: Files larger than this are not parsed at all (a news article is a few kilobytes).
MAX_BYTES = 10 * 1024 * 1024
#: Files larger than this are parsed, with a warning that they are unusually large.
LARGE_BYTES = 1024 * 1024

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format", "an SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that text files do not contain (tab, line feed, vertical tab, form feed and
# carriage return excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if not 9 <= b <= 13)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HTML_TAG = re.compile(
    r"</?(?:p|div|br|span|a|img|figure|figcaption|h[1-6]|li|ul|ol|strong|em|b|i|u|table|tr|td|"
    r"section|article|header|footer|nav|blockquote|iframe|script|style|html|head|body|meta|"
    r"link|noscript|picture|source|button|time)\b[^>]{0,2000}>",
    re.I,
)
_HTML_DROP = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_HTML_BLOCK = re.compile(r"</?(?:p|div|br|h[1-6]|li|figure|figcaption|section|article|tr|"
                         r"blockquote|header|footer)\b[^>]*>", re.I)
_HTML_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
# Sequences typical of UTF-8 read as cp1252/latin-1: "Ã©", "â€œ", "Â ", "Ä±" (Turkish ı)...
_MOJIBAKE_HINT = re.compile(r"[ÃÂâÄÅÆÐÑØ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d"
                            r"\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039\u203a"
                            r"\u20ac\u2122]")


@dataclass
class Decoded:
    """Decoded text (``None`` when unusable), the encoding used, and what was noted."""

    text: str | None
    encoding: str
    notes: Notes


def _looks_utf16(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' for BOM-less UTF-16 text, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def _binary_kind(data: bytes) -> str | None:
    """Describe ``data`` if it is a binary file rather than text, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > 0.10:
        return f"binary data ({controls} control bytes in the first {len(sample)})"
    return None


def decode_bytes(data: bytes, *, max_bytes: int = MAX_BYTES, clean: bool = True) -> Decoded:
    """Decode raw file bytes into text, noting the encoding and every problem found.

    ``clean=False`` returns the decoded text as it is (line ends, tags and entities kept):
    a saved HTML page is parsed as markup, not cleaned as text.
    """
    notes = Notes()
    size = len(data)
    if size == 0:
        notes.error("empty file (0 bytes)")
        return Decoded(None, "", notes)
    if size > max_bytes:
        notes.error(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for "
                    "one article: not parsed (split it, or raise max_bytes)")
        return Decoded(None, "", notes)

    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(name), name
            except UnicodeDecodeError as exc:
                notes.error(f"starts with a {name} byte-order mark but does not decode: "
                            f"{exc.reason}")
                return Decoded(None, name, notes)
            if name != "utf-8-sig":
                notes.info(f"decoded as {name} (byte-order mark)")
            break
    if text is None and b"\x00" in data[:4096]:
        guess = _looks_utf16(data)
        if guess:
            try:
                text, encoding = data.decode(guess), "utf-16"
                notes.info(f"decoded as {guess} without byte-order mark")
            except UnicodeDecodeError:
                text = None
    if text is None:
        kind = _binary_kind(data)
        if kind:
            notes.error(f"not a text file: looks like {kind}")
            return Decoded(None, "", notes)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data, notes)
            if text is None:
                return Decoded(None, "", notes)
    if size > LARGE_BYTES:
        notes.warn(f"unusually large for one article ({size / 1e6:.1f} MB): is it several pages?")
    return Decoded(_clean_text(text, notes) if clean else text, encoding, notes)


def _decode_legacy(data: bytes, notes: Notes) -> tuple[str | None, str]:
    """Decode non-UTF-8 bytes with charset-normalizer's best guess (cp1252 if it has none)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "cp1252"
    # Indonesian pages are Latin script: prefer the Windows code page over exotic guesses
    # that decode the same bytes into other scripts.
    if encoding not in {"cp1252", "latin_1", "iso8859_15", "utf_8"}:
        try:
            data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
        notes.warn("not valid UTF-8 and no encoding decodes it cleanly: decoded as cp1252 "
                   "with replacement characters")
        return text, encoding
    name = codecs.lookup(encoding).name
    notes.warn(f"not valid UTF-8: decoded as {name} (detected by charset-normalizer)")
    return text, name


def _clean_text(text: str, notes: Notes) -> str:
    """Normalise decoded text: line ends, NULs, control characters, HTML, mojibake, NFC."""
    if "\r" in text:
        crlf = "\r\n" in text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.info("CRLF line ends normalised" if crlf else "CR line ends normalised")
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        notes.warn(f"removed {nuls} NUL character{'s' if nuls > 1 else ''}")
    if _CONTROL.search(text):
        count = len(_CONTROL.findall(text))
        text = _CONTROL.sub(" ", text)
        notes.warn(f"replaced {count} control character{'s' if count > 1 else ''} with spaces")
    if "<" in text and _HTML_TAG.search(text):
        text = _HTML_DROP.sub("", text)
        text = _HTML_BLOCK.sub("\n", text)
        text = _HTML_TAG.sub("", text)
        notes.warn("leftover HTML tags removed")
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)
        notes.info("HTML entities decoded")
    if not text.isascii():
        if _MOJIBAKE_HINT.search(text):
            import ftfy

            fixed = ftfy.fix_text(text, uncurl_quotes=False, fix_latin_ligatures=False,
                                  fix_character_width=False, normalization="NFC")
            if fixed != text:
                text = fixed
                notes.warn("repaired mojibake (text had been decoded with the wrong encoding "
                           "before it was saved, fixed with ftfy)")
        text = _ZERO_WIDTH.sub("", text.replace("\u00a0", " "))
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        notes.error("file contains only whitespace")
    return text
