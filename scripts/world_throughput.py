"""How many samples per second each world renderer makes on this machine (for notes, not tests).

    python scripts/world_throughput.py
"""

from __future__ import annotations

import os
import platform
import time

from mmgen_helpers import world


def rate(label: str, count: int, make) -> None:
    make()  # warm up caches (note tables, imports)
    start = time.perf_counter()
    make()
    seconds = time.perf_counter() - start
    print(f"{label:34s} {count:>6,} in {seconds:6.2f} s = {count / seconds:>10,.0f} per second")


def main() -> None:
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    scenes = world.sample_scenes(10_000, seed=0)
    rate("scenes (sampling)", 10_000, lambda: world.sample_scenes(10_000, seed=0))
    rate("images 32x32", 10_000, lambda: world.render_images(scenes))
    rate("images 64x64", 2_000, lambda: world.render_images(scenes[:2000], size=64))
    rate("captions (canonical)", 10_000, lambda: world.render_captions(scenes))
    rate("captions (paraphrased)", 10_000, lambda: world.render_captions(scenes, paraphrase=True))
    rate("caption parsing", 10_000, lambda: [world.parse_caption(c) for c in world.render_captions(scenes)])
    rate("audio 0.75 s at 16 kHz", 10_000, lambda: world.render_audio(scenes))
    rate("video 16 frames + impacts", 1_000, lambda: world.render_video(scenes[:1000]))
    rate("video 16 frames + motion tones", 1_000, lambda: world.render_video(scenes[:1000], soundtrack="motion"))
    rate("melodies of 8 notes", 1_000, lambda: world.render_melodies(world.sample_melodies(1000)))


if __name__ == "__main__":
    main()
