"""The course's ``dataset`` object, scripted: ``sampleTokenIdx()`` returns a fixed sequence.

The grader hands the same sequence to the student's function (in the subprocess) and to the
reference and the catalogued mistakes (here), so all of them see the same draws in the same order,
and the draws can be chosen to put the outside word among them or to repeat a negative.
"""
from __future__ import annotations


class ScriptedDataset:
    """``sampleTokenIdx()`` returns ``sequence[0], sequence[1], ...`` and then starts over."""

    def __init__(self, sequence):
        self.sequence = [int(i) for i in sequence]
        if not self.sequence:
            raise ValueError("sequence must hold at least one word index, got an empty sequence")
        self.calls = 0

    def sampleTokenIdx(self) -> int:
        idx = self.sequence[self.calls % len(self.sequence)]
        self.calls += 1
        return idx

    def getRandomContext(self, C=None):
        raise RuntimeError("the grader's dataset has no contexts: the graded functions do not need getRandomContext()")
