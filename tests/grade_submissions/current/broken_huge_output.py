"""sigmoid prints about 20 MB on every call, then returns the right answer."""
def sigmoid(x):
    for _ in range(20000):
        print("debug " * 166)
    return 1 / (1 + np.exp(-x))
