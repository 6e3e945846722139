"""The older version's negative sampling, vectorised with grad[indices] += ..."""
def negSamplingCostAndGradient(predicted, target, outputVectors, dataset, K=10):
    indices = [target]
    indices.extend(getNegativeSamples(target, dataset, K))
    negs = indices[1:]
    z = sigmoid(outputVectors[target].dot(predicted))
    zk = sigmoid(-outputVectors[negs].dot(predicted))
    cost = -np.log(z) - np.sum(np.log(zk))
    gradPred = (z - 1.0) * outputVectors[target] + (1.0 - zk).dot(outputVectors[negs])
    grad = np.zeros(outputVectors.shape)
    grad[target] += (z - 1.0) * predicted
    grad[negs] += np.outer(1.0 - zk, predicted)
    return cost, gradPred, grad
