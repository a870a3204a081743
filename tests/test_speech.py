import numpy as np
import pytest

from mmgen_helpers import speech

pytestmark = pytest.mark.skipif(not speech.available(), reason="eSpeak NG (espeakng-loader) is not installed")


def test_speech_is_audible_and_longer_for_longer_text():
    short, rate = speech.synthesize_speech("red")
    long, _ = speech.synthesize_speech("a large red circle at the top left and a small blue square")
    assert rate == 22050 and short.dtype == np.float32
    assert 0.1 < np.abs(long).max() <= 1.0
    assert len(long) > 3 * len(short)


def test_speech_rate_changes_duration():
    slow, _ = speech.synthesize_speech("a small green triangle", words_per_minute=100)
    fast, _ = speech.synthesize_speech("a small green triangle", words_per_minute=300)
    assert len(slow) > 1.5 * len(fast)


def test_speech_at_the_worlds_sample_rate():
    native, rate = speech.synthesize_speech("a small green triangle")
    resampled, new_rate = speech.synthesize_speech("a small green triangle", sample_rate=16_000)
    assert new_rate == 16_000 and resampled.dtype == np.float32
    assert abs(len(resampled) / (len(native) * 16_000 / rate) - 1) < 0.02  # eSpeak pads each run slightly differently
    assert 0.5 < np.abs(resampled).max() / np.abs(native).max() < 1.5


def test_speech_rejects_bad_input():
    with pytest.raises(ValueError):
        speech.synthesize_speech("  ")
    with pytest.raises(ValueError, match="words_per_minute"):
        speech.synthesize_speech("hello", words_per_minute=10)
    with pytest.raises(ValueError, match="voice"):
        speech.synthesize_speech("hello", voice="klingon-xx")
    with pytest.raises(ValueError, match="sample_rate"):
        speech.synthesize_speech("hello", sample_rate=8.5)
