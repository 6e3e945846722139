"""The negatives' gradient written with 1 - sigma(u_k.v_c) instead of 1 - sigma(-u_k.v_c)."""
def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    negs = getNegativeSamples(outsideWordIdx, dataset, K)
    u_o = outsideVectors[outsideWordIdx]
    s_o = sigmoid(u_o @ centerWordVec)
    loss = -np.log(s_o)
    gradCenterVec = -(1 - s_o) * u_o
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    gradOutsideVecs[outsideWordIdx] = -(1 - s_o) * centerWordVec
    for k in negs:
        score = outsideVectors[k] @ centerWordVec
        loss -= np.log(sigmoid(-score))
        gradCenterVec += (1 - sigmoid(score)) * outsideVectors[k]
        gradOutsideVecs[k] += (1 - sigmoid(score)) * centerWordVec
    return loss, gradCenterVec, gradOutsideVecs
