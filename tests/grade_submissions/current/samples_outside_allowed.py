"""The outside word is not redrawn."""
def getNegativeSamples(outsideWordIdx, dataset, K):
    return [dataset.sampleTokenIdx() for _ in range(K)]
