"""The grader (``python -m w2v_core grade``): verdicts on submissions written here, reports, sandbox.

Every test submission is the correct base (``grade_submissions/correct_*.py``) with one change
(``grade_submissions/current/*.py``, ``older/*.py``): one per catalogued coding mistake, plus
broken ones. EXPECTED states, by hand, the verdict of every function that does not pass.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from w2v_core import cs224n
from w2v_core.__main__ import main
from w2v_core.grade import codec, grade_paths, grade_submission
from w2v_core.grade.cases import Case, Draws
from w2v_core.grade.compare import difference, parts
from w2v_core.grade.config import load_config
from w2v_core.grade.discover import detect_version, find_submissions
from w2v_core.grade.functions import VERSIONS, graded_functions
from w2v_core.grade.judge import expected_answers
from w2v_core.grade.report import gradescope_results, json_report
from w2v_core.grade.summary import summary_html

sys.path.insert(0, str(Path(__file__).parent))
from grade_submissions.assemble import BASES, write_submission  # noqa: E402

SUBMISSIONS = Path(__file__).parent / "grade_submissions"
NAIVE, NEG, SAMPLES = "naiveSoftmaxLossAndGradient", "negSamplingLossAndGradient", "getNegativeSamples"
CURRENT = ("sigmoid", NAIVE, SAMPLES, NEG, "skipgram")
OLDER = ("softmaxCostAndGradient", "negSamplingCostAndGradient", "skipgram", "cbow")

# submission -> {function: (status, mistake)} for every function that does not pass.
EXPECTED = {
    "sigmoid_exp_ratio": {"sigmoid": ("fail", "sigmoid_as_exp_ratio")},
    "sigmoid_sign_lost": {"sigmoid": ("fail", "sigmoid_exponent_sign_lost")},
    "naive_paper_layout": {NAIVE: ("fail", "naive_softmax_outside_gradient_in_paper_layout")},
    "naive_reshaped": {NAIVE: ("fail", "naive_softmax_outside_gradient_reshaped")},
    "naive_center_outer": {NAIVE: ("fail", "naive_softmax_center_gradient_as_outer_product")},
    "naive_without_y": {NAIVE: ("fail", "naive_softmax_outside_gradient_without_y")},
    "naive_sign_flipped": {NAIVE: ("fail", "naive_softmax_gradients_sign_flipped")},
    "naive_no_max_shift": {NAIVE: ("fail", "naive_softmax_without_max_shift")},
    "naive_unknown": {NAIVE: ("fail", None)},
    "samples_outside_allowed": {SAMPLES: ("fail", "get_negative_samples_outside_allowed")},
    "samples_distinct": {SAMPLES: ("fail", "get_negative_samples_distinct")},
    "neg_repeats_dropped": {NEG: ("fail", "neg_sampling_repeats_dropped")},
    "neg_sigma_flipped": {NEG: ("fail", "neg_sampling_sigma_flipped")},
    "neg_outside_sign_flipped": {NEG: ("fail", "neg_sampling_outside_sign_flipped")},
    "neg_unique_first": {NEG: ("fail", "neg_sampling_unique_counts_first_as_outside")},
    "neg_outside_drawn": {NEG: ("fail", "neg_sampling_outside_drawn_as_negative")},
    "neg_exp_ratio": {NEG: ("fail", "neg_sampling_sigmoid_as_exp_ratio")},
    "neg_sign_flipped": {NEG: ("fail", "neg_sampling_gradients_sign_flipped")},
    "skipgram_averaged": {"skipgram": ("fail", "skipgram_window_averaged")},
    "skipgram_every_row": {"skipgram": ("fail", "skipgram_center_gradient_in_every_row")},
    "skipgram_outside_rows": {"skipgram": ("fail", "skipgram_center_gradient_in_outside_rows")},
    "skipgram_first_row": {"skipgram": ("fail", "skipgram_center_gradient_in_first_row")},
    "skipgram_assigned": {"skipgram": ("fail", "skipgram_gradients_assigned_not_summed")},
    "skipgram_ignores_argument": {"skipgram": ("fail", "skipgram_ignores_loss_argument")},
    "broken_syntax_error": {f: ("error", None) for f in CURRENT},
    "broken_infinite_loop": {SAMPLES: ("timeout", None)},
    "broken_huge_output": {},
    "broken_sys_exit_at_import": {f: ("error", None) for f in CURRENT},
    "broken_sys_exit_in_function": {"skipgram": ("error", None)},
    "broken_os_exit_in_function": {SAMPLES: ("error", None)},
    "broken_missing_function": {NEG: ("missing", None)},
    "broken_wrong_return_type": {"sigmoid": ("fail", None), "skipgram": ("fail", None)},
    "broken_deletes_files": {},
    "broken_env_probe": {},
    "broken_memory_hog": {NAIVE: ("error", None)},
    "starter_not_implemented": {"skipgram": ("missing", None)},
    "correct_current": {},
    # older version
    "cbow_averaged": {"cbow": ("fail", "cbow_context_averaged")},
    "cbow_repeats_dropped": {"cbow": ("fail", "cbow_repeats_dropped")},
    "no_cbow": {},
    "older_paper_layout": {"softmaxCostAndGradient": ("fail", "naive_softmax_outside_gradient_in_paper_layout")},
    "older_repeats_dropped": {"negSamplingCostAndGradient": ("fail", "neg_sampling_repeats_dropped")},
    "older_center_every_row": {"skipgram": ("fail", "skipgram_center_gradient_in_every_row")},
    "correct_older": {},
}
OLDER_SUBMISSIONS = {"cbow_averaged", "cbow_repeats_dropped", "no_cbow", "older_paper_layout",
                     "older_repeats_dropped", "older_center_every_row", "correct_older"}


@pytest.fixture(scope="module")
def fast_config():
    config = load_config()
    config.limits.function_seconds = 3.0  # the infinite loop costs this much, not the default 10 s
    return config


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    """One subfolder per test submission, each with its word2vec.py / q3_word2vec.py and a notes.txt."""
    folder = tmp_path_factory.mktemp("class")
    for version in VERSIONS:
        for patch in sorted((SUBMISSIONS / version).glob("*.py")):
            write_submission(patch, version, folder)
        name = "word2vec.py" if version == "current" else "q3_word2vec.py"
        (folder / f"correct_{version}").mkdir()
        (folder / f"correct_{version}" / name).write_text(BASES[version].read_text())
    for sub in folder.iterdir():
        (sub / "notes.txt").write_text("not a submission\n")
    return folder


@pytest.fixture(scope="module")
def graded(class_folder, fast_config):
    # broken_env_probe passes only if this variable does not reach the submission
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("W2V_GRADER_SECRET", "not for students")
        results = grade_paths([class_folder], fast_config, jobs=2)
    return {Path(r.submission).parent.name: r for r in results}


def test_every_catalogued_coding_mistake_has_a_test_submission():
    catalogued = {m.name for v in VERSIONS for g in graded_functions(v) for m in g.mistakes}
    expected = {mistake for verdicts in EXPECTED.values() for _, mistake in verdicts.values() if mistake}
    assert catalogued == expected
    patches = {p.stem for v in VERSIONS for p in (SUBMISSIONS / v).glob("*.py")}
    assert patches | {"correct_current", "correct_older"} == set(EXPECTED)


@pytest.mark.slow
def test_folder_finds_one_submission_per_subfolder_and_nothing_else(class_folder, graded):
    assert set(graded) == set(EXPECTED)
    assert all((class_folder / name / "notes.txt").read_text() == "not a submission\n" for name in graded)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdicts(graded, name):
    result = graded[name]
    assert result.version == ("older" if name in OLDER_SUBMISSIONS else "current")
    functions = [t.name for t in result.tests]
    if result.version == "current":
        assert functions == list(CURRENT)
    else:
        assert functions == list(OLDER[:3]) + ([] if name == "no_cbow" else ["cbow"])
    verdicts = {t.name: (t.status, t.mistake) for t in result.tests}
    want = {f: EXPECTED[name].get(f, ("pass", None)) for f in functions}
    assert verdicts == want
    points = load_config().points[result.version]
    assert result.score == sum(points[f] for f in functions if want[f][0] == "pass")
    assert result.max_score == sum(points[f] for f in functions)


@pytest.mark.slow
def test_failure_output_says_where_and_by_how_much(graded):
    naive = next(t for t in graded["naive_unknown"].tests if t.name == NAIVE)
    assert "wrong, not a known mistake" in naive.output
    assert "gradCenterVec differs most at index" in naive.output and "expected" in naive.output
    layout = next(t for t in graded["naive_paper_layout"].tests if t.name == NAIVE)
    assert "gradOutsideVecs has shape (4, 7); expected (7, 4)" in layout.output
    overflow = next(t for t in graded["naive_no_max_shift"].tests if t.name == NAIVE)
    assert "is nan" in overflow.output and "overflow" in overflow.output


@pytest.mark.slow
def test_broken_submissions_explain_themselves(graded):
    def output(name, fn):
        return next(t.output for t in graded[name].tests if t.name == fn)

    assert "SyntaxError" in output("broken_syntax_error", "skipgram")
    assert "sys.exit(0)" in output("broken_sys_exit_at_import", "sigmoid")
    assert "sys.exit(1)" in output("broken_sys_exit_in_function", "skipgram")
    assert "status 3" in output("broken_os_exit_in_function", SAMPLES)
    assert "time limit of 3 s" in output("broken_infinite_loop", SAMPLES)
    assert "MemoryError" in output("broken_memory_hog", NAIVE)
    assert "is a str" in output("broken_wrong_return_type", "sigmoid")
    assert "returned a float; expected a tuple" in output("broken_wrong_return_type", "skipgram")
    assert "NotImplementedError" in output("starter_not_implemented", "skipgram")
    huge = output("broken_huge_output", "sigmoid")
    assert "It printed (first 4000 of " in huge and len(huge) < 6000


@pytest.mark.slow
def test_no_process_of_a_submission_outlives_its_grading(graded):
    import subprocess

    sleepers = subprocess.run(["pgrep", "-f", "^sleep 300$"], capture_output=True, text=True).stdout.split()
    assert sleepers == []


@pytest.mark.slow
def test_a_submission_that_deletes_files_harms_only_its_own_copy(class_folder, graded):
    assert (class_folder / "broken_deletes_files" / "word2vec.py").exists()
    assert (class_folder / "broken_deletes_files" / "notes.txt").exists()
    assert graded["broken_deletes_files"].score == graded["broken_deletes_files"].max_score


@pytest.mark.slow
def test_json_report_has_the_issues_shape(graded):
    data = json.loads(json_report([graded["naive_paper_layout"], graded["correct_older"]]))
    assert [set(d) for d in data] == [{"submission", "version", "score", "max_score", "tests"}] * 2
    assert all(set(t) == {"name", "status", "score", "max_score", "mistake", "output"} for d in data for t in d["tests"])
    assert data[0]["tests"][1]["mistake"] == "naive_softmax_outside_gradient_in_paper_layout"
    assert data[0]["score"] == 9 and data[1]["score"] == data[1]["max_score"] == 13


@pytest.mark.slow
def test_gradescope_results(graded):
    results = gradescope_results(graded["neg_repeats_dropped"])
    assert results["score"] == 9
    statuses = {t["name"]: t["status"] for t in results["tests"]}
    assert statuses[NEG] == "failed" and statuses["sigmoid"] == "passed"
    assert all({"name", "score", "max_score", "status", "output"} <= set(t) for t in results["tests"])


@pytest.mark.slow
def test_summary_is_self_contained_and_counts(graded):
    page = summary_html(list(graded.values()))
    assert "http://" not in page and "https://" not in page and "<script" not in page and "<link" not in page
    assert "<svg" in page and page.count("<rect") == 2 * (len(CURRENT) + len(OLDER))
    assert page.count("<tr><td>/") + page.count("<tr><td>") >= len(graded)
    for name in graded:
        assert f"/{name}/" in page
    # neg_sampling_repeats_dropped comes from two students (one per version)
    assert "<tr><td class=num>1</td><td>negSamplingCostAndGradient</td><td>neg_sampling_repeats_dropped</td></tr>" in page


# ---------------------------------------------------------------- fast tests, no batch of submissions

def test_correct_submission_through_the_command_line(tmp_path, capsys):
    gradescope, summary = tmp_path / "results.json", tmp_path / "report.html"
    assert main(["grade", str(BASES["current"]), "--gradescope", str(gradescope), "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert "(current version): 13 / 13" in out
    assert json.loads(gradescope.read_text())["score"] == 13
    assert "<svg" in summary.read_text()


def test_command_line_refuses_gradescope_for_two_submissions(capsys):
    assert main(["grade", str(BASES["current"]), str(BASES["older"]), "--gradescope", "x.json"]) == 2
    assert "exactly one SUBMISSION" in capsys.readouterr().err


def test_config_overrides_points_and_names_a_bad_key(tmp_path):
    good = tmp_path / "points.toml"
    good.write_text("[current]\nskipgram = 10\n")
    config = load_config(good)
    assert config.points["current"]["skipgram"] == 10 and config.points["current"]["sigmoid"] == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("[current]\nskipgrm = 10\n")
    with pytest.raises(ValueError, match="unknown key 'skipgrm'"):
        load_config(bad)
    result = grade_submission(BASES["current"], config)
    assert result.max_score == 13 - 3 + 10


def test_version_is_read_from_the_names():
    assert detect_version(Path("x.py"), BASES["older"].read_text()) == "older"
    assert detect_version(Path("q3_word2vec.py"), BASES["current"].read_text()) == "current"
    assert detect_version(Path("q3_word2vec.py"), "def broken(:\n") == "older"
    assert detect_version(Path("word2vec.py"), "def softmaxCostAndGradient(:\n") == "older"


def test_missing_submission_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        find_submissions([tmp_path / "nope.py"])
    with pytest.raises(ValueError, match="no word2vec.py or q3_word2vec.py"):
        find_submissions([tmp_path])


@pytest.mark.parametrize("version", VERSIONS)
def test_each_mistake_is_wrong_and_told_apart_from_the_others(version):
    """A mistake equal to the reference, or to another mistake, on every case could not be diagnosed."""
    for graded in graded_functions(version):
        reference = [a for a, _ in expected_answers(graded)]
        seen = []
        for mistake in graded.mistakes:
            answers = []
            for case in graded.cases:
                args, kwargs, _ = case.materialize()
                with np.errstate(all="ignore"):
                    answers.append(parts(mistake.function(*args, **kwargs), graded.kind))
            assert not _same(answers, reference), f"{mistake.name} agrees with {graded.name}'s reference"
            for other, theirs in seen:
                assert not _same(answers, theirs), f"{mistake.name} cannot be told from {other}"
            seen.append((mistake.name, answers))


def _same(a, b):
    from w2v_core.grade.compare import all_agree
    return all(all_agree(x, y) for x, y in zip(a, b))


def test_cases_have_d_different_from_vocabulary_size():
    for version in VERSIONS:
        for graded in graded_functions(version):
            for case in graded.cases:
                for arg in case.args:
                    if isinstance(arg, np.ndarray) and arg.ndim == 2 and graded.kind != "sigmoid":
                        assert arg.shape[0] != arg.shape[1]


def test_reference_sampling_order_is_the_courses():
    """The grader's expected negatives: redraw the outside word, keep repeats, in draw order."""
    case = Case("", [2, Draws((2, 4, 1, 2, 2, 0, 3, 4, 1, 0, 5)), 5])
    args, _, datasets = case.materialize()
    assert cs224n.getNegativeSamples(*args) == [4, 1, 0, 3, 4]
    assert datasets[0].calls == 8


def test_codec_round_trip_and_refusals():
    value = (1.5, np.array([[1.0, np.nan], [np.inf, -2.0]]), [1, 2], None, "x")
    back = codec.decode(json.loads(json.dumps(codec.encode(value))))
    assert back[0] == 1.5 and back[2] == [1, 2] and back[3] is None and back[4] == "x"
    np.testing.assert_array_equal(back[1], value[1])
    assert isinstance(codec.decode(codec.encode(object())), codec.Other)
    for junk in ({"t": "array", "shape": [3], "data": [1]}, {"t": "pickle"}, [1, 2], {"t": "float", "v": "1e3"}):
        with pytest.raises((ValueError, KeyError)):
            codec.decode(junk)


def test_difference_names_place_and_size():
    want = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    got = want.copy()
    got[2, 1] = 6.5
    assert difference(got, want, "g") == ("g differs most at row 2, column 1: expected 6, got 6.5 "
                                          "(difference 0.5, 8% of the largest expected entry; 1 of 6 entries differ)")
    assert difference(want.T, want, "g") == "g has shape (2, 3); expected (3, 2)"


def test_shims_gradcheck_and_helpers(tmp_path, capsys):
    shims = str(Path(__file__).parents[1] / "w2v_core" / "grade" / "shims")
    sys.path.insert(0, shims)
    try:
        from q2_sigmoid import sigmoid, sigmoid_grad
        from utils.gradcheck import gradcheck_naive
        from utils.utils import normalizeRows, softmax
    finally:
        sys.path.remove(shims)
    rng = np.random.default_rng(0)
    U = rng.normal(size=(5, 3))
    f = lambda v: cs224n.naiveSoftmaxLossAndGradient(v, 1, U, None)[:2]  # noqa: E731
    assert gradcheck_naive(f, rng.normal(size=3), "naive") is True
    wrong = lambda v: (f(v)[0], -f(v)[1])  # noqa: E731
    assert gradcheck_naive(wrong, rng.normal(size=3), "negated") is False
    assert "Gradient check failed for negated" in capsys.readouterr().out
    np.testing.assert_allclose(np.linalg.norm(normalizeRows(U), axis=1), 1.0)
    np.testing.assert_allclose(softmax(np.array([[1000.0, 1000.0]])), [[0.5, 0.5]])
    assert sigmoid_grad(sigmoid(0.0)) == 0.25


def test_a_file_the_grader_cannot_read_is_reported_not_raised(tmp_path, monkeypatch):
    import w2v_core.grade.grader as grader

    def unreadable(path, config=None):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(grader, "grade_submission", unreadable)
    (tmp_path / "word2vec.py").write_text(BASES["current"].read_text())
    [result] = grader.grade_paths([tmp_path])
    assert [t.status for t in result.tests] == ["error"] * len(CURRENT)
    assert "not graded" in result.tests[0].output and "Permission denied" in result.tests[0].output
