"""sigmoid with the exponent's minus sign lost: 1 / (1 + e^x)."""
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(x))
