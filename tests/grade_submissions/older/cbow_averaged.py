"""CBOW averages the context instead of summing it."""
def cbow(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
         dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    gradIn = np.zeros(inputVectors.shape)
    indices = [tokens[w] for w in contextWords]
    predicted = np.mean(inputVectors[indices], axis=0)
    cost, gradPred, gradOut = word2vecCostAndGradient(predicted, tokens[currentWord], outputVectors, dataset)
    for i in indices:
        gradIn[i] += gradPred / len(indices)
    return cost, gradIn, gradOut
