"""Model blocks that a chapter has taught, for the chapters after it.

Chapter 2 (representation learning): :class:`ImageEncoder`, :class:`ImageDecoder`,
:class:`SentenceEncoder`, :class:`LogMel`, :class:`AudioEncoder`, :class:`VideoConv3d`,
:class:`FrameGRU`. Each is a small ``nn.Module`` with shape comments; the notebook that teaches a
block explains its equations.
"""

from __future__ import annotations

import torch
import torchaudio
from torch import nn

from .world import SAMPLE_RATE


def _check(tensor: torch.Tensor, dims: int, what: str) -> None:
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"expected a tensor of {what}, got {type(tensor).__name__}")
    if tensor.dim() != dims:
        raise ValueError(f"expected {what}, got shape {tuple(tensor.shape)}")


class ImageEncoder(nn.Module):
    """Three stride-2 convolutions and a linear layer: (B, 3, 32, 32) -> (B, dim)."""

    def __init__(self, dim: int = 64, width: int = 32):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, width, 3, stride=2, padding=1), nn.ReLU(),  # (B, w, 16, 16)
            nn.Conv2d(width, width, 3, stride=2, padding=1), nn.ReLU(),  # (B, w, 8, 8)
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), nn.ReLU(),  # (B, 2w, 4, 4)
            nn.Flatten(), nn.Linear(2 * width * 16, dim),  # (B, dim)
        )

    def feature_map(self, images: torch.Tensor) -> torch.Tensor:
        """The last convolution's output, a grid of local features: (B, 2w, 4, 4)."""
        _check(images, 4, "images (B, 3, 32, 32)")
        if images.shape[1:] != (3, 32, 32):
            raise ValueError(f"ImageEncoder expects (B, 3, 32, 32) images, got {tuple(images.shape)}")
        return self.net[:6](images)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net[6:](self.feature_map(images))


class ImageDecoder(nn.Module):
    """Mirror of :class:`ImageEncoder`: (B, dim) -> (B, 3, 32, 32), unbounded output."""

    def __init__(self, dim: int = 64, width: int = 32):
        super().__init__()
        self.width = width
        self.project = nn.Linear(dim, 2 * width * 16)
        self.net = nn.Sequential(
            nn.ReLU(), nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1),  # (B, w, 8, 8)
            nn.ReLU(), nn.ConvTranspose2d(width, width, 4, stride=2, padding=1),  # (B, w, 16, 16)
            nn.ReLU(), nn.ConvTranspose2d(width, 3, 4, stride=2, padding=1),  # (B, 3, 32, 32)
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        _check(z, 2, "codes (B, dim)")
        return self.net(self.project(z).view(-1, 2 * self.width, 4, 4))


class SentenceEncoder(nn.Module):
    """Embedding + LSTM; the final hidden state represents the sentence: (B, L) ids -> (B, hidden).

    Id 0 is padding (as in :class:`mmgen_helpers.text.Vocabulary`).
    """

    def __init__(self, vocab_size: int, embedding_dim: int = 32, hidden: int = 64):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embedding_dim, padding_idx=0)
        self.lstm = nn.LSTM(embedding_dim, hidden, batch_first=True)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        _check(tokens, 2, "token ids (B, L)")
        lengths = (tokens != 0).sum(1).cpu()
        if (lengths == 0).any():
            raise ValueError("every sentence needs at least one non-padding token")
        packed = nn.utils.rnn.pack_padded_sequence(self.embed(tokens), lengths, batch_first=True, enforce_sorted=False)
        _, (hidden, _) = self.lstm(packed)  # (1, B, hidden)
        return hidden[-1]


class LogMel(nn.Module):
    """Waveform (B, T) -> log-mel spectrogram (B, 1, n_mels, frames)."""

    def __init__(self, sample_rate: int = SAMPLE_RATE, n_mels: int = 40, n_fft: int = 512, hop: int = 128):
        super().__init__()
        self.mel = torchaudio.transforms.MelSpectrogram(sample_rate, n_fft=n_fft, hop_length=hop, n_mels=n_mels)

    def forward(self, audio: torch.Tensor) -> torch.Tensor:
        _check(audio, 2, "waveforms (B, T)")
        return torch.log(self.mel(audio) + 1e-6).unsqueeze(1)


class AudioEncoder(nn.Module):
    """Log-mel front end, three conv blocks, global average pooling: (B, T) -> (B, dim)."""

    def __init__(self, dim: int = 64, width: int = 16, sample_rate: int = SAMPLE_RATE):
        super().__init__()
        self.front = LogMel(sample_rate)
        self.net = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),  # (B, w, 20, F/2)
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2),  # (B, 2w, 10, F/4)
            nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.BatchNorm2d(4 * width), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4 * width, dim),  # (B, dim)
        )

    def feature_map(self, audio: torch.Tensor) -> torch.Tensor:
        """The last convolution's output: (B, 4w, n_mels / 4, frames / 4)."""
        return self.net[:11](self.front(audio))

    def forward(self, audio: torch.Tensor) -> torch.Tensor:
        return self.net[11:](self.feature_map(audio))


class VideoConv3d(nn.Module):
    """Spatio-temporal convolutions: (B, F, 3, H, W) -> (B, dim)."""

    def __init__(self, dim: int = 64, width: int = 16):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv3d(3, width, 3, stride=(1, 2, 2), padding=1), nn.ReLU(),  # (B, w, F, H/2, W/2)
            nn.Conv3d(width, 2 * width, 3, stride=2, padding=1), nn.ReLU(),  # (B, 2w, F/2, H/4, W/4)
            nn.Conv3d(2 * width, 2 * width, 3, stride=2, padding=1), nn.ReLU(),  # (B, 2w, F/4, H/8, W/8)
            nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(2 * width, dim),
        )

    def forward(self, clips: torch.Tensor) -> torch.Tensor:
        _check(clips, 5, "clips (B, F, 3, H, W)")
        return self.net(clips.transpose(1, 2))  # Conv3d wants (B, C, F, H, W)


class FrameGRU(nn.Module):
    """A shared :class:`ImageEncoder` on every frame, then a GRU over time: (B, F, 3, 32, 32) -> (B, dim)."""

    def __init__(self, dim: int = 64, frame_dim: int = 32):
        super().__init__()
        self.frame_encoder = ImageEncoder(dim=frame_dim, width=16)
        self.gru = nn.GRU(frame_dim, dim, batch_first=True)

    def forward(self, clips: torch.Tensor) -> torch.Tensor:
        _check(clips, 5, "clips (B, F, 3, H, W)")
        codes = self.frame_encoder(clips.flatten(0, 1)).view(*clips.shape[:2], -1)  # (B, F, frame_dim)
        _, last = self.gru(torch.relu(codes))
        return last[-1]
