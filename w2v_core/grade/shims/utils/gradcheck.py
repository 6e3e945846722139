"""``gradcheck_naive`` and the two window tests, as the course's ``utils/gradcheck.py`` names them."""
import random

import numpy as np

from _grader_gradcheck import gradcheck_naive

__all__ = ["gradcheck_naive", "grad_tests_softmax", "grad_tests_negsamp"]


def _sgd_batch(skipgram, word2Ind, vectors, dataset, windowSize, loss_fn, batch=50):
    """Mean loss and gradient over ``batch`` random windows; rows [:N/2] are center vectors, [N/2:] outside."""
    n = vectors.shape[0]
    loss, grad = 0.0, np.zeros(vectors.shape)
    for _ in range(batch):
        size = random.randint(1, windowSize)
        center, context = dataset.getRandomContext(size)
        c, g_in, g_out = skipgram(center, size, context, word2Ind, vectors[: n // 2], vectors[n // 2:], dataset, loss_fn)
        loss += c / batch
        grad[: n // 2] += g_in / batch
        grad[n // 2:] += g_out / batch
    return loss, grad


def _window_test(skipgram, dummy_tokens, dummy_vectors, dataset, loss_fn, label):
    print(f"==== Gradient check for skip-gram with {label} ====")
    return gradcheck_naive(lambda vec: _sgd_batch(skipgram, dummy_tokens, vec, dataset, 5, loss_fn),
                           dummy_vectors, f"{label} loss gradient")


def grad_tests_softmax(skipgram, dummy_tokens, dummy_vectors, dataset):
    """Gradient check of skip-gram with naive softmax over random windows (the grader's version:
    it checks gradients against central differences, not against fixed expected values)."""
    import word2vec  # the submission under test, as in the course

    return _window_test(skipgram, dummy_tokens, dummy_vectors, dataset, word2vec.naiveSoftmaxLossAndGradient,
                        "naiveSoftmaxLossAndGradient")


def grad_tests_negsamp(skipgram, dummy_tokens, dummy_vectors, dataset, negSamplingLossAndGradient):
    """Gradient check of skip-gram with negative sampling over random windows."""
    return _window_test(skipgram, dummy_tokens, dummy_vectors, dataset, negSamplingLossAndGradient,
                        "negSamplingLossAndGradient")
