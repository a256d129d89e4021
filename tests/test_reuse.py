"""Text reuse: shared passages on the seeds and on small hand-made cases."""

import pandas as pd
import pytest

from nkcorpus.reuse import find_reuse, pair_shares, reuse_summary, shared_spans, union_spans

BASE = ("Hubungan antara kedua negara bekas republik Soviet itu tegang sejak 1991 dan berujung "
        "pada bentrokan militer yang menimbulkan banyak korban di wilayah pegunungan itu.")


def _corpus(*bodies, outlets=None):
    n = len(bodies)
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "body": list(bodies),
                         "outlet": outlets or [f"Outlet {i}" for i in range(n)]})


def _pairs(reuse, seeds):
    ids = dict(zip(seeds["article_id"], seeds.index, strict=True))
    return {(ids[a], ids[b], k) for a, b, k in zip(reuse["article_a"], reuse["article_b"],
                                                    reuse["kind"], strict=True)}


def test_seeds_share_the_background_passage_in_all_three_pairs(seeds):
    reuse = find_reuse(seeds.reset_index(drop=True))
    pairs = _pairs(reuse, seeds)
    assert ("000", "004", "verbatim") in pairs
    assert ("003", "004", "verbatim") in pairs
    assert ("000", "003", "near") in pairs
    background = reuse[reuse["kind"] != "paraphrase"]
    assert background["passage"].str.contains("bekas republik Soviet itu tegang sejak 1991").all()


def test_seeds_paraphrase_about_almost_three_decades(seeds):
    reuse = find_reuse(seeds.reset_index(drop=True))
    para = reuse[reuse["kind"] == "paraphrase"]
    hit = para[para["passage"].str.contains("hampir tiga dekade")
               & para["passage_b"].str.contains("hampir tiga dekade")]
    assert len(hit) == 1
    assert _pairs(hit, seeds) == {("000", "003", "paraphrase")}


def test_offsets_point_to_the_passage_text(seeds):
    articles = seeds.reset_index(drop=True)
    body = dict(zip(articles["article_id"], articles["body"], strict=True))
    for row in find_reuse(articles).itertuples():
        assert body[row.article_a][row.start_a:row.end_a] == row.passage
        assert body[row.article_b][row.start_b:row.end_b] == row.passage_b


def test_verbatim_copy():
    r = find_reuse(_corpus("Pembukaan berita pertama yang berbeda sama sekali. " + BASE,
                           BASE + " Penutup berita kedua yang juga lain sama sekali."))
    assert list(r["kind"]) == ["verbatim"] and r["similarity"].iloc[0] == 1.0
    assert r["passage"].iloc[0].startswith("Hubungan antara kedua negara")


def test_lightly_edited_copy_is_near():
    edited = BASE.replace("kedua negara", "dua negara").replace("banyak korban", "ratusan korban")
    r = find_reuse(_corpus(BASE, edited))
    assert list(r["kind"]) == ["near"]
    assert 0.8 <= r["similarity"].iloc[0] < 1.0


def test_paraphrase_in_other_words():
    a = ("Wilayah pegunungan itu secara ilegal diduduki oleh pasukan asing selama hampir tiga "
         "dekade menurut hukum internasional.")
    b = ("Hukum internasional menyebut pendudukan pasukan asing atas pegunungan tersebut ilegal, "
         "dan keadaan itu berlangsung nyaris tiga puluh tahun.")
    r = find_reuse(_corpus(a, b))
    assert list(r["kind"]) == ["paraphrase"]


def test_common_phrases_alone_are_not_reuse():
    a = ("Presiden Rusia Vladimir Putin dan Menteri Luar Negeri Turki Mevlut Cavusoglu bertemu "
         "di sebuah kota kecil pada musim dingin yang panjang.")
    b = ("Presiden Rusia Vladimir Putin dan Menteri Luar Negeri Turki Mevlut Cavusoglu tidak "
         "hadir dalam pertemuan para petani kopi di lembah.")
    assert find_reuse(_corpus(a, b)).empty


def test_unrelated_articles_share_nothing():
    a = "Harga beras naik tajam di pasar induk menjelang hari raya tahun ini menurut pedagang."
    b = "Tim sepak bola nasional menang tipis dalam laga persahabatan melawan tim tamu semalam."
    assert find_reuse(_corpus(a, b)).empty


def test_same_outlet_reuse_is_marked():
    r = find_reuse(_corpus(BASE, BASE, outlets=["Kompas.com", "Kompas.com"]))
    assert r["same_outlet"].all()


def test_summary_share_and_partners():
    articles = _corpus(BASE, BASE + " " + BASE.replace("1991", "1992").replace("Hubungan", "Relasi")
                       .replace("militer", "tentara").replace("korban", "warga"))
    summary = reuse_summary(find_reuse(articles), articles).set_index("article_id")
    assert summary.loc["a0", "reused_share"] > 0.95
    assert summary.loc["a0", "shared_with"] == "Outlet 1"


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_corpora(n):
    assert find_reuse(_corpus(*[BASE] * n)).empty


def test_word_signatures_give_datasketch_minhash_of_sets():
    import numpy as np
    from datasketch import MinHash

    from nkcorpus.reuse import word_signatures

    words = ["gencatan", "senjata", "moskow", "baku", "yerevan"]
    table = word_signatures(words, 96, 1)
    for subset in (words[:3], words[1:], words):
        expected = MinHash(num_perm=96, seed=1)
        expected.update_batch([w.encode("utf-8") for w in subset])
        rows = table[[words.index(w) for w in subset]]
        assert np.array_equal(rows.min(axis=0), expected.hashvalues)


def test_lsh_path_keeps_verbatim_and_near_copies_on_the_seeds(seeds):
    reuse = find_reuse(seeds.reset_index(drop=True), exact_below=0)
    pairs = _pairs(reuse, seeds)
    assert {("000", "004", "verbatim"), ("003", "004", "verbatim"), ("000", "003", "near")} <= pairs


def test_large_corpus_path_finds_a_planted_copy_among_noise():
    import random

    rng = random.Random(3)
    vocab = [f"kata{i}" for i in range(3000)]
    bodies = [". ".join(" ".join(rng.choice(vocab) for _ in range(12)).capitalize()
                        for _ in range(6)) + "." for _ in range(120)]
    bodies[77] = bodies[77] + " " + BASE
    bodies[5] = BASE + " " + bodies[5]
    r = find_reuse(_corpus(*bodies))
    assert set(zip(r["article_a"], r["article_b"], strict=True)) == {("a5", "a77")}
    assert r["passage"].str.contains("bekas republik Soviet").all()


FOOTER = ("Baca berita terbaru lainnya di aplikasi kami dan ikuti kanal resmi redaksi di media "
          "sosial untuk mendapatkan kabar pilihan setiap hari tanpa ketinggalan.")


def test_an_uncut_footer_shared_by_two_unrelated_articles_is_not_reuse():
    a = ("Harga cabai rawit di pasar induk naik dua kali lipat sejak awal bulan karena pasokan "
         "terganggu banjir di sentra produksi. Pedagang berharap pemerintah turun tangan. "
         + FOOTER)
    b = ("Tim nasional menang tipis atas tuan rumah berkat gol tunggal pada menit akhir babak "
         "kedua yang disambut sorak penonton di stadion. Pelatih memuji disiplin pemain. "
         + FOOTER)
    articles = _corpus(a, b, outlets=["Kompas.com", "Kompas.com"])
    assert find_reuse(articles).empty
    kept = find_reuse(articles, boilerplate=True)
    assert list(kept["kind"]) == ["boilerplate"]


def test_a_passage_also_in_a_third_article_of_the_outlet_is_boilerplate_at_any_size():
    notice = ("Redaksi menerima tulisan opini dari pembaca dengan panjang tulisan paling banyak "
              "tujuh ratus kata yang dikirim melalui surat elektronik resmi kami.")
    bodies = [f"{notice} {rest}" for rest in [
        "Banjir merendam ratusan rumah warga di bantaran sungai sejak dini hari tadi.",
        "Komisi pemilihan mengumumkan jadwal debat calon kepala daerah untuk bulan depan.",
        "Klub ibu kota memecat pelatihnya setelah lima kekalahan beruntun musim ini."]]
    articles = _corpus(*bodies, outlets=["Detik", "Detik", "Detik"])
    assert find_reuse(articles).empty
    other = _corpus(*bodies, outlets=["Detik", "Tempo", "Kompas"])
    assert len(find_reuse(other)) == 3  # across outlets it is reuse


def test_identical_articles_are_fully_shared():
    articles = _corpus(BASE + " " + BASE.replace("1991", "1992"), BASE + " " +
                       BASE.replace("1991", "1992"), outlets=["A", "B"])
    summary = reuse_summary(find_reuse(articles), articles).set_index("article_id")
    assert summary["reused_share"].tolist() == [1.0, 1.0]


def test_union_spans_count_overlaps_once():
    assert union_spans([(10, 20), (0, 5), (3, 12), (30, 40), (40, 41)]) == [(0, 20), (30, 41)]
    assert union_spans([]) == []


def test_pair_rows_are_at_least_the_summary_share():
    third = BASE.replace("Hubungan", "Relasi")
    articles = _corpus(BASE, BASE, third, outlets=["A", "B", "C"])
    reuse = find_reuse(articles)
    matrix = pair_shares(reuse, articles)
    summary = reuse_summary(reuse, articles).set_index("article_id")
    assert matrix.loc["a0", "a1"] == 1.0 and matrix.loc["a0"].sum() > 1.0
    assert summary.loc["a0", "reused_share"] == 1.0  # the same text counted once
    spans = shared_spans(reuse)
    assert spans["a0"] == union_spans(spans["a0"])


def _shingle_pairs(bodies, min_shared):
    import numpy as np

    from nkcorpus.reuse import STOPWORDS, _shingle_candidates, _token_ids, word_hashes

    vocab: dict[str, int] = {}
    parsed = [_token_ids(b, vocab) for b in bodies]
    words = list(vocab)
    stop = np.array([w in STOPWORDS for w in words], dtype=bool)
    return _shingle_candidates([p[0] for p in parsed], [p[1] for p in parsed], stop,
                               word_hashes(words), 5, 100, min_shared)


def test_one_shared_word_run_does_not_make_two_articles_candidates():
    # "tegas juru bicara kementerian pertahanan" is a formula: sharing it once is no reuse
    a = "Pasukan bergerak ke utara pada pagi hari, tegas juru bicara kementerian pertahanan."
    b = "Harga gandum naik tajam di pasar kota, tegas juru bicara kementerian pertahanan."
    assert dict(_shingle_pairs([a, b], min_shared=2)) == {}
    assert dict(_shingle_pairs([a, b], min_shared=1)) == {(0, 1): {(0, 0)}}


def test_a_copied_six_word_run_makes_two_articles_candidates():
    a = "Pasukan bergerak ke utara pada pagi hari menurut laporan lapangan."
    b = "Kemarin pasukan bergerak ke utara pada pagi hari sebelum hujan turun."
    assert dict(_shingle_pairs([a, b], min_shared=2)) == {(0, 1): {(0, 0)}}


def test_tokens_keep_only_words_inside_sentences(monkeypatch):
    # the whole-body tokeniser relies on every word lying in a sentence; if a splitter left
    # text out, the words there are dropped, as a sentence-by-sentence tokeniser drops them
    import nkcorpus.reuse as reuse

    body = "Alpha beta gamma. Delta epsilon.\n\nZeta eta."
    monkeypatch.setattr(reuse, "split_sentences", lambda para: [(0, 5)] if para.startswith(
        "Alpha") else [(5, 9)])  # "Alpha", then " eta" of the second paragraph
    doc = reuse._tokenise("a", "o", body)
    assert doc.tokens == ["alpha", "eta"]
    assert doc.sentences == [(0, 1), (1, 2)]
    assert [body[s:e] for s, e in zip(doc.starts, doc.ends, strict=True)] == ["Alpha", "eta"]
    vocab: dict[str, int] = {}
    ids, sentences = reuse._token_ids(body, vocab)
    assert ids.tolist() == [0, 1] and sentences == [(0, 1), (1, 2)] and list(vocab) == [
        "alpha", "eta"]
