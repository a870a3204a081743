import numpy as np
import pytest
import torch

from mmgen_helpers import models
from mmgen_helpers.metrics import bits_per_dim, dequantise


def test_vae_encoder_decoder_shapes_and_conditions():
    encoder, decoder = models.VAEEncoder(latent=4, condition=3, width=8), models.VAEDecoder(latent=4, condition=3, width=8)
    x, c = torch.rand(5, 3, 32, 32), torch.rand(5, 3)
    mu, log_var = encoder(x, c)
    assert mu.shape == log_var.shape == (5, 4)
    assert decoder(models.reparameterise(mu, log_var), c).shape == (5, 3, 32, 32)
    with pytest.raises(ValueError, match="condition"):
        encoder(x)
    with pytest.raises(ValueError, match="condition"):
        decoder(mu, c[:2])
    assert models.VAEEncoder(latent=4, width=8)(x)[0].shape == (5, 4)


def test_reparameterise_gradients_match_the_exact_ones():
    torch.manual_seed(0)
    mu, log_var = torch.tensor([[1.0]], requires_grad=True), torch.tensor([[0.0]], requires_grad=True)
    z = models.reparameterise(mu.expand(200_000, 1), log_var.expand(200_000, 1))
    z.pow(2).mean().backward()  # E[z^2] = mu^2 + exp(log_var)
    assert mu.grad.item() == pytest.approx(2.0, abs=0.02) and log_var.grad.item() == pytest.approx(1.0, abs=0.02)
    with pytest.raises(ValueError, match="same shape"):
        models.reparameterise(torch.zeros(2, 3), torch.zeros(2, 2))


def test_gaussian_kl_closed_form_and_zero_at_the_prior():
    mu, log_var = torch.tensor([[1.0, 0.0]]), torch.tensor([[np.log(0.25), 0.0]])
    expected = 0.5 * (1 + 0.25 - np.log(0.25) - 1)
    assert models.gaussian_kl(mu, log_var).item() == pytest.approx(expected)
    assert models.gaussian_kl(torch.zeros(3, 4), torch.zeros(3, 4)).abs().max() == 0
    samples = torch.randn(400_000) * 0.5 + 1  # Monte Carlo check: E_q[log q - log p]
    log_q = -0.5 * ((samples - 1) / 0.5) ** 2 - np.log(0.5)
    log_p = -0.5 * samples**2
    assert (log_q - log_p).mean().item() == pytest.approx(expected, abs=0.01)


def test_bits_per_dim_of_the_uniform_density_is_eight_and_dequantise_stays_in_its_bin():
    assert bits_per_dim(0.0, 3072) == pytest.approx(8.0)
    images = torch.randint(0, 256, (4, 3, 8, 8)).float() / 255
    y = dequantise(images)
    assert torch.equal(torch.floor(y * 256), torch.round(images * 255))
    with pytest.raises(ValueError):
        bits_per_dim(1.0, 0)
    with pytest.raises(TypeError):
        dequantise(torch.zeros(2, dtype=torch.long))
