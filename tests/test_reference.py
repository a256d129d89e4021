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
