"""Chapter 7's captioner, packaged for reuse (chapter 9 narrates its clips with it): a CNN trained with chapter 6's attention decoder.

:class:`CaptionEncoder` turns a 32x32 world image into a memory of 8x8 cells; chapter 6's
:class:`~mmgen_helpers.models.AttentionDecoder` writes the caption from it. Nothing but the captions
trains the encoder: no shape, colour or size label reaches it except through the words.
:func:`load_captioner` returns the model shipped in the package (``scripts/make_captioner.py`` made
it with :func:`train_captioner`, chapter 7's recipe); :func:`greedy_captions` writes captions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import world
from .checks import check_array, check_number
from .models import AttentionDecoder
from .text import Vocabulary, caption_vocabulary
from .train import (
    cache_dir,
    fit,
    load_checkpoint,
    pick_device,
    preserved_random_state,
    random_batches,
    save_checkpoint,
    seed_everything,
)

CAPTIONER_VERSION = 1
DEFAULT_TRAINING = {"steps": 700, "seed": 0, "n_train": 8000}


class CaptionEncoder(nn.Module):
    """A small CNN, trained with the decoder: (B, 3, 32, 32) images -> a memory (B, 64, 64).

    Each of the 8x8 cells holds 48 learned features and a learned 16-number position embedding.
    """

    def __init__(self, width: int = 48, channels: int = 48, cells: int = 64):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, width, 4, stride=2, padding=1), nn.BatchNorm2d(width), nn.ReLU(),  # 16x16
            nn.Conv2d(width, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
            nn.Conv2d(width, channels, 3, stride=2, padding=1), nn.ReLU(),  # (B, channels, 8, 8)
        )
        self.position = nn.Parameter(0.1 * torch.randn(cells, 16))  # where each cell is

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        grid = self.body(images).flatten(2).transpose(1, 2)  # (B, 64, channels)
        return torch.cat([grid, self.position.expand(len(grid), -1, -1)], 2)


class Captioner(nn.Module):
    """:class:`CaptionEncoder` then :class:`~mmgen_helpers.models.AttentionDecoder` (hidden 96)."""

    def __init__(self, vocab_size: int):
        super().__init__()
        self.encoder = CaptionEncoder()
        self.decoder = AttentionDecoder(vocab_size, hidden=96, memory_dim=64)

    def forward(self, images: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """Teacher-forced next-word logits (B, L, V)."""
        if images.dim() != 4 or images.shape[1:] != (3, 32, 32):
            raise ValueError(f"the captioner expects images of shape (B, 3, 32, 32), got {tuple(images.shape)}")
        return self.decoder(self.encoder(images), tokens)


def caption_loss(captioner: Captioner, images: torch.Tensor, tokens: torch.Tensor, pad_id: int) -> torch.Tensor:
    """Next-word cross-entropy over the caption, padding ignored."""
    logits = captioner(images, tokens[:, :-1])
    return F.cross_entropy(logits.flatten(0, 1), tokens[:, 1:].flatten(), ignore_index=pad_id)


def _checkpoint_name(steps: int, seed: int, n_train: int) -> str:
    return f"captioner-v{CAPTIONER_VERSION}-steps{steps}-seed{seed}-n{n_train}.pt"


SHIPPED_CHECKPOINT = Path(__file__).parent / "checkpoints" / _checkpoint_name(**DEFAULT_TRAINING)


def train_captioner(steps: int = 700, seed: int = 0, n_train: int = 8000, cache: bool = True) -> Captioner:
    """Chapter 7's recipe: Adam with a one-cycle rate up to 5e-3, clipped gradients, batches of 64.

    With ``cache=True`` the default captioner comes from the checkpoint shipped in the package and
    any other one from the disk cache once trained; ``cache=False`` always trains. CPU, eval mode.
    """
    for name, value in (("steps", steps), ("n_train", n_train)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    vocab = caption_vocabulary()
    settings = {"steps": steps, "seed": seed, "n_train": n_train}
    path = SHIPPED_CHECKPOINT if settings == DEFAULT_TRAINING else cache_dir() / _checkpoint_name(**settings)
    captioner = Captioner(len(vocab))
    if cache and load_checkpoint(captioner, path):
        return captioner.eval()
    with preserved_random_state():  # a cold run leaves the caller's random streams as a cached run does
        seed_everything(seed)
        device = pick_device()
        captioner = Captioner(len(vocab)).to(device)
        scenes = world.sample_scenes(n_train, seed=seed, split="train")
        images = torch.from_numpy(world.render_images(scenes)).to(device)
        tokens = vocab.encode_batch(world.render_captions(scenes)).to(device)
        optimizer = torch.optim.Adam(captioner.parameters(), 5e-3)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 5e-3, total_steps=steps)
        fit(lambda idx: caption_loss(captioner, images[idx], tokens[idx], vocab.pad_id),
            random_batches(n_train, 64, seed=seed), optimizer, steps, grad_clip=1.0, scheduler=schedule,
            device=device, desc="captioner")
    captioner = captioner.cpu().eval()
    if cache:
        save_checkpoint(captioner.state_dict(), path)
    return captioner


def load_captioner() -> Captioner:
    """The captioner shipped in the package (trains and caches it if the file is missing)."""
    return train_captioner(**DEFAULT_TRAINING)


@torch.no_grad()
def greedy_captions(captioner: Captioner, images: torch.Tensor | np.ndarray, vocab: Vocabulary | None = None,
                    max_len: int = 30) -> list[str]:
    """The most likely word at every step, for (B, 3, 32, 32) images in [0, 1]."""
    if not isinstance(captioner, Captioner):
        raise TypeError(f"captioner must be a Captioner (load_captioner()), got {type(captioner).__name__}")
    check_number("max_len", max_len, low=1, high=1000, integer=True)
    if not isinstance(images, (torch.Tensor, np.ndarray)):
        raise TypeError(f"images must be a tensor or an array (B, 3, 32, 32), got {type(images).__name__}")
    check_array("images", images)
    vocab = vocab or caption_vocabulary()
    images = torch.as_tensor(images, dtype=torch.float32)
    if images.dim() != 4 or images.shape[1:] != (3, 32, 32):
        raise ValueError(f"expected images of shape (B, 3, 32, 32), got {tuple(images.shape)}")
    was_training = captioner.training
    captioner.eval()
    device = next(captioner.parameters()).device
    memory = captioner.encoder(images.to(device))
    state, keys = captioner.decoder.begin(memory)
    token = torch.full((len(images),), vocab.bos_id, device=device)
    finished, words = torch.zeros(len(images), dtype=torch.bool, device=device), []
    for _ in range(max_len):
        logits, state, _ = captioner.decoder.step(token, state, memory, keys)
        token = logits.argmax(1)
        words.append(token)
        finished |= token == vocab.eos_id
        if finished.all():
            break
    captioner.train(was_training)
    return [vocab.decode(row) for row in torch.stack(words, 1).cpu()]


def exact_match(texts: list[str], scenes: world.Scenes) -> float:
    """Share of captions whose parsed objects match the scene's, attribute by attribute (unparseable: wrong)."""
    if not isinstance(scenes, world.Scenes):
        raise TypeError(f"scenes must be Scenes, got {type(scenes).__name__}")
    if isinstance(texts, str) or not isinstance(texts, (list, tuple)) or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of caption strings")
    if len(texts) != len(scenes):
        raise ValueError(f"got {len(texts)} captions but {len(scenes)} scenes")
    hits = 0
    for i, text in enumerate(texts):
        try:
            hits += world.parse_caption(text) == scenes.objects(i)
        except ValueError:
            pass
    return hits / max(len(texts), 1)
