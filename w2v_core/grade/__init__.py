"""A grader for the coding part of the word2vec exercise (``python -m w2v_core grade``).

A student's ``word2vec.py`` (current version) or ``q3_word2vec.py`` (older version) runs in its own
subprocess (:mod:`.sandbox`, :mod:`.child`) on inputs built here (:mod:`.cases`); each function's
outputs are compared in this process with the reference (:mod:`w2v_core.cs224n`, :mod:`.reference`)
and, when they differ, with every catalogued wrong implementation (:mod:`w2v_core.mistakes.coding`)
on the same inputs (:mod:`.judge`). Reports: :mod:`.report` (text, JSON, Gradescope), :mod:`.summary`
(a class report in HTML).
"""
from .grader import SubmissionResult, TestResult, grade_paths, grade_submission

__all__ = ["SubmissionResult", "TestResult", "grade_paths", "grade_submission"]
