"""Scenes of the synthetic world: what is where, independent of any modality.

A scene holds 1 to 3 objects, each in its own cell of a 3x3 grid (so objects never overlap).
Every object has a shape, a colour, a size, a cell, a small offset inside its cell and a velocity
(used only by the video renderer). Scenes are stored column-wise in :class:`Scenes` so that the
renderers can work on thousands at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..checks import check_number

SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "cross")
COLOURS: tuple[str, ...] = ("red", "yellow", "green", "cyan", "blue", "magenta")
SIZES: tuple[str, ...] = ("small", "large")
POSITIONS: tuple[str, ...] = (
    "top left", "top", "top right",
    "left", "centre", "right",
    "bottom left", "bottom", "bottom right",
)
MAX_OBJECTS = 3

#: RGB of each colour, six hues 60 degrees apart, in [0, 1].
COLOUR_RGB = np.array(
    [
        [0.92, 0.16, 0.16],  # red
        [0.92, 0.86, 0.12],  # yellow
        [0.16, 0.78, 0.22],  # green
        [0.12, 0.82, 0.86],  # cyan
        [0.22, 0.32, 0.96],  # blue
        [0.88, 0.22, 0.88],  # magenta
    ],
    dtype=np.float32,
)

#: (shape, colour) pairs kept out of the train/val/test splits when ``hold_out=True``; the
#: ``"novel"`` split always contains at least one of them (a compositional test).
HELD_OUT_PAIRS: tuple[tuple[str, str], ...] = (
    ("circle", "magenta"),
    ("square", "cyan"),
    ("triangle", "blue"),
    ("cross", "yellow"),
)

SPLITS: tuple[str, ...] = ("train", "val", "test", "novel")
_ATTRIBUTES = {"shape": SHAPES, "colour": COLOURS, "size": SIZES, "position": POSITIONS}


def attribute_index(attribute: str, value: str) -> int:
    """Index of ``value`` in the list of names for ``attribute`` ("shape", "colour", "size", "position")."""
    if attribute not in _ATTRIBUTES:
        raise ValueError(f"unknown attribute {attribute!r}; expected one of {sorted(_ATTRIBUTES)}")
    names = _ATTRIBUTES[attribute]
    if value not in names:
        raise ValueError(f"unknown {attribute} {value!r}; expected one of {list(names)}")
    return names.index(value)


@dataclass(frozen=True)
class WorldObject:
    """One object of a scene, by name: ``WorldObject("circle", "red", "large", "top left")``."""

    shape: str
    colour: str
    size: str
    position: str

    def __post_init__(self) -> None:
        for attribute in _ATTRIBUTES:
            value = getattr(self, attribute)
            if not isinstance(value, str):
                raise TypeError(f"{attribute} must be a string, got {type(value).__name__}")
            attribute_index(attribute, value)


@dataclass
class Scenes:
    """A batch of N scenes, column-wise. Absent object slots hold -1.

    Objects are sorted by cell in reading order (top left first), which is also the order in
    which the caption names them and the audio plays them.
    """

    shape: np.ndarray  # (N, 3) int64, index into SHAPES or -1
    colour: np.ndarray  # (N, 3) int64, index into COLOURS or -1
    size: np.ndarray  # (N, 3) int64, index into SIZES or -1
    cell: np.ndarray  # (N, 3) int64, index into POSITIONS or -1
    offset: np.ndarray  # (N, 3, 2) float32 in [-1, 1]: (x, y) shift inside the cell, as a share of the free room
    velocity: np.ndarray  # (N, 3, 2) float32, (x, y) in image widths per second

    def __post_init__(self) -> None:
        n = len(self.shape)
        for name in ("shape", "colour", "size", "cell"):
            array = getattr(self, name)
            if array.shape != (n, MAX_OBJECTS):
                raise ValueError(f"Scenes.{name} must have shape (N, {MAX_OBJECTS}), got {array.shape}")
        for name in ("offset", "velocity"):
            array = getattr(self, name)
            if array.shape != (n, MAX_OBJECTS, 2):
                raise ValueError(f"Scenes.{name} must have shape (N, {MAX_OBJECTS}, 2), got {array.shape}")
            if not np.issubdtype(np.asarray(array).dtype, np.number) or not np.isfinite(array).all():
                raise ValueError(f"Scenes.{name} must hold finite numbers")
        if np.abs(self.offset).max(initial=0) > 1:
            raise ValueError("Scenes.offset must lie in [-1, 1] (a share of the free room in the cell)")
        slots = {}
        for name, names in (("shape", SHAPES), ("colour", COLOURS), ("size", SIZES), ("cell", POSITIONS)):
            array = np.asarray(getattr(self, name))
            if not np.issubdtype(array.dtype, np.integer):
                raise TypeError(f"Scenes.{name} must hold integer indices, got dtype {array.dtype}")
            if array.size and (array.min() < -1 or array.max() >= len(names)):
                raise ValueError(f"Scenes.{name} must hold indices 0..{len(names) - 1} (or -1 for an empty slot)")
            slots[name] = array >= 0
        if any(not np.array_equal(slots["shape"], used) for used in slots.values()):
            raise ValueError("an empty slot must be -1 in shape, colour, size and cell alike")
        cell = np.where(slots["cell"], self.cell, -1 - np.arange(MAX_OBJECTS))  # empty slots never clash
        if n and (np.sort(cell, axis=1)[:, 1:] == np.sort(cell, axis=1)[:, :-1]).any():
            raise ValueError("a scene puts two objects in the same cell")

    @property
    def present(self) -> np.ndarray:
        """(N, 3) bool: which object slots are used."""
        return self.shape >= 0

    @property
    def n_objects(self) -> np.ndarray:
        """(N,) number of objects in each scene."""
        return self.present.sum(axis=1)

    def __len__(self) -> int:
        return len(self.shape)

    def __getitem__(self, index: int | slice | np.ndarray | Sequence[int]) -> Scenes:
        """A sub-batch (``scenes[:10]``, ``scenes[[3, 5]]``); an int gives a batch of one."""
        if isinstance(index, (int, np.integer)):
            if not -len(self) <= index < len(self):
                raise IndexError(f"scene {index} out of range for {len(self)} scenes")
            index = [int(index)]
        return Scenes(*(getattr(self, f)[index] for f in _FIELDS))

    def objects(self, i: int) -> list[WorldObject]:
        """The objects of scene ``i`` by name, in reading order."""
        if not -len(self) <= i < len(self):
            raise IndexError(f"scene {i} out of range for {len(self)} scenes")
        return [
            WorldObject(SHAPES[s], COLOURS[c], SIZES[z], POSITIONS[p])
            for s, c, z, p in zip(self.shape[i], self.colour[i], self.size[i], self.cell[i])
            if s >= 0
        ]

    @classmethod
    def from_objects(cls, scenes: Sequence[Sequence[WorldObject]]) -> Scenes:
        """Build a batch from lists of objects (centred in their cells, not moving)."""
        n = len(scenes)
        columns = {k: np.full((n, MAX_OBJECTS), -1, dtype=np.int64) for k in ("shape", "colour", "size", "cell")}
        for i, objects in enumerate(scenes):
            if not 1 <= len(objects) <= MAX_OBJECTS:
                raise ValueError(f"a scene holds 1 to {MAX_OBJECTS} objects, scene {i} has {len(objects)}")
            if any(not isinstance(o, WorldObject) for o in objects):
                raise TypeError("scenes must be given as sequences of WorldObject")
            cells = [attribute_index("position", o.position) for o in objects]
            if len(set(cells)) != len(cells):
                raise ValueError(f"scene {i} puts two objects in the same cell")
            for k, o in enumerate(sorted(objects, key=lambda o: attribute_index("position", o.position))):
                columns["shape"][i, k] = SHAPES.index(o.shape)
                columns["colour"][i, k] = COLOURS.index(o.colour)
                columns["size"][i, k] = SIZES.index(o.size)
                columns["cell"][i, k] = POSITIONS.index(o.position)
        zeros = np.zeros((n, MAX_OBJECTS, 2), dtype=np.float32)
        return cls(**columns, offset=zeros, velocity=zeros.copy())


_FIELDS = ("shape", "colour", "size", "cell", "offset", "velocity")


def _held_out_mask(shape: np.ndarray, colour: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape.shape, dtype=bool)
    for s, c in HELD_OUT_PAIRS:
        mask |= (shape == SHAPES.index(s)) & (colour == COLOURS.index(c))
    return mask


def sample_scenes(
    n: int,
    seed: int = 0,
    split: str = "train",
    n_objects: int | tuple[int, int] = (1, MAX_OBJECTS),
    hold_out: bool = False,
    speed: tuple[float, float] = (0.4, 0.9),
) -> Scenes:
    """Sample ``n`` random scenes, deterministically for a given (seed, split).

    Args:
        n: number of scenes.
        seed: base seed; each split draws from its own stream, so splits never share a sample.
        split: "train", "val", "test", or "novel" (scenes with at least one held-out
            shape-colour pair, for compositional tests).
        n_objects: a fixed count, or an inclusive (min, max) range, between 1 and 3.
        hold_out: keep :data:`HELD_OUT_PAIRS` out of train/val/test.
        speed: range of object speeds (image widths per second) for video.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n <= 10_000_000:
        raise ValueError(f"n must be an int from 0 to 10,000,000, got {n!r}")
    if not isinstance(split, str) or split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    counts = (n_objects, n_objects) if isinstance(n_objects, (int, np.integer)) else n_objects
    if (not isinstance(counts, (tuple, list)) or len(counts) != 2
            or not all(isinstance(c, (int, np.integer)) and not isinstance(c, bool) for c in counts)):
        raise ValueError(f"n_objects must be an int or a (min, max) pair of ints, got {n_objects!r}")
    low, high = counts
    check_number("seed", seed, low=0, integer=True)
    if not isinstance(speed, (tuple, list)) or len(speed) != 2:
        raise ValueError(f"speed must be a (min, max) pair, got {speed!r}")
    for value in speed:
        check_number("speed", value, low=0, high=100)
    if not 1 <= low <= high <= MAX_OBJECTS:
        raise ValueError(f"n_objects must lie in 1..{MAX_OBJECTS} (a count or a (min, max) pair), got {n_objects!r}")
    rng = np.random.default_rng([seed, SPLITS.index(split)])

    count = rng.integers(low, high + 1, size=n)
    cells = np.argsort(rng.random((n, 9)), axis=1)[:, :MAX_OBJECTS]
    present = np.arange(MAX_OBJECTS)[None, :] < count[:, None]
    cells = np.sort(np.where(present, cells, 99), axis=1)
    present = cells < 99
    shape = rng.integers(0, len(SHAPES), size=(n, MAX_OBJECTS))
    colour = rng.integers(0, len(COLOURS), size=(n, MAX_OBJECTS))
    size = rng.integers(0, len(SIZES), size=(n, MAX_OBJECTS))

    if split == "novel":  # force one random object of each scene onto a held-out pair
        chosen = (rng.random(n) * count).astype(int)
        pair = rng.integers(0, len(HELD_OUT_PAIRS), size=n)
        rows = np.arange(n)
        shape[rows, chosen] = [SHAPES.index(HELD_OUT_PAIRS[p][0]) for p in pair]
        colour[rows, chosen] = [COLOURS.index(HELD_OUT_PAIRS[p][1]) for p in pair]
    elif hold_out:  # redraw the colour of held-out pairs until none is left
        bad = _held_out_mask(shape, colour) & present
        while bad.any():
            colour[bad] = rng.integers(0, len(COLOURS), size=int(bad.sum()))
            bad = _held_out_mask(shape, colour) & present

    offset = rng.uniform(-1, 1, size=(n, MAX_OBJECTS, 2)).astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi, size=(n, MAX_OBJECTS))
    magnitude = rng.uniform(*speed, size=(n, MAX_OBJECTS))
    velocity = np.stack([np.cos(angle), np.sin(angle)], axis=-1) * magnitude[..., None]

    def absent(a: np.ndarray) -> np.ndarray:
        return np.where(present, a, -1).astype(np.int64)

    return Scenes(
        shape=absent(shape),
        colour=absent(colour),
        size=absent(size),
        cell=absent(cells),
        offset=np.where(present[..., None], offset, 0).astype(np.float32),
        velocity=np.where(present[..., None], velocity, 0).astype(np.float32),
    )
