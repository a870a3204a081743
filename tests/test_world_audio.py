import numpy as np
import pytest

from mmgen_helpers import world


def fundamental_midi(note: np.ndarray, sample_rate: int = world.SAMPLE_RATE) -> int:
    """MIDI number of the strongest spectral peak (the fundamental for every world timbre)."""
    spectrum = np.abs(np.fft.rfft(note * np.hanning(len(note)), n=1 << 16))
    freq = np.argmax(spectrum) * sample_rate / (1 << 16)
    return int(round(69 + 12 * np.log2(freq / 440)))


def test_audio_layout(small_scenes):
    audio = world.render_audio(small_scenes)
    per_note = int(world.NOTE_SECONDS * world.SAMPLE_RATE)
    assert audio.shape == (64, 3 * per_note) and audio.dtype == np.float32
    assert np.abs(audio).max() <= 1.0
    silent = ~small_scenes.present
    notes = audio.reshape(64, 3, per_note)
    assert np.abs(notes[silent]).max(initial=0) == 0
    assert (np.abs(notes[~silent]).max(-1) > 0.1).all()


@pytest.mark.parametrize("shape", world.SHAPES)
def test_pitch_follows_colour_and_size(shape):
    for c, colour in enumerate(world.COLOURS):
        for z, size in enumerate(world.SIZES):
            scene = world.Scenes.from_objects([[world.WorldObject(shape, colour, size, "centre")]])
            note = world.render_audio(scene)[0, : int(world.NOTE_SECONDS * world.SAMPLE_RATE)]
            assert fundamental_midi(note) == world.COLOUR_MIDI[c] - 12 * z


def test_timbres_differ_in_harmonics():
    def harmonic_share(shape):
        note = world.synthesize_note(60, shape, seconds=0.5)
        power = np.abs(np.fft.rfft(note)) ** 2  # bins 2 Hz apart
        above = int(1.5 * world.midi_to_hz(60) / 2)
        return power[above:].sum() / power.sum()

    shares = {s: harmonic_share(s) for s in world.SHAPES}
    assert shares["circle"] < 0.01 < 0.1 < min(shares["square"], shares["triangle"], shares["cross"])


def test_noise_is_seeded(small_scenes):
    a = world.render_audio(small_scenes, noise=0.05, seed=1)
    np.testing.assert_array_equal(a, world.render_audio(small_scenes, noise=0.05, seed=1))
    assert not np.array_equal(a, world.render_audio(small_scenes))


def test_bad_audio_arguments(small_scenes):
    with pytest.raises(ValueError, match="sample_rate"):
        world.render_audio(small_scenes, sample_rate=100)
    with pytest.raises(ValueError, match="sample_rate"):
        world.render_audio(small_scenes, sample_rate=16000.5)
    with pytest.raises(ValueError, match="timbre"):
        world.synthesize_note(60, "violin")
    with pytest.raises(TypeError):
        world.render_audio([1, 2, 3])


def test_melodies():
    melodies = world.sample_melodies(5, n_notes=8, phrases=2, seed=0)
    assert melodies.midi.shape == (5, 8)
    assert melodies.phrase_end[:, [3, 7]].all() and melodies.phrase_end.sum() == 10
    audio = world.render_melodies(melodies)
    assert audio.shape[0] == 5 and audio.shape[1] >= int(melodies.seconds().max() * world.SAMPLE_RATE)
    onsets = (melodies.onsets()[0] * world.SAMPLE_RATE).astype(int)
    first = audio[0, onsets[0] : onsets[1]]
    assert fundamental_midi(first) == melodies.midi[0, 0]
    with pytest.raises(ValueError):
        world.sample_melodies(2, n_notes=7, phrases=2)


def test_note_table_holds_every_note_at_the_requested_length():
    table = world.note_table(world.SAMPLE_RATE, 0.2, decay=0.04)
    assert table.shape == (len(world.SHAPES), len(world.COLOURS), len(world.SIZES), 3200)
    for s, c, z in [(0, 0, 0), (3, 5, 1)]:
        midi = int(world.note_midi(np.array(c), np.array(z)))
        assert fundamental_midi(table[s, c, z]) == midi
    assert np.abs(table[:, :, 1]).max() > np.abs(table[:, :, 0]).max()  # large objects are louder


@pytest.mark.parametrize(("midi", "sample_rate"), [(127, 16_000), (120, 16_000), (float("nan"), 16_000)])
def test_a_note_above_the_nyquist_frequency_is_refused(midi, sample_rate):
    with pytest.raises(ValueError, match="Nyquist|finite"):
        world.synthesize_note(midi, "circle", sample_rate=sample_rate)
    assert np.isfinite(world.synthesize_note(100, "circle", sample_rate=sample_rate)).all()
