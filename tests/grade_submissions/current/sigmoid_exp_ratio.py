"""sigmoid as exp(x) / (1 + exp(x)): nan for large x."""
def sigmoid(x):
    return np.exp(x) / (1 + np.exp(x))
