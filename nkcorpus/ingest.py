"""Stage 1, ingest: raw bytes to clean Unicode text, noting every repair.

Decoding order: byte-order marks, then UTF-16 without a BOM (recognised by its zero bytes),
then strict UTF-8, then *mostly* UTF-8 (a few invalid bytes among many valid multi-byte
characters: kept as UTF-8, each bad byte replaced by U+FFFD, with a warning), then
``charset-normalizer`` for legacy encodings, whose guess is used only when its text is more
plausible than cp1252's (so Cyrillic cp1251 stays Cyrillic, and a UTF-8 page with one bad byte
is never read as mac-iceland). After decoding: NUL and
control characters, CRLF/CR line ends, leftover HTML tags and entities, and mojibake (repaired
with ``ftfy``) are each fixed and noted. Nothing here raises on bad input.
"""

from __future__ import annotations

import codecs
import csv
import html
import itertools
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
_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
# Control bytes that text files do not contain (tab, line feed, vertical tab, form feed and
# carriage return excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if not 9 <= b <= 13)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The characters of _CONTROL as UTF-8 bytes: each is one byte below 0x80, and no other
# character's UTF-8 form holds such a byte, so a text has one iff its encoding does.
_CONTROL_UTF8 = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Every match of _MOJIBAKE_HINT starts with one of these.
_MOJIBAKE_LEADS = "ÃÂâÄÅÆÐÑØ"
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


def size_text(n: float, *, limit: bool = False) -> str:
    """A byte count for messages: ``12.3 MB`` (``5 MB`` for a limit), or ``120 kB``."""
    if n >= 1e6:
        return f"{n / 1e6:.0f} MB" if limit else f"{n / 1e6:.1f} MB"
    return f"{n / 1e3:.0f} kB"


@dataclass
class Decoded:
    """Decoded text (``None`` when unusable), the encoding used, and what was noted."""

    text: str | None
    encoding: str
    notes: Notes
    #: ``text`` is the bytes decoded as strict UTF-8 and nothing else (no mark, no
    #: replacement, no cleaning): encoding it gives back the bytes exactly.
    exact: bool = False


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
    if data.startswith(_MAGIC_PREFIXES):
        for magic, kind in _MAGIC:
            if data.startswith(magic):
                return kind
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > 0.10:
        return f"binary data ({controls} control bytes in the first {len(sample)})"
    return None


def decode_bytes(data: bytes, *, max_bytes: int = MAX_BYTES, clean: bool = True) -> Decoded:
    """Decode raw file bytes into clean text, noting the encoding and every problem found.

    Input: the bytes of one page. Output: :class:`Decoded`; ``text`` is ``None`` (with an
    error note) for an empty, oversized, binary or undecodable file. Never raises.
    ``clean=False`` keeps the decoded text as it is (line ends, tags and entities): a saved
    HTML page is parsed as markup, and cleaned afterwards only if it is not HTML after all.
    """
    notes = Notes()
    size = len(data)
    if size == 0:
        notes.error("empty file (0 bytes)")
        return Decoded(None, "", notes)
    if size > max_bytes:
        notes.error(f"file is {size_text(size)}, over the {size_text(max_bytes, limit=True)} "
                    "limit for "
                    "one article: not parsed (split it, or raise max_bytes)")
        return Decoded(None, "", notes)
    decoded = decode_raw(data)
    if decoded.text is None:
        return decoded
    if size > LARGE_BYTES:
        decoded.notes.warn(f"unusually large for one article ({size / 1e6:.1f} MB): is it "
                           "several pages?")
    text = _clean_text(decoded.text, decoded.notes) if clean else decoded.text
    return Decoded(text, decoded.encoding, decoded.notes,
                   exact=decoded.exact and text is decoded.text)


def decode_raw(data: bytes) -> Decoded:
    """Decode bytes to text without cleaning it and without a size limit.

    Collections (CSV, JSON lines) are decoded with this and parsed *before* any cleaning, so
    that markup or entities inside a field can never change the file's structure. Binary data
    gives ``text=None`` with an error note. Never raises.
    """
    notes = Notes()
    if not data:
        notes.error("empty file (0 bytes)")
        return Decoded(None, "", notes)
    text: str | None = None
    encoding = ""
    # One startswith over all marks first: most files have none.
    for bom, name in _BOMS if data.startswith(_BOM_PREFIXES) else ():
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
    exact = False
    if text is None:
        kind = _binary_kind(data)
        if kind:
            notes.error(f"not a text file: looks like {kind}")
            return Decoded(None, "", notes)
        try:
            text, encoding, exact = data.decode("utf-8"), "utf-8", True
        except UnicodeDecodeError:
            text, encoding = _decode_mostly_utf8(data, notes)
            if text is None:
                text, encoding = _decode_legacy(data, notes)
            if text is None:
                return Decoded(None, "", notes)
    return Decoded(text, encoding, notes, exact=exact)


def _decode_mostly_utf8(data: bytes, notes: Notes) -> tuple[str | None, str]:
    """UTF-8 with the odd invalid byte: keep it UTF-8, replacing each bad byte with U+FFFD.

    Used when the valid multi-byte UTF-8 characters outnumber the invalid bytes: a legacy code
    page would garble every one of those characters to repair a few bytes. Returns
    ``(None, "")`` when the bytes do not look like UTF-8 at all.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if bad <= 0 or valid < 1 or bad > valid:
        return None, ""
    notes.warn(f"{bad} invalid UTF-8 byte{'s' if bad > 1 else ''} replaced with U+FFFD "
               "(the rest of the file is valid UTF-8)")
    return text, "utf-8"


_WORD = re.compile(r"[^\W\d_]{2,}")


def _plausibility(text: str) -> float:
    """Share of words that look like real words: one script, and for Latin script mostly
    ASCII letters (cp1252 read of Cyrillic bytes gives words like 'Ïðåçèäåíò')."""
    words = _WORD.findall(text[:20000])
    if not words:
        return 0.0
    good = 0
    for word in words:
        ascii_letters = sum(1 for ch in word if ch.isascii())
        if ascii_letters == len(word):
            good += 1
            continue
        scripts = {unicodedata.name(ch, "X").split()[0] for ch in word if not ch.isascii()}
        if ascii_letters == 0 and len(scripts) == 1 and scripts != {"LATIN"}:
            good += 1  # a whole word in one non-Latin script (Cyrillic, Greek, Arabic...)
        elif ascii_letters >= len(word) / 2 and scripts == {"LATIN"}:
            good += 1  # Latin with a few accents: "Erdoğan", "café"
    return good / len(words)


def _decode_legacy(data: bytes, notes: Notes) -> tuple[str | None, str]:
    """Decode non-UTF-8 bytes: charset-normalizer's guess if its text is clearly more
    plausible than cp1252's (Indonesian pages are Latin script), else cp1252."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _plausibility(text) >= 0.81:
            # No other code page can be chosen: it would need a plausibility 0.2 above
            # cp1252's, over the maximum of 1.0. Skips charset-normalizer (milliseconds a page).
            notes.warn("not valid UTF-8: decoded as cp1252")
            return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = codecs.lookup(best.encoding).name if best is not None else "cp1252"
    candidates: list[tuple[str, str]] = []
    for name in dict.fromkeys([guess, "cp1252"]):
        try:
            candidates.append((name, data.decode(name)))
        except (UnicodeDecodeError, LookupError):
            continue
    if not candidates:
        text = data.decode("cp1252", errors="replace")
        notes.warn("not valid UTF-8 and no encoding decodes it cleanly: decoded as cp1252 "
                   "with replacement characters")
        return text, "cp1252"
    scored = [(_plausibility(text), name != "cp1252", name, text) for name, text in candidates]
    # cp1252 wins ties and near-ties; another code page must explain the bytes clearly better.
    cp = next((s for s in scored if s[2] == "cp1252"), None)
    other = next((s for s in scored if s[2] != "cp1252"), None)
    if cp is not None and (other is None or other[0] < cp[0] + 0.2):
        chosen = cp
    else:
        chosen = other if other is not None else cp
    _, _, name, text = chosen
    notes.warn(f"not valid UTF-8: decoded as {name}"
               + (" (detected by charset-normalizer)" if name != "cp1252" else ""))
    return text, name


def _has_control(text: str) -> bool:
    """``_CONTROL.search(text) is not None``, tested on the UTF-8 bytes (a C loop over the
    bytes is several times faster than the regex scan of the text)."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _CONTROL_UTF8)) != len(data)


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
    if _has_control(text):
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
        if any(c in text for c in _MOJIBAKE_LEADS) and _MOJIBAKE_HINT.search(text):
            import ftfy

            fixed = ftfy.fix_text(text, uncurl_quotes=False, fix_latin_ligatures=False,
                                  fix_character_width=False, normalization="NFC")
            if fixed != text:
                text = fixed
                notes.warn("repaired mojibake (text had been decoded with the wrong encoding "
                           "before it was saved, fixed with ftfy)")
        text = text.replace("\u00a0", " ")
        if any(c in text for c in _ZERO_WIDTH_CHARS):
            text = _ZERO_WIDTH.sub("", text)
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        notes.error("file contains only whitespace")
    return text


@dataclass
class CsvRecord:
    """One record of a CSV file: its physical lines ``start``-``end`` (1-based, inclusive),
    its fields, its raw text, and ``problem`` (non-empty when the record is unusable)."""

    start: int
    end: int
    fields: list[str]
    raw: str
    problem: str = ""


_SHAPE_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_SHAPE_FILE = re.compile(r"^[\w./ -]+\.(?:txt|html?|jsonl|ndjson|csv)(?::\d+)?$", re.I)


def _shape(value: str) -> str:
    """A coarse shape of a CSV value, to tell a swallowed record line from prose."""
    value = value.strip()
    if not value:
        return "empty"
    if value.isdigit():
        return "int"
    if value.startswith(("http://", "https://")):
        return "url"
    if _SHAPE_DATE.match(value):
        return "date"
    if _SHAPE_FILE.match(value):
        return "file"
    return "text"


def _parse_one_line(line: str) -> list[str] | None:
    try:
        rows = list(csv.reader([line]))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def _looks_like_record(line: str, n: int, reference: list[str] | None) -> bool:
    """True when a line inside a multi-line field reads as a record of its own.

    With ``reference`` (the shapes of the last good record), every column that has a
    distinctive shape (number, date, URL, file name) must have it here too, and there must be
    at least one such column: prose lines with commas do not pass.
    """
    fields = _parse_one_line(line.rstrip("\r\n"))
    if fields is None or len(fields) != n or n < 2:
        return False
    if reference is None:
        return True
    shapes = [_shape(f) for f in fields]
    distinctive = [i for i, s in enumerate(reference) if s not in {"text", "empty"}]
    return bool(distinctive) and all(shapes[i] == reference[i] for i in distinctive)


def _reference_after(lines: list[str], end: int, n: int) -> list[str] | None:
    """Shapes of the first later line that reads alone as a record with a distinctive
    column (used when the file's first record is the one in doubt)."""
    for line in lines[end: end + 200]:
        fields = _parse_one_line(line.rstrip("\r\n"))
        if fields and len(fields) == n:
            shapes = [_shape(f) for f in fields]
            if any(s not in {"text", "empty"} for s in shapes):
                return shapes
    return None


def csv_records(text: str) -> list[CsvRecord]:
    """Split CSV text into records, the header first, with physical line numbers.

    Parsed with the ``csv`` module on the text exactly as decoded (nothing cleaned first).
    A record with the wrong number of fields, or an unterminated quote that swallows the lines
    after it (it runs to the end of the file, or its lines read as records of their own), is
    returned with a ``problem``; reading resumes on the line after the bad one, so the good
    records around it survive. Blank lines are skipped. Never raises.
    """
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends: the csv module needs \n
    pieces = text.split("\n")
    lines = [line + "\n" for line in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    out: list[CsvRecord] = []
    n: int | None = None
    reference: list[str] | None = None
    pos = 0
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 2**31 - 1))  # size limits are applied per record
    try:
        while pos < len(lines):
            base, restart = pos, None
            reader = csv.reader(itertools.islice(lines, pos, None))
            try:
                for fields in reader:
                    start, end = pos + 1, base + reader.line_num
                    raw = "".join(lines[pos:end])
                    pos = end
                    if not fields or (len(fields) == 1 and not fields[0].strip() and n != 1):
                        continue
                    if n is None:
                        n = len(fields)
                        out.append(CsvRecord(start, end, fields, raw))
                        continue
                    if len(fields) > n and not any(f.strip() for f in fields[n:]):
                        fields = fields[:n]  # trailing separators: nothing lost
                    multi = end > start
                    at_eof_open = end == len(lines) and raw.count('"') % 2 == 1
                    if multi and len(fields) == n and reference is None:
                        reference = _reference_after(lines, end, n)
                    swallowed = multi and (len(fields) != n or reference is not None) and any(
                        _looks_like_record(line, n, None if len(fields) != n else reference)
                        for line in lines[start:end])
                    if at_eof_open or swallowed:
                        what = ("runs to the end of the file" if at_eof_open else
                                f"swallows lines {start + 1}-{end}, which read as records")
                        out.append(CsvRecord(start, start, [], lines[start - 1],
                                             f"unterminated quote on line {start}: the field "
                                             f"{what}; this line is not used, reading goes on "
                                             f"from line {start + 1}"))
                        restart = start
                        break
                    if len(fields) != n:
                        span = f"line {start}" if not multi else f"lines {start}-{end}"
                        out.append(CsvRecord(start, end, fields, raw,
                                             f"{span}: {len(fields)} fields where the header "
                                             f"has {n} (check quoting and separators)"))
                        continue
                    reference = [_shape(f) for f in fields]
                    out.append(CsvRecord(start, end, fields, raw))
            except csv.Error as exc:
                start = pos + 1
                out.append(CsvRecord(start, start, [], lines[pos] if pos < len(lines) else "",
                                     f"line {start}: not readable as CSV ({exc})"))
                restart = pos + 1
            if restart is None:
                break
            pos = restart
    finally:
        csv.field_size_limit(old_limit)
    return out
