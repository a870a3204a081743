"""Seeding, device choice, and the book's one training loop."""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from .checks import check_number

Batch = object
LossOutput = torch.Tensor | Mapping[str, torch.Tensor]


_chapter_seed = 0  # set by seed_everything; every derived_seed comes from it


def seed_everything(seed: int = 0) -> torch.Generator:
    """Seed Python, NumPy and torch (CPU and CUDA) and ask for deterministic kernels where cheap.

    The seed also becomes the chapter's seed, from which :func:`derived_seed` derives every
    section's own stream. Returns a ``torch.Generator`` seeded the same way, for data loaders.
    """
    global _chapter_seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed}")
    _chapter_seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    return torch.Generator().manual_seed(seed)


def chapter_seed() -> int:
    """The seed the chapter started with (:func:`seed_everything`, called by ``start_chapter``)."""
    return _chapter_seed


def derived_seed(*names: str | int) -> int:
    """A seed for one random stream of the chapter, derived from the chapter's seed and the stream's name.

    ``derived_seed("ring GAN", 2)`` is the same number on every run with the same chapter seed and
    a different one for another chapter seed or another name, so each section draws its own
    stream without re-seeding anything with a constant. Names are strings or non-negative ints.
    """
    if not names:
        raise ValueError("derived_seed needs at least one name, e.g. derived_seed('data order')")
    keys = [_chapter_seed]
    for name in names:
        if isinstance(name, str):
            keys.append(zlib.crc32(name.encode("utf-8")))
        elif isinstance(name, (int, np.integer)) and not isinstance(name, bool) and name >= 0:
            keys.append(int(name))
        else:
            raise TypeError(f"names must be strings or non-negative ints, got {name!r}")
    return int(np.random.SeedSequence(keys).generate_state(1)[0])


def cache_dir() -> Path:
    """Where helpers cache the models they train: ``$MMGEN_CACHE``, or ``~/.cache/mmgen``."""
    return Path(os.environ.get("MMGEN_CACHE", Path.home() / ".cache" / "mmgen"))


def save_checkpoint(state: Mapping[str, torch.Tensor], path: Path) -> None:
    """Save a model's ``state_dict`` to ``path`` atomically: written beside it, then renamed, so an
    interrupted write never leaves a truncated file where a later run would read it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        torch.save(dict(state), partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def load_checkpoint(model: torch.nn.Module, path: Path) -> bool:
    """Load ``path`` into ``model``; True on success. A missing file gives False; a damaged one
    (truncated, corrupt, or for another architecture) is reported, deleted and gives False, so the
    caller trains afresh and saves a good one."""
    path = Path(path)
    if not path.exists():
        return False
    try:
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    except Exception as error:  # noqa: BLE001 - any failure to read means: rebuild
        warnings.warn(f"the cached model {path} is damaged ({type(error).__name__}: {error}); "
                      "it is deleted and trained again", stacklevel=2)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return False
    return True


@contextlib.contextmanager
def preserved_random_state() -> Iterator[None]:
    """Run a block with its own random streams: Python, NumPy and torch (CPU and CUDA) states are restored after it.

    Helpers that seed themselves (the judge, when it trains) use it so that a notebook's later
    random draws do not depend on whether a cache was warm. The chapter's seed, from which
    :func:`derived_seed` derives, is restored too.
    """
    global _chapter_seed
    python_state, numpy_state, seed = random.getstate(), np.random.get_state(), _chapter_seed
    with torch.random.fork_rng(devices=range(torch.cuda.device_count()) if torch.cuda.is_available() else []):
        try:
            yield
        finally:
            random.setstate(python_state)
            np.random.set_state(numpy_state)
            _chapter_seed = seed  # a block that calls seed_everything does not change the chapter's seed


def pick_device(prefer: str | None = None) -> torch.device:
    """CUDA if present, else Apple's MPS, else the CPU; ``MMGEN_DEVICE`` or ``prefer`` override."""
    choice = prefer or os.environ.get("MMGEN_DEVICE")
    if choice:
        if choice not in ("cuda", "mps", "cpu"):
            raise ValueError(f"device must be 'cuda', 'mps' or 'cpu', got {choice!r}")
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def to_device(batch: Batch, device: torch.device) -> Batch:
    """Move every tensor in a (nested) batch of tuples, lists and dicts to ``device``."""
    if not isinstance(device, (torch.device, str)) or isinstance(device, str) and device.split(":")[0] not in ("cpu", "cuda", "mps"):
        raise TypeError(f"device must be a torch.device (or 'cpu', 'cuda', 'mps'), got {device!r}")
    if isinstance(batch, torch.Tensor):
        return batch.to(device, non_blocking=True)
    if isinstance(batch, Mapping):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(v, device) for v in batch)
    return batch


class History(dict):
    """Loss history: ``history["loss"]`` is a list of (step, value) averaged over each logging window."""

    def steps(self, name: str = "loss") -> list[int]:
        return [s for s, _ in self[name]]

    def losses(self, name: str = "loss") -> list[float]:
        return [v for _, v in self[name]]

    def last(self, name: str = "loss") -> float:
        return self[name][-1][1]


def fit(
    loss_fn: Callable[[Batch], LossOutput],
    batches: Iterable[Batch],
    optimizer: torch.optim.Optimizer,
    steps: int,
    *,
    device: torch.device | None = None,
    log_every: int = 10,
    grad_clip: float | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    desc: str = "training",
) -> History:
    """Run ``steps`` optimisation steps and return the loss history.

    ``loss_fn(batch)`` does the forward pass and returns the loss, or a dict of named terms whose
    key ``"loss"`` is optimised (the others are only logged). ``batches`` is cycled (a DataLoader,
    a list, or a generator function's iterator) and each batch is moved to ``device`` first.
    A ``tqdm`` bar shows progress and the running loss. ``grad_clip`` caps the gradients' norm.
    A loss that is NaN or infinite stops training with ``FloatingPointError``.
    """
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    if log_every < 1:
        raise ValueError("log_every must be >= 1")
    if grad_clip is not None and not (isinstance(grad_clip, (int, float)) and 0 < grad_clip < float("inf")):
        raise ValueError(f"grad_clip must be a positive finite number (the largest gradient norm) or None, got {grad_clip!r}")
    device = device or pick_device()
    source = itertools.cycle(batches) if hasattr(batches, "__len__") else iter(batches)
    history, window = History(), {}
    bar = tqdm(range(1, steps + 1), desc=desc, leave=False, mininterval=1.0)
    for step in bar:
        try:
            batch = next(source)
        except StopIteration as exc:
            raise ValueError(f"batches ran out after {step - 1} of {steps} steps") from exc
        out = loss_fn(to_device(batch, device))
        terms = {"loss": out} if isinstance(out, torch.Tensor) else dict(out)
        if "loss" not in terms:
            raise ValueError("loss_fn must return a tensor or a dict with a 'loss' entry")
        if not torch.isfinite(terms["loss"].detach()).all():
            raise FloatingPointError(f"the loss is {float(terms['loss'].detach().float().mean())} at step {step} of {steps}: "
                                     "training stopped before the weights became NaN (lower the learning rate or clip gradients)")
        optimizer.zero_grad(set_to_none=True)
        terms["loss"].backward()
        if grad_clip is not None:
            torch.nn.utils.clip_grad_norm_([p for g in optimizer.param_groups for p in g["params"]], grad_clip)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        for name, value in terms.items():
            window.setdefault(name, []).append(float(value.detach()))
        if step % log_every == 0 or step == steps:
            for name, values in window.items():
                history.setdefault(name, []).append((step, sum(values) / len(values)))
            bar.set_postfix(loss=f"{history.last():.4f}", refresh=False)
            window = {}
    bar.close()
    return history


def random_batches(n: int, batch_size: int = 64, seed: int = 0) -> Iterator[torch.Tensor]:
    """Endless batches of random indices into a training set of size ``n`` (with replacement), seeded."""
    check_number("n", n, low=1, integer=True)
    check_number("batch_size", batch_size, low=1, high=10_000_000, integer=True)
    check_number("seed", seed, low=0, integer=True)
    generator = torch.Generator().manual_seed(seed)
    while True:
        yield torch.randint(0, n, (batch_size,), generator=generator)


def fit_gan(
    d_step: Callable[[], torch.Tensor],
    g_step: Callable[[], torch.Tensor],
    d_optimizer: torch.optim.Optimizer,
    g_optimizer: torch.optim.Optimizer,
    steps: int,
    *,
    desc: str = "GAN",
    callback: Callable[[int], None] | None = None,
) -> History:
    """Chapter 4's adversarial loop: per step, one discriminator update then one generator update.

    ``d_step()`` and ``g_step()`` draw their own batch and return the loss to minimise (the
    generator's step may reuse what the discriminator's step stored). ``callback(step)`` runs after
    each step (weight averages, snapshots). Returns the history of ``d_loss`` and ``g_loss``.
    """
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    history = History(d_loss=[], g_loss=[])
    for step in tqdm(range(1, steps + 1), desc=desc, mininterval=1.0, leave=False):
        for optimizer, loss_fn, name in ((d_optimizer, d_step, "d_loss"), (g_optimizer, g_step, "g_loss")):
            loss = loss_fn()
            if not isinstance(loss, torch.Tensor) or loss.dim() != 0:
                raise ValueError(f"{name.split('_')[0]}_step must return a scalar tensor")
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            history[name].append((step, float(loss.detach())))
        if callback is not None:
            callback(step)
    return history


def conditional_gan_steps(
    generator: torch.nn.Module,
    discriminator: torch.nn.Module,
    real_batch: Callable[[], tuple[torch.Tensor, torch.Tensor]],
    shape_reader: torch.nn.Module | None = None,
) -> tuple[Callable[[], torch.Tensor], Callable[[], torch.Tensor]]:
    """Chapter 4's conditional-GAN steps, for :func:`fit_gan`: the hinge loss with an auxiliary classifier.

    ``real_batch()`` returns real images (B, 3, H, W) and their labels (B, K), class indices, on the
    models' device. ``generator(noise, labels)`` draws images from noise (B, generator.z_dim);
    ``discriminator(images, labels)`` returns a realness logit (B,) and a list of K class-logit
    tensors, one per attribute (as :class:`mmgen_helpers.models.ProjectionDiscriminator` does).

    The discriminator's step draws a real batch and a generated one, scores both in one call and adds
    the classifier's cross-entropy on the real images. The generator's step reuses the images the
    discriminator judged, with the discriminator's weights frozen (gradients reach the images, not
    the discriminator), and adds the classifier's cross-entropy on its own images. Returns
    ``(d_step, g_step)``.

    With a ``shape_reader`` (chapter 4's recipe: :class:`mmgen_helpers.models.ShapeReader`, labels as
    :func:`mmgen_helpers.data.object_labels` makes them: shape, colour, size, cell), the reader learns in
    the discriminator's step, real crops as their shape and generated ones as its last class, so put its
    parameters into the discriminator's optimizer; in the generator's step the reader's cross-entropy for
    the requested shape replaces the classifier's shape term.
    """
    if not isinstance(getattr(generator, "z_dim", None), int):
        raise TypeError("generator must have an int attribute z_dim, the size of its noise")
    if not callable(real_batch):
        raise TypeError("real_batch must be a function that returns (images, labels)")
    state: dict[str, torch.Tensor] = {}

    if shape_reader is not None and not isinstance(shape_reader, torch.nn.Module):
        raise TypeError("shape_reader must be an nn.Module (images, cells) -> logits, or None")
    cross_entropy = torch.nn.functional.cross_entropy

    def attribute_loss(attribute_logits: list[torch.Tensor], labels: torch.Tensor) -> torch.Tensor:
        return sum(cross_entropy(logits, labels[:, i]) for i, logits in enumerate(attribute_logits))

    def d_step() -> torch.Tensor:
        discriminator.requires_grad_(True)
        real, labels = real_batch()
        if labels.dim() != 2 or len(labels) != len(real):
            raise ValueError(f"real_batch must return labels (B, K) for B = {len(real)} images, got {tuple(labels.shape)}")
        noise = torch.randn(len(real), generator.z_dim, device=real.device)
        state["labels"], state["fake"] = labels, generator(noise, labels)
        logits, attributes = discriminator(torch.cat([real, state["fake"].detach()]), labels.repeat(2, 1))
        real_logit, fake_logit = logits.chunk(2)
        hinge = torch.relu(1 - real_logit).mean() + torch.relu(1 + fake_logit).mean()
        loss = hinge + attribute_loss([a[: len(real)] for a in attributes], labels)
        if shape_reader is not None:
            shape_reader.requires_grad_(True)
            cells, fake = labels[:, 3], state["fake"].detach()
            generated = shape_reader(fake, cells)
            loss = loss + (cross_entropy(shape_reader(real, cells), labels[:, 0])
                           + cross_entropy(generated, torch.full_like(cells, generated.shape[1] - 1)))
        return loss

    def g_step() -> torch.Tensor:
        if "fake" not in state:
            raise RuntimeError("run the discriminator's step first: the generator's step reuses its batch")
        discriminator.requires_grad_(False)
        fake, labels = state["fake"], state["labels"]
        fake_logit, attributes = discriminator(fake, labels)
        if shape_reader is None:
            return -fake_logit.mean() + attribute_loss(attributes, labels)
        shape_reader.requires_grad_(False)
        shape_loss = cross_entropy(shape_reader(fake, labels[:, 3]), labels[:, 0])
        return -fake_logit.mean() + attribute_loss(attributes[1:], labels[:, 1:]) + shape_loss

    return d_step, g_step


@torch.no_grad()
def update_average(averaged: torch.nn.Module, model: torch.nn.Module, decay: float = 0.995) -> None:
    """Exponential moving average of weights, in place: averaged <- decay * averaged + (1 - decay) * model.

    Buffers (batch-norm statistics) are copied. Sample from the averaged copy.
    """
    if not 0.0 <= decay < 1.0:
        raise ValueError(f"decay must lie in [0, 1), got {decay}")
    for a, p in zip(averaged.parameters(), model.parameters(), strict=True):
        a.lerp_(p, 1 - decay)
    for a, b in zip(averaged.buffers(), model.buffers(), strict=True):
        a.copy_(b)
