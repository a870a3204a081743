"""The style-transfer blocks of Chapter 7."""

import numpy as np
import pytest
import torch

from mmgen_helpers.style import feature_maps, gram, load_photo, random_feature_net


def test_random_net_is_seeded_frozen_and_leaves_the_global_stream_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    a, b, c = random_feature_net(seed=0), random_feature_net(seed=0), random_feature_net(seed=1)
    assert torch.equal(torch.rand(3), expected)
    assert torch.equal(a[0][0].weight, b[0][0].weight) and not torch.equal(a[0][0].weight, c[0][0].weight)
    assert not any(p.requires_grad for p in a.parameters())


def test_feature_maps_halve_the_size_per_block():
    maps = feature_maps(random_feature_net((8, 16, 16)), torch.rand(2, 3, 32, 32))
    assert [tuple(m.shape) for m in maps] == [(2, 8, 32, 32), (2, 16, 16, 16), (2, 16, 8, 8)]
    with pytest.raises(ValueError, match="B, 3, H, W"):
        feature_maps(random_feature_net(), torch.rand(3, 32, 32))
    with pytest.raises(ValueError, match="widths"):
        random_feature_net(())


def test_gram_is_symmetric_and_forgets_layout():
    maps = torch.rand(2, 4, 6, 6)
    g = gram(maps)
    assert g.shape == (2, 4, 4) and torch.allclose(g, g.transpose(1, 2))
    assert torch.allclose(g[0, 1, 2], (maps[0, 1] * maps[0, 2]).mean() / 4)
    shuffled = maps.flatten(2)[..., torch.randperm(36)].view_as(maps)  # same pixels, other places
    assert torch.allclose(gram(shuffled), g, atol=1e-6)
    assert not torch.allclose(gram(maps * torch.linspace(0, 1, 6)), g)
    with pytest.raises(ValueError, match="B, C, H, W"):
        gram(torch.rand(4, 6, 6))


def test_load_photo_crops_the_centre_square():
    photo = np.zeros((40, 80, 3), np.uint8)
    photo[:, 20:60] = 255  # the centre 40x40 square is white, the sides black
    loaded = load_photo(photo, 16)
    assert loaded.shape == (1, 3, 16, 16) and loaded.dtype == torch.float32
    assert torch.allclose(loaded, torch.ones_like(loaded))
    with pytest.raises(ValueError, match="H, W, 3"):
        load_photo(np.zeros((40, 80)), 16)
    with pytest.raises(ValueError, match="size"):
        load_photo(photo, 0)
