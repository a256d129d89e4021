"""Property-based: every non-empty line of any page ends up in exactly one place.

Whatever the page looks like (menus, header dates, tickers, bylines, captions, related lists,
footers, random text), each line is in a field of the parsed page (title, deck, captions,
body, date) or in ``removed`` with the rule that cut it, and none is recorded twice.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from nkcorpus.extract import account_lines, lines_recorded_twice, parse_page
from nkcorpus.notes import Notes
from nkcorpus.outlets import load_profiles

PROFILES = load_profiles()
PIECES = [
    "* Home", "+ Nasional", "TOP NEWS | TERKINI | RSS", "Home > Dunia", "ADVERTISEMENT",
    "Rabu, 4 November 2020", "Rabu, 4 November 2020 | 21:04 WIB",
    "Kompas.com - 10/11/2020, 21:04 WIB",
    "Armenia dan Azerbaijan Sepakat Gencatan Senjata di Moskwa",
    "FOTO: Suasana Kota Stepanakert Setelah Perang",
    "AKRA - Buy 1110-1125 | TP 1200 | SL 1080",
    "Penulis : Kontributor Lhokseumawe, Masriadi", "Oleh : Dewi Lestari / ABC", "oleh",
    "Oleh-oleh Menkominfo", "Mulia Budi - detikNews", "Andi Rahmat", "Jurnalis",
    "Editor: Suryana",
    "Warga berjalan di antara puing bangunan. (AP/Dmitri Lovetsky)", "Foto: Ilustrasi (Istimewa)",
    "Jakarta -",
    "ANKARA - Presiden Turki menyatakan dukungan penuh kepada Azerbaijan dalam konflik itu pada "
    "Senin.", "Kunjungan itu didukung sepenuhnya oleh Presiden Turki.",
    "Pasukan kedua negara kembali saling tuding melanggar gencatan senjata kemanusiaan yang baru "
    "berlaku beberapa jam sebelumnya di wilayah itu.",
    "Baca juga: Rusia Kirim Pasukan ke Karabakh", "Isi kesepakatan", "1. Gencatan senjata penuh.",
    "• Pemkot Siapkan Posko Pengaduan", "Berita Terkait", "Terpopuler", "(rds/evn)",
    "(Luh Wayanti)",
    "telah dilihat 12810 kali", "Rate artikel ini", "Share on Facebook", "Popular Videos",
    "rendering in 0.0579 seconds", "Tentang Kami · Redaksi · Kontak", "Copyright © 2020 Contoh.com",
    "Contoh.com - Ratusan warga meninggalkan desa mereka sebelum batas waktu penyerahan wilayah.",
    "A- A+", "0", "12", "", "",
]
LINES = st.lists(st.sampled_from(PIECES) | st.text(max_size=60), max_size=40)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_every_line_is_accounted_for_exactly_once(lines):
    text = "\n".join(lines)
    page = parse_page(text, PROFILES, Notes())
    assert account_lines(text, page) == []
    assert lines_recorded_twice(text, page) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=5, max_size=60), st.sampled_from(
    ["", "https://contoh.id/dunia/armenia-dan-azerbaijan-sepakat-gencatan-senjata"]))
def test_accounting_holds_with_a_url_hint(lines, url):
    text = "\n\n".join(lines)
    page = parse_page(text, PROFILES, Notes(), url=url)
    assert account_lines(text, page) == []
    assert lines_recorded_twice(text, page) == []
