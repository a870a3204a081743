"""Metrics shared by the chapters: Fréchet distance, precision and recall, accuracy, BLEU, n-gram diversity, bits per dimension, PSNR, and the optimal pairing of events in time (onset F1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from .checks import check_array, check_number


def _as_2d(features: np.ndarray | torch.Tensor, name: str) -> np.ndarray:
    array = features.detach().cpu().numpy() if isinstance(features, torch.Tensor) else np.asarray(features)
    if array.ndim != 2 or array.shape[0] < 2:
        raise ValueError(f"{name} must be a (N, D) array with N >= 2, got shape {array.shape}")
    return array.astype(np.float64)


def _feature_pair(
    features_a: np.ndarray | torch.Tensor, features_b: np.ndarray | torch.Tensor, name_a: str, name_b: str
) -> tuple[np.ndarray, np.ndarray]:
    """Two (N, D) float64 feature sets with the same D and finite values (ValueError otherwise)."""
    a, b = _as_2d(features_a, name_a), _as_2d(features_b, name_b)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"feature sizes differ: {a.shape[1]} vs {b.shape[1]}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("features contain NaN or inf")
    return a, b


def frechet_distance(features_a: np.ndarray | torch.Tensor, features_b: np.ndarray | torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (the FID formula).

    :math:`\\lVert\\mu_a-\\mu_b\\rVert^2 + \\operatorname{tr}(\\Sigma_a+\\Sigma_b-2(\\Sigma_a\\Sigma_b)^{1/2})`

    The trace of the matrix square root is taken from the eigenvalues of the symmetric matrix
    :math:`\\Sigma_a^{1/2}\\Sigma_b\\Sigma_a^{1/2}`, which has the same eigenvalues as
    :math:`\\Sigma_a\\Sigma_b`: exact also when a covariance is singular (a generator whose features
    never vary in some direction), where a general matrix square root is ill-conditioned.
    """
    a, b = _feature_pair(features_a, features_b, "features_a", "features_b")
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    values, vectors = np.linalg.eigh(cov_a)
    root_a = (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
    middle = root_a @ cov_b @ root_a
    trace_root = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2 * trace_root)


def precision_recall(
    real_features: np.ndarray | torch.Tensor, generated_features: np.ndarray | torch.Tensor, k: int = 3
) -> dict[str, float]:
    """Precision (fidelity) and recall (coverage) of a generated set, after Kynkäänniemi et al. (2019).

    Each set's support is estimated as the union of balls around its points, each ball reaching to the
    point's ``k``-th nearest neighbour in its own set. **Precision** is the share of generated points
    inside the real support (do the samples look real?); **recall** the share of real points inside
    the generated support (does the generator cover the data?). A generator that repeats a few good
    pictures has high precision and low recall; one that scatters everywhere, the opposite. Returns
    ``{"precision": p, "recall": r}``.
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise TypeError(f"k must be a positive int, got {k!r}")
    real, generated = _feature_pair(real_features, generated_features, "real_features", "generated_features")
    if min(len(real), len(generated)) <= k:
        raise ValueError(f"each set needs more than k = {k} points, got {len(real)} and {len(generated)}")

    def distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        squared = (a**2).sum(1)[:, None] + (b**2).sum(1)[None] - 2 * a @ b.T
        return np.sqrt(np.clip(squared, 0, None))

    def radii(points: np.ndarray) -> np.ndarray:  # distance to the k-th neighbour, not counting itself
        return np.sort(distances(points, points), axis=1)[:, k]

    across = distances(generated, real)  # (N_generated, N_real)
    precision = (across <= radii(real)[None]).any(1).mean()
    recall = (across.T <= radii(generated)[None]).any(1).mean()
    return {"precision": float(precision), "recall": float(recall)}


def accuracy(predicted: np.ndarray | torch.Tensor, target: np.ndarray | torch.Tensor) -> float:
    """Share of equal entries (same shapes required)."""
    p = predicted.cpu().numpy() if isinstance(predicted, torch.Tensor) else np.asarray(predicted)
    t = target.cpu().numpy() if isinstance(target, torch.Tensor) else np.asarray(target)
    if p.shape != t.shape or p.size == 0:
        raise ValueError(f"predicted and target must have the same non-empty shape, got {p.shape} and {t.shape}")
    return float((p == t).mean())


def _ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidates: Sequence[Sequence[str]], references: Sequence[Sequence[Sequence[str]]], max_n: int = 4) -> float:
    """Corpus BLEU (Papineni et al. 2002): geometric mean of clipped n-gram precisions times a brevity penalty.

    ``candidates[i]`` is a token list; ``references[i]`` a list of token lists for the same item.
    Counts are pooled over the corpus before dividing (as ``nltk``'s ``corpus_bleu``, without smoothing);
    the brevity penalty uses, per item, the reference length closest to the candidate's.
    """
    if isinstance(candidates, str) or len(candidates) != len(references) or not candidates:
        raise ValueError(f"need as many reference lists as candidates (non-empty), got {len(candidates)} and {len(references)}")
    if isinstance(max_n, bool) or not isinstance(max_n, int) or not 1 <= max_n <= 4:
        raise ValueError(f"max_n must be an int in 1..4, got {max_n!r}")
    matched, total = np.zeros(max_n), np.zeros(max_n)
    candidate_length = reference_length = 0
    for candidate, refs in zip(candidates, references):
        if isinstance(candidate, str) or not refs or any(isinstance(r, str) for r in refs):
            raise TypeError("candidates and references must be token lists (use text.tokenize), not strings")
        for n in range(1, max_n + 1):
            counts = _ngrams(candidate, n)
            best: Counter = Counter()
            for ref in refs:
                best |= _ngrams(ref, n)
            matched[n - 1] += sum(min(c, best[g]) for g, c in counts.items())
            total[n - 1] += max(len(candidate) - n + 1, 0)
        candidate_length += len(candidate)
        reference_length += min((abs(len(r) - len(candidate)), len(r)) for r in refs)[1]
    if (matched == 0).any():
        return 0.0
    log_precision = np.log(matched / total).mean()
    brevity = 1.0 if candidate_length > reference_length else np.exp(1 - reference_length / max(candidate_length, 1))
    return float(brevity * np.exp(log_precision))


def distinct_n(texts: Sequence[Sequence[str]], n: int = 2) -> float:
    """Diversity: distinct n-grams over all n-grams in a set of token lists (Li et al. 2016)."""
    check_number("n", n, low=1, high=1000, integer=True)
    if isinstance(texts, str) or not all(isinstance(t, (list, tuple)) for t in texts):
        raise TypeError("texts must be a list of token lists (use text.tokenize), not strings")
    grams = [g for t in texts for g in zip(*(t[i:] for i in range(n)))]
    if not grams:
        raise ValueError(f"no {n}-grams in the texts")
    return len(set(grams)) / len(grams)


def dequantise(images: torch.Tensor) -> torch.Tensor:
    """8-bit images in [0, 1] -> values jittered uniformly inside their 1/256 bin (Theis et al. 2016)."""
    if not isinstance(images, torch.Tensor) or not images.is_floating_point():
        raise TypeError("images must be a floating-point tensor with values in [0, 1]")
    if images.numel() and (not torch.isfinite(images).all() or images.min() < 0 or images.max() > 1):
        raise ValueError("images must hold values in [0, 1]")
    return (torch.round(images * 255) + torch.rand_like(images)) / 256


def bits_per_dim(negative_log_density: torch.Tensor | float, dims: int) -> torch.Tensor | float:
    """Negative log-density (nats per example) of dequantised 8-bit data -> bits per dimension.

    A density on [0, 1) for the dequantised values bounds the discrete probability:
    log P(k) >= E_u[log p((k + u) / 256)] - log 256 per dimension, so the bound is
    (nll + dims * log 256) / (dims * log 2). A uniform density gives exactly 8.
    """
    check_number("dims", dims, low=1, integer=True)
    if isinstance(negative_log_density, torch.Tensor):
        check_array("negative_log_density", negative_log_density)
    else:
        check_number("negative_log_density", negative_log_density)
    return (negative_log_density + dims * np.log(256)) / (dims * np.log(2))


def psnr(prediction: torch.Tensor, target: torch.Tensor, peak: float = 1.0) -> torch.Tensor:
    """Peak signal-to-noise ratio in dB of each image, 10 log10(peak^2 / MSE): (B, ...) x2 -> (B,).

    Average the result over a test set (a mean of per-image dB, as is usual); an exact copy is
    capped at 100 dB instead of infinity.
    """
    if not isinstance(prediction, torch.Tensor) or not isinstance(target, torch.Tensor):
        raise TypeError("psnr expects two tensors")
    if prediction.shape != target.shape or prediction.dim() < 2:
        raise ValueError(f"psnr expects two batches (B, ...) of the same shape, got {tuple(prediction.shape)} and {tuple(target.shape)}")
    peak = check_number("peak", peak, low=0, high=1e6, low_open=True)
    check_array("prediction", prediction)
    check_array("target", target)
    mse = (prediction.float() - target.float()).pow(2).flatten(1).mean(1)
    return 10 * torch.log10(peak**2 / mse.clamp_min(peak**2 * 1e-10))


def _event_times(times: np.ndarray | Sequence[float], name: str) -> np.ndarray:
    if isinstance(times, (str, bytes, dict)) or times is None or isinstance(times, torch.Tensor) and times.dim() != 1:
        raise TypeError(f"{name} must be a 1-D sequence of times in seconds, got {type(times).__name__}")
    times = np.asarray(times, dtype=float)
    if times.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of times, got shape {times.shape}")
    if not np.isfinite(times).all():
        raise ValueError(f"{name} holds NaN or inf")
    return times


def match_events(found: np.ndarray | Sequence[float], true: np.ndarray | Sequence[float],
                 tolerance: float = 0.05) -> list[tuple[int, int]]:
    """Pairs (i_found, j_true) of events at most ``tolerance`` apart, each event in one pair at most.

    Chapter 8's optimal pairing: as many pairs as possible (as many as mir_eval's maximum matching
    finds), and among those the smallest total distance, by the Hungarian algorithm: a pair out of
    tolerance costs more than all the others together.
    """
    found, true = _event_times(found, "found"), _event_times(true, "true")
    check_number("tolerance", tolerance, low=0, low_open=True)
    if len(found) == 0 or len(true) == 0:
        return []
    distance = np.abs(found[:, None] - true[None, :])
    rows, columns = linear_sum_assignment(np.where(distance <= tolerance, distance, 1e6 + distance))
    return [(int(i), int(j)) for i, j in zip(rows, columns) if distance[i, j] <= tolerance]


def event_f1(found: np.ndarray | Sequence[float], true: np.ndarray | Sequence[float], tolerance: float = 0.05) -> float:
    """F1 of found events against true ones: 2 * pairs / (found + true), pairs from :func:`match_events`."""
    pairs = match_events(found, true, tolerance)
    total = len(_event_times(found, "found")) + len(_event_times(true, "true"))
    return 2 * len(pairs) / total if total else 0.0
