"""Caption renderer and parser: scenes to English sentences and back.

The canonical caption names the objects in reading order with a fixed grammar::

    caption  := object | object " and " object | object ", " object " and " object
    object   := "a " SIZE " " COLOUR " " SHAPE " " PLACE
    PLACE    := "at the top left" | "at the top" | ... | "in the centre" | ...

Paraphrases shuffle the order, swap in synonyms ("big", "box", "in the upper left corner") and may
open with "there is" or "we see". :func:`parse_caption` reads canonical captions and paraphrases
alike, exactly, so a generated caption can be checked attribute by attribute.
"""

from __future__ import annotations

import re

import numpy as np

from ..checks import check_number
from .scenes import COLOURS, POSITIONS, SHAPES, SIZES, Scenes, WorldObject

#: Canonical phrase first, then paraphrases.
SIZE_WORDS: dict[str, tuple[str, ...]] = {"small": ("small", "little", "tiny"), "large": ("large", "big")}
SHAPE_WORDS: dict[str, tuple[str, ...]] = {
    "circle": ("circle", "disc"),
    "square": ("square", "box"),
    "triangle": ("triangle",),
    "cross": ("cross", "plus"),
}
COLOUR_WORDS: dict[str, tuple[str, ...]] = {c: (c,) for c in COLOURS}
PLACE_PHRASES: dict[str, tuple[str, ...]] = {
    "top left": ("at the top left", "in the upper left corner"),
    "top": ("at the top", "at the top centre"),
    "top right": ("at the top right", "in the upper right corner"),
    "left": ("on the left", "at the left edge"),
    "centre": ("in the centre", "in the middle"),
    "right": ("on the right", "at the right edge"),
    "bottom left": ("at the bottom left", "in the lower left corner"),
    "bottom": ("at the bottom", "at the bottom centre"),
    "bottom right": ("at the bottom right", "in the lower right corner"),
}
OPENINGS: tuple[str, ...] = ("", "there is ", "we see ")


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {phrase: name for name, phrases in table.items() for phrase in phrases}


_SIZE, _SHAPE, _COLOUR, _PLACE = (_lookup(t) for t in (SIZE_WORDS, SHAPE_WORDS, COLOUR_WORDS, PLACE_PHRASES))


def _alternatives(words: dict[str, str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_OBJECT_RE = re.compile(
    rf"an? (?P<size>{_alternatives(_SIZE)}) (?P<colour>{_alternatives(_COLOUR)}) "
    rf"(?P<shape>{_alternatives(_SHAPE)}) (?P<place>{_alternatives(_PLACE)})"
)


def describe_object(obj: WorldObject, rng: np.random.Generator | None = None) -> str:
    """The phrase for one object; canonical without ``rng``, a random paraphrase with it."""
    if not isinstance(obj, WorldObject):
        raise TypeError(f"obj must be a WorldObject, got {type(obj).__name__}")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator or None, got {type(rng).__name__}")

    def pick(options: tuple[str, ...]) -> str:
        return options[0] if rng is None else options[rng.integers(len(options))]

    return f"a {pick(SIZE_WORDS[obj.size])} {obj.colour} {pick(SHAPE_WORDS[obj.shape])} {pick(PLACE_PHRASES[obj.position])}"


def join_phrases(phrases: list[str]) -> str:
    """'x', 'x and y', 'x, y and z'."""
    if not isinstance(phrases, (list, tuple)) or not all(isinstance(p, str) for p in phrases):
        raise TypeError(f"phrases must be a list of strings, got {type(phrases).__name__}")
    if not phrases:
        raise ValueError("a caption needs at least one object")
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


def caption_objects(objects: list[WorldObject], rng: np.random.Generator | None = None) -> str:
    """Caption a list of objects: canonical (reading order) or, with ``rng``, a paraphrase."""
    if not isinstance(objects, (list, tuple)) or not all(isinstance(o, WorldObject) for o in objects):
        raise TypeError("objects must be a list of WorldObject")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator or None, got {type(rng).__name__}")
    if rng is not None:
        objects = [objects[i] for i in rng.permutation(len(objects))]
    text = join_phrases([describe_object(o, rng) for o in objects])
    return text if rng is None else OPENINGS[rng.integers(len(OPENINGS))] + text


def render_captions(scenes: Scenes, paraphrase: bool = False, seed: int = 0) -> list[str]:
    """One caption per scene; canonical unless ``paraphrase`` (deterministic per ``seed``)."""
    if not isinstance(scenes, Scenes):
        raise TypeError(f"render_captions expects Scenes, got {type(scenes).__name__}")
    if not isinstance(paraphrase, (bool, np.bool_)):
        raise TypeError(f"paraphrase must be True or False, got {type(paraphrase).__name__}")
    check_number("seed", seed, low=0, integer=True)
    rng = np.random.default_rng(seed) if paraphrase else None
    return [caption_objects(scenes.objects(i), rng) for i in range(len(scenes))]


def parse_caption(text: str) -> list[WorldObject]:
    """Read a caption (canonical or paraphrased) back into objects, in the order they are named.

    Raises:
        TypeError: if ``text`` is not a string.
        ValueError: if the caption is empty or any part of it does not follow the grammar.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_caption expects a string, got {type(text).__name__}")
    clean = " ".join(text.lower().replace(",", " , ").split()).rstrip(" .")
    if not clean:
        raise ValueError("cannot parse an empty caption")
    for opening in OPENINGS[1:]:
        if clean.startswith(opening):
            clean = clean[len(opening) :]
    parts = [p.strip() for p in re.split(r" , | and ", clean)]
    objects = []
    for part in parts:
        match = _OBJECT_RE.fullmatch(part)
        if match is None:
            raise ValueError(
                f"cannot parse {part!r} in caption {text!r}: expected 'a <size> <colour> <shape> <place>', "
                f"e.g. 'a large red circle at the top left'"
            )
        objects.append(
            WorldObject(_SHAPE[match["shape"]], _COLOUR[match["colour"]], _SIZE[match["size"]], _PLACE[match["place"]])
        )
    return objects


def caption_words() -> list[str]:
    """Every word the grammar can produce (canonical and paraphrases), sorted."""
    phrases = [*OPENINGS, "a and ,"]
    for table in (SIZE_WORDS, SHAPE_WORDS, COLOUR_WORDS, PLACE_PHRASES):
        phrases += [p for options in table.values() for p in options]
    return sorted({w for p in phrases for w in p.replace(",", " , ").split()})


assert set(_SIZE.values()) == set(SIZES) and set(_SHAPE.values()) == set(SHAPES)
assert set(_PLACE.values()) == set(POSITIONS)
