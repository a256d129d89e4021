"""Hostile inputs: every path gives one row (per file or per record) or one listed skip, with a
clear reason naming the problem; no traceback; good records kept; raw bytes never changed.

The cases, grouped with their promised outcomes, are listed in tests/README.md.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os

import pandas as pd
import pytest

from nkcorpus import build_corpus, problems

TITLE = "Azerbaijan dan Armenia Sepakat Gencatan Senjata Kemanusiaan"
BODY = ("BAKU - Pasukan Azerbaijan dan Armenia kembali bertempur di sekitar Nagorno-Karabakh "
        "meski gencatan senjata kemanusiaan telah disepakati di Moskow pada akhir pekan.\n\n"
        "Kedua pihak saling menuduh melanggar kesepakatan yang ditengahi Rusia itu, menurut "
        "pernyataan resmi kementerian pertahanan masing-masing negara.")
PAGE = f"{TITLE}\n\nSenin, 12 Oktober 2020 10:00 WIB\n\n{BODY}\n"
ONE_LINE_BODY = BODY.replace("\n\n", " ")


def jl(**fields) -> str:
    record = {"title": TITLE, "date": "2020-10-12T10:00:00+07:00", "sitename": "Kompas.com",
              "text": ONE_LINE_BODY}
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def csv_line(*fields: str) -> str:
    return ",".join('"' + f.replace('"', '""') + '"' for f in fields)


CSV_HEAD = "judul,tanggal,isi\n"
GOOD_CSV = csv_line(TITLE, "12/10/2020 10:00", ONE_LINE_BODY)

# (group, file name, bytes, {source_file: (status, text the reasons must contain)})
# status "skipped" means a listed skip with that reason.
CASES: list[tuple[str, str, bytes, dict[str, tuple[str, str]]]] = [
    # -- from the issue -------------------------------------------------------------------
    ("issue", "p_in_json.jsonl",
     (jl(text="<p>BAKU - Pasukan Azerbaijan merebut kota itu menurut presiden.</p><p>Kedua "
         "pihak saling menuduh melanggar kesepakatan yang ditengahi Rusia.</p>") + "\n").encode(),
     {"p_in_json.jsonl:1": ("kept", "leftover HTML tags removed")}),
    ("issue", "quot_in_json.jsonl",
     (jl(title="Aliyev: &quot;Shusha Milik Kami&quot;") + "\n").encode(),
     {"quot_in_json.jsonl:1": ("kept", "")}),
    ("issue", "p_in_csv.csv",
     (CSV_HEAD + csv_line(TITLE, "12/10/2020 10:00", f"<p>{ONE_LINE_BODY}</p>\n<p>Paragraf "
                          "kedua yang cukup panjang untuk dibaca sebagai isi.</p>") + "\n"
      ).encode(),
     {"p_in_csv.csv:2": ("kept", "leftover HTML tags removed")}),
    ("issue", "unterminated.csv",
     (CSV_HEAD + f'"Satu,12/10/2020 10:00,{ONE_LINE_BODY}\n' + GOOD_CSV + "\n"
      + GOOD_CSV.replace("Kemanusiaan", "Baru") + "\n").encode(),
     {"unterminated.csv:2": ("error", "unterminated quote on line 2"),
      "unterminated.csv:3": ("kept", ""), "unterminated.csv:4": ("kept", "")}),
    ("issue", "bigfield.csv",
     (CSV_HEAD + csv_line(TITLE, "12/10/2020 10:00", (ONE_LINE_BODY + " ") * 700) + "\n"
      + GOOD_CSV.replace("Kemanusiaan", "Lagi") + "\n").encode(),
     {"bigfield.csv:2": ("kept", ""), "bigfield.csv:3": ("kept", "")}),
    ("issue", "huge_int.jsonl", (jl(id="X").replace('"X"', "7" * 5000) + "\n").encode(),
     {"huge_int.jsonl:1": ("kept", "")}),
    ("issue", "deep.jsonl", ("[" * 100_000 + "]" * 100_000 + "\n" + jl() + "\n").encode(),
     {"deep.jsonl:1": ("error", "nested too deeply"), "deep.jsonl:2": ("kept", "")}),
    ("issue", "surrogate.jsonl", (jl(title="Judul SURR Rusak Sekali Ini").replace("SURR", "\\ud800")
                                   + "\n").encode(),
     {"surrogate.jsonl:1": ("warning", "lone surrogates")}),
    ("issue", "extra_field.csv",
     (CSV_HEAD + GOOD_CSV + ",extra\n" + GOOD_CSV.replace("Kemanusiaan", "Dua") + "\n").encode(),
     {"extra_field.csv:2": ("error", "4 fields where the header has 3"),
      "extra_field.csv:3": ("kept", "")}),
    ("issue", "one_bad_byte.txt",
     PAGE.replace("Moskow", "Moskow bersama Erdoğan “dan” Putin").encode().replace(
         b"Putin", b"Put\xffin"),
     {"one_bad_byte.txt": ("warning", "1 invalid UTF-8 byte replaced with U+FFFD")}),
    ("issue", "settings.yaml", b"outlet: Kompas\n",
     {"settings.yaml": ("skipped", "not an article file: .yaml")}),
    # -- encodings ------------------------------------------------------------------------
    ("encodings", "utf16be.txt", codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"),
     {"utf16be.txt": ("kept", "")}),
    ("encodings", "utf16le_nobom.txt", PAGE.encode("utf-16-le"),
     {"utf16le_nobom.txt": ("kept", "without byte-order mark")}),
    ("encodings", "utf32.txt", PAGE.encode("utf-32"), {"utf32.txt": ("kept", "utf-32")}),
    ("encodings", "cp1251.txt",
     ("Президент Азербайджана заявил о взятии Шуши\n\n12.10.2020 10:00\n\nБАКУ - Президент "
      "Азербайджана Ильхам Алиев заявил, что войска освободили город после долгих боёв в "
      "горах, сообщает агентство.\n").encode("cp1251"),
     {"cp1251.txt": ("warning", "decoded as cp1251")}),
    ("encodings", "latin1.txt", PAGE.replace("Moskow", "Moskow café").encode("latin-1"),
     {"latin1.txt": ("warning", "decoded as cp1252")}),
    ("encodings", "three_bad_bytes.txt",
     (PAGE.replace("Moskow", "Moskow “Erdoğan” ‘Putin’ — Aliyev – Paşinyan") + "\n")
     .encode().replace(b"Kedua", b"Ke\xfe\xffdua").replace(b"pihak", b"pi\xc3hak"),
     {"three_bad_bytes.txt": ("warning", "3 invalid UTF-8 bytes replaced")}),
    ("encodings", "bad_bom.txt", codecs.BOM_UTF16_LE + b"\x00\xd8",
     {"bad_bom.txt": ("error", "byte-order mark but does not decode")}),
    ("encodings", "bom_crlf.csv", codecs.BOM_UTF8 + (CSV_HEAD + GOOD_CSV + "\n")
     .replace("\n", "\r\n").encode(), {"bom_crlf.csv:2": ("kept", "")}),
    ("encodings", "bom.jsonl", codecs.BOM_UTF8 + (jl() + "\n").encode(),
     {"bom.jsonl:1": ("kept", "")}),
    ("encodings", "mojibake_field.jsonl",
     (jl(text=ONE_LINE_BODY.replace("Moskow", "Moskow “Erdoğan").encode().decode("cp1252"))
      + "\n").encode(), {"mojibake_field.jsonl:1": ("warning", "repaired mojibake")}),
    ("encodings", "zero_width.txt", PAGE.replace("Armenia", "Arme\u200bnia\u00a0").encode(),
     {"zero_width.txt": ("kept", "")}),
    ("encodings", "cp1252_csv.csv",
     (CSV_HEAD + csv_line(TITLE + " “Baru”", "12/10/2020 10:00", ONE_LINE_BODY) + "\n")
     .encode("cp1252"), {"cp1252_csv.csv:2": ("warning", "not valid UTF-8: decoded as cp1252")}),
    ("encodings", "mac_cr.csv", (CSV_HEAD + GOOD_CSV + "\n").replace("\n", "\r").encode(),
     {"mac_cr.csv:2": ("kept", "")}),
    # -- odd file types ---------------------------------------------------------------------
    ("files", "data.json", b"{}", {"data.json": ("skipped", "not an article file: .json")}),
    ("files", "NOEXT", PAGE.encode(), {"NOEXT": ("skipped", "not an article file: no extension")}),
    ("files", "SCAN.PDF", b"%PDF-1.4", {"SCAN.PDF": ("skipped", "not an article file: .pdf")}),
    ("files", "UPPER.TXT", PAGE.encode(), {"UPPER.TXT": ("kept", "")}),
    ("files", "pdf_named.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
     {"pdf_named.txt": ("error", "not a text file: looks like a PDF document")}),
    ("files", "gzip_named.jsonl", gzip.compress((jl() + "\n").encode()),
     {"gzip_named.jsonl": ("error", "gzip archive")}),
    ("files", "empty.csv", b"", {"empty.csv": ("error", "empty file (0 bytes)")}),
    ("files", "empty.jsonl", b"", {"empty.jsonl": ("error", "empty file (0 bytes)")}),
    ("files", "header_only.csv", CSV_HEAD.encode(),
     {"header_only.csv": ("error", "collection holds no records")}),
    ("files", "page.html", f"<html><body><h1>{TITLE}</h1><p>Senin, 12 Oktober 2020 10:00 WIB"
     f"</p><p>{ONE_LINE_BODY}</p></body></html>".encode(), {"page.html": ("kept", "")}),
    ("files", "README.md", b"# notes\n", {"README.md": ("skipped", "read-me")}),
    ("files", "orphan.mapping.json", b'{"title": "judul"}',
     {"orphan.mapping.json": ("skipped", "not an article file: .json")}),
    ("files", "berita é spasi.txt", PAGE.encode(), {"berita é spasi.txt": ("kept", "")}),
    ("files", "only_spaces.txt", b" \n\t\n", {"only_spaces.txt": ("error", "only whitespace")}),
    ("files", "long_line.txt", (TITLE + "\n\n" + "kata " * 300_000).encode(),
     {"long_line.txt": ("warning", "unusually large")}),
    # -- collections ----------------------------------------------------------------------
    ("collections", "blank_lines.jsonl", ("\n\n" + jl() + "\n\n\n" + jl(title="Kedua Kalinya "
                                          "Judul Lain") + "\n").encode(),
     {"blank_lines.jsonl:3": ("kept", ""), "blank_lines.jsonl:6": ("kept", "")}),
    ("collections", "array_line.jsonl", ("[1, 2]\n" + jl() + "\n").encode(),
     {"array_line.jsonl:1": ("error", "is a JSON list, not an object"),
      "array_line.jsonl:2": ("kept", "")}),
    ("collections", "truncated.jsonl", (jl() + "\n" + jl(title="Dua")[:40]).encode(),
     {"truncated.jsonl:1": ("kept", ""), "truncated.jsonl:2": ("error", "invalid JSON on line 2")}),
    ("collections", "crlf.jsonl", (jl() + "\r\n" + jl(title="Judul Kedua di Sini") + "\r\n")
     .encode(), {"crlf.jsonl:1": ("kept", ""), "crlf.jsonl:2": ("kept", "")}),
    ("collections", "nan.jsonl", (jl(author=float("nan"), deck=float("inf")) + "\n").encode(),
     {"nan.jsonl:1": ("kept", "")}),
    ("collections", "dict_title.jsonl", (jl(title={"id": "Judul", "en": "Title"}) + "\n")
     .encode(), {"dict_title.jsonl:1": ("kept", "")}),
    ("collections", "short_row.csv", (CSV_HEAD + '"Judul saja","12/10/2020"\n' + GOOD_CSV + "\n")
     .encode(), {"short_row.csv:2": ("error", "2 fields where the header has 3"),
                 "short_row.csv:3": ("kept", "")}),
    ("collections", "dup_header.csv", ("judul,judul,tanggal,isi\n" + csv_line(
        TITLE, "lain", "12/10/2020 10:00", ONE_LINE_BODY) + "\n").encode(),
     {"dup_header.csv:2": ("kept", "")}),
    ("collections", "semicolon.csv", ("judul;tanggal;isi\n" + f"{TITLE};12/10/2020;isi\n")
     .encode(), {"semicolon.csv:2": ("error", "no column for the article text")}),
    ("collections", "nul_in.csv", (CSV_HEAD + GOOD_CSV.replace("Kedua", "Ke\x00dua") + "\n")
     .encode(), {"nul_in.csv:2": ("warning", "NUL character")}),
    ("collections", "unmapped.csv", (b"headline_x,when,words\na,b,c\n"),
     {"unmapped.csv:2": ("error", 'mapping={"title": "COLUMN"')}),
    ("collections", "emoji.jsonl", (jl(title="Judul EMO Emoji Bagus").replace(
        "EMO", "\\ud83d\\ude00") + "\n").encode(), {"emoji.jsonl:1": ("kept", "")}),
    ("collections", "huge_float.jsonl", (jl(score="x").replace('"x"', "1e999") + "\n")
     .encode(), {"huge_float.jsonl:1": ("kept", "")}),
    ("collections", "quote_in_middle.csv", (CSV_HEAD + f'Judul "Bagus" Sekali,12/10/2020 10:00,'
                                            f'"{ONE_LINE_BODY}"\n').encode(),
     {"quote_in_middle.csv:2": ("kept", "")}),
    ("collections", "multiline_body.csv",
     (CSV_HEAD + csv_line(TITLE, "12/10/2020 10:00", BODY.replace("\n\n", "\n\nBaris, dengan, "
                                                                   "koma\n\n")) + "\n"
      + GOOD_CSV.replace("Kemanusiaan", "Lain") + "\n").encode(),
     {"multiline_body.csv:2": ("kept", ""), "multiline_body.csv:7": ("kept", "")}),
]


def _all_paths(folder):
    out = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            if os.path.isdir(path) and not os.path.islink(path):
                continue
            out.append(os.path.relpath(path, folder))
    return sorted(out)


def _snapshot(folder):
    return {p: hashlib.sha256(open(os.path.join(folder, p), "rb").read()).hexdigest()
            for p in _all_paths(folder)
            if os.path.isfile(os.path.join(folder, p))}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for _, name, data, _ in CASES:
        (folder / name).write_bytes(data)
    before = _snapshot(folder)
    df = build_corpus(folder, max_bytes=2 * 1024 * 1024)
    assert _snapshot(folder) == before, "raw files must never be modified"
    return folder, df


def test_every_path_has_exactly_one_outcome(hostile):
    folder, df = hostile
    skipped = [p for p, _ in df.attrs["skipped"]]
    files = {s.rsplit(":", 1)[0] if s.rsplit(":", 1)[-1].isdigit() else s
             for s in df["source_file"]}
    assert not files & set(skipped)
    assert sorted(files | set(skipped)) == _all_paths(folder)
    assert df["source_file"].is_unique
    assert not df["reasons"].str.contains("Traceback").any()


CASE_IDS = [f"{group}:{source}" for group, _, _, expected in CASES for source in expected]


@pytest.mark.parametrize("case", CASE_IDS)
def test_hostile_case_outcome(hostile, case):
    _, df = hostile
    source = case.split(":", 1)[1]
    status, reason = next(exp[source] for _, _, _, exp in CASES if source in exp)
    if status == "skipped":
        assert reason in dict(df.attrs["skipped"])[source]
        assert f"{source}: skipped: " in "\n".join(problems(df))
        return
    row = df.set_index("source_file").loc[source]
    if status == "kept":  # a usable row; its warnings (duplicates, assumptions) may vary
        assert row["status"] in {"ok", "warning"}, row["reasons"]
    else:
        assert row["status"] == status, row["reasons"]
    assert reason in row["reasons"]
    if status != "error" and not row["body"].startswith("Президент"):
        assert (row["body"] and "<" not in row["body"] and "\ufffd" not in row["title"]) or \
            "surrogate" in row["reasons"]


def test_decoded_text_is_not_garbled(hostile):
    _, df = hostile
    df = df.set_index("source_file")
    assert "Erdoğan “dan” Put\ufffdin" in df.loc["one_bad_byte.txt", "body"]
    assert df.loc["one_bad_byte.txt", "encoding"] == "utf-8"
    assert df.loc["cp1251.txt", "title"] == "Президент Азербайджана заявил о взятии Шуши"
    assert "café" in df.loc["latin1.txt", "body"]
    assert "“Erdoğan” ‘Putin’ — Aliyev – Paşinyan" in df.loc["three_bad_bytes.txt", "body"]
    assert df.loc["quot_in_json.jsonl:1", "title"] == 'Aliyev: "Shusha Milik Kami"'
    assert "Erdoğan" in df.loc["mojibake_field.jsonl:1", "body"]
    assert df.loc["cp1252_csv.csv:2", "title"].endswith("“Baru”")
    assert "Armenia " in df.loc["zero_width.txt", "body"] and "\u200b" not in \
        df.loc["zero_width.txt", "body"]
    assert df.loc["emoji.jsonl:1", "title"] == "Judul 😀 Emoji Bagus"
    assert df.loc["surrogate.jsonl:1", "title"] == "Judul \ufffd Rusak Sekali Ini"


def test_collection_records_keep_their_text_and_physical_line_numbers(hostile):
    _, df = hostile
    df = df.set_index("source_file")
    body = df.loc["p_in_json.jsonl:1", "body"]
    assert body.split("\n\n")[0].startswith("Pasukan Azerbaijan merebut")
    assert len(df.loc["bigfield.csv:2", "body"]) > 128 * 1024
    assert df.loc["huge_int.jsonl:1", "source_id"] == "7" * 5000
    assert "Baris, dengan, koma" in df.loc["multiline_body.csv:2", "body"]
    assert df.loc["dup_header.csv:2", "title"] == TITLE
    assert df.loc["quote_in_middle.csv:2", "title"] == 'Judul "Bagus" Sekali'
    assert df.loc["unterminated.csv:3", "title"] == TITLE
    assert "columns found: headline_x, when, words" in df.loc["unmapped.csv:2", "reasons"]


def test_parallel_build_of_the_hostile_folder_equals_the_serial_one(hostile):
    folder, serial = hostile
    parallel = build_corpus(folder, max_bytes=2 * 1024 * 1024, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)
    assert parallel.attrs["skipped"] == serial.attrs["skipped"]


def test_problems_lists_rows_skips_and_manifest_problems(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "manifest.csv").write_text("file,title\nmissing.txt,X\n")
    lines = problems(build_corpus(tmp_path))
    assert "b.docx: skipped: not an article file: .docx" in lines
    assert "manifest.csv: names 'missing.txt', which is not an input file" in lines
