"""sigma written inline as exp(x) / (1 + exp(x)): nan for large scores."""
def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    sig = lambda x: np.exp(x) / (1 + np.exp(x))
    negs = getNegativeSamples(outsideWordIdx, dataset, K)
    u_o = outsideVectors[outsideWordIdx]
    s_o = sig(u_o @ centerWordVec)
    loss = -np.log(s_o)
    gradCenterVec = -(1 - s_o) * u_o
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    gradOutsideVecs[outsideWordIdx] = -(1 - s_o) * centerWordVec
    for k in negs:
        s_k = sig(-outsideVectors[k] @ centerWordVec)
        loss -= np.log(s_k)
        gradCenterVec += (1 - s_k) * outsideVectors[k]
        gradOutsideVecs[k] += (1 - s_k) * centerWordVec
    return loss, gradCenterVec, gradOutsideVecs
