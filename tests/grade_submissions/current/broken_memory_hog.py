"""naiveSoftmaxLossAndGradient asks for 80 GB."""
def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    table = np.ones((100000, 100000))
    return table.sum(), centerWordVec, outsideVectors
