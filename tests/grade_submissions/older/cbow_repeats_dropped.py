"""gradIn[indices] += gradPred: a repeated context word counted once."""
def cbow(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
         dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    gradIn = np.zeros(inputVectors.shape)
    indices = [tokens[w] for w in contextWords]
    predicted = np.sum(inputVectors[indices], axis=0)
    cost, gradPred, gradOut = word2vecCostAndGradient(predicted, tokens[currentWord], outputVectors, dataset)
    gradIn[indices] += gradPred
    return cost, gradIn, gradOut
