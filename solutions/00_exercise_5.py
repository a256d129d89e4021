"""Notebook 00, exercise 5 (Research): load a folder of your own articles, then correct it.

Here two short articles written for this solution stand in for yours; the folder is made in
the current working directory. The second article has no date line, so it gets a warning; a
manifest.csv then supplies the date.
"""

from pathlib import Path

import nkcorpus

folder = Path("my_articles")
folder.mkdir(exist_ok=True)
(folder / "a.txt").write_text("""Menlu Retno Bahas Situasi Kaukasus dengan Dubes Azerbaijan

Kompas.com - 14/10/2020, 09:30 WIB

JAKARTA, KOMPAS.com - Menteri Luar Negeri Retno Marsudi menerima Duta Besar Azerbaijan di
Jakarta untuk membahas situasi di Nagorno-Karabakh.

Retno menyampaikan harapan Indonesia agar gencatan senjata kemanusiaan dihormati oleh kedua
pihak.

Pertemuan berlangsung selama sekitar satu jam di Gedung Pancasila.
""", encoding="utf-8")
(folder / "b.txt").write_text("""Warga Indonesia di Baku Diminta Tetap Waspada

KBRI Baku mengimbau warga negara Indonesia di Azerbaijan untuk tetap tenang dan mengikuti
arahan otoritas setempat selama konflik berlangsung.

Menurut KBRI, terdapat sekitar 70 WNI yang tinggal di Azerbaijan, sebagian besar bekerja di
sektor minyak dan gas.

KBRI juga membuka layanan hotline bagi WNI yang membutuhkan bantuan.
""", encoding="utf-8")

first = nkcorpus.load_corpus(folder, cache=False)
print(first[["source_file", "outlet", "published", "status", "reasons"]].to_string())

# Correct what the page does not say: a manifest.csv next to the files, one row per file.
(folder / "manifest.csv").write_text(
    "file,published,outlet,note\n"
    "b.txt,2020-10-15 11:00,,date from the outlet's archive page\n", encoding="utf-8")
second = nkcorpus.load_corpus(folder, cache=False)
print()
print(second[["source_file", "published", "status", "corrected", "reasons"]].to_string())
row = second.set_index("source_file").loc["b.txt"]
assert "published" in row["corrected"] and row["published"].day == 15
