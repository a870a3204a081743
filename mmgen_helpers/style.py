"""Style-transfer blocks taught in Chapter 7: photo loading, a frozen random-filter feature network, Gram matrices."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from skimage import transform
from torch import nn

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


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


def random_feature_net(widths: tuple[int, ...] = (32, 64, 128, 128), seed: int = 0) -> nn.ModuleList:
    """Blocks of two 3x3 conv + ReLU with frozen random weights (PyTorch's default initialisation).

    The weights come from their own seed, so building the net leaves the caller's random stream alone.
    """
    if not widths or any(not isinstance(w, int) or w < 1 for w in widths):
        raise ValueError(f"widths must be a non-empty tuple of positive ints, got {widths!r}")
    blocks, channels = [], 3
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for width in widths:
            blocks.append(nn.Sequential(nn.Conv2d(channels, width, 3, padding=1), nn.ReLU(), nn.Conv2d(width, width, 3, padding=1), nn.ReLU()))
            channels = width
    return nn.ModuleList(blocks).requires_grad_(False)


def feature_maps(net: nn.ModuleList, images: torch.Tensor) -> list[torch.Tensor]:
    """Each block's output for (B, 3, H, W) images in [0, 1]; 2x2 average pooling between blocks."""
    if not isinstance(images, torch.Tensor) or images.ndim != 4 or images.shape[1] != 3:
        raise ValueError(f"expected images of shape (B, 3, H, W), got {getattr(images, 'shape', type(images))}")
    mean = torch.tensor(IMAGENET_MEAN, device=images.device)[:, None, None]
    std = torch.tensor(IMAGENET_STD, device=images.device)[:, None, None]
    x, out = (images - mean) / std, []
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
