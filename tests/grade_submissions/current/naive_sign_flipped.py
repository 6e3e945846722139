"""y - y_hat for y_hat - y: both gradients with the wrong sign."""
def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    y_hat = softmax(outsideVectors @ centerWordVec)
    loss = -np.log(y_hat[outsideWordIdx])
    y = np.zeros_like(y_hat)
    y[outsideWordIdx] = 1
    err = y - y_hat
    return loss, outsideVectors.T @ err, np.outer(err, centerWordVec)
