"""Negatives drawn inline, the outside word not redrawn."""
def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    negs = [dataset.sampleTokenIdx() for _ in range(K)]
    u_o = outsideVectors[outsideWordIdx]
    s_o = sigmoid(u_o @ centerWordVec)
    loss = -np.log(s_o)
    gradCenterVec = -(1 - s_o) * u_o
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    gradOutsideVecs[outsideWordIdx] += -(1 - s_o) * centerWordVec
    for k in negs:
        s_k = sigmoid(-outsideVectors[k] @ centerWordVec)
        loss -= np.log(s_k)
        gradCenterVec += (1 - s_k) * outsideVectors[k]
        gradOutsideVecs[k] += (1 - s_k) * centerWordVec
    return loss, gradCenterVec, gradOutsideVecs
