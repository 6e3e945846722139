"""The central-difference gradient check behind both versions' ``gradcheck_naive``."""
import random

import numpy as np


def gradcheck_naive(f, x, gradientText="", h=1e-4, tol=1e-5):
    """Compare ``f(x)[1]`` with central differences of ``f(x)[0]``, one entry of x at a time.

    Python's ``random`` state is restored before every call of f, so a stochastic f (negative
    sampling) draws the same samples at x + h and at x - h. x is changed in place and restored.
    Prints whether the check passed; returns True or False.
    """
    state = random.getstate()
    random.setstate(state)
    _, grad = f(x)
    grad = np.asarray(grad, dtype=float)
    if grad.shape != np.shape(x):
        print(f"Gradient check failed for {gradientText}: the gradient has shape {grad.shape}, "
              f"x has shape {np.shape(x)}.")
        return False
    for ix in np.ndindex(*np.shape(x)):
        original = x[ix]
        x[ix] = original + h
        random.setstate(state)
        f_plus, _ = f(x)
        x[ix] = original - h
        random.setstate(state)
        f_minus, _ = f(x)
        x[ix] = original
        numeric = (f_plus - f_minus) / (2 * h)
        scale = max(1.0, abs(numeric), abs(grad[ix]))
        if abs(numeric - grad[ix]) / scale > tol:
            print(f"Gradient check failed for {gradientText}.")
            print(f"First gradient error found at index {ix} in the vector of gradients")
            print(f"Your gradient: {grad[ix]:f} \t Numerical gradient: {numeric:f}")
            return False
    print("Gradient check passed! Read the docs for why a passed check does not prove the gradient right.")
    return True
