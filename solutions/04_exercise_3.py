"""Notebook 04, exercise 3 (Changing the method): hand-code side-taking, compare with the
dictionary.

Every sentence of the seed corpus that names Nagorno-Karabakh was read and coded by hand as
telling the Azerbaijani account, the Armenian account, or neither (neutral). The codes are
keyed by a few words of each sentence. Coding rule (as in docs/codebook.md, variable `side`):
a sentence tells a side's account when it adopts that side's vocabulary or claims (occupation,
liberation, internationally recognised Azerbaijani land; Artsakh, aggression, mercenaries),
in the reporter's voice or in reported speech. One coder; no reliability measured.
"""

import pandas as pd

import nkcorpus
from nkcorpus.paths import corpus_dir

HAND = {  # a few words of the sentence -> hand code
    "melakukan pembicaraan terkait masalah-masalah regional": "neutral",
    "termasuk wilayah Karabakh Atas": "azerbaijani",
    "Sumber diplomatik pada hari Sabtu": "neutral",
    "membebaskan wilayah pendudukan": "azerbaijani",
    "mendukung klaim teritorial sah": "azerbaijani",
    "ketika militer Armenia menduduki": "azerbaijani",
    "mempertahankan gencatan senjata Nagorno-Karabakh": "neutral",
    "berhasil menghentikan baku tembak": "neutral",
    "Progres implementasi kesepakatan": "neutral",
    "pembentukan sebuah kantor pusat gabungan": "neutral",
    "sangat perlu dibangun sebuah pusat monitoring": "neutral",
    "Armenia harus serius dalam menjalankan negosiasi": "azerbaijani",
    "memakan banyak korban jiwa": "neutral",
    "penghentian permusuhan yang cepat": "neutral",
    "konflik Nagorno-Karabakh kian memanas": "neutral",
    "terungkapnya skenario militer": "neutral",
    "wilayah Azerbaijan yang diakui secara internasional": "azerbaijani",
    "di bawah pendudukan Armenia secara ilegal": "azerbaijani",
    "pakta pertahanan Moskow dengan Armenia": "neutral",
    "tidak ada alasan bagi Rusia untuk campur tangan": "azerbaijani",
    "Kunjungan tersebut terjadi di tengah pertempuran": "neutral",
    "bertukar pandangan terkait situasi terkini": "neutral",
    "dimulai pada Minggu": "neutral",
    "berujung pada bentrokan militer": "neutral",
}

articles = nkcorpus.load_corpus(corpus_dir())
sents = nkcorpus.sentences(articles)
nk = sents[sents["text"].str.contains(r"Karabakh|Karabah|Artsakh", regex=True)].copy()


def hand_code(text: str) -> str:
    """The hand code of a sentence, or 'not coded' for a sentence not read by the coder."""
    return next((code for key, code in HAND.items() if key in text), "not coded")


nk["hand"] = nk["text"].map(hand_code)
cues = nkcorpus.find_frame_cues(articles, sents)
side = cues[cues["family"] == "side"]
found = side.groupby(["article_id", "sentence"])["frame"].agg(lambda f: sorted(set(f)))
keys = list(zip(nk["article_id"], nk["sentence"], strict=True))
nk["dictionary"] = [
    {"pro_azerbaijan": "azerbaijani", "pro_armenia": "armenian"}[found[k][0]]
    if k in found.index and len(found[k]) == 1 else "both" if k in found.index else "neutral"
    for k in keys]
print(pd.crosstab(nk["hand"], nk["dictionary"], margins=True).to_string())
agree = (nk["hand"] == nk["dictionary"]).mean()
print(f"\nAgreement on {len(nk)} sentences: {agree:.0%}.")
print("\nSentences coded Azerbaijani by hand but neutral by the dictionary:")
for text in nk.loc[(nk["hand"] == "azerbaijani") & (nk["dictionary"] == "neutral"), "text"]:
    print("-", text[:110])
# Reading: the dictionary finds the side vocabulary it lists (occupation, liberation) but
# misses claims made without it ("Armenia must withdraw", "no reason for Russia to
# intervene"); a human reads the claim, the dictionary only the word.
