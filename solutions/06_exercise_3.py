"""Notebook 06, exercise 3 (Changing the method): alpha without one observer at a time."""

from nkcorpus import coding

example = coding.krippendorff_2011_example()
everyone = coding.alpha(example, "nominal")
print(f"All four observers: nominal alpha = {everyone:.3f}")
for coder in example.index:
    rest = example.drop(index=coder)  # the matrix without this observer's row
    print(f"without {coder}: {coding.alpha(rest, 'nominal'):.3f}")

# Reading: leaving out C raises alpha most. C disagrees with the others on units 2 and 8 and
# gives unit 6 yet another value; B and D also differ on unit 6, so no single observer
# explains all disagreement. Dropping a coder to raise alpha is not a fix: retrain, clarify
# the codebook, and recode.
