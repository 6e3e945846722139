#!/usr/bin/env python
"""A correct submission of the older version (q3_word2vec.py), written for the grader's tests."""
import random

import numpy as np

from q1_softmax import softmax
from q2_gradcheck import gradcheck_naive
from q2_sigmoid import sigmoid, sigmoid_grad


def normalizeRows(x):
    x = x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))
    return x


def softmaxCostAndGradient(predicted, target, outputVectors, dataset):
    probs = softmax(outputVectors.dot(predicted))
    cost = -np.log(probs[target])
    dscores = probs.copy()
    dscores[target] -= 1.0
    gradPred = outputVectors.T.dot(dscores)
    grad = np.outer(dscores, predicted)
    return cost, gradPred, grad


def getNegativeSamples(target, dataset, K):
    indices = [None] * K
    for k in range(K):
        newidx = dataset.sampleTokenIdx()
        while newidx == target:
            newidx = dataset.sampleTokenIdx()
        indices[k] = newidx
    return indices


def negSamplingCostAndGradient(predicted, target, outputVectors, dataset, K=10):
    indices = [target]
    indices.extend(getNegativeSamples(target, dataset, K))
    grad = np.zeros(outputVectors.shape)
    z = sigmoid(outputVectors[target].dot(predicted))
    cost = -np.log(z)
    gradPred = (z - 1.0) * outputVectors[target]
    grad[target] += (z - 1.0) * predicted
    for k in indices[1:]:
        zk = sigmoid(-outputVectors[k].dot(predicted))
        cost -= np.log(zk)
        gradPred += (1.0 - zk) * outputVectors[k]
        grad[k] += (1.0 - zk) * predicted
    return cost, gradPred, grad


def skipgram(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
             dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    cost = 0.0
    gradIn = np.zeros(inputVectors.shape)
    gradOut = np.zeros(outputVectors.shape)
    center = tokens[currentWord]
    for word in contextWords:
        c, gin, gout = word2vecCostAndGradient(inputVectors[center], tokens[word], outputVectors, dataset)
        cost += c
        gradIn[center] += gin
        gradOut += gout
    return cost, gradIn, gradOut


def cbow(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
         dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    gradIn = np.zeros(inputVectors.shape)
    indices = [tokens[w] for w in contextWords]
    predicted = np.sum(inputVectors[indices], axis=0)
    cost, gradPred, gradOut = word2vecCostAndGradient(predicted, tokens[currentWord], outputVectors, dataset)
    for i in indices:
        gradIn[i] += gradPred
    return cost, gradIn, gradOut


if __name__ == "__main__":
    print("the course's sanity checks would run here")
