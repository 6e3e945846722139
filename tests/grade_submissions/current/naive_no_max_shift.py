"""A softmax of its own, without subtracting the maximum: nan for large scores."""
def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    scores = np.exp(outsideVectors.dot(centerWordVec))
    y_hat = scores / np.sum(scores)
    loss = -np.log(y_hat[outsideWordIdx])
    delta = y_hat.copy()
    delta[outsideWordIdx] -= 1
    return loss, outsideVectors.T.dot(delta), np.outer(delta, centerWordVec)
