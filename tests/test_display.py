import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from IPython.display import HTML, Audio

from mmgen_helpers import display, world


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
