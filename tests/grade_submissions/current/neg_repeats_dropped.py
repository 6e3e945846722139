"""Vectorised with gradOutsideVecs[negs] += ...: repeated negatives counted once."""
def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    negs = getNegativeSamples(outsideWordIdx, dataset, K)
    u_o, U_k = outsideVectors[outsideWordIdx], outsideVectors[negs]
    s_o = sigmoid(u_o @ centerWordVec)
    s_k = sigmoid(-U_k @ centerWordVec)
    loss = -np.log(s_o) - np.sum(np.log(s_k))
    gradCenterVec = (s_o - 1) * u_o + (1 - s_k) @ U_k
    gradOutsideVecs = np.zeros_like(outsideVectors)
    gradOutsideVecs[outsideWordIdx] = (s_o - 1) * centerWordVec
    gradOutsideVecs[negs] += np.outer(1 - s_k, centerWordVec)
    return loss, gradCenterVec, gradOutsideVecs
