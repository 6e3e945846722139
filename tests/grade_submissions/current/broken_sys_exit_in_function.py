"""skipgram calls sys.exit(1); the other functions are right."""
def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind,
             centerWordVectors, outsideVectors, dataset,
             word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    import sys
    sys.exit(1)
