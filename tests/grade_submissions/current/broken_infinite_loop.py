"""getNegativeSamples never returns (and swallows the exceptions that could stop it)."""
def getNegativeSamples(outsideWordIdx, dataset, K):
    while True:
        try:
            pass
        except BaseException:
            pass
