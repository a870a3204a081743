"""Show things in a notebook: image grids, spectrograms, loss curves, inline audio and video.

Every function returns an object that Jupyter displays (a matplotlib Figure, an
``IPython.display.Audio`` or ``HTML``) and depends only on NumPy, matplotlib, IPython and
imageio-ffmpeg's bundled ffmpeg binary. :func:`show_figure` displays a figure together with its
alt text, the description a screen reader reads instead of the picture.
"""

from __future__ import annotations

import base64
import io
import subprocess
import tempfile
import textwrap
import wave
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Audio
from IPython.display import display as ipython_display

from .checks import check_number


def _numpy(array: object) -> np.ndarray:
    if hasattr(array, "detach"):
        array = array.detach().cpu().numpy()  # a torch tensor
    return np.asarray(array, dtype=np.float32)


def to_hwc(images: object) -> np.ndarray:
    """(N, 3, H, W) or (N, H, W, 3) or (N, H, W) images in [0, 1] to (N, H, W, C) for plotting."""
    array = _numpy(images)
    if array.ndim == 3:
        return array[..., None]
    if array.ndim != 4:
        raise ValueError(f"expected a batch of images (N, C, H, W) or (N, H, W, C), got shape {array.shape}")
    if array.shape[1] in (1, 3) and array.shape[-1] not in (1, 3):
        array = array.transpose(0, 2, 3, 1)
    return array


def wrap_title(title: str, width_inches: float) -> str:
    """``title`` wrapped to fit ``width_inches`` at 7 points (about 16 characters an inch)."""
    check_number("width_inches", width_inches, low=0, high=1000, low_open=True)
    width = max(8, int(16 * width_inches))
    return "\n".join(textwrap.fill(line, width) or line for line in str(title).split("\n"))


def show_images(
    images: object,
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    scale: float = 1.1,
    suptitle: str | None = None,
) -> plt.Figure:
    """A grid of images with optional per-image titles; returns the figure.

    Titles longer than an image is wide are wrapped onto several lines so neighbours never overlap.
    """
    array = np.clip(to_hwc(images), 0, 1)
    if len(array) == 0:
        raise ValueError("show_images needs at least one image")
    if titles is not None and len(titles) != len(array):
        raise ValueError(f"{len(titles)} titles for {len(array)} images")
    ncols = min(ncols, len(array))
    nrows = -(-len(array) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(scale * ncols, scale * nrows * (1.25 if titles else 1)), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, (ax, image) in enumerate(zip(axes.flat, array)):
        ax.imshow(image[..., 0] if image.shape[-1] == 1 else image, cmap="gray" if image.shape[-1] == 1 else None, vmin=0, vmax=1, interpolation="nearest")
        if titles is not None:
            ax.set_title(wrap_title(titles[i], scale), fontsize=7)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    plt.close(fig)
    return fig


def figure_bundle(fig: plt.Figure, alt: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """A figure as a Jupyter output: PNG data with ``alt`` as its text form and in its metadata.

    The PNG is what the inline backend would draw (the figure's own dpi, a tight bounding box). The
    alt text goes into ``text/plain`` (read wherever the picture is not shown) and into the output's
    ``image/png`` metadata (``{"alt": ...}``, the convention IPython's ``Image(alt=...)`` uses), which
    the book's HTML edition turns into the ``alt`` attribute of the picture.
    """
    if not isinstance(fig, plt.Figure):
        raise TypeError(f"expected a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(alt, str) or len(alt.split()) < 4:
        raise ValueError(f"alt must describe the figure in a few words (at least four), got {alt!r}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    text = " ".join(alt.split())
    data = {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"), "text/plain": text}
    return data, {"image/png": {"alt": text}}


def show_figure(fig: plt.Figure, alt: str) -> None:
    """Display a matplotlib figure with alt text, and close it (so it is not shown a second time)."""
    data, metadata = figure_bundle(fig, alt)
    plt.close(fig)
    ipython_display(data, raw=True, metadata=metadata)


def plot_spectrogram(
    audio: object, sample_rate: int = 16_000, n_fft: int = 512, hop: int = 128, title: str = "", ax: plt.Axes | None = None
) -> plt.Figure:
    """Log-magnitude spectrogram (dB) of a mono signal with time and frequency axes."""
    signal = _numpy(audio)
    if signal.ndim != 1 or len(signal) < n_fft:
        raise ValueError(f"expected a mono signal of at least {n_fft} samples, got shape {signal.shape}")
    window = np.hanning(n_fft).astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(signal, n_fft)[::hop] * window
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    db = 10 * np.log10(np.maximum(power, 1e-10))
    db = np.maximum(db, db.max() - 80)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 2.5))
    else:
        fig = ax.figure
    extent = (0, len(signal) / sample_rate, 0, sample_rate / 2000)
    image = ax.imshow(db.T, origin="lower", aspect="auto", extent=extent, cmap="magma")
    ax.set(xlabel="time (s)", ylabel="frequency (kHz)", title=title)
    fig.colorbar(image, ax=ax, label="dB")
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_history(history: Mapping[str, Sequence[tuple[int, float]]], title: str = "training", logy: bool = True) -> plt.Figure:
    """Loss curves from :func:`mmgen_helpers.train.fit` (or any name -> [(step, value)] mapping)."""
    if not history:
        raise ValueError("the history is empty")
    fig, ax = plt.subplots(figsize=(5, 2.8))
    for name, points in history.items():
        steps, values = zip(*points)
        ax.plot(steps, values, label=name)
    if logy and all(v > 0 for points in history.values() for _, v in points):
        ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="loss", title=title)
    ax.legend()
    fig.tight_layout()
    plt.close(fig)
    return fig


def _check_audio(audio: object, sample_rate: int) -> np.ndarray:
    signal = _numpy(audio)
    if signal.ndim != 1 or signal.size == 0:
        raise ValueError(f"expected a non-empty mono signal (T,), got shape {signal.shape}")
    if not np.issubdtype(signal.dtype, np.number) or not np.isfinite(signal).all():
        raise ValueError("the signal must hold finite numbers (no NaN or inf)")
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)) or not 1000 <= sample_rate <= 384_000:
        raise ValueError(f"sample_rate must be an int from 1000 to 384000 Hz, got {sample_rate!r}")
    return signal


def wav_bytes(audio: object, sample_rate: int = 16_000) -> bytes:
    """16-bit PCM WAV file contents, peak-normalised when the signal would clip."""
    signal = _check_audio(audio, sample_rate)
    peak = np.abs(signal).max()
    if peak > 1:
        signal = signal / peak
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(sample_rate))
        w.writeframes((signal * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def play_audio(audio: object, sample_rate: int = 16_000) -> Audio:
    """An inline audio player (the signal is not rescaled unless it would clip)."""
    return Audio(data=wav_bytes(audio, sample_rate), rate=sample_rate)


def encode_mp4(frames: object, fps: float, audio: object | None = None, sample_rate: int = 16_000, scale: int = 4) -> bytes:
    """H.264 MP4 bytes of (F, 3, H, W) or (F, H, W, 3) frames in [0, 1], with an optional soundtrack.

    Frames are enlarged ``scale`` times with nearest-neighbour so that small worlds stay crisp.
    Uses the ffmpeg binary that ``imageio-ffmpeg`` ships, with bit-exact flags (same input, same bytes).
    """
    import imageio_ffmpeg

    array = np.clip(to_hwc(frames), 0, 1)
    if array.shape[-1] == 1:
        array = np.repeat(array, 3, axis=-1)
    if not 1 <= scale <= 16:
        raise ValueError(f"scale must be between 1 and 16, got {scale}")
    array = np.repeat(np.repeat(array, scale, axis=1), scale, axis=2)
    height, width = array.shape[1:3]
    array = np.pad(array, ((0, 0), (0, height % 2), (0, width % 2), (0, 0)))  # H.264 wants even sizes
    pixels = (array * 255).round().astype(np.uint8)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.mp4"
        command = [ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
                   "-s", f"{pixels.shape[2]}x{pixels.shape[1]}", "-r", str(fps), "-i", "-"]
        if audio is not None:
            (Path(tmp) / "sound.wav").write_bytes(wav_bytes(audio, sample_rate))
            command += ["-i", str(Path(tmp) / "sound.wav"), "-c:a", "aac", "-b:a", "64k", "-shortest"]
        command += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "20", "-threads", "1",
                    "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
                    str(out)]
        subprocess.run(command, input=pixels.tobytes(), check=True, capture_output=True)
        return out.read_bytes()


def play_video(frames: object, fps: float, audio: object | None = None, sample_rate: int = 16_000, scale: int = 4, loop: bool = True) -> HTML:
    """An inline HTML5 video player for frames (and their soundtrack, if given)."""
    data = base64.b64encode(encode_mp4(frames, fps, audio, sample_rate, scale)).decode("ascii")
    attributes = "controls" + (" loop" if loop else "")
    return HTML(f'<video {attributes} src="data:video/mp4;base64,{data}"></video>')


def side_by_side(*items: HTML | Audio, captions: Sequence[str] | None = None) -> HTML:
    """Lay inline players (video, audio) out in one row, each with an optional caption."""
    if captions is not None and len(captions) != len(items):
        raise ValueError(f"{len(captions)} captions for {len(items)} items")
    cells = []
    for i, item in enumerate(items):
        html = item._repr_html_() if hasattr(item, "_repr_html_") else str(item)
        label = f"<div style='font-size:small'>{captions[i]}</div>" if captions else ""
        cells.append(f"<div style='display:inline-block;margin:4px;text-align:center'>{html}{label}</div>")
    return HTML("<div>" + "".join(cells) + "</div>")
