"""Notebook 06, exercise 2 (Beginners): why the military frame raises false alarms."""

from nkcorpus import coding

gold = coding.read_frame_gold()
errors = coding.dictionary_disagreements(gold, ["military"])
alarms = errors[errors["error"] == "false alarm"]

# Sorting the false alarms into the two kinds asked for, after reading each one:
OTHER_MEANING = {"perang harga", "serangan balik", "drone digunakan"}  # another sense
NOT_FIGHTING = {"tentara nasional", "jenazah tentara", "pasukan pendudukan"}  # troops, no combat


def kind(text: str) -> str:
    lower = text.lower()
    if any(k in lower for k in OTHER_MEANING):
        return "word with another meaning"
    if any(k in lower for k in NOT_FIGHTING):
        return "soldiers, but no fighting"
    return "the war or fighting named, not described"


alarms = alarms.assign(kind=alarms["text"].map(kind))
for name, group in alarms.groupby("kind"):
    print(f"\n{name} ({len(group)}):")
    for r in group.itertuples():
        print(f"  {r.id} [{r.cues}] {r.gloss}")

# Rules one could try (and must then validate again on new sentences):
# - another meaning: a stop list of phrases ("perang harga", "serangan balik") that cancel
#   the cue, or cues restricted to sentences that also name a party to the war;
# - the war or fighting only named ("mengakhiri perang", "biaya perang", "solusi militer"):
#   do not count the cue when it is the object of a verb of ending, costing or preceding;
# - soldiers without fighting: count "tentara"/"pasukan" only with a verb of combat nearby.
