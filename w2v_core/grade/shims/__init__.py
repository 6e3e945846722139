"""The course's helper modules, written here for the grader: ``utils.gradcheck``, ``utils.utils``
(current version) and ``q1_softmax``, ``q2_sigmoid``, ``q2_gradcheck`` (older version).

The grader copies this folder next to each submission's working copy and puts it first on the
submission's import path, so an unmodified ``word2vec.py`` or ``q3_word2vec.py`` imports. The
functions behave like the course's: the same names, arguments and results; the text they print is
this book's own.
"""
