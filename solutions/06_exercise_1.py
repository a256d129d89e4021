"""Notebook 06, exercise 1 (Beginners): precision, recall and F1 of one frame by hand."""

from nkcorpus import coding

scores = coding.validate_dictionary(coding.read_frame_gold()).set_index("frame")
row = scores.loc["legality"]
tp, fp, fn = int(row["tp"]), int(row["fp"]), int(row["fn"])
precision = tp / (tp + fp)  # of the sentences the dictionary flags, how many are right
recall = tp / (tp + fn)  # of the sentences coded by hand, how many the dictionary finds
f1 = 2 * precision * recall / (precision + recall)
print(f"legality: tp {tp}, fp {fp}, fn {fn}")
print(f"precision = {tp} / ({tp} + {fp}) = {precision:.3f} (table: {row['precision']})")
print(f"recall    = {tp} / ({tp} + {fn}) = {recall:.3f} (table: {row['recall']})")
print(f"F1        = 2PR / (P + R) = {f1:.3f} (table: {row['f1']})")
assert (round(precision, 3), round(recall, 3), round(f1, 3)) == (
    row["precision"], row["recall"], row["f1"])
