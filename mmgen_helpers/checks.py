"""Argument checks shared by the helpers: refuse bad input early, with a message that says what was expected."""

from __future__ import annotations

import math

import numpy as np
import torch


def check_number(name: str, value: object, *, low: float | None = None, high: float | None = None,
                 integer: bool = False, low_open: bool = False) -> float:
    """``value`` as a Python number, if it is a finite real number (an int when ``integer``) within
    [``low``, ``high``] (``low`` excluded when ``low_open``); else ``TypeError``/``ValueError``."""
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kinds):
        expected = "an int" if integer else "a real number"
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    number = int(value) if integer else float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (number < low or (low_open and number == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and number > high:
        raise ValueError(f"{name} must be <= {high}, got {value!r}")
    return number


def check_array(name: str, value: object, *, ndim: int | tuple[int, ...] | None = None,
                min_size: int = 0) -> np.ndarray | torch.Tensor:
    """``value`` if it is a numpy array or torch tensor of real numbers, finite, with ``ndim``
    dimensions (one of them, for a tuple) and at least ``min_size`` elements."""
    if isinstance(value, torch.Tensor):
        real = value.dtype.is_floating_point or not (value.dtype.is_complex or value.dtype == torch.bool)
        finite = bool(torch.isfinite(value).all()) if value.dtype.is_floating_point else True
    elif isinstance(value, np.ndarray):
        real = np.issubdtype(value.dtype, np.integer) or np.issubdtype(value.dtype, np.floating)
        finite = bool(np.isfinite(value).all()) if real else False
    else:
        raise TypeError(f"{name} must be a numpy array or a torch tensor, got {type(value).__name__}")
    if not real:
        raise TypeError(f"{name} must hold real numbers, got dtype {value.dtype}")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and value.ndim not in allowed:
        raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimensions, got shape {tuple(value.shape)}")
    size = value.size if isinstance(value, np.ndarray) else value.numel()
    if size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} values, got shape {tuple(value.shape)}")
    if not finite:
        raise ValueError(f"{name} must not hold NaN or infinite values")
    return value
