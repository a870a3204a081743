"""Model blocks that a chapter has taught, for the chapters after it.

Chapter 2 (representation learning): :class:`ImageEncoder`, :class:`ImageDecoder`,
:class:`SentenceEncoder`, :class:`LogMel`, :class:`AudioEncoder`, :class:`VideoConv3d`,
:class:`FrameGRU`.

Chapter 4 (GAN): :func:`upsample_conv`, :class:`DCGANGenerator`, :class:`DCGANDiscriminator`,
:class:`ConditionalBatchNorm`, :class:`AttributeEmbedding`, :class:`ConditionalGenerator`,
:class:`ProjectionDiscriminator`, :func:`cell_crops`, :class:`ShapeReader`, :func:`gumbel_softmax`.

Chapter 5 (VAE): :class:`VAEEncoder`, :class:`VAEDecoder`, :func:`reparameterise`,
:func:`gaussian_kl`.

Chapter 6 (modality translation): :class:`AdditiveAttention`, :class:`AttentionDecoder`, :class:`UNet`.

Each is a small ``nn.Module`` with shape comments; the notebook that teaches a block explains its
equations.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
import torchaudio
from torch import nn
from torch.nn.utils import spectral_norm

from .checks import check_array, check_number
from .data import LABEL_ATTRIBUTES
from .world import SAMPLE_RATE


def _check(tensor: torch.Tensor, dims: int, what: str) -> None:
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"expected a tensor of {what}, got {type(tensor).__name__}")
    if tensor.dim() != dims:
        raise ValueError(f"expected {what}, got shape {tuple(tensor.shape)}")


def _check_images(images: torch.Tensor) -> None:
    _check(images, 4, "images (B, 3, 32, 32)")
    if images.shape[1:] != (3, 32, 32):
        raise ValueError(f"expected (B, 3, 32, 32) images, got {tuple(images.shape)}")


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
        _check_images(images)
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


#: Attributes a conditional generator is told, with how many values each takes (shape, colour, size, cell).
ATTRIBUTE_SIZES: tuple[int, ...] = tuple(len(values) for values in LABEL_ATTRIBUTES.values())  # (4, 6, 2, 9)


def _check_labels(labels: torch.Tensor, batch: int) -> None:
    _check(labels, 2, f"attribute labels (B, {len(ATTRIBUTE_SIZES)})")
    if labels.shape != (batch, len(ATTRIBUTE_SIZES)) or labels.dtype != torch.long:
        raise ValueError(f"expected int64 labels of shape ({batch}, {len(ATTRIBUTE_SIZES)}), got {labels.dtype} {tuple(labels.shape)}")


def upsample_conv(c_in: int, c_out: int) -> list[nn.Module]:
    """Double the resolution (nearest neighbour), then a 3x3 convolution: chapter 4's replacement
    for a transposed convolution, which leaves a checkerboard on flat patches of colour."""
    check_number("c_in", c_in, low=1, high=100_000, integer=True)
    check_number("c_out", c_out, low=1, high=100_000, integer=True)
    return [nn.Upsample(scale_factor=2), nn.Conv2d(c_in, c_out, 3, padding=1)]


class DCGANGenerator(nn.Module):
    """Chapter 4's DCGAN generator (Radford et al. 2016, upsampling then convolving): z (B, z_dim) -> (B, 3, 32, 32) in [-1, 1].

    Chapter 4 also gives its generator InfoGAN's categorical code beside z; this block is the recipe without it.
    """

    def __init__(self, z_dim: int = 64, width: int = 24):
        super().__init__()
        self.width, self.z_dim = width, z_dim
        self.project = nn.Linear(z_dim, 4 * width * 16)
        self.net = nn.Sequential(
            nn.BatchNorm2d(4 * width), nn.ReLU(),  # (B, 4w, 4, 4)
            *upsample_conv(4 * width, 2 * width), nn.BatchNorm2d(2 * width), nn.ReLU(),  # (B, 2w, 8, 8)
            *upsample_conv(2 * width, width), nn.BatchNorm2d(width), nn.ReLU(),  # (B, w, 16, 16)
            *upsample_conv(width, 3), nn.Tanh(),  # (B, 3, 32, 32)
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        _check(z, 2, f"noise (B, {self.z_dim})")
        return self.net(self.project(z).view(-1, 4 * self.width, 4, 4))


class DCGANDiscriminator(nn.Module):
    """Chapter 4's spectrally normalised DCGAN discriminator: image (B, 3, 32, 32) in [-1, 1] -> one logit per image (B,).

    Without the code head (InfoGAN's Q) that chapter 4 adds.
    """

    def __init__(self, width: int = 24):
        super().__init__()
        self.net = nn.Sequential(
            spectral_norm(nn.Conv2d(3, width, 4, 2, 1)), nn.LeakyReLU(0.2),  # (B, w, 16, 16)
            spectral_norm(nn.Conv2d(width, 2 * width, 4, 2, 1)), nn.LeakyReLU(0.2),  # (B, 2w, 8, 8)
            spectral_norm(nn.Conv2d(2 * width, 4 * width, 4, 2, 1)), nn.LeakyReLU(0.2),  # (B, 4w, 4, 4)
            nn.Flatten(), spectral_norm(nn.Linear(4 * width * 16, 1)),
        )

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        _check_images(images)
        return self.net(images).squeeze(1)


class ConditionalBatchNorm(nn.Module):
    """BatchNorm whose scale and shift come from a condition vector: (B, C, H, W), (B, D) -> (B, C, H, W)."""

    def __init__(self, channels: int, condition_dim: int):
        super().__init__()
        self.norm = nn.BatchNorm2d(channels, affine=False)
        self.scale_shift = nn.Linear(condition_dim, 2 * channels)
        nn.init.zeros_(self.scale_shift.weight)
        nn.init.zeros_(self.scale_shift.bias)  # starts as plain batch norm

    def forward(self, x: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
        gamma, beta = self.scale_shift(condition)[..., None, None].chunk(2, dim=1)
        return self.norm(x) * (1 + gamma) + beta


class AttributeEmbedding(nn.Module):
    """One embedding table per attribute: labels (B, 4) -> concatenated vectors (B, 4 * dim)."""

    def __init__(self, dim: int, sizes: tuple[int, ...] = ATTRIBUTE_SIZES):
        super().__init__()
        self.tables = nn.ModuleList(nn.Embedding(n, dim) for n in sizes)

    def forward(self, labels: torch.Tensor) -> torch.Tensor:
        _check_labels(labels, len(labels))
        return torch.cat([table(labels[:, i]) for i, table in enumerate(self.tables)], dim=1)


class ConditionalGenerator(nn.Module):
    """DCGAN-shaped generator with conditional batch norm: z (B, z_dim), labels (B, 4) -> (B, 3, 32, 32) in [-1, 1].

    Each stage doubles the resolution by nearest-neighbour upsampling and a 3x3 convolution
    (no transposed convolutions, so no checkerboard on flat patches of colour).
    """

    def __init__(self, z_dim: int = 64, width: int = 24, embed_dim: int = 16):
        super().__init__()
        self.width, self.z_dim, self.embed = width, z_dim, AttributeEmbedding(embed_dim)
        condition_dim = z_dim + len(ATTRIBUTE_SIZES) * embed_dim
        self.project = nn.Linear(condition_dim, 4 * width * 16)
        self.norms = nn.ModuleList(ConditionalBatchNorm(c, condition_dim) for c in (4 * width, 2 * width, width))
        self.ups = nn.ModuleList(
            nn.Sequential(*upsample_conv(c_in, c_out))
            for c_in, c_out in (
                (4 * width, 2 * width),  # (B, 2w, 8, 8)
                (2 * width, width),  # (B, w, 16, 16)
                (width, 3),  # (B, 3, 32, 32)
            )
        )

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        _check(z, 2, f"noise (B, {self.z_dim})")
        condition = torch.cat([z, self.embed(labels)], dim=1)
        h = self.project(condition).view(-1, 4 * self.width, 4, 4)
        for norm, up in zip(self.norms, self.ups):
            h = up(F.relu(norm(h, condition)))
        return torch.tanh(h)


class ProjectionDiscriminator(nn.Module):
    """Spectrally normalised features phi(x); logit psi(phi) + sum_a <e_a(y_a), phi>; auxiliary attribute heads.

    ``forward(images, labels)`` returns the logits (B,) and a list of per-attribute logits.
    """

    def __init__(self, width: int = 24, sizes: tuple[int, ...] = ATTRIBUTE_SIZES):
        super().__init__()
        self.features = nn.Sequential(
            spectral_norm(nn.Conv2d(3, width, 4, 2, 1)), nn.LeakyReLU(0.2),  # (B, w, 16, 16)
            spectral_norm(nn.Conv2d(width, 2 * width, 4, 2, 1)), nn.LeakyReLU(0.2),  # (B, 2w, 8, 8)
            spectral_norm(nn.Conv2d(2 * width, 4 * width, 4, 2, 1)), nn.LeakyReLU(0.2),  # (B, 4w, 4, 4)
        )
        dim = 4 * width
        self.psi = spectral_norm(nn.Linear(dim, 1))
        self.projections = nn.ModuleList(spectral_norm(nn.Embedding(n, dim)) for n in sizes)
        self.classifiers = nn.ModuleList(nn.Linear(dim, n) for n in sizes)

    def forward(self, images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        _check_images(images)
        _check_labels(labels, len(images))
        phi = self.features(images).sum((2, 3))  # (B, 4w)
        logit = self.psi(phi).squeeze(1) + sum((e(labels[:, i]) * phi).sum(1) for i, e in enumerate(self.projections))
        return logit, [head(phi) for head in self.classifiers]


#: Side of the square crop around one cell of the 3 x 3 grid that :func:`cell_crops` cuts (a cell is about 10.7 pixels wide).
CROP = 12
#: Top-left corner (row, column) of each cell's crop, cells numbered row by row, kept inside the 32 x 32 image.
CELL_CORNERS = torch.tensor(
    [[min(max(round(i * 32 / 3) - 1, 0), 32 - CROP) for i in (row, col)] for row in range(3) for col in range(3)]
)


def cell_crops(images: torch.Tensor, cells: torch.Tensor) -> torch.Tensor:
    """Chapter 4's crops: images (B, 3, 32, 32) and cell indices (B,) in [0, 9) -> the cells' crops (B, 3, 12, 12)."""
    _check_images(images)
    _check(cells, 1, "cell indices (B,)")
    if len(cells) != len(images) or cells.dtype != torch.long or not bool(((cells >= 0) & (cells < 9)).all()):
        raise ValueError(f"expected {len(images)} int64 cell indices in [0, 9), got {cells.dtype} {tuple(cells.shape)}")
    corners = CELL_CORNERS[cells.cpu()].tolist()
    return torch.stack([image[:, top : top + CROP, left : left + CROP] for image, (top, left) in zip(images, corners)])


class ShapeReader(nn.Module):
    """Chapter 4's shape reader: images (B, 3, 32, 32) and the requested cells (B,) -> logits (B, shapes + 1).

    Two convolutions and a linear layer read the requested cell's 12 x 12 crop at full resolution. The last
    class means *generated*, as in the semi-supervised GAN of Salimans et al. (2016): the reader learns real
    crops as their shape and the generator's crops as generated, and the generator is rewarded when the
    reader reads the requested shape (see :func:`mmgen_helpers.train.conditional_gan_steps`).
    """

    def __init__(self, width: int = 16, shapes: int = ATTRIBUTE_SIZES[0]):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1), nn.LeakyReLU(0.2),  # (B, w, 12, 12)
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), nn.LeakyReLU(0.2),  # (B, 2w, 6, 6)
            nn.Flatten(), nn.Linear(2 * width * (CROP // 2) ** 2, shapes + 1),
        )

    def forward(self, images: torch.Tensor, cells: torch.Tensor) -> torch.Tensor:
        return self.net(cell_crops(images, cells))


def gumbel_softmax(logits: torch.Tensor, tau: float = 1.0) -> torch.Tensor:
    """Straight-through Gumbel-softmax over the last axis: one-hot forward, softmax(tau) gradient backward."""
    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        raise TypeError("logits must be a floating-point tensor")
    check_number("tau", tau, low=0, high=1e6, low_open=True)
    check_array("logits", logits, min_size=1)
    gumbel = -torch.log(-torch.log(torch.rand_like(logits).clamp_min(1e-9)))
    soft = F.softmax((logits + gumbel) / tau, dim=-1)
    hard = F.one_hot(soft.argmax(-1), logits.shape[-1]).to(soft.dtype)
    return hard + soft - soft.detach()


class VAEEncoder(nn.Module):
    """Three strided convolutions to a diagonal Gaussian: (B, 3, 32, 32) [, condition (B, C)] -> mu, log_var (B, latent)."""

    def __init__(self, latent: int = 16, condition: int = 0, width: int = 16):
        super().__init__()
        self.condition = condition
        self.conv = nn.Sequential(
            nn.Conv2d(3, width, 4, 2, 1), nn.SiLU(),  # (B, w, 16, 16)
            nn.Conv2d(width, 2 * width, 4, 2, 1), nn.SiLU(),  # (B, 2w, 8, 8)
            nn.Conv2d(2 * width, 2 * width, 4, 2, 1), nn.SiLU(), nn.Flatten(),  # (B, 2w * 16)
        )
        self.head = nn.Linear(2 * width * 16 + condition, 2 * latent)

    def forward(self, x: torch.Tensor, condition: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        _check_images(x)
        h = self.conv(x)
        if self.condition:
            if condition is None or condition.shape != (len(x), self.condition):
                raise ValueError(f"this encoder needs a condition of shape ({len(x)}, {self.condition})")
            h = torch.cat([h, condition], 1)
        mu, log_var = self.head(h).chunk(2, dim=1)
        return mu, log_var


class VAEDecoder(nn.Module):
    """Mirror of :class:`VAEEncoder`: z (B, latent) [, condition (B, C)] -> mean picture (B, 3, 32, 32)."""

    def __init__(self, latent: int = 16, condition: int = 0, width: int = 16):
        super().__init__()
        self.width, self.latent, self.condition = width, latent, condition
        self.project = nn.Linear(latent + condition, 2 * width * 16)
        self.net = nn.Sequential(
            nn.SiLU(), nn.ConvTranspose2d(2 * width, 2 * width, 4, 2, 1),  # (B, 2w, 8, 8)
            nn.SiLU(), nn.ConvTranspose2d(2 * width, width, 4, 2, 1),  # (B, w, 16, 16)
            nn.SiLU(), nn.ConvTranspose2d(width, 3, 4, 2, 1),  # (B, 3, 32, 32)
        )

    def forward(self, z: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        _check(z, 2, f"codes (B, {self.latent})")
        if self.condition:
            if condition is None or condition.shape != (len(z), self.condition):
                raise ValueError(f"this decoder needs a condition of shape ({len(z)}, {self.condition})")
            z = torch.cat([z, condition], 1)
        return self.net(self.project(z).view(-1, 2 * self.width, 4, 4))


def reparameterise(mu: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
    """z = mu + exp(log_var / 2) * eps with eps ~ N(0, I): a sample that is differentiable in mu and log_var."""
    check_array("mu", mu)
    check_array("log_var", log_var)
    if not isinstance(mu, torch.Tensor) or not isinstance(log_var, torch.Tensor):
        raise TypeError("mu and log_var must be tensors")
    if mu.shape != log_var.shape:
        raise ValueError(f"mu and log_var must have the same shape, got {tuple(mu.shape)} and {tuple(log_var.shape)}")
    return mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)


def gaussian_kl(mu: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, diag exp(log_var)) || N(0, I)) per example: (B, D) -> (B,)."""
    _check(mu, 2, "mu (B, D)")
    if not isinstance(log_var, torch.Tensor):
        raise TypeError(f"log_var must be a tensor, got {type(log_var).__name__}")
    check_array("mu", mu)
    check_array("log_var", log_var)
    if mu.shape != log_var.shape:
        raise ValueError(f"mu and log_var must have the same shape, got {tuple(mu.shape)} and {tuple(log_var.shape)}")
    return 0.5 * (mu.pow(2) + log_var.exp() - log_var - 1).sum(1)


class AdditiveAttention(nn.Module):
    """Additive (Bahdanau) attention over a sequence of keys.

    ``score_i = v^T tanh(W_k k_i + W_q q)``, ``weights = softmax(scores)``, ``context = sum_i weights_i k_i``:
    query (B, Dq), keys (B, T, Dk) -> context (B, Dk), weights (B, T). Project the keys once per
    sequence with :meth:`project_keys` and pass them in when decoding step by step.
    """

    def __init__(self, query_dim: int, key_dim: int, hidden: int = 64):
        super().__init__()
        self.key_dim = key_dim
        self.key_proj = nn.Linear(key_dim, hidden)
        self.query_proj = nn.Linear(query_dim, hidden, bias=False)
        self.score = nn.Linear(hidden, 1, bias=False)

    def project_keys(self, keys: torch.Tensor) -> torch.Tensor:
        """W_k k_i for every key: (B, T, Dk) -> (B, T, hidden)."""
        _check(keys, 3, f"keys (B, T, {self.key_dim})")
        return self.key_proj(keys)

    def forward(
        self, query: torch.Tensor, keys: torch.Tensor, projected_keys: torch.Tensor | None = None, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        _check(query, 2, "queries (B, Dq)")
        projected = self.project_keys(keys) if projected_keys is None else projected_keys
        scores = self.score(torch.tanh(projected + self.query_proj(query)[:, None])).squeeze(-1)  # (B, T)
        if mask is not None:
            if mask.shape != scores.shape or mask.dtype != torch.bool:
                raise ValueError(f"mask must be a bool tensor of shape {tuple(scores.shape)} (True = attend)")
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = scores.softmax(-1)  # (B, T)
        return torch.einsum("bt,btd->bd", weights, keys), weights


class AttentionDecoder(nn.Module):
    """Chapter 6's decoder: a GRU cell that reads a memory through :class:`AdditiveAttention` at every word.

    Per word it attends twice: with its previous state, to update itself, and with its new state,
    for the context that, beside the state, predicts the next word. ``memory`` is (B, T, memory_dim);
    :meth:`forward` is teacher-forced and returns next-word logits (B, L, vocab_size).
    """

    def __init__(self, vocab_size: int, hidden: int = 64, memory_dim: int = 128):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 32)
        self.attention = AdditiveAttention(hidden, memory_dim, hidden)
        self.cell, self.start = nn.GRUCell(32 + memory_dim, hidden), nn.Linear(memory_dim, hidden)
        self.out = nn.Linear(hidden + memory_dim, vocab_size)

    def begin(self, memory: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The first state and the projected keys, computed once per memory."""
        _check(memory, 3, f"memory (B, T, {self.attention.key_dim})")
        return torch.tanh(self.start(memory.mean(1))), self.attention.project_keys(memory)

    def step(
        self, token: torch.Tensor, state: torch.Tensor, memory: torch.Tensor, keys: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """One word: token (B,), state (B, hidden) -> logits (B, V), new state, weights (B, T)."""
        context, _ = self.attention(state, memory, keys)
        state = self.cell(torch.cat([self.embed(token), context], 1), state)
        context, weights = self.attention(state, memory, keys)
        return self.out(torch.cat([state, context], 1)), state, weights

    def forward(self, memory: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        _check(tokens, 2, "tokens (B, L)")
        (state, keys), logits = self.begin(memory), []
        for t in range(tokens.shape[1]):
            out, state, _ = self.step(tokens[:, t], state, memory, keys)
            logits.append(out)
        return torch.stack(logits, 1)


def _double_conv(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
        nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
    )


class UNet(nn.Module):
    """Three pooling steps down, three up, with skip connections: (B, C_in, H, W) -> (B, C_out, H, W).

    H and W must be multiples of 8. The output is unbounded (add it to an input, or clamp it).
    """

    def __init__(self, in_channels: int, out_channels: int, width: int = 16):
        super().__init__()
        w = width
        self.in_channels = in_channels
        self.down1, self.down2, self.down3 = _double_conv(in_channels, w), _double_conv(w, 2 * w), _double_conv(2 * w, 4 * w)
        self.bottom = _double_conv(4 * w, 4 * w)
        self.up3, self.dec3 = nn.ConvTranspose2d(4 * w, 4 * w, 2, stride=2), _double_conv(8 * w, 2 * w)
        self.up2, self.dec2 = nn.ConvTranspose2d(2 * w, 2 * w, 2, stride=2), _double_conv(4 * w, w)
        self.up1, self.dec1 = nn.ConvTranspose2d(w, w, 2, stride=2), _double_conv(2 * w, w)
        self.head = nn.Conv2d(w, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check(x, 4, f"images (B, {self.in_channels}, H, W)")
        if x.shape[1] != self.in_channels or x.shape[2] % 8 or x.shape[3] % 8:
            raise ValueError(f"expected (B, {self.in_channels}, H, W) with H, W multiples of 8, got {tuple(x.shape)}")
        d1 = self.down1(x)  # (B, w, H, W)
        d2 = self.down2(F.max_pool2d(d1, 2))  # (B, 2w, H/2, W/2)
        d3 = self.down3(F.max_pool2d(d2, 2))  # (B, 4w, H/4, W/4)
        bottom = self.bottom(F.max_pool2d(d3, 2))  # (B, 4w, H/8, W/8)
        u3 = self.dec3(torch.cat([self.up3(bottom), d3], 1))  # (B, 2w, H/4, W/4)
        u2 = self.dec2(torch.cat([self.up2(u3), d2], 1))  # (B, w, H/2, W/2)
        u1 = self.dec1(torch.cat([self.up1(u2), d1], 1))  # (B, w, H, W)
        return self.head(u1)
