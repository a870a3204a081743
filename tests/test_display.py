import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from IPython.display import HTML, Audio

from mmgen_helpers import display, world


def test_long_titles_are_wrapped_to_the_image_width():
    caption = "a large red circle at the top left and a small blue cross at the bottom right"
    fig = display.show_images(np.zeros((2, 3, 8, 8)), titles=[caption, "short"], ncols=2, scale=1.5)
    titles = [ax.get_title() for ax in fig.axes[:2]]
    assert titles[1] == "short"
    assert titles[0].replace("\n", " ") == caption
    assert max(len(line) for line in titles[0].split("\n")) <= 24


def test_show_images_accepts_chw_hwc_and_tensors():
    images = world.render_images(world.sample_scenes(5, seed=0))
    for batch in (images, images.transpose(0, 2, 3, 1), torch.from_numpy(images)):
        fig = display.show_images(batch, titles=list("abcde"), ncols=3)
        assert isinstance(fig, plt.Figure) and len(fig.axes) == 6
    with pytest.raises(ValueError, match="titles"):
        display.show_images(images, titles=["a"])
    with pytest.raises(ValueError, match="batch of images"):
        display.show_images(np.zeros((3, 3)))


def test_spectrogram_and_history_plots():
    audio = world.render_audio(world.sample_scenes(1, seed=0))[0]
    assert isinstance(display.plot_spectrogram(audio, title="notes"), plt.Figure)
    with pytest.raises(ValueError, match="mono"):
        display.plot_spectrogram(np.zeros((2, 1000)))
    assert isinstance(display.plot_history({"loss": [(1, 2.0), (2, 1.0)]}), plt.Figure)
    with pytest.raises(ValueError, match="empty"):
        display.plot_history({})


def test_audio_player_and_wav_bytes():
    audio = world.render_audio(world.sample_scenes(1, seed=0))[0]
    assert isinstance(display.play_audio(audio), Audio)
    data = display.wav_bytes(audio * 3)  # clipping is avoided by normalising
    assert data[:4] == b"RIFF" and len(data) == 44 + 2 * len(audio)
    with pytest.raises(ValueError, match="sample_rate"):
        display.play_audio(audio, sample_rate=10)
    with pytest.raises(ValueError, match="mono"):
        display.play_audio(np.zeros((2, 10)))


def test_video_is_a_deterministic_mp4_with_sound():
    clips = world.render_video(world.sample_scenes(1, seed=0), n_frames=8, fps=8)
    first = display.encode_mp4(clips.frames[0], clips.fps, clips.audio[0])
    assert first == display.encode_mp4(clips.frames[0], clips.fps, clips.audio[0])
    assert b"ftyp" in first[:16] and b"mp4a" in first  # an MP4 with an AAC track
    assert b"mp4a" not in display.encode_mp4(clips.frames[0], clips.fps)
    html = display.play_video(clips.frames[0], clips.fps, clips.audio[0])
    assert isinstance(html, HTML) and html.data.startswith("<video")
    row = display.side_by_side(html, display.play_audio(clips.audio[0]), captions=["video", "sound"])
    assert "video" in row.data and "audio" in row.data
    with pytest.raises(ValueError, match="scale"):
        display.encode_mp4(clips.frames[0], clips.fps, scale=0)


def test_figure_bundle_carries_the_alt_text():
    fig = display.show_images(world.render_images(world.sample_scenes(2, seed=0)), ncols=2)
    data, metadata = display.figure_bundle(fig, "Two world scenes,\n  side by side.")
    assert data["text/plain"] == "Two world scenes, side by side."
    assert metadata == {"image/png": {"alt": "Two world scenes, side by side."}}
    import base64
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="alt"):
        display.figure_bundle(fig, "a plot")
    with pytest.raises(TypeError, match="Figure"):
        display.figure_bundle(np.zeros((4, 4)), "an array is not a figure")


def test_show_figure_displays_once_and_closes(monkeypatch):
    shown = []
    monkeypatch.setattr(display, "ipython_display", lambda data, raw, metadata: shown.append((data, metadata)))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    display.show_figure(fig, "A falling line from one to zero.")
    assert len(shown) == 1 and shown[0][1]["image/png"]["alt"] == "A falling line from one to zero."
    assert not plt.fignum_exists(fig.number)
