"""Video renderer: objects start where the scene puts them, move in straight lines and bounce off
the walls, with a soundtrack.

Motion is solved exactly: along each axis the path folded back at the walls is a triangle wave,
so positions, velocities (the optical flow) and the time of every bounce are known to the sample.
The soundtrack can hold an impact sound at each bounce (pitch and timbre of the object that
hits), a tone per object whose pitch follows its height, or both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_number
from .audio import LOUDNESS, SAMPLE_RATE, check_sample_rate, midi_to_hz, note_midi, note_table
from .image import check_image_size, object_centres, object_radius, render_layers
from .scenes import MAX_OBJECTS, Scenes

SOUNDTRACKS = ("impacts", "motion", "both", "none")
IMPACT_SECONDS = 0.2


@dataclass
class Clips:
    """N rendered clips with everything known about them."""

    frames: np.ndarray  # (N, F, 3, H, W) float32 in [0, 1]
    audio: np.ndarray  # (N, T) float32, T = F / fps * sample_rate
    centres: np.ndarray  # (N, F, 3, 2) object centres in pixels (x, y)
    flow: np.ndarray  # (N, F, 3, 2) object velocity in pixels per frame
    impact_scene: np.ndarray  # (E,) which clip each bounce belongs to
    impact_object: np.ndarray  # (E,) which object slot bounced
    impact_time: np.ndarray  # (E,) when, in seconds
    fps: float
    sample_rate: int
    scenes: Scenes

    def impacts(self, i: int) -> np.ndarray:
        """Sorted bounce times (seconds) of clip ``i``."""
        return np.sort(self.impact_time[self.impact_scene == i])


def _fold(u: np.ndarray, span: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fold an unbounded coordinate into [0, span] (a triangle wave); also the direction sign."""
    lap = np.floor(u / span)
    frac = u - lap * span
    even = (lap % 2) == 0
    return np.where(even, frac, span - frac), np.where(even, 1.0, -1.0)


def _walls(scenes: Scenes, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start centres (N, 3, 2), and per object the lowest centre coordinate and the span it can
    travel (N, 3, 1), all in image widths: a centre stays one radius away from every wall."""
    start = object_centres(scenes, size) / size
    low = (object_radius(scenes, size) / size)[..., None]
    return start, low, np.maximum(1 - 2 * low, 1e-6)


def motion(scenes: Scenes, times: np.ndarray, size: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Exact centres (pixels) and velocities (pixels/second) at ``times``: each (N, len(times), 3, 2)."""
    if isinstance(times, (str, bytes)) or times is None:
        raise TypeError(f"times must be an array of seconds, got {type(times).__name__}")
    times = np.asarray(times, dtype=np.float64)
    if times.ndim != 1 or not np.isfinite(times).all() or np.abs(times).max(initial=0) > 600:
        raise ValueError("times must be a 1-D array of finite seconds within ±600")
    start, low, span = _walls(scenes, size)
    u = (start - low)[:, None] + scenes.velocity[:, None] * times[None, :, None, None]
    folded, direction = _fold(u, span[:, None])
    centres = (low[:, None] + folded) * size
    velocity = scenes.velocity[:, None] * direction * size
    return centres.astype(np.float32), velocity.astype(np.float32)


def bounce_times(scenes: Scenes, seconds: float, size: int = 32) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every wall bounce in (0, seconds]: arrays (scene, object, time), sorted by scene then time."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float, np.number)) or not 0 < seconds <= 600:
        raise ValueError(f"seconds must be a number in (0, 600] (at most ten minutes of motion), got {seconds!r}")
    start, low, span = _walls(scenes, size)
    u0, v = start - low, scenes.velocity.astype(np.float64)
    first = np.where(v > 0, np.floor(u0 / span) + 1, np.ceil(u0 / span) - 1)  # first wall crossed
    step = np.sign(v)
    scene, obj, when = [], [], []
    max_bounces = int(np.ceil(np.abs(v).max(initial=0) * seconds / span.min(initial=1))) + 1
    for j in range(max_bounces):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = ((first + j * step) * span - u0) / v
        hit = (v != 0) & (t > 0) & (t <= seconds) & scenes.present[..., None]
        n_idx, k_idx, _ = np.nonzero(hit)
        scene.append(n_idx)
        obj.append(k_idx)
        when.append(t[hit])
    scene, obj, when = (np.concatenate(a) for a in (scene, obj, when))
    order = np.lexsort((when, scene))
    return scene[order], obj[order], when[order]


def _motion_tones(scenes: Scenes, seconds: float, sample_rate: int, size: int, control_rate: int = 500) -> np.ndarray:
    """A sine per object whose pitch rises one octave from the bottom of the frame to the top.

    The pitch is computed from the exact motion ``control_rate`` times a second and interpolated
    linearly in between (a 2 ms grid is far finer than the ear can follow a glide).
    """
    n_samples = int(round(seconds * sample_rate))
    control_times = np.arange(int(np.ceil(seconds * control_rate)) + 2) / control_rate
    position = np.arange(n_samples) * control_rate / sample_rate
    below = position.astype(int)
    weight = (position - below)[None, :, None]
    audio = np.zeros((len(scenes), n_samples), dtype=np.float32)
    base = note_midi(np.clip(scenes.colour, 0, None), np.clip(scenes.size, 0, None))
    for start in range(0, len(scenes), 128):
        chunk = scenes[start : start + 128]
        centres, _ = motion(chunk, control_times, size)  # (n, C, 3, 2)
        height = 1 - centres[..., 1] / size  # 0 at the bottom, 1 at the top
        control_freq = midi_to_hz(base[start : start + 128, None, :] + 12 * (height - 0.5)).astype(np.float32)
        freq = control_freq[:, below] * (1 - weight) + control_freq[:, below + 1] * weight  # (n, T, 3)
        phase = (2 * np.pi / sample_rate) * np.cumsum(freq, axis=1, dtype=np.float64)
        loud = (LOUDNESS[np.clip(chunk.size, 0, None)] * chunk.present).astype(np.float32)
        audio[start : start + 128] = np.einsum("ntk,nk->nt", np.sin(phase).astype(np.float32), loud) / MAX_OBJECTS
    return audio


def render_video(
    scenes: Scenes,
    n_frames: int = 16,
    fps: float = 16.0,
    size: int = 32,
    soundtrack: str = "impacts",
    sample_rate: int = SAMPLE_RATE,
) -> Clips:
    """Render moving scenes as clips of ``n_frames`` frames at ``fps``, with a soundtrack.

    Args:
        soundtrack: "impacts" (a sound at every bounce), "motion" (tones following height),
            "both", or "none".
    """
    if not isinstance(scenes, Scenes):
        raise TypeError(f"render_video expects Scenes, got {type(scenes).__name__}")
    if soundtrack not in SOUNDTRACKS:
        raise ValueError(f"unknown soundtrack {soundtrack!r}; expected one of {SOUNDTRACKS}")
    check_number("n_frames", n_frames, low=1, high=100_000, integer=True)
    check_number("fps", fps, low=0, high=1000, low_open=True)
    if n_frames / fps > 600:
        raise ValueError(f"at most ten minutes of video, got {n_frames} frames at {fps} fps")
    check_image_size(size)
    check_sample_rate(sample_rate)
    seconds = n_frames / fps
    centres, velocity = motion(scenes, np.arange(n_frames) / fps, size)
    radius = np.broadcast_to(object_radius(scenes, size)[:, None], centres.shape[:-1])
    per_frame = (np.broadcast_to(a[:, None], centres.shape[:-1]) for a in (scenes.shape, scenes.colour))
    frames = render_layers(*per_frame, centres, radius, size)

    scene_idx, obj_idx, when = bounce_times(scenes, seconds, size)
    n_samples = int(round(seconds * sample_rate))
    audio = np.zeros((len(scenes), n_samples), dtype=np.float32)
    if soundtrack in ("impacts", "both"):
        table = note_table(sample_rate, IMPACT_SECONDS, decay=0.04)  # short, percussive notes
        for n, k, t in zip(scene_idx, obj_idx, when):
            sound = table[scenes.shape[n, k], scenes.colour[n, k], scenes.size[n, k]]
            begin = int(round(t * sample_rate))
            piece = sound[: max(n_samples - begin, 0)]
            audio[n, begin : begin + len(piece)] += piece
    if soundtrack in ("motion", "both"):
        audio += _motion_tones(scenes, seconds, sample_rate, size)
    return Clips(
        frames=frames,
        audio=audio,
        centres=centres,
        flow=velocity / fps,
        impact_scene=scene_idx,
        impact_object=obj_idx,
        impact_time=when,
        fps=float(fps),
        sample_rate=sample_rate,
        scenes=scenes,
    )
