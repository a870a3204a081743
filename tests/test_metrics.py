import numpy as np
import pytest
import torch

from mmgen_helpers import metrics
from mmgen_helpers.metrics import accuracy, frechet_distance, precision_recall


def test_frechet_distance_of_known_gaussians():
    rng = np.random.default_rng(0)
    a = rng.normal(0, 1, (20000, 2))
    b = rng.normal(0, 2, (20000, 2)) + np.array([3.0, 0.0])
    # |mu|^2 + tr(I + 4I - 2*2I) = 9 + 2
    assert frechet_distance(a, b) == pytest.approx(11.0, rel=0.05)
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    assert frechet_distance(torch.from_numpy(a), torch.from_numpy(b)) == pytest.approx(frechet_distance(a, b))


def test_frechet_distance_agrees_with_the_matrix_square_root_and_survives_singular_covariances():
    import warnings

    from scipy import linalg

    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, (500, 6)) @ rng.normal(0, 1, (6, 6)), rng.normal(0.5, 1, (500, 6))
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    by_sqrtm = ((a.mean(0) - b.mean(0)) ** 2).sum() + np.trace(cov_a + cov_b - 2 * np.real(linalg.sqrtm(cov_a @ cov_b)))
    assert frechet_distance(a, b) == pytest.approx(by_sqrtm, rel=1e-6)
    flat = np.concatenate([a[:, :3], np.zeros((500, 3))], axis=1)  # three features that never vary
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        distance = frechet_distance(flat, b)
    assert np.isfinite(distance) and distance > 0
    assert frechet_distance(flat, flat) == pytest.approx(0.0, abs=1e-6)


def test_frechet_distance_rejects_bad_shapes():
    with pytest.raises(ValueError, match="feature sizes"):
        frechet_distance(np.zeros((5, 2)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"\(N, D\)"):
        frechet_distance(np.zeros(5), np.zeros(5))
    with pytest.raises(ValueError, match="N >= 2"):
        frechet_distance(np.zeros((1, 3)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="NaN"):
        frechet_distance(np.full((4, 2), np.nan), np.zeros((5, 2)))


def test_accuracy():
    assert accuracy(np.array([1, 2, 3]), np.array([1, 0, 3])) == pytest.approx(2 / 3)
    assert accuracy(torch.tensor([1, 1]), torch.tensor([1, 1])) == 1.0
    with pytest.raises(ValueError):
        accuracy(np.array([1, 2]), np.array([1]))


def test_bleu_matches_nltk_corpus_bleu():
    import random

    from nltk.translate.bleu_score import corpus_bleu

    from mmgen_helpers.metrics import bleu

    rng = random.Random(0)
    words = "a big small red blue circle square at the top left right in centre".split()
    references = [[[rng.choice(words) for _ in range(rng.randint(5, 9))] for _ in range(3)] for _ in range(40)]
    candidates = []
    for refs in references:  # mostly copies of a reference with a few edits, so every n-gram order matches somewhere
        c = list(refs[0])
        c[rng.randrange(len(c))] = rng.choice(words)
        candidates.append(c[: rng.randint(4, len(c))])
    for n in (1, 2, 4):
        weights = tuple([1 / n] * n)
        assert bleu(candidates, references, max_n=n) == pytest.approx(corpus_bleu(references, candidates, weights=weights), abs=1e-12)
    assert bleu([r[0] for r in references], references) == pytest.approx(1.0)


def test_bleu_and_distinct_reject_bad_input():
    from mmgen_helpers.metrics import bleu, distinct_n

    with pytest.raises(ValueError, match="as many"):
        bleu([["a"]], [])
    with pytest.raises(TypeError, match="token lists"):
        bleu(["a red circle"], [["a red circle"]])
    assert bleu([["x", "y"]], [[["a", "b"]]]) == 0.0
    assert distinct_n([["a", "b", "a", "b"]], 2) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        distinct_n([["a"]], 2)


def test_precision_and_recall_tell_fidelity_from_coverage():
    rng = np.random.default_rng(2)
    real = rng.normal(0, 1, (400, 2))
    assert precision_recall(real, rng.normal(0, 1, (400, 2))) == pytest.approx(
        {"precision": 1.0, "recall": 1.0}, abs=0.08)
    repeats = np.repeat(real[:5], 80, axis=0)  # five real points, each 80 times: faithful, narrow
    few = precision_recall(real, repeats)
    assert few["precision"] == 1.0 and few["recall"] < 0.1
    far = precision_recall(real, rng.normal(0, 1, (400, 2)) + 10)  # nowhere near the data
    assert far == {"precision": 0.0, "recall": 0.0}
    scattered = precision_recall(real, rng.normal(0, 4, (400, 2)))  # covers, mostly off the data
    assert scattered["recall"] > 0.8 and scattered["precision"] < 0.5
    assert precision_recall(torch.from_numpy(real), torch.from_numpy(repeats)) == few


def test_precision_and_recall_refuse_bad_input():
    points = np.zeros((10, 3))
    with pytest.raises(ValueError, match="feature sizes"):
        precision_recall(points, np.zeros((10, 2)))
    with pytest.raises(ValueError, match="more than k"):
        precision_recall(points, np.zeros((3, 3)))
    with pytest.raises(TypeError, match="positive int"):
        precision_recall(points, points, k=0)
    with pytest.raises(ValueError, match="NaN"):
        precision_recall(points, np.full((10, 3), np.nan))


def test_match_events_pairs_optimally_where_greedy_pairing_loses_a_hit():
    found, true = np.array([0.045, 0.100]), np.array([0.0, 0.080])
    # greedy: 0.045 takes its nearest, 0.080 (35 ms), leaving 0.100 nothing within 50 ms
    assert sorted(metrics.match_events(found, true)) == [(0, 0), (1, 1)]
    assert metrics.event_f1(found, true) == 1.0
    assert metrics.match_events(found, true, tolerance=0.01) == []
    # among equally many pairs, the smallest total distance
    assert sorted(metrics.match_events([0.10, 0.12], [0.11, 0.13])) == [(0, 0), (1, 1)]


def test_event_f1_counts_misses_and_extras():
    assert metrics.event_f1([0.0, 1.0, 2.0], [0.01, 1.02]) == pytest.approx(0.8)
    assert metrics.event_f1([], [0.5]) == 0.0 and metrics.event_f1([], []) == 0.0
    with pytest.raises(ValueError, match="1-D"):
        metrics.match_events(np.zeros((2, 2)), [0.1])
    with pytest.raises(ValueError, match="NaN"):
        metrics.event_f1([np.nan], [0.1])
    with pytest.raises(ValueError, match="tolerance"):
        metrics.match_events([0.1], [0.1], tolerance=0)
