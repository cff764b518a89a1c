"""The rest of the lecture: batch normalization, weight-space symmetry, saddles, surrogates, cliffs."""
