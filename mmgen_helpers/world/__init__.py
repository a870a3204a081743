"""The synthetic multimodal world: one scene description, rendered as image, caption, audio and video.

>>> from mmgen_helpers import world
>>> scenes = world.sample_scenes(4, seed=0)
>>> images = world.render_images(scenes)          # (4, 3, 32, 32)
>>> captions = world.render_captions(scenes)      # ['a large red circle at the top left ...', ...]
>>> audio = world.render_audio(scenes)            # (4, 12000) at 16 kHz
>>> clips = world.render_video(scenes)            # frames (4, 16, 3, 32, 32) and a soundtrack
"""

from .audio import (
    COLOUR_MIDI,
    NOTE_SECONDS,
    SAMPLE_RATE,
    TIMBRES,
    Melodies,
    midi_to_hz,
    note_midi,
    note_onsets,
    note_table,
    render_audio,
    render_melodies,
    sample_melodies,
    synthesize_note,
)
from .caption import caption_objects, caption_words, parse_caption, render_captions
from .image import object_centres, object_radius, render_images
from .scenes import (
    COLOUR_RGB,
    COLOURS,
    HELD_OUT_PAIRS,
    MAX_OBJECTS,
    POSITIONS,
    SHAPES,
    SIZES,
    SPLITS,
    Scenes,
    WorldObject,
    attribute_index,
    sample_scenes,
)
from .video import Clips, bounce_times, motion, render_video

__all__ = [
    "COLOUR_MIDI", "COLOUR_RGB", "COLOURS", "HELD_OUT_PAIRS", "MAX_OBJECTS", "NOTE_SECONDS", "POSITIONS",
    "SAMPLE_RATE", "SHAPES", "SIZES", "SPLITS", "TIMBRES", "Clips", "Melodies", "Scenes", "WorldObject",
    "attribute_index", "bounce_times", "caption_objects", "caption_words", "midi_to_hz", "motion",
    "note_midi", "note_onsets", "note_table", "object_centres", "object_radius", "parse_caption", "render_audio",
    "render_captions", "render_images", "render_melodies", "render_video", "sample_melodies",
    "sample_scenes", "synthesize_note",
]
