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
"""

from __future__ import annotations

__version__ = "0.1.0"


def start_chapter(seed: int = 0, dpi: int = 80) -> torch.device:  # noqa: F821
    """What every notebook does first: seed everything, set modest figure sizes, pick the device.

    Returns the device (cuda, mps or cpu) and prints it with the library versions.
    """
    import matplotlib
    import torch

    from .train import pick_device, seed_everything

    seed_everything(seed)
    matplotlib.rcParams.update({"figure.dpi": dpi, "savefig.dpi": dpi, "figure.max_open_warning": 0})
    device = pick_device()
    print(f"torch {torch.__version__} on {device} ({torch.get_num_threads()} threads), seed {seed}")
    return device
