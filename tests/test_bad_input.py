"""Bad input: every file gives exactly one row whose status and reasons say what happened."""

import codecs
import hashlib
import os

import pandas as pd
import pytest

from nkcorpus import build_corpus, problems, write_table

PAGE = ("Judul Berita tentang Nagorno-Karabakh Hari Ini\n\n"
        "Senin, 12 Oktober 2020 10:00 WIB\n\n"
        "BAKU, KOMPAS.com - Pasukan Azerbaijan dan Armenia kembali bertempur di sekitar "
        "Nagorno-Karabakh "
        "meski gencatan senjata kemanusiaan telah disepakati di Moskow pada akhir pekan.\n\n"
        "Kedua pihak saling menuduh melanggar kesepakatan yang ditengahi Rusia itu, menurut "
        "pernyataan resmi kementerian pertahanan masing-masing negara.\n")

CASES = {
    "empty.txt": (b"", "error", "empty file"),
    "blank.txt": (b"  \n\n\t \n", "error", "only whitespace"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "error", "PNG image"),
    "random.txt": (bytes(range(32)) * 50, "error", "not a text file"),
    "utf16.txt": (codecs.BOM_UTF16_LE + PAGE.replace("Azerbaijan", "Azerbaijan “x”")
                  .encode("utf-16-le"), "ok", "decoded as utf-16"),
    "utf8bom.txt": (codecs.BOM_UTF8 + PAGE.replace("Hari Ini", "Kemarin").encode(), "ok", ""),
    "cp1252.txt": (PAGE.replace("meski", "“meski”").encode("cp1252"), "warning",
                   "not valid UTF-8"),
    "crlf.txt": (PAGE.replace("\n", "\r\n").encode(), "ok", "CRLF line ends normalised"),
    "nul.txt": (PAGE.replace("Kedua", "Ke\x00dua").encode(), "warning", "NUL character"),
    "html.txt": ((b"<html><body><h1>Judul Berita tentang Nagorno-Karabakh Hari Ini</h1>\n"
                  b"<p>Senin, 12 Oktober 2020 10:00 WIB</p>\n<p>BAKU - Pasukan Azerbaijan dan "
                  b"Armenia kembali bertempur di sekitar Nagorno-Karabakh meski gencatan "
                  b"senjata kemanusiaan telah disepakati di Moskow &amp; Paris.</p>"
                  b"<script>var x = 1;</script></body></html>"), "warning",
                 "content is an HTML document"),
    "mojibake.txt": (PAGE.replace("meski", "“meski Erdoğan").encode("utf-8").decode("cp1252")
                     .encode("utf-8"), "warning", "repaired mojibake"),
    "notitle.txt": ((b"BAKU - Pasukan Azerbaijan dan Armenia kembali bertempur di sekitar "
                     b"Nagorno-Karabakh meski gencatan senjata kemanusiaan telah disepakati di "
                     b"Moskow pada akhir pekan lalu oleh kedua menteri.\n"), "warning",
                    "no title found"),
    "nodate.txt": (PAGE.replace("Senin, 12 Oktober 2020 10:00 WIB\n\n", "").encode(),
                   "warning", "no publication date found"),
    "impossible.txt": (PAGE.replace("12 Oktober", "31 Februari").encode(), "warning",
                       "impossible date"),
    "future.txt": (PAGE.replace("2020", "2099").encode(), "warning", "plausible range"),
    "nobody.txt": (b"Judul Saja Tanpa Isi Berita\n\nSenin, 12 Oktober 2020 10:00 WIB\n",
                   "error", "no article text found"),
}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    for name, (data, _, _) in CASES.items():
        (folder / name).write_bytes(data)
    big = (PAGE + "\n" + "Paragraf tambahan yang panjang tentang perang itu. " * 40 + "\n") * 600
    (folder / "huge.txt").write_bytes(big.encode())
    (folder / "toolarge.txt").write_bytes(b"a " * (6 * 1024 * 1024))
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not read")
    return folder


@pytest.fixture(scope="module")
def bad_table(bad_dir):
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in bad_dir.iterdir()}
    df = build_corpus(bad_dir, max_bytes=5 * 1024 * 1024)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in bad_dir.iterdir()}
    assert after == hashes, "raw files must never be modified"
    return df.set_index("source_file")


def test_every_path_gives_exactly_one_row_or_one_listed_skip(bad_dir, bad_table):
    skipped = dict(bad_table.attrs["skipped"])
    assert skipped == {"scan.pdf": "not an article file: .pdf"}
    assert sorted([*bad_table.index, *skipped]) == sorted(p.name for p in bad_dir.iterdir())


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_status_and_reason(bad_table, name):
    _, status, reason = CASES[name]
    row = bad_table.loc[name]
    assert row["status"] == status, row["reasons"]
    assert reason in row["reasons"]


def test_decoded_text_is_correct_for_each_encoding(bad_table):
    assert "“x”" in bad_table.loc["utf16.txt", "body"]
    assert "“meski”" in bad_table.loc["cp1252.txt", "body"]
    assert "“meski Erdoğan" in bad_table.loc["mojibake.txt", "body"]
    assert "\r" not in bad_table.loc["crlf.txt", "body"]
    assert "Kedua pihak" in bad_table.loc["nul.txt", "body"]
    assert bad_table.loc["cp1252.txt", "encoding"] == "cp1252"
    assert bad_table.loc["utf8bom.txt", "encoding"] == "utf-8-sig"
    assert not bad_table.loc["utf8bom.txt", "title"].startswith("\ufeff")


def test_html_is_stripped_and_entities_decoded(bad_table):
    row = bad_table.loc["html.txt"]
    assert row["title"] == "Judul Berita tentang Nagorno-Karabakh Hari Ini"
    assert "<" not in row["body"] and "var x" not in row["body"]
    assert "Moskow & Paris." in row["body"]
    assert row["published"] == pd.Timestamp("2020-10-12 10:00", tz="Asia/Jakarta")


def test_same_text_in_another_encoding_gets_the_same_article_id(tmp_path):
    # the id is derived from the decoded text, so re-saving a file does not change it
    (tmp_path / "a.txt").write_bytes(PAGE.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF16_LE + PAGE.replace("\n", "\r\n")
                                     .encode("utf-16-le"))
    df = build_corpus(tmp_path).set_index("source_file")
    assert df.loc["b.txt", "article_id"] == df.loc["a.txt", "article_id"] + "-2"
    assert df.loc["b.txt", "status"] == "warning"
    assert "exact duplicate of a.txt" in df.loc["b.txt", "reasons"]



@pytest.mark.parametrize("data", [
    PAGE.encode(),  # ASCII: the id is the file's hash
    PAGE.replace("meski", "“meski” Erdoğan").encode(),  # strict UTF-8, non-ASCII
    PAGE.replace("meski", "meski\u00a0di").encode(),  # cleaned: a no-break space
    PAGE.replace("meski", "Cafe\u0301").encode(),  # cleaned: NFC
    PAGE.replace("\n", "\r\n").encode(),  # cleaned: CRLF
    codecs.BOM_UTF8 + PAGE.encode(),  # a byte-order mark
    PAGE.replace("meski", "“meski”").encode() + b"\xff",  # one invalid byte replaced
    PAGE.replace("meski", "“meski”").encode("cp1252"),
    b"<html><head><title>Judul</title></head><body><p>" + PAGE.encode() + b"</p></body>"
    b"</html>",
], ids=["ascii", "utf8", "nbsp", "nfd", "crlf", "bom", "invalid-byte", "cp1252", "html"])
def test_article_id_is_the_hash_of_the_decoded_cleaned_text(tmp_path, data):
    """The build takes the file's own hash as the article id when the text is the bytes
    decoded as strict UTF-8, unchanged; in every case the id is ``text_id`` of the text the
    parser read (decoded and, for text pages, cleaned)."""
    from nkcorpus.build import _parse_text_page, text_id
    from nkcorpus.ingest import decode_bytes
    from nkcorpus.notes import Notes
    from nkcorpus.outlets import load_profiles

    (tmp_path / "a.txt").write_bytes(data)
    row = build_corpus(tmp_path).iloc[0]
    _, text = _parse_text_page(decode_bytes(data, clean=False).text, load_profiles(), Notes(),
                               "a.txt")
    assert row["article_id"] == text_id(text)
    assert (row["article_id"] == hashlib.sha256(data).hexdigest()[:16]) == \
        (text.encode("utf-8") == data)

def test_large_files_are_parsed_with_a_warning_and_oversized_ones_refused(bad_table):
    assert "unusually large" in bad_table.loc["huge.txt", "reasons"]
    assert bad_table.loc["huge.txt", "n_words"] > 100_000
    row = bad_table.loc["toolarge.txt"]
    assert row["status"] == "error" and "over the 5 MB limit" in row["reasons"]


def test_problem_report_names_file_and_problem(bad_table):
    lines = problems(bad_table.reset_index())
    assert "empty.txt: error: empty file (0 bytes)" in lines
    assert any(line.startswith("image.txt: error: not a text file") for line in lines)


def test_missing_folder_raises_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="raw folder not found"):
        build_corpus(tmp_path / "nope")


def test_empty_folder_gives_an_empty_table_with_the_schema(tmp_path):
    from nkcorpus.schema import COLUMN_NAMES

    df = build_corpus(tmp_path)
    assert len(df) == 0 and tuple(df.columns) == COLUMN_NAMES


def test_unreadable_file_gives_an_error_row(tmp_path, monkeypatch):
    # Root can read any file, so the refusal is injected where the file is opened.
    path = tmp_path / "locked.txt"
    path.write_text(PAGE)
    (tmp_path / "fine.txt").write_text(PAGE.replace("Hari Ini", "Besok"))
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if str(name).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    df = build_corpus(tmp_path).set_index("source_file")
    assert df.loc["locked.txt", "status"] == "error"
    assert "could not read file: Permission denied" in df.loc["locked.txt", "reasons"]
    assert df.loc["fine.txt", "status"] == "ok"


def test_write_is_atomic_and_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "articles.parquet"
    df = pd.DataFrame({"a": [1, 2]})
    write_table(df, out)
    before = out.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(RuntimeError):
        write_table(pd.DataFrame({"a": [3]}), out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["articles.parquet"]  # no temp left


def test_unsupported_output_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"use \.parquet or \.csv"):
        write_table(pd.DataFrame(), tmp_path / "x.xlsx")
