"""The linear probe of Chapter 2: what a frozen representation makes linearly readable."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from torch import nn


def linear_probe(train_z: np.ndarray, train_y: np.ndarray, test_z: np.ndarray, test_y: np.ndarray) -> float:
    """Held-out accuracy of a logistic regression on standardised, frozen features."""
    train_z, test_z = np.asarray(train_z), np.asarray(test_z)
    if train_z.ndim != 2 or test_z.ndim != 2 or train_z.shape[1] != test_z.shape[1]:
        raise ValueError(f"features must be (N, D) arrays with the same D, got {train_z.shape} and {test_z.shape}")
    if len(train_z) != len(train_y) or len(test_z) != len(test_y):
        raise ValueError("every feature row needs exactly one label")
    if len(np.unique(train_y)) < 2:
        raise ValueError("a probe needs at least two classes in its training labels")
    probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=1.0))
    probe.fit(train_z, train_y)
    return float(probe.score(test_z, test_y))


@torch.no_grad()
def encode(encoder: nn.Module, data: torch.Tensor, batch_size: int = 500) -> np.ndarray:
    """Frozen features of a whole tensor, in batches, on the encoder's device; returned as NumPy."""
    if not isinstance(encoder, nn.Module):
        raise TypeError(f"encoder must be a torch module, got {type(encoder).__name__}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if not isinstance(data, torch.Tensor):
        raise TypeError(f"data must be a tensor, got {type(data).__name__}")
    if data.dim() < 2 or len(data) == 0:
        raise ValueError(f"data must be a non-empty batch (N, ...), got shape {tuple(data.shape)}")
    if data.is_floating_point() and not torch.isfinite(data).all():
        raise ValueError("data must not hold NaN or infinite values")
    encoder.eval()
    device = next(encoder.parameters(), torch.empty(0)).device  # a module without parameters: the CPU
    return torch.cat([encoder(data[i : i + batch_size].to(device)).cpu() for i in range(0, len(data), batch_size)]).numpy()
