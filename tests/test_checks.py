"""The shared argument checks."""

import numpy as np
import pytest
import torch

from mmgen_helpers.checks import check_array, check_number


def test_check_number_accepts_python_and_numpy_numbers():
    assert check_number("x", np.int64(3), low=0, integer=True) == 3
    assert check_number("x", np.float32(0.5), low=0, high=1) == 0.5
    assert check_number("x", 2, low=0, low_open=True) == 2.0


@pytest.mark.parametrize(("value", "kwargs", "error"), [
    (True, {}, TypeError), ("1", {}, TypeError), (None, {}, TypeError), (torch.tensor(1.0), {}, TypeError),
    (1.5, {"integer": True}, TypeError), (float("nan"), {}, ValueError), (float("inf"), {}, ValueError),
    (-1, {"low": 0}, ValueError), (0, {"low": 0, "low_open": True}, ValueError), (11, {"high": 10}, ValueError)])
def test_check_number_refuses(value, kwargs, error):
    with pytest.raises(error, match="x"):
        check_number("x", value, **kwargs)


def test_check_array_accepts_finite_real_arrays_and_tensors():
    assert check_array("a", np.zeros((2, 3)), ndim=2, min_size=6).shape == (2, 3)
    assert check_array("a", torch.arange(4), ndim=(1, 2)).shape == (4,)


@pytest.mark.parametrize(("value", "kwargs", "error"), [
    ([1, 2], {}, TypeError), (np.array(["a"]), {}, TypeError), (torch.zeros(2, dtype=torch.bool), {}, TypeError),
    (np.full(2, np.nan), {}, ValueError), (torch.full((2,), float("inf")), {}, ValueError),
    (np.zeros((2, 2)), {"ndim": 3}, ValueError), (np.zeros(0), {"min_size": 1}, ValueError)])
def test_check_array_refuses(value, kwargs, error):
    with pytest.raises(error, match="a "):
        check_array("a", value, **kwargs)
