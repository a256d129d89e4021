"""The single-core speed-ups change no result.

Answers of per-line checks are remembered across pages (bounded), a plausible cp1252 page
skips charset-normalizer, and the row's ``removed`` JSON is written without ``json.dumps``:
each is checked here against what the plain computation gives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nkcorpus import dates, extract
from nkcorpus.build import page_row
from nkcorpus.extract import Page, parse_page, split_paragraphs
from nkcorpus.ingest import decode_raw
from nkcorpus.notes import Notes
from nkcorpus.outlets import load_profiles

ROOT = Path(__file__).resolve().parents[1]


def _pages() -> list[str]:
    paths = sorted((ROOT / "data" / "raw").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "outlets").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "selectall").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    assert len(texts) >= 10
    return texts


def _forget() -> None:
    """Empty the process-wide memos of the pure per-line checks."""
    for fn in (extract.sentence_like, extract.body_like, extract.headline_like,
               extract._not_running_text, extract.nav_like, extract._title_like,
               extract._article_paragraph, extract._never_byline, dates.is_date_line,
               dates.parse_date):
        fn.cache_clear()


def _read(text: str, profiles) -> tuple:
    notes = Notes()
    page = parse_page(text, profiles, notes)
    return (page.outlet, page.title, page.date, page.authors, page.dateline, page.deck,
            page.captions, page.body, page.removed, page.page_kind, notes.items)


def test_remembered_answers_do_not_change_what_a_page_yields():
    texts = _pages()
    # Each page read with fresh profiles (nothing remembered) ...
    cold = []
    for t in texts:
        _forget()
        cold.append(_read(t, load_profiles.__wrapped__()))
    # ... and all pages read twice in turn with one warm set of profiles.
    warm_profiles = load_profiles.__wrapped__()
    first = [_read(t, warm_profiles) for t in texts]
    again = [_read(t, warm_profiles) for t in reversed(texts)][::-1]
    assert first == cold
    assert again == cold


def test_remembered_answers_stay_bounded(monkeypatch):
    monkeypatch.setattr(extract, "MEMO_LINES", 5)
    profiles = load_profiles.__wrapped__()
    texts = _pages()
    expected = [_read(t, load_profiles.__wrapped__()) for t in texts]
    assert [_read(t, profiles) for t in texts] == expected
    tables = [t for rules in profiles._rules.values() if hasattr(rules, "memo")
              for t in rules.memo.values()]
    assert tables
    # A table is emptied when a page begins with it full; one page adds at most its lines.
    most = max(len(split_paragraphs(t)) for t in texts) * 2
    assert all(len(t) <= 5 + most for t in tables)


def test_trailing_list_marker_answers_equal_the_regex():
    rules = load_profiles().rules(None)
    lines = [x for t in _pages() for x in split_paragraphs(t)]
    lines += ["Berita Terkait", "BACA JUGA", "Artikel Lainnya", "", "Berita terkait:"]
    for line in lines + lines:
        assert rules.markers_first.matches(line) == (rules.markers.match(line) is not None)


def test_profile_lookup_by_name_or_alias_finds_the_first_profile_in_file_order():
    profiles = load_profiles()
    for p in profiles.outlets:
        for key in (p.name, p.name.upper(), f"  {p.name.lower()} ", *p.aliases):
            low = key.strip().lower()
            first = next(q for q in profiles.outlets if low == q.name.lower() or low in q.aliases)
            assert profiles.get(key) is first
    assert profiles.get("no such outlet anywhere") is None


def test_plausible_cp1252_page_is_decoded_without_charset_normalizer(monkeypatch):
    import charset_normalizer

    def refuse(*args, **kwargs):
        raise AssertionError("charset-normalizer should not be needed")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    data = ("Pasukan Azerbaijan merebut kota Shusha, kata Menteri Pertahanan. "
            "Warga mengungsi ke Stepanakert dan Yerevan; kafé ditutup.").encode("cp1252")
    decoded = decode_raw(data)
    assert decoded.encoding == "cp1252"
    assert "kafé ditutup" in decoded.text
    assert decoded.notes.items == [("warning", "not valid UTF-8: decoded as cp1252", "")]


def test_cyrillic_bytes_still_go_to_charset_normalizer(monkeypatch):
    import charset_normalizer

    calls = []
    real = charset_normalizer.from_bytes

    def spy(data, *args, **kwargs):
        calls.append(len(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    text = ("Президент Армении заявил, что переговоры продолжатся в Москве на следующей "
            "неделе, а режим прекращения огня будет соблюдаться обеими сторонами. ") * 3
    decoded = decode_raw(text.encode("cp1251"))
    assert calls, "a cp1252 reading of Cyrillic bytes is implausible: the detector must run"
    assert decoded.encoding == "cp1251"
    assert decoded.text == text


@pytest.mark.parametrize("removed", [
    [],
    [("byline", "Penulis: Ana")],
    [("boilerplate: \"quoted\"", "back\\slash\nnew line\ttab \x01 é “kutip” \u2028")],
    [("a", ""), ("b", "Baca juga: Armenia – Azerbaijan")],
])
def test_removed_column_is_the_json_of_the_removed_blocks(removed):
    page = Page(title="T", body=["Satu dua tiga."], removed=list(removed))
    row = page_row(page, Notes(), source_file="x.txt", sha256="0" * 64, encoding="utf-8",
                   article_id="0" * 16)
    expected = json.dumps([{"rule": r, "text": t} for r, t in removed], ensure_ascii=False)
    assert row["removed"] == expected
    assert json.loads(row["removed"]) == [{"rule": r, "text": t} for r, t in removed]


def test_word_total_counts_like_n_words_summed():
    cases = [[], [""], ["satu"], ["satu dua", "", " tiga ", "empat  lima"], ["", ""]]
    for paragraphs in cases:
        assert extract.word_total(paragraphs) == sum(extract.n_words(p) for p in paragraphs)


def test_control_characters_are_found_exactly_where_the_regex_finds_them():
    from nkcorpus.ingest import _CONTROL, _has_control

    # Every character below U+0100, some beyond it, and a lone surrogate, alone and in text.
    chars = [chr(i) for i in range(0x100)] + ["\u2028", "\u200b", "\ufeff", "\ud800", "😀"]
    for c in chars:
        for text in (c, f"Baku {c} é", f"“{c}”"):
            assert _has_control(text) == (_CONTROL.search(text) is not None), repr(c)
