"""The paper's d x |V| gradient reshaped (not transposed) into |V| x d."""
def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    y_hat = softmax(outsideVectors @ centerWordVec)
    loss = -np.log(y_hat[outsideWordIdx])
    y = np.zeros_like(y_hat)
    y[outsideWordIdx] = 1
    gradCenterVec = outsideVectors.T @ (y_hat - y)
    gradOutsideVecs = np.outer(centerWordVec, y_hat - y).reshape(outsideVectors.shape)
    return loss, gradCenterVec, gradOutsideVecs
