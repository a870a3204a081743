"""``torch.utils.data.Dataset`` wrappers over the synthetic world."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import Dataset

from . import world

MODALITIES = ("image", "caption", "audio", "video")


class WorldDataset(Dataset):
    """Scenes of one split rendered once, up front, in the modalities asked for.

    Each item is a dict with the requested modalities (``image`` (3, H, W), ``caption`` str,
    ``audio`` (T,), ``video`` (F, 3, H, W) with ``soundtrack`` (T',)) and the attribute targets
    ``shape``, ``colour``, ``size``, ``cell``: (3,) longs, -1 for absent objects.
    """

    def __init__(
        self,
        n: int,
        split: str = "train",
        seed: int = 0,
        modalities: Sequence[str] = ("image", "caption"),
        n_objects: int | tuple[int, int] = (1, world.MAX_OBJECTS),
        image_size: int = 32,
        hold_out: bool = False,
        paraphrase: bool = False,
        audio_noise: float = 0.0,
        n_frames: int = 16,
        fps: float = 16.0,
        soundtrack: str = "impacts",
    ):
        if isinstance(modalities, str):
            modalities = (modalities,)
        unknown = set(modalities) - set(MODALITIES)
        if unknown or not modalities:
            raise ValueError(f"modalities must be a non-empty subset of {MODALITIES}, got {list(modalities)}")
        self.scenes = world.sample_scenes(n, seed=seed, split=split, n_objects=n_objects, hold_out=hold_out)
        self.modalities = tuple(modalities)
        self.data: dict[str, object] = {}
        if "image" in modalities:
            self.data["image"] = torch.from_numpy(world.render_images(self.scenes, image_size))
        if "caption" in modalities:
            self.data["caption"] = world.render_captions(self.scenes, paraphrase=paraphrase, seed=seed)
        if "audio" in modalities:
            self.data["audio"] = torch.from_numpy(world.render_audio(self.scenes, noise=audio_noise, seed=seed))
        if "video" in modalities:
            clips = world.render_video(self.scenes, n_frames, fps, image_size, soundtrack)
            self.data["video"] = torch.from_numpy(clips.frames)
            self.data["soundtrack"] = torch.from_numpy(clips.audio)
            self.clips = clips
        for name in ("shape", "colour", "size", "cell"):
            self.data[name] = torch.from_numpy(getattr(self.scenes, name))

    def __len__(self) -> int:
        return len(self.scenes)

    def __getitem__(self, index: int) -> dict[str, object]:
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} out of range for {len(self)} items")
        return {name: values[index] for name, values in self.data.items()}


def cell_targets(scenes: world.Scenes) -> dict[str, np.ndarray]:
    """Per-cell targets of a 3x3 grid: ``shape`` (N, 9) with 0 = empty and 1 + shape index,
    ``colour`` and ``size`` (N, 9) with -1 for empty cells."""
    if not isinstance(scenes, world.Scenes):
        raise TypeError(f"cell_targets expects Scenes, got {type(scenes).__name__}")
    n = len(scenes)
    out = {"shape": np.zeros((n, 9), np.int64), "colour": np.full((n, 9), -1, np.int64), "size": np.full((n, 9), -1, np.int64)}
    rows, slots = np.nonzero(scenes.present)
    cells = scenes.cell[rows, slots]
    out["shape"][rows, cells] = scenes.shape[rows, slots] + 1
    out["colour"][rows, cells] = scenes.colour[rows, slots]
    out["size"][rows, cells] = scenes.size[rows, slots]
    return out


LABEL_ATTRIBUTES = {"shape": world.SHAPES, "colour": world.COLOURS, "size": world.SIZES, "cell": world.POSITIONS}
"""The four attributes of an object label, in column order, with the values each index names."""


def object_labels(scenes: world.Scenes) -> torch.Tensor:
    """Each scene's first object as a label vector: (N, 4) int64, columns shape, colour, size, cell.

    The conditional generators of chapters 4, 5 and 10 take these (their single-object scenes
    have exactly one object, the first).
    """
    if not isinstance(scenes, world.Scenes):
        raise TypeError(f"expected world.Scenes, got {type(scenes).__name__}")
    columns = [getattr(scenes, name)[:, 0] for name in LABEL_ATTRIBUTES]
    return torch.from_numpy(np.stack(columns, 1).astype(np.int64)).reshape(len(scenes), len(LABEL_ATTRIBUTES))


def one_hot_labels(labels: torch.Tensor) -> torch.Tensor:
    """(N, 4) object labels -> (N, 21) float: the one-hot shape (4), colour (6), size (2) and cell (9)."""
    if not isinstance(labels, torch.Tensor) or labels.dim() != 2 or labels.shape[1] != len(LABEL_ATTRIBUTES):
        got = tuple(labels.shape) if isinstance(labels, torch.Tensor) else type(labels).__name__
        raise ValueError(f"expected an (N, {len(LABEL_ATTRIBUTES)}) tensor of object labels, got {got}")
    if labels.dtype != torch.int64:
        raise TypeError(f"object labels must be int64 indices, got {labels.dtype}")
    sizes = [len(values) for values in LABEL_ATTRIBUTES.values()]
    if ((labels < 0) | (labels >= torch.tensor(sizes, device=labels.device))).any():
        raise ValueError(f"label indices out of range; each column must lie in [0, n) for n = {sizes}")
    return torch.cat([F.one_hot(labels[:, i], n) for i, n in enumerate(sizes)], 1).float()
