"""What is graded in each version of the exercise: the functions, their checks and their mistakes.

For every function: the kind of answer it returns (how to read and compare it), the names the
child process replaces with the reference while this function runs (so the function is judged
alone: a loss function gets the reference ``sigmoid`` and ``getNegativeSamples``, skipgram the
reference losses), its cases (:mod:`.cases`), its reference, and the catalogued mistakes that can
explain a failure (:mod:`w2v_core.mistakes`).
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Callable

from ..mistakes import coding
from ..mistakes import negative_sampling as neg_mistakes
from . import cases as C
from .reference import REFERENCES

VERSIONS = ("current", "older")
MODULE_NAMES = {"current": "word2vec", "older": "q3_word2vec"}


@dataclass(frozen=True)
class Mistake:
    name: str
    function: Callable

    @property
    def description(self) -> str:
        """The first paragraph of the mistake's docstring, on one line."""
        doc = inspect.getdoc(self.function) or self.name
        text = " ".join(doc.split("\n\n")[0].split())
        text = re.sub(r":\w+:`([^`]+)`", r"\1", text)  # Sphinx roles read as plain names
        return re.sub(r"^MISTAKE \([a-h, ]+\): ", "", text.replace("``", "")).strip()


@dataclass(frozen=True)
class GradedFunction:
    name: str
    kind: str  # "sigmoid", "pair" (loss, gradCenterVec, gradOutsideVecs), "samples", "window"
    inject: tuple
    cases: tuple
    mistakes: tuple
    optional: bool = False  # graded only where the submission defines it (cbow)

    @property
    def reference(self) -> Callable:
        return REFERENCES[self.name]


def _mistakes(*functions) -> tuple:
    return tuple(Mistake(f.__name__, f) for f in functions)


SIGMOID_MISTAKES = _mistakes(neg_mistakes.sigmoid_exponent_sign_lost, coding.sigmoid_as_exp_ratio)
NAIVE_MISTAKES = _mistakes(
    coding.naive_softmax_outside_gradient_in_paper_layout, coding.naive_softmax_outside_gradient_reshaped,
    coding.naive_softmax_center_gradient_as_outer_product, coding.naive_softmax_outside_gradient_without_y,
    coding.naive_softmax_gradients_sign_flipped, coding.naive_softmax_without_max_shift)
SAMPLES_MISTAKES = _mistakes(coding.get_negative_samples_outside_allowed, coding.get_negative_samples_distinct)
NEG_MISTAKES = _mistakes(
    coding.neg_sampling_repeats_dropped, coding.neg_sampling_sigma_flipped, coding.neg_sampling_outside_sign_flipped,
    coding.neg_sampling_unique_counts_first_as_outside, coding.neg_sampling_outside_drawn_as_negative,
    coding.neg_sampling_sigmoid_as_exp_ratio, coding.neg_sampling_gradients_sign_flipped)
WINDOW_MISTAKES = _mistakes(
    coding.skipgram_window_averaged, coding.skipgram_center_gradient_in_every_row,
    coding.skipgram_center_gradient_in_outside_rows, coding.skipgram_center_gradient_in_first_row,
    coding.skipgram_gradients_assigned_not_summed, coding.skipgram_ignores_loss_argument)
CBOW_MISTAKES = _mistakes(coding.cbow_context_averaged, coding.cbow_repeats_dropped)


def graded_functions(version: str) -> list[GradedFunction]:
    """The functions graded in ``version`` ("current" or "older"), in the order they are run."""
    if version == "current":
        helpers = ("sigmoid", "getNegativeSamples")
        losses = ("naiveSoftmaxLossAndGradient", "negSamplingLossAndGradient")
        return [
            GradedFunction("sigmoid", "sigmoid", (), tuple(C.sigmoid_cases()), SIGMOID_MISTAKES),
            GradedFunction(losses[0], "pair", helpers, tuple(C.naive_softmax_cases()), NAIVE_MISTAKES),
            GradedFunction("getNegativeSamples", "samples", (), tuple(C.negative_samples_cases()), SAMPLES_MISTAKES),
            GradedFunction(losses[1], "pair", helpers, tuple(C.neg_sampling_cases()), NEG_MISTAKES),
            GradedFunction("skipgram", "window", helpers + losses, tuple(C.window_cases(*losses)), WINDOW_MISTAKES),
        ]
    if version == "older":
        # getNegativeSamples is handed out complete in this version, and sigmoid lives in q2_sigmoid.
        helpers = ("sigmoid", "getNegativeSamples")
        losses = ("softmaxCostAndGradient", "negSamplingCostAndGradient")
        window = tuple(C.window_cases(*losses))
        return [
            GradedFunction(losses[0], "pair", helpers, tuple(C.naive_softmax_cases()), NAIVE_MISTAKES),
            GradedFunction(losses[1], "pair", helpers, tuple(C.neg_sampling_cases()), NEG_MISTAKES),
            GradedFunction("skipgram", "window", helpers + losses, window, WINDOW_MISTAKES),
            GradedFunction("cbow", "window", helpers + losses, window, CBOW_MISTAKES, optional=True),
        ]
    raise ValueError(f"version must be one of {', '.join(VERSIONS)}, got {version!r}")
