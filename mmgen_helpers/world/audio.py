"""Audio renderer: every object sounds a note.

* colour sets the pitch class (C, D, E, G, A, B: a scale with no two colours a semitone apart),
* size sets the octave and the loudness (large objects sound an octave lower and louder),
* shape sets the timbre (sine, hollow odd harmonics, bright sawtooth, inharmonic bell).

A still scene plays its objects one after another in caption order, one note per
:data:`NOTE_SECONDS`, so the audio lines up with the caption word for word. A melody mode plays
note sequences with rhythm and phrases (for music visualisation and lyrics).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..checks import check_number
from .scenes import COLOURS, MAX_OBJECTS, SHAPES, SIZES, Scenes

SAMPLE_RATE = 16_000
NOTE_SECONDS = 0.25
#: MIDI pitch of each colour for a small object; large objects play an octave lower.
COLOUR_MIDI = np.array([60, 62, 64, 67, 69, 71])  # C4 D4 E4 G4 A4 B4
LOUDNESS = np.array([0.6, 1.0])  # small, large

#: Partials of each timbre as (frequency ratio, amplitude).
TIMBRES: dict[str, tuple[tuple[float, float], ...]] = {
    "circle": ((1, 1.0),),  # a pure sine
    "square": tuple((n, 1 / n) for n in (1, 3, 5, 7, 9)),  # odd harmonics: hollow, clarinet-like
    "triangle": tuple((n, 1 / n) for n in range(1, 9)),  # all harmonics: a bright sawtooth
    "cross": ((1, 1.0), (2.76, 0.6), (5.40, 0.4), (8.93, 0.25)),  # inharmonic, like a struck bar
}


def midi_to_hz(midi: np.ndarray | float) -> np.ndarray:
    """Equal-tempered frequency of a MIDI note number (69 = A4 = 440 Hz)."""
    if isinstance(midi, (bool, str)) or midi is None:
        raise TypeError(f"midi must be a number or an array of numbers, got {type(midi).__name__}")
    notes = np.asarray(midi, dtype=np.float64)
    if not np.isfinite(notes).all() or np.abs(notes).max(initial=0) > 1000:
        raise ValueError("midi note numbers must be finite and within ±1000")
    return 440.0 * 2.0 ** ((notes - 69) / 12)


def note_midi(colour: np.ndarray, size: np.ndarray) -> np.ndarray:
    """MIDI pitch of objects with the given colour and size indices."""
    for name, value, names in (("colour", colour, COLOURS), ("size", size, SIZES)):
        array = np.asarray(value) if isinstance(value, (np.ndarray, list, tuple, int, np.integer)) else None
        if array is None or isinstance(value, bool) or not np.issubdtype(array.dtype, np.integer):
            raise TypeError(f"{name} must be integer indices, got {type(value).__name__}")
        if array.size and (array.min() < 0 or array.max() >= len(names)):
            raise ValueError(f"{name} indices must lie in 0..{len(names) - 1}")
    return COLOUR_MIDI[colour] - 12 * (np.asarray(size) == SIZES.index("large"))


def check_sample_rate(sample_rate: int) -> None:
    """Raise a ValueError unless the sample rate is an int that can carry the world's partials."""
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)) or not 8000 <= sample_rate <= 192_000:
        raise ValueError(f"sample_rate must be an int from 8000 to 192000 Hz, got {sample_rate!r}")


def synthesize_note(
    midi: float,
    timbre: str = "circle",
    loudness: float = 1.0,
    seconds: float = NOTE_SECONDS,
    sample_rate: int = SAMPLE_RATE,
    decay: float = 0.12,
) -> np.ndarray:
    """One note: partials of ``timbre`` with a 5 ms attack and an exponential decay (seconds)."""
    if timbre not in TIMBRES:
        raise ValueError(f"unknown timbre {timbre!r}; expected one of {list(TIMBRES)}")
    check_sample_rate(sample_rate)
    check_number("midi", midi, low=-1000, high=1000)
    check_number("loudness", loudness, low=0, high=100)
    check_number("seconds", seconds, low=0, high=600, low_open=True)
    check_number("decay", decay, low=0, high=600, low_open=True)
    t = np.arange(int(round(seconds * sample_rate))) / sample_rate
    f0 = float(midi_to_hz(midi))
    partials = [(r, a) for r, a in TIMBRES[timbre] if r * f0 < sample_rate / 2]
    if not np.isfinite(f0) or not partials:
        raise ValueError(f"MIDI note {midi} ({f0:.0f} Hz) is at or above the Nyquist frequency "
                         f"({sample_rate / 2:.0f} Hz) at {sample_rate} Hz: raise the sample rate")
    wave = sum(a * np.sin(2 * np.pi * r * f0 * t) for r, a in partials)
    wave = wave / sum(a for _, a in partials)
    envelope = np.minimum(t / 0.005, 1.0) * np.exp(-t / decay)
    envelope *= np.minimum((seconds - t) / 0.01, 1.0)  # fade out: no click at the end
    return (loudness * wave * envelope).astype(np.float32)


@lru_cache(maxsize=8)
def note_table(sample_rate: int = SAMPLE_RATE, seconds: float = NOTE_SECONDS, decay: float = 0.12) -> np.ndarray:
    """(shape, colour, size, T) every note an object can make — there are only 48 — at one length and decay."""
    length = int(round(seconds * sample_rate))
    table = np.zeros((len(SHAPES), len(COLOURS), len(SIZES), length), np.float32)
    for s, shape in enumerate(SHAPES):
        for c in range(len(COLOURS)):
            for z in range(len(SIZES)):
                midi = float(note_midi(np.array(c), np.array(z)))
                table[s, c, z] = synthesize_note(midi, shape, LOUDNESS[z], seconds, sample_rate, decay=decay)
    return table


def render_audio(scenes: Scenes, sample_rate: int = SAMPLE_RATE, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """(N, 3 * NOTE_SECONDS * sample_rate) float32: each scene's objects played in caption order.

    Absent objects leave their slot silent, so every clip has the same length. ``noise`` adds
    white noise of that standard deviation (deterministic per ``seed``).
    """
    if not isinstance(scenes, Scenes):
        raise TypeError(f"render_audio expects Scenes, got {type(scenes).__name__}")
    check_sample_rate(sample_rate)
    check_number("noise", noise, low=0, high=100)
    check_number("seed", seed, low=0, integer=True)
    table = note_table(sample_rate)
    s, c, z = (np.clip(a, 0, None) for a in (scenes.shape, scenes.colour, scenes.size))
    notes = table[s, c, z] * scenes.present[..., None]  # (N, 3, T_note)
    audio = notes.reshape(len(scenes), MAX_OBJECTS * table.shape[-1])
    if noise > 0:
        audio = audio + np.random.default_rng(seed).normal(0, noise, audio.shape).astype(np.float32)
    return audio


def note_onsets(scenes: Scenes) -> np.ndarray:
    """(N, 3) onset time in seconds of each object's note, NaN for absent objects."""
    if not isinstance(scenes, Scenes):
        raise TypeError(f"note_onsets expects Scenes, got {type(scenes).__name__}")
    onsets = np.arange(MAX_OBJECTS) * NOTE_SECONDS
    return np.where(scenes.present, onsets[None, :], np.nan)


# ----------------------------------------------------------------------------- melody mode
PENTATONIC = np.array([0, 2, 4, 7, 9])


@dataclass
class Melodies:
    """N melodies of L notes: pitches, durations in beats, and which notes end a phrase."""

    midi: np.ndarray  # (N, L) int
    beats: np.ndarray  # (N, L) float, note lengths in beats
    phrase_end: np.ndarray  # (N, L) bool
    tempo: float = 120.0  # beats per minute

    def onsets(self) -> np.ndarray:
        """(N, L) onset time of each note in seconds."""
        seconds = self.beats * 60.0 / self.tempo
        return np.cumsum(seconds, axis=1) - seconds

    def seconds(self) -> np.ndarray:
        """(N,) length of each melody in seconds."""
        return self.beats.sum(axis=1) * 60.0 / self.tempo


def sample_melodies(n: int, n_notes: int = 8, phrases: int = 2, seed: int = 0, tempo: float = 120.0) -> Melodies:
    """Random pentatonic melodies: a random walk on the scale, each phrase ending on a long note."""
    check_number("n", n, low=0, high=1_000_000, integer=True)
    check_number("n_notes", n_notes, low=2, high=10_000, integer=True)
    check_number("phrases", phrases, low=1, high=10_000, integer=True)
    check_number("seed", seed, low=0, integer=True)
    check_number("tempo", tempo, low=1, high=1000)
    if n_notes % phrases:
        raise ValueError(f"n_notes ({n_notes}) must be >= 2 and a multiple of phrases ({phrases})")
    rng = np.random.default_rng([seed, 99])
    steps = rng.choice([-2, -1, 1, 2], size=(n, n_notes))
    degree = np.clip(np.cumsum(steps, axis=1) + 5, 0, 9)  # two octaves of the pentatonic scale
    midi = 60 + 12 * (degree // 5) + PENTATONIC[degree % 5]
    beats = rng.choice([0.5, 1.0], size=(n, n_notes), p=[0.4, 0.6])
    phrase_end = np.zeros((n, n_notes), dtype=bool)
    phrase_end[:, n_notes // phrases - 1 :: n_notes // phrases] = True
    beats[phrase_end] = 2.0
    return Melodies(midi=midi, beats=beats, phrase_end=phrase_end, tempo=tempo)


def render_melodies(melodies: Melodies, timbre: str = "square", sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """(N, T) float32 audio of the melodies, T set by the longest one."""
    if not isinstance(melodies, Melodies):
        raise TypeError(f"render_melodies expects Melodies, got {type(melodies).__name__}")
    check_sample_rate(sample_rate)
    onsets = np.round(melodies.onsets() * sample_rate).astype(int)
    length = int(np.ceil(melodies.seconds().max() * sample_rate)) + 1
    audio = np.zeros((len(melodies.midi), length), dtype=np.float32)
    cache: dict[tuple[int, float], np.ndarray] = {}
    for i in range(melodies.midi.shape[0]):
        for midi, beats, start in zip(melodies.midi[i], melodies.beats[i], onsets[i]):
            key = (int(midi), float(beats))
            if key not in cache:
                seconds = beats * 60.0 / melodies.tempo
                cache[key] = synthesize_note(midi, timbre, 0.8, seconds, sample_rate, decay=0.4 * seconds)
            note = cache[key][: length - start]
            audio[i, start : start + len(note)] += note
    return audio
