"""Metrics shared by the chapters (more arrive with the chapters that teach them)."""

from __future__ import annotations

import numpy as np
import torch
from scipy import linalg


def _as_2d(features: np.ndarray | torch.Tensor, name: str) -> np.ndarray:
    array = features.detach().cpu().numpy() if isinstance(features, torch.Tensor) else np.asarray(features)
    if array.ndim != 2 or array.shape[0] < 2:
        raise ValueError(f"{name} must be a (N, D) array with N >= 2, got shape {array.shape}")
    return array.astype(np.float64)


def frechet_distance(features_a: np.ndarray | torch.Tensor, features_b: np.ndarray | torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (the FID formula).

    :math:`\\lVert\\mu_a-\\mu_b\\rVert^2 + \\operatorname{tr}(\\Sigma_a+\\Sigma_b-2(\\Sigma_a\\Sigma_b)^{1/2})`
    """
    a, b = _as_2d(features_a, "features_a"), _as_2d(features_b, "features_b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"feature sizes differ: {a.shape[1]} vs {b.shape[1]}")
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = linalg.sqrtm(cov_a @ cov_b)
    if not np.isfinite(root).all():  # nearly singular product: nudge the diagonals
        eps = np.eye(len(cov_a)) * 1e-6
        root = linalg.sqrtm((cov_a + eps) @ (cov_b + eps))
    root = np.real(root)
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * root))


def accuracy(predicted: np.ndarray | torch.Tensor, target: np.ndarray | torch.Tensor) -> float:
    """Share of equal entries (same shapes required)."""
    p = predicted.cpu().numpy() if isinstance(predicted, torch.Tensor) else np.asarray(predicted)
    t = target.cpu().numpy() if isinstance(target, torch.Tensor) else np.asarray(target)
    if p.shape != t.shape or p.size == 0:
        raise ValueError(f"predicted and target must have the same non-empty shape, got {p.shape} and {t.shape}")
    return float((p == t).mean())
