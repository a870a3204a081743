import numpy as np
import pytest
import torch

from mmgen_helpers.probe import encode, linear_probe


def test_probe_reads_linear_information_only():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(600, 5))
    linear = (z[:, 0] > 0).astype(int)
    xor = ((z[:, 1] > 0) ^ (z[:, 2] > 0)).astype(int)
    assert linear_probe(z[:400], linear[:400], z[400:], linear[400:]) > 0.95
    assert linear_probe(z[:400], xor[:400], z[400:], xor[400:]) < 0.65


def test_probe_rejects_bad_input():
    z = np.zeros((10, 3))
    with pytest.raises(ValueError, match="same D"):
        linear_probe(z, np.arange(10) % 2, np.zeros((10, 4)), np.arange(10) % 2)
    with pytest.raises(ValueError, match="one label"):
        linear_probe(z, np.arange(9) % 2, z, np.arange(10) % 2)
    with pytest.raises(ValueError, match="two classes"):
        linear_probe(z, np.zeros(10), z, np.zeros(10))


def test_encode_batches_and_matches_direct_call():
    encoder = torch.nn.Linear(4, 2)
    data = torch.randn(23, 4)
    np.testing.assert_allclose(encode(encoder, data, batch_size=5), encoder(data).detach().numpy(), atol=1e-6)
    with pytest.raises(ValueError):
        encode(encoder, data, batch_size=0)
