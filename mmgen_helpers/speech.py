"""Offline English speech synthesis through eSpeak NG (the ``espeakng-loader`` wheel ships it).

The library is driven through ``ctypes`` in synchronous mode: it hands back 16-bit samples in a
callback, which we collect. If the wheel is missing or the library cannot load, ``available()``
is False and chapters skip their speech examples with a message.
"""

from __future__ import annotations

import ctypes
import math
import threading
from functools import lru_cache

import numpy as np

from .checks import check_number

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_RATE = 1
_POS_CHARACTER = 1
_ESPEAK_CHARS_UTF8 = 1
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
_lock = threading.Lock()
_chunks: list[np.ndarray] = []


@_CALLBACK
def _collect(samples, count, events):  # called by eSpeak with each block of audio
    if count > 0:
        _chunks.append(np.ctypeslib.as_array(samples, shape=(count,)).copy())
    return 0


@lru_cache(maxsize=1)
def _engine() -> tuple[ctypes.CDLL, int]:
    import os

    import espeakng_loader

    library = ctypes.CDLL(espeakng_loader.get_library_path())
    data = espeakng_loader.get_data_path()
    os.environ.setdefault("ESPEAK_DATA_PATH", data)
    library.espeak_Initialize.restype = ctypes.c_int
    sample_rate = library.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, os.path.dirname(data).encode(), 0)
    if sample_rate <= 0:
        raise RuntimeError(f"eSpeak NG failed to initialise (code {sample_rate})")
    library.espeak_SetSynthCallback(_collect)
    return library, sample_rate


def available() -> bool:
    """Whether speech synthesis works here."""
    try:
        _engine()
        return True
    except Exception:
        return False


def synthesize_speech(text: str, words_per_minute: int = 150, voice: str = "en", sample_rate: int | None = None) -> tuple[np.ndarray, int]:
    """Speak ``text``: returns (float32 mono signal in [-1, 1], sample rate in Hz).

    The rate is eSpeak's own (22050 Hz) unless ``sample_rate`` asks for another, e.g. the world's
    16 kHz; the signal is then resampled with a polyphase filter (Chapter 1 explains resampling).
    """
    if sample_rate is not None and (isinstance(sample_rate, bool) or not isinstance(sample_rate, int)
                                    or not 1000 <= sample_rate <= 384_000):
        raise ValueError(f"sample_rate must be an int of at least 1000 Hz (or None), got {sample_rate!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("synthesize_speech needs a non-empty string")
    check_number("words_per_minute", words_per_minute, low=80, high=450, integer=True)
    library, native_rate = _engine()
    with _lock:
        _chunks.clear()
        if library.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"unknown eSpeak voice {voice!r}")
        library.espeak_SetParameter(_ESPEAK_RATE, int(words_per_minute), 0)
        data = text.encode("utf-8") + b"\0"
        status = library.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8, None, None)
        library.espeak_Synchronize()
        if status != 0:
            raise RuntimeError(f"eSpeak NG could not synthesise the text (code {status})")
        samples = np.concatenate(_chunks) if _chunks else np.zeros(0, np.int16)
        _chunks.clear()
    signal = samples.astype(np.float32) / 32768.0
    if sample_rate is None or sample_rate == native_rate:
        return signal, native_rate
    from scipy.signal import resample_poly

    common = math.gcd(sample_rate, native_rate)
    return resample_poly(signal, sample_rate // common, native_rate // common).astype(np.float32), sample_rate
