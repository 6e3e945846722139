"""A gradient twice too large: wrong, and not a catalogued mistake."""
def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    y_hat = softmax(outsideVectors @ centerWordVec)
    loss = -np.log(y_hat[outsideWordIdx])
    delta = y_hat.copy()
    delta[outsideWordIdx] -= 1
    return loss, 2 * (outsideVectors.T @ delta), np.outer(delta, centerWordVec)
