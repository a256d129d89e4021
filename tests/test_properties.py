"""Property-based: no input, however odd, makes the pipeline raise."""

from hypothesis import given
from hypothesis import strategies as st

from nkcorpus.build import page_row
from nkcorpus.extract import parse_page
from nkcorpus.ingest import decode_bytes
from nkcorpus.notes import Notes
from nkcorpus.outlets import load_profiles

PROFILES = load_profiles()
LINES = st.lists(st.sampled_from([
    "Judul Berita", "Minggu, 08 November 2020 - 16:30 WIB", "ANKARA - Kalimat berita ini cukup "
    "panjang untuk dianggap paragraf.", "Baca juga: x", "Populer", "(ber)", "0", "Foto/Net",
    "Penulis : A", "31/02/2020 10:00 WIB", "", "“kutipan”", "LAPORAN:", "Oleh",
]) | st.text(max_size=80), max_size=30)


@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(data):
    decoded = decode_bytes(data)
    notes = decoded.notes
    if decoded.text is not None and decoded.text.strip():
        page = parse_page(decoded.text, PROFILES, notes)
        row = page_row(page, notes, source_file="x", sha256="", encoding=decoded.encoding,
                       article_id="x")
        assert isinstance(row["body"], str)
    assert notes.status in {"ok", "warning", "error"}


@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text):
    notes = Notes()
    page = parse_page(text, PROFILES, notes)
    assert "\n\n\n" not in "\n\n".join(page.body)


@given(LINES)
def test_page_shaped_text_never_raises_and_every_line_is_accounted_for(lines):
    notes = Notes()
    page = parse_page("\n".join(lines), PROFILES, notes)
    body = "\n\n".join(page.body)
    assert body == body.strip()
    assert all(p and p == p.strip() for p in page.body)
    assert all(isinstance(rule, str) and rule for rule, _ in page.removed)
    if not page.body:
        # No article text: an error for an article, a warning (never ok) for a page that
        # reads as an index, gallery or video page.
        assert notes.status == ("error" if page.page_kind == "article" else "warning")


@given(st.text(alphabet="ab.\n _-Éé1İ,()“", max_size=14), st.data())
def test_last_word_reads_back_what_the_trailing_word_regex_finds(text, data):
    # split_sentences reads the word before each full stop backwards; it must find exactly
    # what re.search(r"([\w.]+)$", text[start:end]) finds (also before a final newline)
    import re

    from nkcorpus.text import _last_word

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = re.search(r"([\w.]+)$", text[start:end])
    assert _last_word(text, start, end) == (found.group(1) if found else "")


@given(st.text(alphabet='ab"“”‘’. ', max_size=20), st.data())
def test_quote_count_is_what_the_quote_pattern_finds(text, data):
    from nkcorpus.text import _QUOTES, _quote_count

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text) + 2))
    assert _quote_count(text) == len(_QUOTES.findall(text))
    assert _quote_count(text, start, end) == len(_QUOTES.findall(text, start, end))


@given(st.text(alphabet="aB Σσς'İı.!?…\"“”’)\n\nÆẞß1_-é,", max_size=60))
def test_reuse_tokens_are_the_lower_cased_word_runs_of_each_sentence(body):
    import re

    import numpy as np

    from nkcorpus.reuse import _token_ids, _tokenise
    from nkcorpus.text import split_sentences

    expected, spans = [], []
    for para in body.split("\n\n"):
        for s, e in split_sentences(para):
            words = [w.lower() for w in re.findall(r"\w+", para[s:e])]
            if words:
                spans.append((len(expected), len(expected) + len(words)))
                expected += words
    doc = _tokenise("a", "o", body)
    assert doc.tokens == expected
    assert doc.sentences == spans
    # what the out-of-core alignment rebuilds tokens from (nkcorpus.reuse_scale._Tokens)
    assert [body[s:e].lower() for s, e in zip(doc.starts, doc.ends, strict=True)] == expected
    vocab: dict[str, int] = {}
    ids, sentences = _token_ids(body, vocab)
    words = {i: w for w, i in vocab.items()}
    assert [words[i] for i in np.asarray(ids).tolist()] == expected
    assert sentences == spans


@given(st.lists(st.sampled_from("a b c d".split()), max_size=12),
       st.sets(st.lists(st.sampled_from("a b c d".split()), min_size=1, max_size=3)
               .map(tuple), max_size=5))
def test_common_mask_marks_exactly_the_tokens_inside_listed_phrases(tokens, phrases):
    from nkcorpus.reuse import Lexicon, _Doc, common_mask

    index: dict[str, list[int]] = {}
    for p in phrases:
        index.setdefault(p[0], []).append(len(p))
    lex = Lexicon(frozenset(phrases), index, frozenset())
    expected = [any(tuple(tokens[s: s + len(p)]) == p and s <= i < s + len(p)
                    for p in phrases for s in range(len(tokens)))
                for i in range(len(tokens))]
    assert common_mask(_Doc("a", "o", tokens, [], [], []), lex) == expected


@given(st.text(alphabet="aZ .\n“”’–é\u00c9ΣσİıẞßǅＡ\ud800\U0001d400", max_size=40))
def test_lower_text_is_str_lower(text):
    """``lower_text`` takes a byte-level path when the non-ASCII characters have no case;
    the alphabet mixes caseless marks with letters that lower-case to other characters
    (É, Σ with its final form, İ to two characters, a title-case digraph, a full-width
    letter), a lone surrogate and an astral letter."""
    from nkcorpus.outlets import lower_text

    assert lower_text(text) == text.lower()
    assert lower_text("A “quoted” Word – end") == "a “quoted” word – end"
