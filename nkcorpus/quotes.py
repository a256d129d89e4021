"""Quotes: who gets a voice, with which reporting verb, directly or indirectly.

Patterns (Indonesian news conventions):

- direct, quote first:   ``"…," kata X`` / ``ujar`` / ``tegas`` / ``tambahnya`` / ``katanya``,
                         with double (``"…"``, ``“…”``) or single typographic (``‘…’``) marks;
                         a quote may hold another quote (``“Dia berkata, ‘…’, dan …,” kata X``)
                         and may run over two paragraphs (the first one left open);
- direct, speaker first: ``X mengatakan, "…"`` / ``X menulis di Twitter: "…"``
- indirect:              ``X mengatakan (bahwa) …`` and other reporting verbs (``menegaskan``,
                         ``meminta``, ``mengimbau``, ``membantah``, ``menuduh`` …), ``Menurut X,
                         …``, ``…, menurut X, …``, ``Begitu pernyataan X`` (the previous paragraph)

Not quotes: negated speech (``tidak/belum/enggan/menolak mengatakan``), hypothetical speech
(``Jika/Kalau/Apabila/Seandainya X mengatakan``), announced speech (``akan mengumumkan``),
``Menurut`` + a document or plan (``Menurut rencana/data/jadwal/laporan …``), the idiom
``kata demi kata`` and scare-quoted labels (``menyebut X sebagai “…”``).

The speaker is a gazetteer actor when the speaker phrase names one, through roles on the
publication date (``Menteri Luar Negeri Rusia`` -> Lavrov); otherwise the person's name without
role or title (``Kepala BMKG Dwikorita Karnawati`` -> ``Dwikorita Karnawati``); for unnamed
speakers the phrase as written (``seorang sumber diplomatik``). Pronoun speakers (``katanya``,
``ujarnya``, ``Ia menambahkan``, ``Menurutnya``) resolve to the last named speaker in the
paragraph, else the last one before it (``via == "pronoun"``).

Measured on the hand-labelled gold sets in ``tests/gold/`` by ``python -m nkcorpus.evaluate``;
:func:`score_quotes` scores the sentence-level seed set ``tests/gold/quotes.csv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from . import reference
from .actors import find_mentions
from .text import split_sentences

QUOTE_COLUMNS = ["article_id", "sentence", "speaker", "speaker_role", "speaker_text",
                 "speaker_actor", "verb", "kind", "quote", "text", "via"]
SHORT_VERBS = r"kata|ujar|ucap|tutur|tegas|tambah|jelas|ungkap|papar|sebut|imbuh|lanjut|tulis"
LONG_VERBS = (r"mengatakan|menegaskan|menyatakan|menambahkan|menjelaskan|mengungkapkan|"
              r"menyebut(?:kan)?|menilai|menekankan|memperingatkan|membantah|mengklaim|"
              r"mengumumkan|menyampaikan|mengingatkan|berkata|menuturkan|mengakui|menulis|"
              r"menerangkan|memastikan|menuduh|menuding|mengimbau|mengungkap|mengeklaim|"
              # requests, demands, calls and promises are reported speech acts too
              r"menyerukan|mendesak|menuntut|meminta|menjanjikan")
PRONOUNS = re.compile(r"^(?:ia|dia|mereka|beliau|kami|saya|nya)$", re.I)
# Double marks (straight or curly) hold single ones and the other kind of double mark.
_Q = (r"(?:“(?P<qa>[^“”]{3,}?)”|\"(?P<qb>[^\"]{3,}?)\"|‘(?P<qc>(?:[^‘’]|’(?=\w))+?)’)")
_DIRECT_AFTER = re.compile(
    rf"{_Q}\s*,?\s*(?P<verb>(?:{SHORT_VERBS})(?:nya)?)\b(?!\s+demi\b)(?P<rest>[^.“‘\"]*)")
# With words between the verb and the quote, a comma or colon must introduce the quote
# ("menulis di Twitter: “…”"); otherwise the marks set off a few words of reported speech
# ("menjanjikan bantuan “perlu”"), which is an indirect quote.
_DIRECT_BEFORE = re.compile(
    rf"\b(?P<verb>{LONG_VERBS})\b(?:\s*[,:]?|(?P<gap>(?:\s+[^\s,:“”\"‘]+){{1,5}}?)\s*[,:])"
    rf"\s*{_Q}")
_OPENERS = "“\"‘"
_INDIRECT = re.compile(rf"^(?P<head>[^“”\"]*?)\b(?P<verb>{LONG_VERBS})\b\s*,?\s*"
                       rf"(?![“\"‘])(?:bahwa\s+)?(?P<quote>.{{10,}})$")
_LEAD_IN = re.compile(r"^(?:(?:pada|dalam)\s+)?(?:\S+\s+){0,3}?bahwa\s+")
_MENURUT = re.compile(r"^Menurut\s+(?P<head>[^,]{2,80}),\s*(?P<quote>.{10,})$")
_MENURUT_MID = re.compile(r"^(?P<pre>.{5,}?),\s+menurut\s+(?P<head>[^,]{2,80}),\s*"
                          r"(?P<post>.{5,})$")
_MENURUT_PRONOUN = re.compile(r"^Menurut(?:nya|\s+(?:dia|ia|beliau|mereka))\s*,\s*"
                              r"(?P<quote>.{10,})$", re.I)
_BEGITU = re.compile(r"^(?:Begitu|Hal itu|Hal tersebut|Demikian)\s+(?:pernyataan|kata|ujar|"
                     r"penjelasan|disampaikan|dikatakan|diungkapkan|ditegaskan)\s+(?:oleh\s+)?"
                     r"(?P<head>.+?)(?:\s+(?:setelah|usai|saat|ketika|dalam|kepada|di)\b.*)?\.?$")
# Nouns after "Menurut" that name a document, plan or figure, not a speaker.
_DOCUMENTS = re.compile(
    r"^(?:rencana|data|jadwal|catatan|hasil|survei|survey|laporan|perkiraan|prakiraan|"
    r"kesepakatan|perjanjian|aturan|peraturan|ketentuan|undang-undang|uu|keputusan|dokumen|"
    r"informasi|pantauan|analisis|penelitian|studi|riset|statistik|prediksi|perhitungan|"
    r"hitungan|rilis|situs|laman|sejarah|kalender|agenda|skenario|draf|rancangan|"
    r"putusan|hukum|pasal|tradisi|legenda|versi|kabar|berita|rekaman|foto|video|peta|"
    r"citra|pengumuman|siaran|sensus|indeks|kajian|proyeksi|estimasi|klaim)\b", re.I)
_NEGATED = re.compile(r"\b(?:tidak|tak|belum|bukan|enggan|menolak|tanpa|urung|batal|gagal|"
                      r"jarang|akan|hendak|bakal|ingin|mau|perlu|harus|bisa|dapat|diminta|"
                      r"sempat\s+tidak)(?:\s+(?:pernah|lagi|akan|mau|untuk|segera|juga))*\s*$",
                      re.I)
_HYPOTHETICAL = re.compile(r"^(?:jika|kalau|apabila|seandainya|andaikan|andai|bila|jikalau|"
                           r"bilamana|sekiranya|misalnya|kalaupun|meskipun)\b", re.I)
_SCARE_LABEL = re.compile(r"^[^“\"]{0,80}?\bsebagai\s+[“\"‘]")
# Phrases that say when or where, not who: trimmed from the end of a speaker phrase.
_TAIL = re.compile(r"(?:^|\s+)(?:pada|dalam|di|kepada|saat|ketika|usai|seusai|setelah|"
                   r"sesudah|sebelum|melalui|lewat|via|juga|telah|pun|lebih lanjut|"
                   r"sebelumnya|secara|hari|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|"
                   r"yang|sambil|seraya|menjawab|menanggapi|terkait|soal|tentang|mengenai|"
                   r"kemarin|tadi|sekarang|kini|kala|waktu)\b.*$")
_LEAD = re.compile(r"^(?:dan|namun|tetapi|sementara itu|sementara|selain itu|sebelumnya|"
                   r"kemudian|lalu|pun|sedangkan|adapun|bahkan|di sisi lain)\s+", re.I)
_CLAUSES = re.compile(r"[,;]\s+(?:sedangkan|sementara|tetapi|namun|adapun)\s+(?=[A-Z])")
# A lower-case verb ends a speaker phrase ("Turki mendukung … dan menyerukan" -> "Turki").
_VERB_IN_PHRASE = re.compile(r"\s+(?!mereka\b)(?:me|ber)[a-z]{3,}\b.*$")
_APPOSITION = re.compile(r"^(?:termasuk|seperti|yaitu|yakni|serta|antara lain)\b", re.I)
_ADVERBIAL = re.compile(r"^(?:sementara itu|selain itu|namun|kemudian|sebelumnya|dalam "
                        r"pernyataan\w*(?: terpisah)?|dalam suratnya.*|kepada \w+|"
                        r"(?:beberapa|dua|tiga) (?:jam|hari) kemudian|di sisi lain)$", re.I)
_UNNAMED = re.compile(r"^(?:seorang|sejumlah|para|beberapa|salah satu|sebuah|sumber|pihak|"
                      r"warga|pejabat|petugas|pengamat|saksi|korban|banyak)\b", re.I)
# Words of roles, ranks, titles and institutions that stand before a person's name.
ROLE_WORDS = frozenset("""presiden wakil perdana menteri menko menlu menhan menkes menkeu wapres
sekjen sekretaris jenderal direktur dirut utama eksekutif kepala ketua umum harian juru bicara
jubir gubernur bupati wali walikota kota camat lurah kades kapolri kapolda kapolres kapolsek
kasat kabid kabag kasubdit komisaris polisi irjen brigjen kombes akbp akp iptu ipda aiptu
jenderal letjen mayjen laksamana marsekal kolonel letkol mayor kapten komandan panglima
danrem dandim pangdam kasad kasal kasau pelatih manajer asisten pengamat peneliti ekonom
analis dosen guru besar profesor prof dr ir drs anggota komisi dewan direktorat pusat badan
dinas kementerian kemenkes kemendag lembaga deputi staf khusus kepresidenan pemimpin pimpinan
koordinator bidang duta dubes konsul atase asosiasi ikatan persatuan himpunan perhimpunan
serikat gabungan majelis komite satgas satuan tugas tim partai fraksi yayasan perum pt cv tbk
bank universitas institut fakultas sekolah rumah sakit rs kantor biro bagian divisi unit
seksi pusat data informasi hubungan masyarakat humas kabupaten provinsi daerah wilayah distrik
barat timur utara selatan tengah raya jaya pelaksana tugas plt pj penjabat ustaz kiai habib
pendeta romo uskup imam syekh sheikh raja ratu pangeran putri sultan ibu bapak pak bu
haji hj h pemuda olahraga pendidikan kebudayaan kesehatan keuangan perhubungan perdagangan
pertanian agama sosial dalam luar negeri pertahanan hukum riset teknologi pariwisata ekonomi
kreatif maritim investasi perekonomian politik keamanan informatika komunikasi
ketenagakerjaan perindustrian bumn lingkungan hidup kehutanan kelautan perikanan desa
pembangunan energi sumber daya mineral pekerjaan perumahan rakyat agraria pemberdayaan
perempuan perlindungan anak aparatur reformasi birokrasi kabinet""".split())
# Roles followed by a place or an institution before the name ("Wali Kota Depok Mohammad
# Idris", "Kepala Basarnas Bagus Puruhito"): of three capitalised words after them, the first
# is the place or institution.
_COMPLEMENT_ROLES = frozenset("""wali kota bupati gubernur camat lurah kades kapolda kapolres
kapolsek kabupaten provinsi danrem dandim pangdam kepala ketua direktur dirut utama sekretaris
bicara jubir perum pt bank deputi komandan panglima pimpinan pemimpin rektor dekan""".split())
# Place nouns: one capitalised word after them is a place, not a name ("Dinas Kesehatan Kota
# Depok").
_PLACE_NOUNS = frozenset("kota kabupaten provinsi desa kecamatan kelurahan distrik".split())


@lru_cache(maxsize=1)
def _gazetteer_words() -> frozenset[str]:
    """Single-word aliases of states, places and organisations ("Rusia", "Kremlin")."""
    table = reference.actors()
    words = set()
    for kind, aliases in zip(table["type"], table["aliases"], strict=True):
        if kind in ("state", "place", "organisation"):
            words.update(a.lower() for a in aliases if " " not in a)
    return frozenset(words)


def person_name(phrase: str) -> str:
    """The person's name at the end of a speaker phrase, without role, rank or institution:
    ``Kepala BMKG Dwikorita Karnawati`` -> ``Dwikorita Karnawati``; ``Wali Kota Depok Mohammad
    Idris`` -> ``Mohammad Idris``. Returns "" when the phrase ends in no name (an institution,
    an unnamed speaker)."""
    tokens = phrase.replace(",", " ").split()
    name: list[str] = []
    for token in reversed(tokens):
        bare = token.strip("()")
        lower = bare.lower().rstrip(".")
        anchor = (not bare[:1].isupper() or lower in ROLE_WORDS or lower in _gazetteer_words()
                  or (len(bare) >= 2 and bare.isupper()) or any(c.isdigit() for c in bare)
                  or ("-" in bare and bare.split("-")[0].isupper()))
        if anchor:
            break
        name.insert(0, bare)
    if len(name) > 3:
        name = name[-3:]
    before = tokens[-len(name) - 1].lower() if name and len(tokens) > len(name) else ""
    if len(name) == 3 and before in _COMPLEMENT_ROLES:
        name = name[1:]  # the first word is the place: "Bupati Mamuju Habsi Wahid"
    if len(name) == 1 and before in _PLACE_NOUNS:
        name = []  # "Kota Depok" is a place
    return " ".join(name)


def _speaker_after(rest: str) -> str:
    """The speaker right after a quote-first verb: ``kata X dalam pernyataan, ...`` -> X;
    an apposition after the name is dropped (``kata Slamet, sopir bus di …`` -> Slamet)."""
    return _TAIL.sub("", rest.split(",")[0].strip()).strip(" ,")


def _speaker_phrase(head: str) -> str:
    """The speaker phrase before a reporting verb: the last comma-separated part that names
    someone, skipping adverbials ("sementara itu") and appositions ("termasuk Rusia, …")."""
    parts = [p.strip() for p in head.split(",")]
    for i, part in enumerate(parts):
        if i and _APPOSITION.match(part):
            parts = parts[:i]
            break
    for part in reversed(parts):
        if _ADVERBIAL.match(part):
            continue
        phrase = _TAIL.sub("", _VERB_IN_PHRASE.sub("", _LEAD.sub("", part))).strip(" ,")
        if phrase and not _ADVERBIAL.match(phrase):
            return phrase
    return ""


def find_quotes(articles: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table of quotes: ``article_id, sentence, speaker, speaker_role, speaker_text,
    speaker_actor, verb, kind, quote, text, via``.

    ``kind`` is ``direct`` or ``indirect``; ``speaker_role`` the speaker's role on the
    publication date (from ``roles.csv`` for gazetteer people, else the words before the name,
    "" if none); ``speaker_actor`` the gazetteer actor ("" when the speaker is not in it);
    ``speaker_text`` the speaker phrase as written; ``via`` says how the speaker was found:
    ``actor`` (gazetteer), ``name`` (a name read from the phrase), ``phrase`` (an unnamed
    speaker, as written) or ``pronoun`` (resolved to an earlier speaker; ``speaker`` is ""
    when there was none). A quote over two paragraphs is one row on the sentence that closes
    it, its ``quote`` holding both paragraphs.
    """
    mentions = mentions if mentions is not None else find_mentions(articles)
    named = mentions[mentions["actor"] != ""]
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for row in named.itertuples(index=False):
        by_article.setdefault(row.article_id, []).append((row.start, row.end, row.actor))
    records = []
    published = articles["published"] if "published" in articles else [None] * len(articles)
    for article_id, body, when in zip(articles["article_id"], articles["body"], published,
                                      strict=True):
        day = None if when is None or pd.isna(when) else pd.Timestamp(when.date())
        spans = by_article.get(article_id, [])
        recent: list[tuple[str, str, int, str]] = []  # speaker, actor, paragraph, role
        offset, n = 0, 0
        paragraphs = body.split("\n\n")
        carry = ""
        for p_index, para in enumerate(paragraphs):
            opened = _left_open(para)
            for s, e in split_sentences(para):
                n += 1
                sentence = para[s:e]
                base = offset + s
                previous_paragraph = paragraphs[p_index - 1] if p_index else ""
                for quote in _quotes_in(sentence, previous_paragraph):
                    text, start = quote["speaker_text"], quote["speaker_start"]
                    if carry and quote["kind"] == "direct" and quote["opens_sentence"] \
                            and s == 0:
                        quote["quote"] = carry + "\n\n" + quote["quote"]
                        carry = ""
                    actor = _actor_in(spans, base + start, base + start + len(text)) \
                        if text else ""
                    if quote["pronoun"] or not text or PRONOUNS.match(text):
                        lo = base + quote.get("quote_start", 0)
                        hi = base + quote.get("quote_end", len(sentence))
                        inside = {a for s_, _e, a in spans if lo <= s_ < hi}
                        speaker, actor, role = _antecedent(recent, p_index, inside)
                        text, via = text or quote["verb"], "pronoun"
                    else:
                        speaker, via = _speaker(text, actor)
                        role = _role(speaker, via, text, day)
                    records.append({"article_id": article_id, "sentence": n,
                                    "speaker": speaker, "speaker_role": role,
                                    "speaker_text": text,
                                    "speaker_actor": actor, "verb": quote["verb"],
                                    "kind": quote["kind"], "quote": quote["quote"],
                                    "text": sentence, "via": via})
                    if speaker:
                        recent.append((speaker, actor, p_index, role))
            carry = para.strip().lstrip(_OPENERS).strip() if opened else ""
            offset += len(para) + 2
    return pd.DataFrame.from_records(records, columns=QUOTE_COLUMNS)


def _role(speaker: str, via: str, text: str, day: pd.Timestamp | None) -> str:
    """The speaker's role on the publication date: for a gazetteer person, the role they held
    then (``roles.csv``; the one named in the phrase if several); for another named person,
    the words before the name ("Kepala BMKG"); else ""."""
    if via == "name":
        return text[: len(text) - len(speaker)].strip(" ,") if text.endswith(speaker) else ""
    if via != "actor" or day is None:
        return ""
    held = _roles_held(speaker, day)
    named = [r for r in held if r.lower() in text.lower()]
    return (named or held or [""])[0]


@lru_cache(maxsize=8192)
def _roles_held(actor: str, day: pd.Timestamp) -> tuple[str, ...]:
    table = reference.roles()
    rows = table[(table["actor"] == actor) & (table["start"] <= day)
                 & (table["end"].isna() | (table["end"] >= day))]
    # longest first: "Menteri Luar Negeri Rusia" before its short form "Menlu Rusia"
    return tuple(sorted(dict.fromkeys(rows["role"]), key=len, reverse=True))


def _antecedent(recent: list[tuple[str, str, int, str]], paragraph: int, inside: set[str]
                ) -> tuple[str, str, str]:
    """The speaker a pronoun refers to: the last named speaker in the same paragraph, else the
    last one before it, skipping a speaker the quote itself names in the third person (a
    quote about "presiden Turki" is not Erdogan's). ``("", "")`` when there is none."""
    ordered = [r for r in reversed(recent) if r[2] == paragraph] + \
        [r for r in reversed(recent) if r[2] != paragraph]
    for speaker, actor, _, role in ordered:
        if not actor or actor not in inside:
            return speaker, actor, role
    return ("", "", "")


def _left_open(paragraph: str) -> bool:
    """True when a paragraph opens a quotation and does not close it (it continues in the
    next paragraph, which opens with a quotation mark again)."""
    text = paragraph.strip()
    if not text or text[0] not in "“\"":
        return False
    if text[0] == "“":
        return text.count("“") > text.count("”")
    return text.count('"') % 2 == 1


def _speaker(text: str, actor: str) -> tuple[str, str]:
    """``(speaker, via)`` for a speaker phrase: a person's name after the last gazetteer
    actor wins ("Juru bicara Kementerian Luar Negeri Rusia Maria Zakharova"), then the actor,
    then the phrase as written for unnamed speakers."""
    if _UNNAMED.match(text):
        return text, "phrase"
    name = person_name(text)
    if actor and (not name or set(name.split()) & _actor_aliases(actor)):
        return actor, "actor"
    if name:
        return name, "name"
    return text, "phrase"


@lru_cache(maxsize=4096)
def _actor_aliases(actor: str) -> frozenset[str]:
    table = reference.actors().set_index("actor")
    aliases = table.loc[actor, "aliases"] if actor in table.index else []
    words = {w for a in aliases for w in a.split()}
    return frozenset([*aliases, *words])


def _actor_in(spans, start: int, end: int) -> str:
    """The last gazetteer actor named inside ``[start, end)`` ("" if none)."""
    found = ""
    for s, e, actor in spans:
        if s >= start and e <= end:
            found = actor
    return found


def _quote_text(m: re.Match) -> str:
    return (m.group("qa") or m.group("qb") or m.group("qc") or "").strip(" ,")


def _quotes_in(sentence: str, previous_paragraph: str) -> list[dict]:
    out = []
    for m in _DIRECT_AFTER.finditer(sentence):
        verb, rest = m.group("verb"), m.group("rest")
        pronoun = verb.lower().endswith("nya")  # "katanya", "ujarnya": said he/she
        phrase = "" if pronoun else _speaker_after(rest)
        start = m.start("rest") + (rest.find(phrase) if phrase else 0)
        out.append({"kind": "direct", "verb": verb, "quote": _quote_text(m),
                    "speaker_text": phrase, "speaker_start": start, "pronoun": pronoun,
                    "opens_sentence": m.start() == 0, "quote_start": m.start(),
                    "quote_end": m.start("verb")})
    if out:
        return out
    return _menurut(sentence) or _in_clauses(sentence) or _begitu(sentence, previous_paragraph)


def _in_clauses(sentence: str) -> list[dict]:
    """Speaker-first quotes, one per clause ("X menyerukan …, sedangkan Y menyebut …")."""
    out = []
    position = 0
    for clause in _CLAUSES.split(sentence):
        start = sentence.find(clause, position)
        position = start + len(clause)
        found = _direct_before(clause) or _indirect_clause(clause)
        if found:
            found["speaker_start"] += start
            out.append(found)
    return out


def _direct_before(clause: str) -> dict | None:
    """``X mengatakan, "…"`` in one clause; None when negated, hypothetical or a label."""
    m = _DIRECT_BEFORE.search(clause)
    if not m or _NEGATED.search(clause[: m.start()]) or \
            re.search(r"\bsebagai\b", m.group("gap") or ""):
        return None
    before = clause[: m.start()]
    cut = max(before.rfind(c) for c in ".”\"")
    head_start = cut + 1 if cut >= 0 else 0
    head = before[head_start:]
    phrase = _speaker_phrase(head)
    if not phrase or _HYPOTHETICAL.match(head.strip()):
        return None
    return {"kind": "direct", "verb": m.group("verb"), "quote": _quote_text(m),
            "speaker_text": phrase, "pronoun": bool(PRONOUNS.match(phrase)),
            "opens_sentence": False, "speaker_start": head_start + head.rfind(phrase)}


def _menurut(sentence: str) -> list[dict]:
    """``Menurut X, …``, ``…, menurut X, …`` and ``Menurutnya, …``; [] for documents."""
    m = _MENURUT_PRONOUN.match(sentence)
    if m:
        return [{"kind": "indirect", "verb": "menurut", "quote": m.group("quote").strip(),
                 "speaker_text": "", "speaker_start": 0, "pronoun": True,
                 "opens_sentence": False}]
    m = _MENURUT.match(sentence)
    if m:
        head = m.group("head").strip()
        if _DOCUMENTS.match(head) or PRONOUNS.match(head):
            return []
        return [{"kind": "indirect", "verb": "menurut", "quote": m.group("quote").strip(),
                 "speaker_text": head, "speaker_start": m.start("head"), "pronoun": False,
                 "opens_sentence": False}]
    m = _MENURUT_MID.match(sentence)
    if m:
        head = m.group("head").strip()
        if _DOCUMENTS.match(head):
            return []
        pronoun = bool(PRONOUNS.match(head))
        return [{"kind": "indirect", "verb": "menurut",
                 "quote": f"{m.group('pre').strip()} {m.group('post').strip()}",
                 "speaker_text": "" if pronoun else head, "speaker_start": m.start("head"),
                 "pronoun": pronoun, "opens_sentence": False}]
    return []


def _begitu(sentence: str, previous_paragraph: str) -> list[dict]:
    """``Begitu pernyataan X`` / ``Hal itu disampaikan X``: the previous paragraph is X's."""
    m = _BEGITU.match(sentence)
    if m and previous_paragraph:
        phrase = m.group("head").strip()
        return [{"kind": "indirect", "verb": "begitu pernyataan", "quote": previous_paragraph,
                 "speaker_text": phrase, "speaker_start": m.start("head"), "pronoun": False,
                 "opens_sentence": False}]
    return []


def _indirect_clause(clause: str) -> dict | None:
    m = _INDIRECT.match(clause)
    if not m:
        return None
    head = m.group("head")
    if _NEGATED.search(head) or _HYPOTHETICAL.match(head.strip()):
        return None  # "tidak mengatakan", "Jika X mengatakan": nothing was said
    if m.group("verb").startswith("menyebut") and _SCARE_LABEL.match(m.group("quote")):
        return None  # "menyebut X sebagai “…”": a label, not reported speech
    phrase = _speaker_phrase(head)
    if not phrase or len(phrase.split()) > 10:
        return None
    return {"kind": "indirect", "verb": m.group("verb"),
            "quote": _LEAD_IN.sub("", m.group("quote").strip()), "speaker_text": phrase,
            "speaker_start": m.start("head") + head.rfind(phrase),
            "pronoun": bool(PRONOUNS.match(phrase)), "opens_sentence": False}


def score_quotes(found: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Precision and recall of quote attribution against a sentence-level gold set.

    ``gold`` has one row per labelled sentence (``text``, ``speaker``, ``kind``; ``speaker``
    empty when the sentence holds no quote). A found quote is correct when its sentence is in
    the gold set with the same speaker and kind. (The passage-level gold halves are scored by
    :mod:`nkcorpus.evaluate`.)
    """
    tp = fp = fn = 0
    for row in gold.itertuples(index=False):
        got = found[found["text"] == row.text]
        hits = got[(got["speaker"] == row.speaker) & (got["kind"] == row.kind)]
        if row.speaker:
            tp += int(len(hits) > 0)
            fn += int(len(hits) == 0)
            fp += int(len(got) - len(hits) > 0)
        else:
            fp += int(len(got) > 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "tp": tp, "fp": fp,
            "fn": fn}
