"""Repeated negatives redrawn as well."""
def getNegativeSamples(outsideWordIdx, dataset, K):
    negs = []
    while len(negs) < K:
        idx = dataset.sampleTokenIdx()
        if idx != outsideWordIdx and idx not in negs:
            negs.append(idx)
    return negs
