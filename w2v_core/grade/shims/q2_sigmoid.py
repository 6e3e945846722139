"""``sigmoid`` and ``sigmoid_grad``, as the older version's ``q2_sigmoid.py`` provides them."""
import numpy as np

from w2v_core.activations import sigmoid as _sigmoid


def sigmoid(x):
    """sigma(x) = 1 / (1 + exp(-x)), elementwise; stable for large |x|."""
    return _sigmoid(x)


def sigmoid_grad(s):
    """The derivative of the sigmoid, given s = sigmoid(x) (not x): s (1 - s)."""
    s = np.asarray(s, dtype=float)
    return s * (1.0 - s)
