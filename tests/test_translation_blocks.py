import math

import pytest
import torch

from mmgen_helpers import models
from mmgen_helpers.metrics import psnr


def test_additive_attention_weights_are_a_distribution_and_context_a_mixture():
    torch.manual_seed(0)
    attention = models.AdditiveAttention(query_dim=5, key_dim=3, hidden=8)
    query, keys = torch.randn(4, 5), torch.randn(4, 7, 3)
    context, weights = attention(query, keys)
    assert context.shape == (4, 3) and weights.shape == (4, 7)
    assert torch.allclose(weights.sum(1), torch.ones(4)) and (weights >= 0).all()
    assert torch.allclose(context, (weights[..., None] * keys).sum(1), atol=1e-6)
    again, _ = attention(query, keys, projected_keys=attention.project_keys(keys))
    assert torch.allclose(again, context)


def test_additive_attention_mask_zeroes_masked_keys():
    attention = models.AdditiveAttention(2, 2, 4)
    mask = torch.tensor([[True, False, True], [True, True, True]])
    _, weights = attention(torch.randn(2, 2), torch.randn(2, 3, 2), mask=mask)
    assert weights[0, 1] == 0 and torch.allclose(weights.sum(1), torch.ones(2))
    with pytest.raises(ValueError, match="mask"):
        attention(torch.randn(2, 2), torch.randn(2, 3, 2), mask=mask.float())
    with pytest.raises(ValueError, match="keys"):
        attention(torch.randn(2, 2), torch.randn(2, 2))


def test_attention_can_learn_to_pick_the_key_the_query_names():
    """Queries are one-hot positions; the target is the key at that position: only attention can solve it."""
    torch.manual_seed(0)
    attention = models.AdditiveAttention(query_dim=6, key_dim=8, hidden=16)
    optimizer = torch.optim.Adam(attention.parameters(), 1e-2)
    for _ in range(300):
        keys = torch.cat([torch.randn(64, 6, 2), torch.eye(6).expand(64, 6, 6)], 2)  # content + position code
        where = torch.randint(0, 6, (64,))
        context, _ = attention(torch.eye(6)[where], keys)
        loss = (context[:, :2] - keys[torch.arange(64), where, :2]).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.05


def test_unet_keeps_the_size_and_rejects_bad_input():
    net = models.UNet(12, 3, width=8)
    assert net(torch.rand(2, 12, 32, 32)).shape == (2, 3, 32, 32)
    assert net(torch.rand(1, 12, 16, 24)).shape == (1, 3, 16, 24)
    with pytest.raises(ValueError, match="multiples of 8"):
        net(torch.rand(1, 12, 20, 32))
    with pytest.raises(ValueError, match="12"):
        net(torch.rand(1, 3, 32, 32))


def test_unet_skip_connections_let_it_copy_its_input_quickly():
    """White noise has no structure a bottleneck could compress: only the skips can pass it through.
    The best constant guess (0.5) has a mean absolute error of 0.25; the U-Net must halve it."""
    torch.manual_seed(0)
    net = models.UNet(3, 3, width=8)
    optimizer = torch.optim.Adam(net.parameters(), 3e-3)
    for _ in range(150):
        x = torch.rand(16, 3, 16, 16)
        loss = (net(x) - x).abs().mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.125


def test_psnr_matches_the_definition():
    target = torch.zeros(2, 3, 4, 4)
    prediction = target.clone()
    prediction[0] += 0.1  # MSE 0.01 -> 20 dB
    prediction[1] += 0.5  # MSE 0.25 -> 6.02 dB
    assert psnr(prediction, target).tolist() == pytest.approx([20.0, 10 * math.log10(4)], abs=1e-4)
    assert psnr(target, target)[0].item() == pytest.approx(100.0)
    assert psnr(prediction * 255, target * 255, peak=255).tolist() == pytest.approx([20.0, 6.0206], abs=1e-3)
    with pytest.raises(ValueError, match="same shape"):
        psnr(prediction, target[:1])
    with pytest.raises(TypeError):
        psnr(prediction.numpy(), target)
