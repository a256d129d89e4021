"""The reference files load, validate and hold what the analyses need."""

import pandas as pd

from nkcorpus import reference


def test_actor_gazetteer_covers_the_war_and_its_diplomacy():
    actors = reference.actors()
    assert len(actors) >= 40
    for name in ["Recep Tayyip Erdogan", "Vladimir Putin", "Ilham Aliyev", "Nikol Pashinyan",
                 "Sergey Lavrov", "Mevlut Cavusoglu", "Jeyhun Bayramov", "Zohrab Mnatsakanyan",
                 "Emmanuel Macron", "Mike Pompeo", "Antonio Guterres", "OSCE Minsk Group", "NATO",
                 "United Nations", "Kremlin", "Anadolu Agency", "Nagorno-Karabakh", "Shusha",
                 "Stepanakert", "Baku", "Yerevan"]:
        assert name in set(actors["actor"]), name
    aliases = dict(zip(actors["actor"], actors["aliases"], strict=True))
    assert {"Erdoğan", "Erdogan"} <= set(aliases["Recep Tayyip Erdogan"])
    assert {"Pashinian", "Pashinyan"} <= set(aliases["Nikol Pashinyan"])
    assert "Kremlim" in aliases["Kremlin"] and "Moskow" in aliases["Moscow"]
    assert "Susa" in aliases["Shusha"] and "Çavuşoğlu" in aliases["Mevlut Cavusoglu"]
    assert set(actors["type"]) == {"person", "state", "organisation", "place"}


def test_no_alias_points_to_two_actors():
    actors = reference.actors()
    seen = {}
    for actor, aliases in zip(actors["actor"], actors["aliases"], strict=True):
        for alias in aliases:
            assert seen.setdefault(alias, actor) == actor, alias


def test_roles_have_terms_and_sources():
    roles = reference.roles()
    assert (roles["source"] != "").all()
    assert (roles["end"].isna() | (roles["end"] > roles["start"])).all()


def test_agencies_and_cues():
    agencies = reference.agencies()
    for name in ["Anadolu Agency", "Reuters", "AFP", "AP", "Sputnik", "TASS", "RIA Novosti",
                 "Yeni Safak", "Azernews", "Trend", "Armenpress", "Al Jazeera", "BBC", "CNN",
                 "Xinhua", "Antara"]:
        assert name in set(agencies["agency"]), name
    cues = set(reference.citation_cues()["cue"])
    assert {"dilansir dari", "mengutip", "dikutip", "melansir", "seperti dilaporkan",
            "photo credit"} <= cues


def test_events_are_dated_sourced_and_cover_the_war():
    events = reference.events()
    assert events["date"].is_monotonic_increasing
    assert events["date"].min() == pd.Timestamp("2020-09-27")
    assert pd.Timestamp("2020-11-10") in set(events["date"])
    assert (events["source"].str.len() > 10).all()


def test_frame_lexicon_has_glosses_rationales_and_all_families():
    lexicon = reference.frame_lexicon()
    assert set(lexicon["family"]) == {"generic", "issue", "side", "entman"}
    assert {"conflict", "responsibility", "human_interest", "morality", "economic", "military",
            "diplomacy", "legality", "humanitarian", "geopolitics", "pro_azerbaijan",
            "pro_armenia", "problem", "cause", "moral", "remedy"} == set(lexicon["frame"])
    side = lexicon[lexicon["family"] == "side"]
    for cue in ["pendudukan", "diduduki secara ilegal", "membebaskan wilayah", "operasi balasan",
                "agresi Azerbaijan", "Artsakh", "tentara bayaran"]:
        assert cue in set(side["cue"]), cue
    assert (lexicon["gloss"] != "").all() and (lexicon["why"] != "").all()


def test_single_word_aliases_that_are_indonesian_words_are_handled_in_context():
    # simplemma's Indonesian dictionary flags aliases that are also common words ("Akar" root,
    # "Baku" standard): actors.find_mentions reads them only where they are names.
    from simplemma import is_known

    from nkcorpus.actors import find_mentions

    actors = reference.actors()
    risky = {a for aliases in actors["aliases"] for a in aliases
             if " " not in a and is_known(a.lower(), lang="id")}
    assert {"Akar", "Baku"} <= risky
    body = " ".join(f"{alias} masalah itu rumit." for alias in sorted(risky))
    articles = pd.DataFrame({"article_id": ["x"], "body": [body], "published": [pd.NaT]})
    assert find_mentions(articles).empty


def test_people_who_share_a_surname_or_a_name_with_a_war_actor_are_listed():
    names = set(reference.actors()["actor"])
    assert {"Emine Erdogan", "Mehriban Aliyeva", "Heydar Aliyev", "Abdullah Gul",
            "Heydar Aliyev International Airport", "Latin America"} <= names
    roles = reference.roles()
    turkey = roles[roles["role"] == "Presiden Turki"].set_index("actor")
    assert turkey.loc["Abdullah Gul", "end"] == pd.Timestamp("2014-08-28")


def test_frame_lexicon_marks_ambiguous_side_taking_cues():
    from nkcorpus.frames import ambiguous_cues

    flagged = ambiguous_cues()
    assert {"wilayah Azerbaijan", "tanah Azerbaijan"} <= set(flagged["cue"])
    assert flagged["note"].str.len().min() > 50
