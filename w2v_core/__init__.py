"""word2vec, derived: the mathematics of skip-gram word2vec as small, pure, tested functions.

Code convention: vectors are rows. ``outside_vectors`` has shape (|V|, d) and is the transpose of
the paper's U (d x |V|, columns u_w); ``center_vectors`` likewise transposes the paper's V.
"""
from .activations import log_sigmoid, log_softmax, sigmoid, sigmoid_grad, softmax
from .gradcheck import GradcheckReport, gradcheck
from .losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from .sampling import draw_negatives, keep_probabilities, unigram_distribution
from .skipgram import neg_sampling_loss, skipgram, window_pairs, window_positions

__all__ = [
    "GradcheckReport", "draw_negatives", "gradcheck", "keep_probabilities", "log_sigmoid", "log_softmax",
    "naive_softmax_loss_and_gradient", "neg_sampling_loss", "neg_sampling_loss_and_gradient", "sigmoid",
    "sigmoid_grad", "skipgram", "softmax", "unigram_distribution", "window_pairs", "window_positions",
]
