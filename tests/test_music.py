"""Real melodies from music21's corpus and their rendered performances (chapter 8)."""

import librosa
import numpy as np
import pytest

from mmgen_helpers import music
from mmgen_helpers.metrics import event_f1


@pytest.fixture(scope="module")
def tunes():
    return music.folk_tunes(4, seed=0)


def test_load_tune_reads_notes_bars_and_where_it_comes_from():
    tune = music.load_tune("han1", 1)
    assert tune.title and tune.region.startswith("China")
    assert len(tune.midi) == len(tune.onsets) == len(tune.lengths) > 10
    assert tune.onsets[0] == 0 and np.all(np.diff(tune.onsets) > 0) and np.all(tune.lengths > 0)
    assert np.all((tune.midi >= 36) & (tune.midi <= 96))
    assert tune.bar_length == 2.0  # 2/4
    assert np.all(np.diff(tune.downbeats) > 0) and tune.quarters > tune.onsets[-1]


@pytest.mark.parametrize(("collection", "number", "error"), [
    ("han3", 1, ValueError), ("han1", 0, ValueError), ("han2", 671, ValueError), ("han1", "1", TypeError),
    ("han1", True, TypeError)])
def test_load_tune_refuses_tunes_that_do_not_exist(collection, number, error):
    with pytest.raises(error):
        music.load_tune(collection, number)


def test_phrase_lengths_add_up_to_the_tunes_notes(tunes):
    assert music.phrase_lengths("han1", 1).tolist() == [12, 12, 12, 12, 4, 12]  # one per line of the score
    for tune in tunes:
        lengths = music.phrase_lengths(tune.collection, tune.number)
        assert lengths.sum() == len(tune.midi) and np.all(lengths > 0)


@pytest.mark.parametrize(("collection", "number", "error"), [
    ("han9", 1, ValueError), ("han1", 555, ValueError), ("han1", 1.0, TypeError)])
def test_phrase_lengths_refuses_tunes_that_do_not_exist(collection, number, error):
    with pytest.raises(error):
        music.phrase_lengths(collection, number)


def test_folk_tunes_are_seeded_distinct_and_regular(tunes):
    assert len({(t.collection, t.number) for t in tunes}) == 4
    for tune in tunes:
        assert music.regular(tune) and 24 <= len(tune.midi) <= 64 and tune.bar_length == 2.0
    again = music.folk_tunes(4, seed=0)
    assert [(t.collection, t.number) for t in again] == [(t.collection, t.number) for t in tunes]
    other = music.folk_tunes(4, seed=1)
    assert [(t.collection, t.number) for t in other] != [(t.collection, t.number) for t in tunes]
    with pytest.raises(ValueError, match="min_notes"):
        music.folk_tunes(2, min_notes=50, max_notes=40)
    with pytest.raises(ValueError, match="positive int"):
        music.folk_tunes(0)


def test_a_steady_performance_keeps_the_score_time(tunes):
    tune = tunes[0]
    played = music.perform(tune, seed=3, tempo=90, drift=0, jitter=0, loudness_spread=0, reverb=0, noise=-80)
    lead_in = played.onsets[0]
    np.testing.assert_allclose(played.onsets, lead_in + tune.onsets * 60 / 90, atol=1e-9)
    np.testing.assert_allclose(np.diff(played.beats), 60 / 90, atol=1e-9)
    assert played.tempo == 90 and len(played.audio) / played.sample_rate > played.onsets[-1]


def test_a_performance_drifts_is_seeded_and_stays_in_range(tunes):
    tune = tunes[1]
    played = music.perform(tune, seed=1)
    assert np.all(np.diff(played.onsets) > 0) and np.all(np.diff(played.beats) > 0)
    assert np.isfinite(played.audio).all() and np.abs(played.audio).max() == pytest.approx(0.9, abs=1e-6)
    beat_lengths = np.diff(played.beats)
    assert beat_lengths.max() / beat_lengths.min() > 1.05  # the tempo wanders
    np.testing.assert_array_equal(music.perform(tune, seed=1).audio, played.audio)
    assert not np.array_equal(music.perform(tune, seed=2).audio, played.audio)


def test_librosa_finds_the_performed_onsets(tunes):
    """The ground truth is where the notes sounded: an onset detector that hears them matches it."""
    for seed, tune in enumerate(tunes):
        played = music.perform(tune, seed=seed)
        found = librosa.onset.onset_detect(y=played.audio, sr=played.sample_rate, hop_length=256,
                                           units="time")
        assert event_f1(found, played.onsets, tolerance=0.05) >= 0.8


@pytest.mark.parametrize("arguments", [
    {"tempo": -1}, {"tempo": 1000}, {"drift": 0.7}, {"jitter": -0.1}, {"reverb": 9}, {"noise": float("nan")},
    {"loudness_spread": 40}])
def test_perform_refuses_bad_settings(tunes, arguments):
    with pytest.raises(ValueError):
        music.perform(tunes[0], **arguments)


def test_perform_needs_a_tune():
    with pytest.raises(TypeError, match="Tune"):
        music.perform("a folk song")
