"""The style-transfer blocks of Chapter 7."""

import numpy as np
import pytest
import torch

from mmgen_helpers import style
from mmgen_helpers.style import NIGHT_PALETTE, feature_maps, gram, load_photo, painted_strokes, random_feature_net


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
    images = torch.rand(2, 3, 32, 32)
    with_pixels = feature_maps(random_feature_net((8, 16, 16)), images, pixels=True)
    assert len(with_pixels) == 4 and with_pixels[0].shape == images.shape  # block 0: the pixels


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


def test_painted_strokes_is_seeded_and_uses_the_palette_everywhere():
    painting = painted_strokes(64, seed=3)
    assert painting.shape == (64, 64, 3) and 0 <= painting.min() and painting.max() <= 1
    assert np.array_equal(painting, painted_strokes(64, seed=3))
    assert not np.array_equal(painting, painted_strokes(64, seed=4))
    # most pixels are near a palette colour (the rest: shaded strokes and anti-aliased edges)
    nearest = np.linalg.norm(painting[:, :, None] - NIGHT_PALETTE, axis=-1).min(-1)
    assert np.median(nearest) < 0.2
    # strokes cover the canvas: no quarter is plain background
    navy = np.linalg.norm(painting - NIGHT_PALETTE[0], axis=-1) < 0.05
    assert all(navy[r : r + 32, c : c + 32].mean() < 0.8 for r in (0, 32) for c in (0, 32))
    with pytest.raises(ValueError, match="size"):
        painted_strokes(4)
    with pytest.raises(ValueError, match="strokes"):
        painted_strokes(64, strokes=0)


def test_relative_error_is_scale_free_and_zero_at_the_target():
    target = torch.rand(2, 4, 4) + 0.5
    assert style.relative_error(target, target).item() == 0
    assert torch.isclose(style.relative_error(2 * target, target), torch.tensor(1.0))
    assert torch.isclose(style.relative_error(20 * target, 10 * target), torch.tensor(1.0))
    with pytest.raises(ValueError, match="do not match"):
        style.relative_error(torch.zeros(2, 3), torch.zeros(2, 4))


def test_total_variation_is_zero_for_flat_pictures_and_counts_steps():
    assert style.total_variation(torch.full((1, 3, 8, 8), 0.4)).item() == 0
    stripes = torch.zeros(1, 1, 4, 4)
    stripes[..., ::2] = 1.0  # every horizontal neighbour differs by one, no vertical one
    assert style.total_variation(stripes).item() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="H, W >= 2"):
        style.total_variation(torch.zeros(3, 1))


def test_patch_swd_is_zero_for_a_picture_against_itself_and_ranks_textures():
    generator = torch.Generator().manual_seed(0)
    noise = torch.rand(1, 3, 32, 32, generator=generator)
    flat = torch.full((1, 3, 32, 32), 0.5)
    darker = 0.8 * noise
    assert style.patch_swd(flat, flat) == pytest.approx(0.0, abs=1e-6)
    assert style.patch_swd(darker, noise) < style.patch_swd(flat, noise)
    assert style.patch_swd(noise, flat, seed=3) == style.patch_swd(noise, flat, seed=3)
    with pytest.raises(ValueError, match=r"\(1, 3, H, W\)"):
        style.patch_swd(torch.zeros(3, 32, 32), flat)


def test_edge_correlation_keeps_outlines_and_ignores_colour():
    square = torch.zeros(1, 3, 32, 32)
    square[..., 8:24, 8:24] = 1.0
    recoloured = square * torch.tensor([0.2, 0.9, 0.4])[None, :, None, None]
    moved = torch.roll(square, 8, dims=-1)
    assert style.edge_correlation(square, square) == pytest.approx(1.0)
    assert style.edge_correlation(recoloured, square) > 0.99
    assert style.edge_correlation(moved, square) < 0.5
    assert style.edge_correlation(torch.zeros_like(square), square) == 0.0
    with pytest.raises(ValueError, match="differ in size"):
        style.edge_correlation(square, torch.zeros(1, 3, 16, 16))
