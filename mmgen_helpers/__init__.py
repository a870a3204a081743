"""Helpers behind the notebooks of *Multimodal Generation — Principles and Code*.

Modules, each with one job:

* :mod:`mmgen_helpers.world`   the synthetic multimodal world (scenes, image, caption, audio, video)
* :mod:`mmgen_helpers.data`    ``Dataset`` wrappers over the world
* :mod:`mmgen_helpers.text`    tokeniser and vocabulary for captions
* :mod:`mmgen_helpers.train`   seeding, device choice, the training loop
* :mod:`mmgen_helpers.metrics` metrics shared by chapters (Fréchet distance, accuracy …)
* :mod:`mmgen_helpers.judge`   the attribute classifier that scores generated images
* :mod:`mmgen_helpers.display` image grids, spectrograms, inline audio and video
* :mod:`mmgen_helpers.record`  headline figures recorded while a notebook runs
* :mod:`mmgen_helpers.speech`  offline speech synthesis (eSpeak NG)
* :mod:`mmgen_helpers.models`  model blocks taught in earlier chapters (encoders, decoders)
* :mod:`mmgen_helpers.style`   style-transfer blocks of Chapter 7 (random-filter features, Gram matrices)
* :mod:`mmgen_helpers.probe`   the linear probe of Chapter 2
* :mod:`mmgen_helpers.captioner` Chapter 7's captioner, from its shipped checkpoint
* :mod:`mmgen_helpers.music`   real folk melodies (music21's Essen corpus) and performances of them
* :mod:`mmgen_helpers.lyrics`  the small English of Chapter 8's lyrics and its checker
* :mod:`mmgen_helpers.checks`  argument checks the helpers share (clear errors for bad input)
"""

from __future__ import annotations

__version__ = "0.1.0"


def start_chapter(seed: int = 0, dpi: int = 80) -> torch.device:  # noqa: F821
    """What every notebook does first: seed everything, set modest figure sizes, pick the device.

    ``seed`` is the chapter's one seed: every random choice in the notebook comes from it, directly
    or through :func:`mmgen_helpers.train.derived_seed`. The environment variable ``MMGEN_SEED``,
    when set, replaces it (the book's ``make seeds`` reruns chapters that way). Returns the device
    (cuda, mps or cpu) and prints it with the library versions and the seed.
    """
    import os

    import matplotlib
    import torch

    from .train import pick_device, seed_everything

    override = os.environ.get("MMGEN_SEED", "").strip()
    if override:
        if not override.isdigit():
            raise ValueError(f"MMGEN_SEED must be a non-negative integer, got {override!r}")
        seed = int(override)
    seed_everything(seed)
    matplotlib.rcParams.update({"figure.dpi": dpi, "savefig.dpi": dpi, "figure.max_open_warning": 0})
    device = pick_device()
    source = " (from MMGEN_SEED)" if override else ""
    print(f"torch {torch.__version__} on {device} ({torch.get_num_threads()} threads), seed {seed}{source}")
    return device
