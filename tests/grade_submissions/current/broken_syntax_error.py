"""A syntax error: the module cannot be imported."""
def sigmoid(x):
    return 1 / (1 + np.exp(-x)
