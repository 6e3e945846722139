"""skipgram returns the loss alone, sigmoid a string."""
def sigmoid(x):
    return "0.5"

def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind,
             centerWordVectors, outsideVectors, dataset,
             word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    c = word2Ind[currentCenterWord]
    return sum(word2vecLossAndGradient(centerWordVectors[c], word2Ind[w], outsideVectors, dataset)[0]
               for w in outsideWords)
