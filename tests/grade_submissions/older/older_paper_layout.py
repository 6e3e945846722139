"""The older version's softmax gradient in the paper's d x |V| layout."""
def softmaxCostAndGradient(predicted, target, outputVectors, dataset):
    probs = softmax(outputVectors.dot(predicted))
    cost = -np.log(probs[target])
    dscores = probs.copy()
    dscores[target] -= 1.0
    return cost, outputVectors.T.dot(dscores), np.outer(predicted, dscores)
