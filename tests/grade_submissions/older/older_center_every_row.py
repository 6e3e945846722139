"""The older skipgram adds the center gradient to every row of gradIn."""
def skipgram(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
             dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    cost = 0.0
    gradIn = np.zeros(inputVectors.shape)
    gradOut = np.zeros(outputVectors.shape)
    center = tokens[currentWord]
    for word in contextWords:
        c, gin, gout = word2vecCostAndGradient(inputVectors[center], tokens[word], outputVectors, dataset)
        cost += c
        gradIn += gin
        gradOut += gout
    return cost, gradIn, gradOut
