"""Notebook 03, exercise 2 (Changing the method): label sentences before scoring the extractor.

The ten sentences below were written for this solution in the style of Indonesian wire copy
and labelled (speaker, kind) *before* the extractor was run, in the format of
tests/gold/quotes.csv. With your own corpus, label sentences you did not write.
"""

import pandas as pd

import nkcorpus

gold = pd.DataFrame([
    ("Presiden Azerbaijan Ilham Aliyev mengatakan pasukannya telah merebut beberapa desa.",
     "Ilham Aliyev", "indirect"),
    ('"Kami tidak akan menyerahkan tanah kami," kata Perdana Menteri Armenia Nikol Pashinyan.',
     "Nikol Pashinyan", "direct"),
    ("Juru bicara Kremlin Dmitry Peskov menyatakan Moskow siap menengahi perundingan.",
     "Dmitry Peskov", "indirect"),
    ("Pertempuran berlanjut di sepanjang garis kontak pada Selasa malam.", "", ""),
    ('"Gencatan senjata harus dihormati oleh kedua pihak," ujar Sekjen PBB Antonio Guterres.',
     "Antonio Guterres", "direct"),
    ("Menlu Turki Mevlut Cavusoglu menegaskan Ankara akan terus mendukung Baku.",
     "Mevlut Cavusoglu", "indirect"),
    ("Ribuan warga mengungsi ke Yerevan sejak akhir September.", "", ""),
    ("Menurut Menlu Rusia Sergey Lavrov, kedua negara sepakat bertemu di Moskow.",
     "Sergey Lavrov", "indirect"),
    ('"Situasinya sangat serius," kata Presiden Prancis Emmanuel Macron kepada wartawan.',
     "Emmanuel Macron", "direct"),
    ("Harga minyak naik tipis di tengah kabar pertempuran di Kaukasus.", "", ""),
], columns=["text", "speaker", "kind"])

# Each sentence becomes a one-sentence "article" dated during the war (roles need a date).
articles = pd.DataFrame({
    "article_id": [f"s{i:02d}" for i in range(len(gold))], "body": gold["text"],
    "published": pd.Timestamp("2020-10-15 12:00", tz="Asia/Jakarta"), "outlet": "",
    "title": ""})
found = nkcorpus.find_quotes(articles)
print(found[["text", "speaker", "kind"]].assign(text=found["text"].str[:50]).to_string())
score = nkcorpus.score_quotes(found, gold)
print(f"\nHeld-out score: precision {score['precision']}, recall {score['recall']} "
      f"(tp {score['tp']}, fp {score['fp']}, fn {score['fn']}).")
# Compare with the score on the seed gold in notebook 03, section 6. Sentences written by
# someone who knows the extractor's verbs are easy; sentences from real pages are the test.
