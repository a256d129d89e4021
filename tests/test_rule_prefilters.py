"""The fast paths of the per-line rules give exactly the answers of the plain regexes.

Each prefilter (first-character dispatch, necessary-literal gates, substring tests, the
Aho-Corasick hint finder) is checked against the regex it stands in for, on every line of the
seed pages and fixtures plus lines whose first character folds case in unusual ways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nkcorpus import extract
from nkcorpus.dates import _YEARISH, has_year
from nkcorpus.extract import (
    _CAPTION_HINTS,
    _SPACE_PUNCT,
    _TERMINAL,
    Page,
    _Cutter,
    ends_terminal,
    n_words,
    page_literals,
    split_paragraphs,
)
from nkcorpus.outlets import first_tests, load_profiles, necessary_test

ROOT = Path(__file__).resolve().parents[1]
# Kelvin sign, long s, dotted and dotless i fold to ASCII letters under re.IGNORECASE.
ODD_FIRST = ["K", "\u212a", "\u017f", "\u0130", "\u0131", "B", "s", "©", "·", "[", "(", "7", " "]


# Lines that several rules match at once, or that fold case in unusual ways.
CRAFTED = ["Baca juga: Armenia", "\u212aLIK DI SINI", "\u017fhare", "ILUSTRASI: Dok", "",
           "Foto: ANTARA/Reno", "(kiri) Presiden", "halaman 2", "Berita Terkait",
           "Tonton video terbaru", "12 komentar", "Penulis: Ana", "Copyright © 2020 X",
           "Beranda · Google News · Kontak", "Telah dibaca 1.234 kali · klik di sini · Iklan",
           "Artikel ini telah dibaca 120 kali. Klik di sini untuk berita lain",
           "Page loaded in 0.12 seconds · unduh aplikasi · Kontak",
           "KLİK DI SINI untuk berlangganan sekali", "Simak di Google News · 2 kali · x",
           "Warga mengungsi (AP/Aziz Karimov)", "Stepanakert, 12/10/2020: asap (dok)",
           "Foto dokumen via AP", "Pasukan di garis depan/Net",
           "Warga mengungsi juga (Baca juga: Armenia Tolak Gencatan) kata dia.",
           "  juga tanpa tautan  ", "Pula [simak pula: Perang] berlanjut",
           "Warga mengungsi (Baca Juga: Armenia Tolak Gencatan) kata dia.",
           "Perang berlanjut [SIMAK PULA: Gencatan Senjata] hari ini.", "  Juga  "]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Whole pages: the seed pages and fixtures."""
    paths = sorted((ROOT / "data" / "raw").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
    return [path.read_text(encoding="utf-8", errors="replace") for path in paths]


@pytest.fixture(scope="module")
def lines(texts) -> list[str]:
    found: set[str] = set()
    for text in texts:
        found.update(split_paragraphs(text))
    base = sorted(found)
    assert len(base) > 300
    extra = {c + line[1:] for line in base[::3] for c in ODD_FIRST}
    extra |= set(CRAFTED)
    return base + sorted(extra)


def test_first_character_dispatch_matches_like_the_whole_alternation(lines):
    profiles = load_profiles()
    for profile in [None, *profiles.outlets]:
        rules = profiles.rules(profile)
        for line in lines:
            plain, fast = rules.boilerplate.match(line), rules.boilerplate_first.match(line)
            assert (plain is None) == (fast is None), (profile, line)
            if plain is not None:
                assert (plain.span(), plain.lastgroup) == (fast.span(), fast.lastgroup), line
            plain, fast = rules.markers.match(line), rules.markers_first.match(line)
            assert (plain is None) == (fast is None), line
            if plain is not None:
                assert plain.span() == fast.span()


def test_the_dispatch_still_finds_boilerplate_and_markers():
    rules = load_profiles().rules(None)
    name = rules.boilerplate_first.match("Baca juga: Armenia dan Azerbaijan").lastgroup
    assert rules.boilerplate_names[name] == "read-also link"
    assert rules.boilerplate_first.match("Menurut juru bicara itu, perang berlanjut.") is None
    assert rules.markers_first.match("Berita Terkait") is not None


def test_caption_gates_give_the_answer_of_the_caption_alternation(lines):
    rules = load_profiles().rules(None)
    cutter = _Cutter(rules, Page())
    hits = 0
    for line in lines:
        fast = any((gate is None or gate.search(line)) and p.search(line)
                   for gate, p in rules.caption_branches)
        assert fast == bool(rules.captions.search(line)), line
        hits += fast
    assert hits > 10
    assert cutter.is_caption("Warga mengungsi dari Stepanakert. (REUTERS/Stringer)")


def test_necessary_test_reads_a_literal_every_match_contains():
    gate = necessary_test(r"\bvia (?:ap|afp|reuters)", re.I)
    assert gate is not None and gate.search("foto VIA AP") and not gate.search("foto ap")
    assert necessary_test(r"(?:^|\s)foto\s*[:/]\s*\w+$", re.I).pattern == "foto"
    assert necessary_test(r"(?:foto|dok)\s*[:/]", re.I).search("x/y")
    assert necessary_test(r"ab|cd") is None  # a top-level alternative: nothing is required
    assert necessary_test(r"(?-i:\([A-Z]+/x\))", re.I) is None  # scoped flags: no gate


def test_first_tests_are_unknown_when_a_pattern_may_match_nothing():
    assert first_tests(r"a*") is None
    assert first_tests(r"(?:x)?") is None
    tests = first_tests(r"^(?:xa|yb)?z", re.I)
    assert sorted(t.pattern for t in tests) == ["x", "y", "z"]
    assert any(t.fullmatch("Z") for t in tests)  # case folded by re itself


def test_ends_terminal_and_has_year_agree_with_their_regexes(lines):
    for text in [*lines, "", "\n", "Selesai.\n", "a\n\n", "Kata )", "Tahun 2020", "x12019",
                 "1999", "20201"]:
        assert ends_terminal(text) == bool(_TERMINAL.search(text)), repr(text)
        assert has_year(text) == bool(_YEARISH.search(text)), repr(text)


def test_outlet_hint_finder_finds_every_hint_that_occurs(lines):
    profiles = load_profiles()
    hints = sorted({h for p in profiles.outlets for d in p.detect for h in d.hints})
    texts = ["\n".join(lines[i: i + 40]).lower() for i in range(0, len(lines), 40)]
    texts += ["", "kompas tv dan tribunjabar", "pr pr pr "]
    for text in texts:
        assert profiles._hints_in(text) == {h for h in hints if h in text}
    assert {"kompas", "kompas tv", "tribun", "tribunjabar"} <= profiles._hints_in(texts[-2])


def _anywhere_plain(rules, line: str) -> str | None:
    m = rules.boilerplate_anywhere.search(line)
    return rules.boilerplate_names[m.lastgroup] if m and m.lastgroup else None


def test_anywhere_rule_gives_the_rule_of_the_whole_anywhere_alternation(lines):
    profiles = load_profiles()
    for profile in [None, *profiles.outlets]:
        rules = profiles.rules(profile)
        for line in lines:
            assert rules.anywhere_rule(line) == _anywhere_plain(rules, line), (profile, line)
    rules = profiles.rules(None)
    # Several alternatives match: the leftmost match wins, not the first alternative.
    assert rules.anywhere_rule("Beranda · Google News · Kontak") == "footer links"
    assert rules.anywhere_rule("Simak di Google News · 2 kali · x") == "footer links"
    assert rules.anywhere_rule("Artikel ini telah dibaca 120 kali. Klik di sini untuk "
                               "berita lain") == "newsletter prompt"


def _page_cutters(texts, rules, profiles):
    """A cutter per page that knows which line hints the page holds, with its lines."""
    scanned = page_literals(rules.anywhere_hints)
    pages = [*texts, "\n\n".join(CRAFTED), "\n".join(CRAFTED[::-1])]
    crafted = sorted(set(CRAFTED))
    pages += ["\n".join(crafted[i: i + 3]) for i in range(0, len(crafted), 3)]
    for text in pages:
        page_lines = split_paragraphs(text)
        found: set[str] = set()
        profiles.detect(page_lines[:15], text, literals=scanned, found=found)
        assert found == {x for x in scanned if x in text.lower()}
        yield _Cutter(rules, Page(), page_lines, found, scanned), page_lines, text


def test_classify_gives_the_plain_boilerplate_and_caption_answers(lines, texts):
    profiles = load_profiles()
    for profile in [None, *profiles.outlets]:
        rules = profiles.rules(profile)
        plain = _Cutter(rules, Page())
        for line in lines:  # no page: every hint is tried
            expected = (plain._boilerplate(line), plain._is_caption(line))
            assert _Cutter(rules, Page())._classify(line) == expected, (profile, line)
    # Lines of a page skip the hints their page does not hold; the answers are the same.
    rules = profiles.rules(None)
    plain = _Cutter(rules, Page())
    skipped = 0
    for cutter, page_lines, _ in _page_cutters(texts, rules, profiles):
        skipped += len(_CAPTION_HINTS) - len(cutter._page_hints[0])
        for line in page_lines:
            expected = (plain._boilerplate(line), plain._is_caption(line))
            assert cutter._classify(line) == expected, line
            assert (cutter.boilerplate(line), cutter.is_caption(line)) == expected
    assert skipped > 100  # the pages do leave hints out


def test_a_run_without_whitespace_in_a_lowered_line_is_in_the_lowered_page(texts):
    """What ``page_literals`` relies on, on the pages, and for every character: lowering
    never turns a character that is not whitespace into whitespace or back."""
    for char in map(chr, range(0x110000)):
        low = char.lower()
        assert any(map(str.isspace, low)) == char.isspace(), hex(ord(char))
    scanned = page_literals(load_profiles().rules(None).anywhere_hints)
    assert scanned and not any(" " in x for x in scanned)
    for text in [*texts, "\n".join(CRAFTED)]:
        page = text.lower()
        for line in split_paragraphs(text):
            low = line.lower()
            assert all(x in page for x in scanned if x in low), line
            for word in low.split():
                assert word in page, (word, line)


def _split_plain(text: str) -> list[str]:
    """``split_paragraphs`` with every line's whitespace collapsed by split and join."""
    out: list[str] = []
    previous_blank = True
    for raw in text.split("\n"):
        line = " ".join(raw.split()) if raw else ""
        if not line:
            previous_blank = True
            continue
        if not out:
            out.append(line)
            previous_blank = False
            continue
        last = out[-1]
        if (last[-1] in "-–—" and extract._DATELINE_ALONE.match(last) and line[0].isupper()
                and n_words(line) >= 6):
            out[-1] = f"{last} {line}"
        elif (not previous_blank and line[0].islower() and len(last) >= 50
                and not ends_terminal(last) and not last.endswith(":")
                and not extract.is_date_line(last) and not extract.is_date_line(line)):
            out[-1] = f"{last} {line}"
        else:
            out.append(line)
        previous_blank = False
    return out


def test_split_paragraphs_keeps_printable_lines_as_they_are(texts):
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]
    odd = ["a  b", " a", "a ", "a\tb", "a\u00a0b", "\u2003", "a\u200bb", "a\x0bb", "a\x1cb",
           "  ", "a\u3000b", "a\u2028b", "Judul Berita\n\n  Jakarta -  \nWarga  mengungsi dari "
           "kota itu pada malam hari ini.", "a\r\nb", "x\x85y"]
    for text in [*texts, *odd, "\n".join(odd), "\n".join(CRAFTED)]:
        assert split_paragraphs(text) == _split_plain(text), text[:80]


def test_small_line_prefilters_agree_with_their_plain_forms(lines):
    for line in lines:
        assert (extract._SPACE_PUNCT_ANY.search(line) is not None) == any(
            p in line for p in _SPACE_PUNCT), line
        head = line[:70]
        if "-" not in head and "–" not in head and "—" not in head:
            assert extract._SEPARATOR.search(line, 0, 70) is None, line
        for prefix in {line.strip(), line[:30].strip(), line.split(" - ")[0].strip()}:
            assert prefix.endswith(extract._PREFIX_END) == bool(
                re.search(r"[.!?\"“”:;]$", prefix)), prefix
        for part in line.split(","):
            part = part.strip()
            plain = re.sub(r"\s*\((?:ANTARA|ANTARA News)\)$", "", part)
            assert (extract._ANTARA_SUFFIX.sub("", part) if part.endswith(")") else part) \
                == plain, part
        if "(" not in line and "[" not in line:  # _prepare's bracket test
            assert not list(extract._INLINE_READ_ALSO.finditer(line))
            assert extract._INLINE_READ_ALSO.sub("", line).strip() == line.strip()
        words = n_words(line)
        assert extract.sentence_like.__wrapped__(line) == (
            (words >= 6 and ends_terminal(line)) or words >= 20)
        assert extract.body_like.__wrapped__(line) == (words >= 10 and ends_terminal(line))
    for part in ["JAKARTA (ANTARA)", "Jakarta (ANTARA News)", "X(ANTARA)", "(ANTARA) Y"]:
        assert extract._ANTARA_SUFFIX.sub("", part) == re.sub(
            r"\s*\((?:ANTARA|ANTARA News)\)$", "", part)


def test_gates_without_ignorecase_find_what_the_ignorecase_gates_find():
    """Gates made of ASCII characters other than letters are compiled without IGNORECASE:
    no other character folds to any of them."""
    every = "".join(map(chr, range(0x110000)))
    chars = set()
    for gate in (g for g, _ in load_profiles().rules(None).caption_branches if g is not None):
        if not gate.flags & re.I:
            chars |= {c for c in map(chr, range(128)) if gate.search(c)}
    assert {":", "/", "("} <= chars
    for char in chars:
        folded = [m.start() for m in re.finditer(re.escape(char), every, re.I)]
        assert folded == [ord(char)], char
    assert necessary_test(r"\bvia (?:ap|afp)", re.I).flags & re.I  # letters keep the flag


def _find_dateline_plain(line: str, rules) -> tuple[str, str] | None:
    """``extract._find_dateline`` with its regexes searched unconditionally."""
    for pattern in rules.dateline:
        m = pattern.match(line)
        if m and extract.sentence_like(line[m.end():]) \
                and not extract._not_running_text(line[m.end():]):
            return m.group("city").strip().upper(), line[m.end():]
    sep = extract._SEPARATOR.search(line, 0, 70)
    if not sep or sep.start() == 0:
        return None
    prefix, rest = line[: sep.start()].strip(), line[sep.end():].strip()
    if not rest or not extract.sentence_like(rest) or re.search(r"[.!?\"“”:;]$", prefix):
        return None
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    if not 1 <= len(parts) <= 3:
        return None
    city, named = "", False
    for part in parts:
        bare = re.sub(r"\s*\((?:ANTARA|ANTARA News)\)$", "", part)
        if bare != part:
            named = True
        if rules.dateline_names.match(bare) or rules.dateline_names.match(part):
            named = True
            continue
        if extract._WEEKDAY.match(bare):
            continue
        words = bare.split()
        if city or not words or len(words) > 4 or not all(w[0].isupper() for w in words):
            return None
        if not (bare.isupper() or named or len(words) <= 2):
            return None
        city = bare
    if not city and not named:
        return None
    if city and not (city.isupper() or named or len(city.split()) <= 2):
        return None
    if city and not city.isupper() and not named and len(parts) > 1:
        return None
    if extract._not_running_text(rest):
        return None
    return city.upper(), rest


def test_dateline_and_inline_link_prefilters_give_the_plain_answers(lines):
    datelines = [
        "JAKARTA, KOMPAS.com – Warga mengungsi dari kota itu sejak pagi tadi hari ini.",
        "Jakarta (ANTARA) — Warga mengungsi dari kota itu sejak pagi tadi hari ini.",
        "Baku, CNN Indonesia -- Warga mengungsi dari kota itu sejak pagi tadi hari ini.",
        "STEPANAKERT, Sabtu - Warga mengungsi dari kota itu sejak pagi tadi hari ini."]
    profiles = load_profiles()
    found = 0
    for profile in [None, *profiles.outlets]:
        rules = profiles.rules(profile)
        cutter = _Cutter(rules, Page())
        for line in [*lines, *datelines]:
            plain = _find_dateline_plain(line, rules)
            assert extract._find_dateline(line, rules) == plain, (profile, line)
            found += plain is not None
            cuts: list[tuple[str, str]] = []
            text = line
            # the plain rule: the inline-link pattern ignores case, so any casing of "juga" or
            # "pula" may open a link ("(Baca Juga: ...)")
            if re.search("juga|pula", text, re.I):
                cuts = [("read-also link (inline)", m.group(0).strip())
                        for m in extract._INLINE_READ_ALSO.finditer(text)]
                text = extract._INLINE_READ_ALSO.sub("", text).strip()
            for rule, pattern, replacement in rules.fixes:
                m = pattern.search(text)
                if m:
                    cuts.append((f"{rule}{extract.FRAGMENT}", m.group(0)))
                    text = pattern.sub(replacement, text)
            assert cutter._prepare(line) == (tuple(cuts), text), line
    assert found > 50


@pytest.mark.parametrize("link", ["(Baca Juga: Armenia Tolak Gencatan)",
                                  "[SIMAK PULA: Armenia Tolak Gencatan]",
                                  "(baca juga: Armenia Tolak Gencatan)"])
def test_an_inline_read_also_link_is_cut_in_any_casing(link):
    # the cheap test in front of the inline-link pattern once missed "Juga" and "PULA"
    from nkcorpus.notes import Notes

    from .test_hostile_inputs import PAGE

    page = PAGE.replace("di Moskow pada akhir pekan.", f"di Moskow {link} pada akhir pekan.")
    parsed = extract.parse_page(page, load_profiles(), Notes())
    body = "\n\n".join(parsed.body)
    assert "Gencatan)" not in body and "Gencatan]" not in body
    assert "di Moskow pada akhir pekan." in body
    assert ("read-also link (inline)", link) in parsed.removed
