"""Real melodies for Chapter 8: Chinese folk songs of the Essen collection as music21 ships them, and performances of them rendered to audio.

music21 (BSD licence) bundles the Essen Folksong Collection's Chinese songs (``han1.abc``: 554 tunes,
``han2.abc``: 670) in ABC encodings by Seymour Shlien, who lets music21 distribute them; the
collection's editor, Ewa Dahlig-Turek, permits their non-commercial distribution and use in music21
(``music21/corpus/essenFolksong/license.txt``, which also says that the database's legal status is
unclear, since many people entered it). The book reads them from the installed package: nothing is
downloaded, and the book ships no copy of the encodings.

:func:`load_tune` reads one tune (notes, their lengths in quarter notes, bars);
:func:`phrase_lengths` says how many notes each of its phrases has; :func:`folk_tunes` picks tunes
with a regular metre; :func:`perform` renders a tune as a performance would sound, with
the tempo drifting, notes early or late, uneven loudness, reverberation and background noise, and
returns, beside the audio, when every note and every beat really sounded: the ground truth an
analysis of the audio can be checked against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy.signal import fftconvolve

from .checks import check_number
from .world.audio import SAMPLE_RATE, check_sample_rate, synthesize_note

COLLECTIONS = {"han1": 554, "han2": 670}  # tunes (X: numbers 1..n) in each file


@dataclass(frozen=True)
class Tune:
    """One melody as the score writes it; times in quarter notes from the first note."""

    collection: str
    number: int  # the tune's X: number in its file
    title: str
    region: str  # where it was collected, as the encoding says
    onsets: np.ndarray  # (L,) float, quarter notes
    lengths: np.ndarray  # (L,) float, quarter notes, tied notes merged
    midi: np.ndarray  # (L,) int
    bar_length: float  # quarter notes per bar
    downbeats: np.ndarray  # (B,) float, quarter notes: where each bar starts

    @property
    def quarters(self) -> float:
        """The tune's length in quarter notes, from the first note's onset to the last note's end."""
        return float(self.onsets[-1] + self.lengths[-1])


def _check_tune_id(collection: str, number: int) -> None:
    if collection not in COLLECTIONS:
        raise ValueError(f"collection must be one of {list(COLLECTIONS)}, got {collection!r}")
    if isinstance(number, bool) or not isinstance(number, (int, np.integer)):
        raise TypeError(f"number must be an int, got {type(number).__name__}")
    if not 1 <= number <= COLLECTIONS[collection]:
        raise ValueError(f"{collection} holds tunes 1 to {COLLECTIONS[collection]}, got {number}")


def load_tune(collection: str, number: int) -> Tune:
    """Tune ``number`` (its X: field) of ``collection`` ("han1" or "han2"), parsed by music21.

    Rests are skipped (a rest only delays the next onset) and tied notes merged into one. Raises
    ``ValueError`` for a tune without barlines or notes.
    """
    _check_tune_id(collection, number)
    from music21 import corpus, meter  # imported here: a second of start-up, only when needed

    score = corpus.parse(f"essenFolksong/{collection}", number=int(number), forceSource=True)
    part = score.parts[0]
    signature = part.recurse().getElementsByClass(meter.TimeSignature).first()
    bars = list(part.getElementsByClass("Measure"))
    notes = list(part.stripTies().flatten().notes)
    if signature is None or not bars or not notes:
        raise ValueError(f"{collection} tune {number} has no metre, bars or notes")
    start = float(notes[0].offset)
    return Tune(
        collection=collection,
        number=int(number),
        title=str(score.metadata.title or ""),
        region=str(getattr(score.metadata, "localeOfComposition", "") or ""),
        onsets=np.array([float(n.offset) - start for n in notes]),
        lengths=np.array([float(n.quarterLength) for n in notes]),
        midi=np.array([n.pitch.midi for n in notes], dtype=int),
        bar_length=float(signature.barDuration.quarterLength),
        downbeats=np.array([float(m.offset) - start for m in bars]),
    )


_ABC_NOTE = re.compile(r"[\^=_]*[A-Ga-g][',]*[\d/]*(-?)|z[\d/]*")


@cache
def _phrase_table(collection: str) -> dict[int, tuple[int, ...]]:
    import music21

    path = Path(music21.__file__).parent / "corpus" / "essenFolksong" / f"{collection}.abc"
    table = {}
    for block in re.split(r"\n(?=X:)", path.read_text(encoding="latin-1")):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith("X:") or not any(x.startswith("K:") for x in lines):
            continue
        body = lines[next(i for i, x in enumerate(lines) if x.startswith("K:")) + 1 :]
        counts, tied = [], False
        for line in body:
            if not line.strip() or re.match(r"^[A-Za-z]:", line):
                continue
            notes = 0
            for match in _ABC_NOTE.finditer(line):
                is_note = not match.group(0).startswith("z")
                notes += is_note and not tied  # a note tied to the one before sounds on
                tied = is_note and match.group(1) == "-"
            counts.append(notes)
        table[int(lines[0][2:].strip())] = tuple(counts)
    return table


def phrase_lengths(collection: str, number: int) -> np.ndarray:
    """How many notes each phrase of tune ``number`` of ``collection`` has, in order.

    The Essen encodings write one phrase per line of the score (music21 keeps the notes, not the
    lines), so this reads the ABC text itself; notes are counted as :func:`load_tune` counts them
    (rests skipped, tied notes merged), so the lengths add up to its number of notes.
    """
    _check_tune_id(collection, number)
    return np.array(_phrase_table(collection).get(int(number), ()), dtype=int)


def regular(tune: Tune) -> bool:
    """Whether every bar is as long as the metre says, the first one included (no pickup)."""
    if not isinstance(tune, Tune):
        raise TypeError(f"tune must be a Tune, got {type(tune).__name__}")
    bars = np.diff(np.append(tune.downbeats, tune.quarters))
    return bool(len(bars) >= 2 and tune.downbeats[0] == 0 and np.allclose(bars[:-1], tune.bar_length)
                and bars[-1] <= tune.bar_length + 1e-9)


def folk_tunes(n: int, seed: int = 0, min_notes: int = 24, max_notes: int = 64, bar_length: float = 2.0) -> list[Tune]:
    """``n`` different tunes in a seeded random order, each with regular bars of ``bar_length``
    quarter notes (2.0: the collection's usual 2/4) and ``min_notes`` to ``max_notes`` notes."""
    for name, value in (("n", n), ("min_notes", min_notes), ("max_notes", max_notes)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if min_notes > max_notes:
        raise ValueError(f"min_notes ({min_notes}) must not exceed max_notes ({max_notes})")
    if not bar_length > 0:
        raise ValueError(f"bar_length must be positive, got {bar_length}")
    total = sum(COLLECTIONS.values())
    if n > total:
        raise ValueError(f"the collection holds {total} tunes; asked for {n}")
    ids = [(name, k) for name, count in COLLECTIONS.items() for k in range(1, count + 1)]
    tunes: list[Tune] = []
    for index in np.random.default_rng([seed, 8]).permutation(len(ids)):
        try:
            tune = load_tune(*ids[index])
        except ValueError:
            continue
        if min_notes <= len(tune.midi) <= max_notes and tune.bar_length == bar_length and regular(tune):
            tunes.append(tune)
            if len(tunes) == n:
                return tunes
    raise ValueError(f"only {len(tunes)} tunes meet the conditions; asked for {n}")


@dataclass(frozen=True)
class Performance:
    """A rendered performance and the times (seconds) at which its notes and beats really sounded."""

    audio: np.ndarray  # (T,) float32
    onsets: np.ndarray  # (L,) when each note starts
    beats: np.ndarray  # every quarter-note beat of the score, from the first note to the end
    downbeats: np.ndarray  # where each bar starts
    tempo: float  # mean tempo, quarter notes per minute
    sample_rate: int


def perform(tune: Tune, seed: int = 0, tempo: float | None = None, drift: float = 0.08, jitter: float = 0.012,
            loudness_spread: float = 6.0, reverb: float = 0.5, noise: float = -30.0,
            sample_rate: int = SAMPLE_RATE) -> Performance:
    """Render ``tune`` as a player might: a tempo that drifts, notes early or late, uneven loudness.

    ``tempo``: mean quarter notes per minute (drawn from 80-110 when None); ``drift``: how far the
    tempo wanders, as a share of it (a slow random curve); ``jitter``: the spread of each note's
    timing, seconds (clipped at twice that); ``loudness_spread``: twice the standard deviation of note
    loudness, dB (downbeats 3 dB louder);
    ``reverb``: reverberation time, seconds (0: none); ``noise``: background noise, dB against the
    music's RMS. The returned onsets and beats are where the notes and beats sounded, jitter included
    for the notes.
    """
    if not isinstance(tune, Tune):
        raise TypeError(f"tune must be a Tune, got {type(tune).__name__}")
    check_sample_rate(sample_rate)
    check_number("seed", seed, low=0, integer=True)
    for name, value in (("drift", drift), ("jitter", jitter), ("loudness_spread", loudness_spread),
                        ("reverb", reverb), ("noise", noise)) + ((("tempo", tempo),) if tempo is not None else ()):
        check_number(name, value)
    if tempo is not None and not 20 <= tempo <= 400:
        raise ValueError(f"tempo must be within 20-400 quarter notes per minute, got {tempo}")
    if not 0 <= drift < 0.5 or not 0 <= jitter <= 0.1 or not 0 <= loudness_spread <= 20:
        raise ValueError("drift must be in [0, 0.5), jitter in [0, 0.1] s and loudness_spread in [0, 20] dB")
    if not 0 <= reverb <= 5 or not -200 <= noise <= 60:
        raise ValueError(f"reverb must be in [0, 5] s and noise in [-200, 60] dB, got {reverb} and {noise}")
    rng = np.random.default_rng([seed, tune.number, 21])
    tempo = float(rng.uniform(80, 110)) if tempo is None else float(tempo)
    # seconds per quarter note along the score: a smooth random curve around 60 / tempo
    grid = np.arange(0, tune.quarters + 1.01, 0.25)
    phases, periods = rng.uniform(0, 2 * np.pi, 2), rng.uniform(6, 16, 2)
    wander = sum(np.sin(2 * np.pi * grid / p + f) for p, f in zip(periods, phases)) / 2
    seconds_per_quarter = 60 / (tempo * (1 + drift * wander))
    clock = np.concatenate([[0.0], np.cumsum(seconds_per_quarter[:-1] * 0.25)])
    lead_in = 0.3

    def when(quarters: np.ndarray) -> np.ndarray:
        return lead_in + np.interp(quarters, grid, clock)

    onsets = when(tune.onsets) + np.clip(rng.normal(0, jitter, len(tune.midi)), -2 * jitter, 2 * jitter)
    ends = when(tune.onsets + tune.lengths)
    beats = when(np.arange(0, np.floor(tune.quarters) + 1e-9, 1.0))
    downbeats = when(tune.downbeats)
    accent = np.isin(tune.onsets, tune.downbeats) * 3.0
    gain = 10 ** ((rng.normal(0, loudness_spread / 2, len(tune.midi)) + accent - 3) / 20)
    audio = np.zeros(int((ends[-1] + 1.0 + reverb) * sample_rate), np.float32)
    for midi, start, end, loud in zip(tune.midi, onsets, ends, gain):
        seconds = max(end - start, 0.08) + 0.05
        note = synthesize_note(midi, "circle", min(float(loud), 1.5), seconds, sample_rate, decay=0.45)
        begin = int(start * sample_rate)
        audio[begin : begin + len(note)] += note[: len(audio) - begin]
    if reverb > 0:
        t = np.arange(int(reverb * sample_rate)) / sample_rate
        response = rng.normal(0, 1, len(t)) * np.exp(-6.9 * t / reverb)  # -60 dB at ``reverb`` s
        response[0] = 0.0
        wet = fftconvolve(audio, response)[: len(audio)]
        audio = audio + 0.3 * wet * np.sqrt(np.mean(audio**2) / max(np.mean(wet**2), 1e-12))
    rms = np.sqrt(np.mean(audio**2))
    audio = audio + rng.normal(0, 1, len(audio)) * rms * 10 ** (noise / 20)
    audio = 0.9 * audio / max(np.abs(audio).max(), 1e-9)
    return Performance(audio=audio.astype(np.float32), onsets=onsets, beats=beats, downbeats=downbeats,
                       tempo=tempo, sample_rate=sample_rate)
