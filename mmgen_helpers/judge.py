"""The judge: an attribute classifier for world images that scores what generators draw.

It looks at a 32x32 image and, for each cell of the 3x3 grid, says whether the cell is empty
or which shape is there, and the colour and size of that object. Its pooled features give a
Fréchet distance between two sets of images (the world's analogue of FID). Trained in under half a
minute on a 2-core CPU. The package ships the default judge as a small checkpoint
(``checkpoints/judge-v1-steps300-seed0.pt``, made by ``scripts/make_judge.py`` with this module's
own training code), so chapters load it instead of training it; any other judge is trained and
cached on disk (``MMGEN_CACHE``, default ``~/.cache/mmgen``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import world
from .checks import check_array, check_number
from .data import cell_targets
from .metrics import frechet_distance
from .train import cache_dir, fit, load_checkpoint, pick_device, preserved_random_state, save_checkpoint, seed_everything

JUDGE_VERSION = 1
HEADS = {"shape": 1 + len(world.SHAPES), "colour": len(world.COLOURS), "size": len(world.SIZES)}


class Judge(nn.Module):
    """Three conv blocks, a 3x3 grid pooling, and per-cell heads for shape, colour and size."""

    def __init__(self, width: int = 24):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),  # (B, w, 32, 32)
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(),  # (B, 2w, 16, 16)
            nn.Conv2d(2 * width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(),  # (B, 2w, 16, 16)
        )
        self.heads = nn.ModuleDict({name: nn.Conv2d(2 * width, k, 1) for name, k in HEADS.items()})

    @staticmethod
    def _prepare(images: torch.Tensor) -> torch.Tensor:
        if images.dim() != 4 or images.shape[1] != 3:
            raise ValueError(f"the judge expects images of shape (B, 3, H, W), got {tuple(images.shape)}")
        if images.shape[-2:] != (32, 32):
            images = F.interpolate(images, size=(32, 32), mode="bilinear", antialias=True, align_corners=False)
        return images

    def cell_features(self, images: torch.Tensor) -> torch.Tensor:
        """(B, 2w, 3, 3): features pooled over each cell of the grid."""
        return F.adaptive_avg_pool2d(self.body(self._prepare(images)), 3)

    def forward(self, images: torch.Tensor) -> dict[str, torch.Tensor]:
        """Per-cell logits: ``shape`` (B, 9, 5), ``colour`` (B, 9, 6), ``size`` (B, 9, 2)."""
        cells = self.cell_features(images)
        return {name: head(cells).flatten(2).transpose(1, 2) for name, head in self.heads.items()}

    def features(self, images: torch.Tensor) -> torch.Tensor:
        """(B, 4w) image features for the Fréchet distance: mean- and max-pooled conv features."""
        body = self.body(self._prepare(images))
        return torch.cat([body.mean((2, 3)), body.amax((2, 3))], dim=1)


def judge_loss(judge: Judge, images: torch.Tensor, targets: dict[str, torch.Tensor]) -> torch.Tensor:
    """Cross-entropy per cell: shape-or-empty everywhere, colour and size where an object is."""
    logits = judge(images)
    loss = F.cross_entropy(logits["shape"].reshape(-1, HEADS["shape"]), targets["shape"].reshape(-1))
    for name in ("colour", "size"):
        loss = loss + F.cross_entropy(logits[name].reshape(-1, HEADS[name]), targets[name].reshape(-1), ignore_index=-1)
    return loss


def _checkpoint_name(steps: int, seed: int) -> str:
    return f"judge-v{JUDGE_VERSION}-steps{steps}-seed{seed}.pt"


DEFAULT_TRAINING = {"steps": 300, "seed": 0, "batch_size": 128, "n_train": 20_000}
SHIPPED_CHECKPOINT = Path(__file__).parent / "checkpoints" / _checkpoint_name(300, 0)


def _cache_path(steps: int, seed: int) -> Path:
    return cache_dir() / _checkpoint_name(steps, seed)


def train_judge(steps: int = 300, seed: int = 0, batch_size: int = 128, n_train: int = 20_000, cache: bool = True) -> Judge:
    """Train a judge on 1-3-object scenes of the train split; CPU model in eval mode.

    With ``cache=True`` the default judge comes from the checkpoint shipped in the package, and
    any other one from the disk cache once it has been trained. ``cache=False`` always trains.
    """
    if steps < 1 or batch_size < 1 or n_train < 1:
        raise ValueError(f"steps, batch_size and n_train must be positive, got {steps}, {batch_size}, {n_train}")
    judge = Judge()
    settings = {"steps": steps, "seed": seed, "batch_size": batch_size, "n_train": n_train}
    shipped = settings == DEFAULT_TRAINING and SHIPPED_CHECKPOINT.exists()
    path = SHIPPED_CHECKPOINT if shipped else _cache_path(steps, seed)
    if cache and load_checkpoint(judge, path):
        return judge.eval()
    with preserved_random_state():  # a cold run leaves the caller's random streams as a cached run does
        generator = seed_everything(seed)
        judge = Judge()
        device = pick_device()
        scenes = world.sample_scenes(n_train, seed=seed, split="train")
        images = torch.from_numpy(world.render_images(scenes))
        targets = {k: torch.from_numpy(v) for k, v in cell_targets(scenes).items()}

        def batches():
            while True:
                idx = torch.randint(0, n_train, (batch_size,), generator=generator)
                yield images[idx], {k: v[idx] for k, v in targets.items()}

        judge.to(device).train()
        optimizer = torch.optim.Adam(judge.parameters(), lr=3e-3)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps)
        fit(lambda b: judge_loss(judge, *b), batches(), optimizer, steps, device=device, scheduler=schedule, desc="judge")
    judge = judge.cpu().eval()
    if cache:
        save_checkpoint(judge.state_dict(), path)
    return judge


@torch.no_grad()
def _judge_input(judge: Judge, images: torch.Tensor | np.ndarray, batch_size: int = 1) -> torch.Tensor:
    """The images as a float tensor (N, 3, H, W) of finite values, after checking the arguments."""
    if not isinstance(judge, Judge):
        raise TypeError(f"judge must be a Judge (train_judge()), got {type(judge).__name__}")
    check_number("batch_size", batch_size, low=1, integer=True)
    if not isinstance(images, (torch.Tensor, np.ndarray)):
        raise TypeError(f"images must be a tensor or an array (B, 3, H, W), got {type(images).__name__}")
    check_array("images", images)
    images = torch.as_tensor(images, dtype=torch.float32)
    if images.dim() != 4 or images.shape[1] != 3 or min(images.shape[-2:]) < 16:
        raise ValueError(f"images must have shape (B, 3, H, W) with H, W >= 16, got {tuple(images.shape)}")
    return images


def predict_cells(judge: Judge, images: torch.Tensor | np.ndarray, batch_size: int = 512) -> dict[str, np.ndarray]:
    """Per-cell predictions (N, 9): ``shape`` (-1 = empty), ``colour`` and ``size`` (-1 where empty)."""
    images = _judge_input(judge, images, batch_size)
    device = next(judge.parameters()).device
    parts = [judge(images[i : i + batch_size].to(device)) for i in range(0, len(images), batch_size)]
    logits = {k: torch.cat([p[k] for p in parts]).cpu() for k in HEADS}
    shape = logits["shape"].argmax(-1).numpy() - 1
    empty = shape < 0
    return {
        "shape": shape,
        "colour": np.where(empty, -1, logits["colour"].argmax(-1).numpy()),
        "size": np.where(empty, -1, logits["size"].argmax(-1).numpy()),
    }


@torch.no_grad()
def predict_spot(judge: Judge, images: torch.Tensor | np.ndarray, batch_size: int = 1000) -> dict[str, np.ndarray]:
    """Read one object per image where the judge is surest, not per cell (for objects that straddle cells).

    The shape head, applied at each of the judge's 16x16 feature positions, gives the probability
    that some object is there. At the most probable position: ``found`` (N,) that probability > 0.5,
    ``colour`` (N,) the colour head's reading there, ``row`` (N,) the position's row, 0 = top, 15 = bottom.
    """
    images = _judge_input(judge, images, batch_size)
    device = next(judge.parameters()).device
    parts: dict[str, list[torch.Tensor]] = {"found": [], "colour": [], "row": []}
    for start in range(0, len(images), batch_size):
        features = judge.body(judge._prepare(images[start : start + batch_size].to(device)))
        objectness = 1 - judge.heads["shape"](features).softmax(1)[:, 0].flatten(1)  # class 0: empty
        spot = objectness.argmax(1)
        colours = judge.heads["colour"](features).argmax(1).flatten(1)
        parts["found"].append(objectness.amax(1) > 0.5)
        parts["colour"].append(colours.gather(1, spot[:, None])[:, 0])
        parts["row"].append(spot // features.shape[-1])
    return {name: torch.cat(values).cpu().numpy() for name, values in parts.items()}


def attribute_accuracy(judge: Judge, images: torch.Tensor | np.ndarray, scenes: world.Scenes) -> dict[str, float]:
    """How often the judge reads each attribute of each object that ``scenes`` say is there.

    ``position``: the set of occupied cells is exactly right; ``shape``/``colour``/``size``:
    per object, in the object's own cell; ``all``: every attribute of the scene right.
    """
    if not isinstance(scenes, world.Scenes):
        raise TypeError(f"scenes must be Scenes, got {type(scenes).__name__}")
    images = _judge_input(judge, images)
    if len(images) != len(scenes):
        raise ValueError(f"{len(images)} images but {len(scenes)} scenes")
    predicted, target = predict_cells(judge, images), cell_targets(scenes)
    occupied = target["shape"] > 0
    result = {"position": float(((predicted["shape"] >= 0) == occupied).all(1).mean())}
    truth = {"shape": target["shape"] - 1, "colour": target["colour"], "size": target["size"]}
    correct = np.ones_like(occupied)
    for name in ("shape", "colour", "size"):
        hit = predicted[name] == truth[name]
        result[name] = float(hit[occupied].mean())
        correct &= hit | ~occupied
    result["all"] = float((correct.all(1) & ((predicted["shape"] >= 0) == occupied).all(1)).mean())
    return result


@torch.no_grad()
def judge_features(judge: Judge, images: torch.Tensor | np.ndarray, batch_size: int = 512) -> np.ndarray:
    """(N, D) features of the judge for a set of images."""
    images = _judge_input(judge, images, batch_size)
    device = next(judge.parameters()).device
    return torch.cat([judge.features(images[i : i + batch_size].to(device)).cpu() for i in range(0, len(images), batch_size)]).numpy()


def judge_frechet(judge: Judge, images_a: torch.Tensor | np.ndarray, images_b: torch.Tensor | np.ndarray) -> float:
    """Fréchet distance between two image sets in the judge's feature space."""
    return frechet_distance(judge_features(judge, images_a), judge_features(judge, images_b))


def real_frechet_floor(judge: Judge, n: int = 1000, seed: int = 0, n_objects: int | tuple[int, int] = (1, world.MAX_OBJECTS)) -> float:
    """Fréchet distance between two independent sets of ``n`` real test-split renders.

    No generator can be expected to score below this: it is the noise of the metric itself at
    this sample size. Report it beside every generator's distance.
    """
    if n < 10:
        raise ValueError(f"n must be at least 10 images per set, got {n}")
    first = world.sample_scenes(n, seed=seed, split="test", n_objects=n_objects)
    second = world.sample_scenes(n, seed=seed + 1, split="test", n_objects=n_objects)
    return judge_frechet(judge, world.render_images(first), world.render_images(second))
