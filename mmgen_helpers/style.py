"""Style-transfer blocks taught in Chapter 7: photo loading, the painted style image, a frozen random-filter feature network, Gram matrices,
the objective's relative error and total variation, and the two measures of a stylised picture (patch SWD to the style, edge correlation with the content)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from skimage import color, draw, filters, transform
from torch import nn

from .checks import check_array, check_number

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# a night-sky palette: navy, cobalt, sky blue, yellow, cream, teal; and how often each is painted
NIGHT_PALETTE = np.array([(0.07, 0.10, 0.32), (0.13, 0.28, 0.66), (0.42, 0.62, 0.88),
                          (0.96, 0.82, 0.22), (0.97, 0.93, 0.72), (0.16, 0.47, 0.48)])
NIGHT_SHARES = np.array([0.30, 0.28, 0.14, 0.14, 0.06, 0.08])


def load_photo(image: np.ndarray, size: int) -> torch.Tensor:
    """A centre square crop, resized with anti-aliasing: (H, W, 3) uint8 -> (1, 3, size, size) float in [0, 1]."""
    if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] < 3:
        raise ValueError(f"expected an (H, W, 3) photo array, got {getattr(image, 'shape', type(image))}")
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    h, w = image.shape[:2]
    side = min(h, w)
    square = image[(h - side) // 2 : (h - side) // 2 + side, (w - side) // 2 : (w - side) // 2 + side, :3]
    resized = transform.resize(square, (size, size), anti_aliasing=True)
    return torch.tensor(resized, dtype=torch.float32).permute(2, 0, 1)[None].contiguous()


def painted_strokes(size: int = 128, seed: int = 0, strokes: int = 2600) -> np.ndarray:
    """A generated painting to take the style from: (size, size, 3) floats in [0, 1].

    Short, straight brush strokes in :data:`NIGHT_PALETTE` cover a navy canvas; each stroke lies
    across the radius of the nearest of four whirl centres, so the strokes swirl around them (a nod
    to Van Gogh's *Starry Night*). Painted at twice the size and downsampled, so edges are smooth.
    """
    check_number("size", size, low=8, high=2048, integer=True)
    check_number("strokes", strokes, low=1, high=100_000, integer=True)
    check_number("seed", seed, low=0, integer=True)
    rng, big = np.random.default_rng(seed), 2 * size
    canvas = np.empty((big, big, 3))
    canvas[:] = NIGHT_PALETTE[0]
    centres, spins = rng.uniform(0, big, (4, 2)), rng.choice([-1, 1], 4)
    for _ in range(strokes):
        y, x = rng.uniform(0, big, 2)
        nearest = int(np.argmin(((np.array([y, x]) - centres) ** 2).sum(1)))
        dy, dx = np.array([y, x]) - centres[nearest]
        angle = np.arctan2(dy, dx) + spins[nearest] * np.pi / 2 + rng.normal(0, 0.15)
        half_length, half_width = rng.uniform(9, 17) * big / 512, rng.uniform(2.5, 4) * big / 512
        along = np.array([np.sin(angle), np.cos(angle)]) * half_length
        across = np.array([np.cos(angle), -np.sin(angle)]) * half_width
        corners = np.array([-along - across, -along + across, along + across, along - across]) + (y, x)
        rows, cols = draw.polygon(corners[:, 0], corners[:, 1], (big, big))
        paint = NIGHT_PALETTE[rng.choice(len(NIGHT_PALETTE), p=NIGHT_SHARES)] * rng.uniform(0.85, 1.1)
        canvas[rows, cols] = np.clip(paint, 0, 1)
    return transform.resize(canvas, (size, size), anti_aliasing=True)


def random_feature_net(widths: tuple[int, ...] = (32, 64, 128, 128), seed: int = 0) -> nn.ModuleList:
    """Blocks of two 3x3 conv + ReLU with frozen random weights (PyTorch's default initialisation).

    The weights come from their own seed, so building the net leaves the caller's random stream alone.
    """
    if not isinstance(widths, (tuple, list)) or not widths or any(
            isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= 4096 for w in widths):
        raise ValueError(f"widths must be a non-empty tuple of ints from 1 to 4096, got {widths!r}")
    check_number("seed", seed, low=0, integer=True)
    blocks, channels = [], 3
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for width in widths:
            blocks.append(nn.Sequential(nn.Conv2d(channels, width, 3, padding=1), nn.ReLU(), nn.Conv2d(width, width, 3, padding=1), nn.ReLU()))
            channels = width
    return nn.ModuleList(blocks).requires_grad_(False)


def feature_maps(net: nn.ModuleList, images: torch.Tensor, pixels: bool = False) -> list[torch.Tensor]:
    """Each block's output for (B, 3, H, W) images in [0, 1]; 2x2 average pooling between blocks.

    With ``pixels=True`` the normalised pixels come first, as chapter 7's block 0, whose Gram
    matrix holds the colours' second moments.
    """
    if not isinstance(images, torch.Tensor) or images.ndim != 4 or images.shape[1] != 3:
        raise ValueError(f"expected images of shape (B, 3, H, W), got {getattr(images, 'shape', type(images))}")
    mean = torch.tensor(IMAGENET_MEAN, device=images.device)[:, None, None]
    std = torch.tensor(IMAGENET_STD, device=images.device)[:, None, None]
    x = (images - mean) / std
    out = [x] if pixels else []
    for i, block in enumerate(net):
        x = block(F.avg_pool2d(x, 2) if i else x)
        out.append(x)
    return out


def gram(feature_map: torch.Tensor) -> torch.Tensor:
    """(B, C, H, W) -> (B, C, C) channel correlations, averaged over positions: style without layout."""
    if not isinstance(feature_map, torch.Tensor) or feature_map.ndim != 4:
        raise ValueError(f"expected a feature map of shape (B, C, H, W), got {getattr(feature_map, 'shape', type(feature_map))}")
    b, c, h, w = feature_map.shape
    flat = feature_map.flatten(2)
    return flat @ flat.transpose(1, 2) / (c * h * w)


def _image_batch(image: torch.Tensor, name: str) -> None:
    if not isinstance(image, torch.Tensor) or image.ndim != 4 or image.shape[0] != 1 or image.shape[1] != 3:
        raise ValueError(f"{name} must be one image of shape (1, 3, H, W), got {getattr(image, 'shape', type(image))}")
    if not image.is_floating_point():
        raise TypeError(f"{name} must hold floating-point pixels, got {image.dtype}")
    if not torch.isfinite(image).all():
        raise ValueError(f"{name} holds NaN or inf")


def relative_error(value: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Squared error divided by the target's squared size: every term of the objective counts on one scale."""
    if not isinstance(value, torch.Tensor) or not isinstance(target, torch.Tensor):
        raise TypeError(f"expected two tensors, got {type(value).__name__} and {type(target).__name__}")
    try:
        matches = torch.broadcast_shapes(value.shape, target.shape) == value.shape
    except RuntimeError:
        matches = False
    if not matches:
        raise ValueError(f"value {tuple(value.shape)} and target {tuple(target.shape)} do not match")
    check_array("value", value)
    check_array("target", target)
    return ((value - target) ** 2).sum() / (target**2).sum().clamp_min(1e-12)


def total_variation(image: torch.Tensor) -> torch.Tensor:
    """Mean squared difference between vertical, then horizontal, neighbours of (..., H, W) pixels."""
    if not isinstance(image, torch.Tensor) or image.ndim < 2 or min(image.shape[-2:]) < 2:
        raise ValueError(f"expected pixels of shape (..., H, W) with H, W >= 2, got {getattr(image, 'shape', type(image))}")
    if not image.is_floating_point():
        raise TypeError(f"image must hold floating-point pixels, got {image.dtype}")
    check_array("image", image)
    return (((image[..., 1:, :] - image[..., :-1, :]) ** 2).mean()
            + ((image[..., 1:] - image[..., :-1]) ** 2).mean())


def _random_patches(image: torch.Tensor, seed: int, n: int, size: int) -> torch.Tensor:
    patches = F.unfold(image.detach().cpu().float(), size)[0].T  # every patch: (positions, 3 * size^2)
    return patches[torch.randint(len(patches), (n,), generator=torch.Generator().manual_seed(seed))]


def patch_swd(image: torch.Tensor, reference: torch.Tensor, seed: int = 0, directions: int = 128,
              n: int = 4000, size: int = 5) -> float:
    """Sliced Wasserstein distance between the two pictures' 5x5 colour patches (chapter 7).

    ``n`` random patches of each picture are projected on ``directions`` random unit directions; the
    sorted projections are compared. The same ``seed`` draws the same positions and directions, so
    scores of several pictures against one reference compare. Lower: the textures are more alike.
    """
    _image_batch(image, "image")
    _image_batch(reference, "reference")
    check_number("seed", seed, low=0, integer=True)
    check_number("directions", directions, low=1, high=100_000, integer=True)
    check_number("n", n, low=1, high=1_000_000, integer=True)
    check_number("size", size, low=1, integer=True)
    if size > min(*image.shape[-2:], *reference.shape[-2:]):
        raise ValueError(f"directions, n and size must be positive and size within the pictures, got {directions}, {n}, {size}")
    a = _random_patches(image, seed, n, size)
    b = _random_patches(reference, seed + 1, n, size)
    projections = torch.randn(a.shape[1], directions, generator=torch.Generator().manual_seed(seed + 2))
    projections /= projections.norm(dim=0)
    return ((a @ projections).sort(0).values - (b @ projections).sort(0).values).abs().mean().item()


def edge_correlation(image: torch.Tensor, content: torch.Tensor, smooth: float = 1.0) -> float:
    """Pearson correlation of the Sobel edge magnitudes of two pictures (chapter 7); 0 for a picture without edges."""
    _image_batch(image, "image")
    _image_batch(content, "content")
    if image.shape != content.shape:
        raise ValueError(f"image {tuple(image.shape)} and content {tuple(content.shape)} differ in size")
    check_number("smooth", smooth, low=0, high=max(image.shape[-2:]))
    grey = [filters.gaussian(color.rgb2gray(x[0].detach().permute(1, 2, 0).cpu().numpy()), smooth)
            for x in (image, content)]
    edges = [filters.sobel(g).ravel() for g in grey]
    if edges[0].std() < 1e-6 or edges[1].std() < 1e-6:
        return 0.0
    return float(np.corrcoef(*edges)[0, 1])
