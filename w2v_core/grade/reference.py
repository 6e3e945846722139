"""The reference functions the grader compares with, under the names of both versions.

The current version's names are :mod:`w2v_core.cs224n` itself. The older version's
``softmaxCostAndGradient``, ``negSamplingCostAndGradient`` and ``skipgram`` take the same arguments in
the same positions, so they are the same functions; only ``cbow`` is new, and it is built from a
loss function the way the older exercise defines it: the predicted vector is the *sum* of the
context words' input vectors, and each occurrence of a context word receives gradPred.

Shapes: ``inputVectors`` and ``outputVectors`` are (|V|, d), row w is v_w (u_w), the transpose of
the paper's V and U (d x |V|).
"""
from __future__ import annotations

import numpy as np

from .. import _validate, cs224n

softmaxCostAndGradient = cs224n.naiveSoftmaxLossAndGradient
negSamplingCostAndGradient = cs224n.negSamplingLossAndGradient


def cbow(currentWord, C, contextWords, tokens, inputVectors, outputVectors, dataset,
         word2vecCostAndGradient=softmaxCostAndGradient):
    """CBOW loss of one window and its gradients, in the older exercise's signature.

    Returns ``(cost, gradIn, gradOut)``, both (|V|, d); only the context words' rows of gradIn can
    be non-zero, and a word occurring twice in the context gets gradPred twice.
    """
    C = _validate.positive_int(C, "C")
    contextWords = list(contextWords)
    if not contextWords or len(contextWords) > 2 * C:
        raise ValueError(f"contextWords must hold between 1 and 2 * C = {2 * C} words, got {len(contextWords)}")
    inputVectors = _validate.matrix(inputVectors, "inputVectors")
    outputVectors = _validate.matrix(outputVectors, "outputVectors", cols=inputVectors.shape[1])
    try:
        target = tokens[currentWord]
        context = [tokens[w] for w in contextWords]
    except KeyError as exc:
        raise ValueError(f"word {exc.args[0]!r} is not in tokens (a vocabulary of {len(tokens)} words)") from None
    context = _validate.indices(context, "tokens[contextWords]", inputVectors.shape[0])
    predicted = inputVectors[context].sum(axis=0)
    cost, grad_pred, grad_out = word2vecCostAndGradient(predicted, target, outputVectors, dataset)
    grad_in = np.zeros_like(inputVectors)
    np.add.at(grad_in, context, grad_pred)  # a repeated context word counts once per occurrence
    return cost, grad_in, grad_out


# name -> reference function, for both versions (the child process injects these by name).
REFERENCES = {
    "sigmoid": cs224n.sigmoid,
    "getNegativeSamples": cs224n.getNegativeSamples,
    "naiveSoftmaxLossAndGradient": cs224n.naiveSoftmaxLossAndGradient,
    "negSamplingLossAndGradient": cs224n.negSamplingLossAndGradient,
    "skipgram": cs224n.skipgram,
    "softmaxCostAndGradient": softmaxCostAndGradient,
    "negSamplingCostAndGradient": negSamplingCostAndGradient,
    "cbow": cbow,
}
