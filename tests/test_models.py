import pytest
import torch

from mmgen_helpers import models, world
from mmgen_helpers.text import caption_vocabulary


def test_image_encoder_decoder_shapes():
    encoder, decoder = models.ImageEncoder(dim=16), models.ImageDecoder(dim=16)
    z = encoder(torch.rand(5, 3, 32, 32))
    assert z.shape == (5, 16) and decoder(z).shape == (5, 3, 32, 32)
    assert encoder.feature_map(torch.rand(5, 3, 32, 32)).shape == (5, 64, 4, 4)
    with pytest.raises(ValueError, match=r"\(B, 3, 32, 32\)"):
        encoder(torch.rand(5, 3, 64, 64))
    with pytest.raises(ValueError, match="codes"):
        decoder(torch.rand(16))
    with pytest.raises(TypeError):
        encoder([[0.0]])


def test_sentence_encoder_ignores_padding():
    vocab = caption_vocabulary()
    encoder = models.SentenceEncoder(len(vocab)).eval()
    short = vocab.encode_batch(["a red circle"])
    padded = vocab.encode_batch(["a red circle"], max_len=12)
    assert torch.allclose(encoder(short), encoder(padded), atol=1e-6)
    with pytest.raises(ValueError, match="non-padding"):
        encoder(torch.zeros(1, 4, dtype=torch.long))


def test_audio_encoder_shapes():
    audio = torch.from_numpy(world.render_audio(world.sample_scenes(3, seed=0)))
    assert models.LogMel()(audio).shape == (3, 1, 40, audio.shape[1] // 128 + 1)
    encoder = models.AudioEncoder(dim=8, width=4)
    assert encoder(audio).shape == (3, 8)
    assert encoder.feature_map(audio).shape == (3, 16, 10, (audio.shape[1] // 128 + 1) // 4)
    with pytest.raises(ValueError, match="waveforms"):
        models.LogMel()(audio[0])


def test_video_models_shapes():
    clips = torch.rand(2, 8, 3, 32, 32)
    assert models.VideoConv3d(dim=10)(clips).shape == (2, 10)
    assert models.FrameGRU(dim=12)(clips).shape == (2, 12)
    with pytest.raises(ValueError, match="clips"):
        models.VideoConv3d()(clips[0])


def test_image_encoder_learns_colour_quickly():
    torch.manual_seed(0)
    scenes = world.sample_scenes(512, seed=0, n_objects=1)
    images = torch.from_numpy(world.render_images(scenes))
    target = torch.from_numpy(scenes.colour[:, 0])
    encoder, head = models.ImageEncoder(dim=16, width=16), torch.nn.Linear(16, 6)
    optimizer = torch.optim.Adam([*encoder.parameters(), *head.parameters()], lr=3e-3)
    for _ in range(300):
        idx = torch.randint(0, 512, (64,))
        loss = torch.nn.functional.cross_entropy(head(torch.relu(encoder(images[idx]))), target[idx])
        optimizer.zero_grad(), loss.backward(), optimizer.step()
    accuracy = (head(torch.relu(encoder(images))).argmax(1) == target).float().mean()
    assert accuracy > 0.9
