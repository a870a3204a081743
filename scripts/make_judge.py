"""Train the default judge from scratch and write the checkpoint the package ships.

    python scripts/make_judge.py

Runs ``mmgen_helpers.judge.train_judge`` with its default settings and ``cache=False`` (so it
trains, with the judge's own code and seed), saves the weights to
``mmgen_helpers/checkpoints/``, and prints what the new judge reads on 1,000 test renders. Rerun it
whenever the judge's code, its training or the world's renderer changes, and bump
``JUDGE_VERSION`` if the old checkpoint must no longer load. ``tests/test_judge.py`` checks that a
fresh training reaches the shipped judge's accuracy.
"""

from __future__ import annotations

import time

import torch

from mmgen_helpers import judge, world


def main() -> None:
    start = time.perf_counter()
    trained = judge.train_judge(**judge.DEFAULT_TRAINING, cache=False)
    seconds = time.perf_counter() - start
    judge.SHIPPED_CHECKPOINT.parent.mkdir(parents=True, exist_ok=True)
    torch.save(trained.state_dict(), judge.SHIPPED_CHECKPOINT)
    scenes = world.sample_scenes(1000, seed=0, split="test")
    scores = judge.attribute_accuracy(trained, world.render_images(scenes), scenes)
    size = judge.SHIPPED_CHECKPOINT.stat().st_size / 1024
    print(f"trained in {seconds:.0f} s; wrote {judge.SHIPPED_CHECKPOINT} ({size:.0f} KiB)")
    print("on 1,000 test renders:", {name: round(value, 4) for name, value in scores.items()})


if __name__ == "__main__":
    main()
