"""Repeats counted with np.unique, its first (smallest) index taken as the outside word."""
def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    negs = getNegativeSamples(outsideWordIdx, dataset, K)
    idx, counts = np.unique([outsideWordIdx] + negs, return_counts=True)
    signs = -np.ones(len(idx))
    signs[0] = 1
    probs = sigmoid(signs * (outsideVectors[idx] @ centerWordVec))
    loss = -np.sum(counts * np.log(probs))
    coef = -counts * (1 - probs) * signs
    gradCenterVec = coef @ outsideVectors[idx]
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    gradOutsideVecs[idx] = np.outer(coef, centerWordVec)
    return loss, gradCenterVec, gradOutsideVecs
