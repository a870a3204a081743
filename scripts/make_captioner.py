"""Train the default captioner from scratch and write the checkpoint the package ships.

    python scripts/make_captioner.py

Runs ``mmgen_helpers.captioner.train_captioner`` (chapter 7's recipe) with its default settings and
``cache=False``, saves the weights to ``mmgen_helpers/checkpoints/``, and prints the greedy
captions' exact match on 500 test scenes. Rerun it whenever the captioner's code, its training,
the caption grammar or the world's renderer changes, and bump ``CAPTIONER_VERSION`` if the old
checkpoint must no longer load. ``tests/test_captioner.py`` checks that a fresh training reaches
the shipped captioner's score.
"""

from __future__ import annotations

import time

import torch

from mmgen_helpers import captioner, world


def main() -> None:
    start = time.perf_counter()
    trained = captioner.train_captioner(**captioner.DEFAULT_TRAINING, cache=False)
    seconds = time.perf_counter() - start
    captioner.SHIPPED_CHECKPOINT.parent.mkdir(parents=True, exist_ok=True)
    torch.save(trained.state_dict(), captioner.SHIPPED_CHECKPOINT)
    scenes = world.sample_scenes(500, seed=0, split="test")
    texts = captioner.greedy_captions(trained, world.render_images(scenes))
    size = captioner.SHIPPED_CHECKPOINT.stat().st_size / 1024
    print(f"trained in {seconds:.0f} s; wrote {captioner.SHIPPED_CHECKPOINT} ({size:.0f} KiB)")
    print(f"exact match of greedy captions on 500 test scenes: {captioner.exact_match(texts, scenes):.3f}")


if __name__ == "__main__":
    main()
