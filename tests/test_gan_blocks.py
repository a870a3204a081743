import copy

import pytest
import torch

from mmgen_helpers import models
from mmgen_helpers.train import conditional_gan_steps, fit_gan, update_average


def labels(n: int) -> torch.Tensor:
    return torch.stack([torch.randint(0, k, (n,)) for k in models.ATTRIBUTE_SIZES], 1)


def test_dcgan_shapes_and_range():
    g, d = models.DCGANGenerator(z_dim=16, width=8), models.DCGANDiscriminator(width=8)
    images = g(torch.randn(5, 16))
    assert images.shape == (5, 3, 32, 32) and images.abs().max() <= 1
    assert d(images).shape == (5,)
    with pytest.raises(ValueError, match=r"\(B, 3, 32, 32\)"):
        d(torch.zeros(2, 3, 16, 16))
    with pytest.raises(ValueError, match="noise"):
        g(torch.randn(16))


def test_dcgan_is_chapter_4s_recipe():
    # the generator upsamples then convolves; the discriminator is spectrally normalised, without batch norm
    g, d = models.DCGANGenerator(z_dim=16, width=8), models.DCGANDiscriminator(width=8)
    assert not any(isinstance(m, torch.nn.ConvTranspose2d) for m in g.modules())
    assert sum(isinstance(m, torch.nn.Upsample) for m in g.modules()) == 3
    layers = [m for m in d.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    assert len(layers) == 4 and all(hasattr(m, "weight_orig") for m in layers)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in d.modules())
    up, conv = models.upsample_conv(4, 2)
    assert conv(up(torch.ones(1, 4, 3, 3))).shape == (1, 2, 6, 6)


def test_conditional_generator_uses_its_condition():
    torch.manual_seed(0)
    g = models.ConditionalGenerator(z_dim=8, width=8).eval()
    for norm in g.norms:  # give the conditional scale/shift some weight, as training would
        torch.nn.init.normal_(norm.scale_shift.weight, std=0.5)
    z, y = torch.randn(4, 8), labels(4)
    other = y.clone()
    other[:, 1] = (other[:, 1] + 1) % 6
    assert g(z, y).shape == (4, 3, 32, 32)
    assert not torch.allclose(g(z, y), g(z, other))
    with pytest.raises(ValueError, match="labels"):
        g(z, y.float())


def test_conditional_generator_upsampling_keeps_flat_patches_flat():
    # a flat feature map stays flat through upsample + conv; a transposed convolution paints a checkerboard
    torch.manual_seed(0)
    g = models.ConditionalGenerator(z_dim=8, width=8)
    flat = torch.ones(1, 32, 4, 4)
    upsampled = g.ups[0](flat)[..., 1:-1, 1:-1]  # away from the zero padding
    assert upsampled.shape == (1, 16, 6, 6)
    assert torch.allclose(upsampled, upsampled[..., :1, :1].expand_as(upsampled), atol=1e-6)
    transposed = torch.nn.ConvTranspose2d(32, 16, 4, 2, 1)(flat)[..., 1:-1, 1:-1]
    assert not torch.allclose(transposed, transposed[..., :1, :1].expand_as(transposed), atol=1e-3)
    assert not any(isinstance(m, torch.nn.ConvTranspose2d) for m in g.modules())


def test_conditional_batch_norm_starts_as_plain_batch_norm():
    cbn = models.ConditionalBatchNorm(3, 5)
    x = torch.randn(8, 3, 4, 4)
    assert torch.allclose(cbn(x, torch.randn(8, 5)), torch.nn.functional.batch_norm(x, None, None, training=True), atol=1e-5)


def test_projection_discriminator_outputs_and_projection_term():
    d = models.ProjectionDiscriminator(width=8)
    images, y = torch.rand(6, 3, 32, 32) * 2 - 1, labels(6)
    logit, heads = d(images, y)
    assert logit.shape == (6,) and [h.shape[1] for h in heads] == list(models.ATTRIBUTE_SIZES)
    other = y.clone()
    other[:, 0] = (other[:, 0] + 1) % 4
    assert not torch.allclose(logit, d(images, other)[0])  # the label enters through the projection
    with pytest.raises(ValueError, match="labels"):
        d(images, y[:3])


def test_gumbel_softmax_is_one_hot_samples_from_softmax_with_gradient():
    torch.manual_seed(0)
    logits = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    draws = models.gumbel_softmax(logits.expand(40_000, 3), tau=0.5)
    hard = draws.detach()  # straight-through: hard + soft - soft, equal to one-hot up to rounding
    assert torch.allclose(hard.sum(1), torch.ones(40_000)) and torch.allclose(hard, hard.round(), atol=1e-6)
    assert torch.allclose(hard.mean(0), torch.softmax(logits.detach(), 0), atol=0.01)
    (draws[:, 2]).sum().backward()
    assert logits.grad is not None and logits.grad[2] > 0
    with pytest.raises(ValueError, match="tau"):
        models.gumbel_softmax(logits, tau=0)
    with pytest.raises(TypeError):
        models.gumbel_softmax(torch.tensor([1, 2]))


def test_fit_gan_learns_a_shifted_gaussian():
    torch.manual_seed(0)
    g, d = torch.nn.Linear(1, 1), torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    state = {}

    def d_step():
        state["fake"] = g(torch.randn(128, 1))
        real = 3 + torch.randn(128, 1)
        return torch.nn.functional.softplus(-d(real)).mean() + torch.nn.functional.softplus(d(state["fake"].detach())).mean()

    calls = []
    history = fit_gan(d_step, lambda: torch.nn.functional.softplus(-d(state["fake"])).mean(),
                      torch.optim.Adam(d.parameters(), 1e-2), torch.optim.Adam(g.parameters(), 1e-2), 600, callback=calls.append)
    assert len(history["d_loss"]) == len(history["g_loss"]) == 600 and calls[-1] == 600
    assert abs(g.bias.item() - 3) < 0.5, g.bias.item()
    with pytest.raises(ValueError, match="steps"):
        fit_gan(d_step, d_step, torch.optim.SGD(d.parameters(), 0.1), torch.optim.SGD(g.parameters(), 0.1), 0)


def test_update_average():
    model = torch.nn.BatchNorm1d(2)
    averaged = copy.deepcopy(model)
    with torch.no_grad():
        model.weight.fill_(2.0)
        model.running_mean.fill_(5.0)
    update_average(averaged, model, decay=0.9)
    assert torch.allclose(averaged.weight, torch.full((2,), 1.1)) and torch.equal(averaged.running_mean, model.running_mean)
    with pytest.raises(ValueError, match="decay"):
        update_average(averaged, model, decay=1.0)


def small_conditional_gan():
    torch.manual_seed(0)
    g = models.ConditionalGenerator(z_dim=8, width=8, embed_dim=4).eval()
    d = models.ProjectionDiscriminator(width=8).eval()  # eval: spectral norm does not move between calls
    real, real_labels = torch.rand(6, 3, 32, 32) * 2 - 1, labels(6)
    return g, d, real, real_labels


def test_conditional_gan_steps_are_chapter_4s_losses():
    g, d, real, real_labels = small_conditional_gan()
    d_step, g_step = conditional_gan_steps(g, d, lambda: (real, real_labels))
    torch.manual_seed(1)
    d_loss = d_step()
    torch.manual_seed(1)
    fake = g(torch.randn(6, 8), real_labels)
    (real_logit, real_attributes), (fake_logit, fake_attributes) = d(real, real_labels), d(fake, real_labels)

    def classifier(attribute_logits):
        return sum(torch.nn.functional.cross_entropy(a, real_labels[:, i]) for i, a in enumerate(attribute_logits))

    expected_d = torch.relu(1 - real_logit).mean() + torch.relu(1 + fake_logit).mean() + classifier(real_attributes)
    assert torch.allclose(d_loss, expected_d, atol=1e-5)
    assert torch.allclose(g_step(), -fake_logit.mean() + classifier(fake_attributes), atol=1e-5)


def test_conditional_gan_generator_step_trains_only_the_generator():
    g, d, real, real_labels = small_conditional_gan()
    d_step, g_step = conditional_gan_steps(g, d, lambda: (real, real_labels))
    d_step().backward()
    assert all(p.grad is not None for p in d.classifiers.parameters())
    d.zero_grad(set_to_none=True)
    g.zero_grad(set_to_none=True)
    g_step().backward()
    assert all(p.grad is None for p in d.parameters())
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in g.parameters())
    d_step()  # the next discriminator step unfreezes it
    assert all(p.requires_grad for p in d.parameters())


def test_conditional_gan_steps_reject_bad_input():
    g, d, real, real_labels = small_conditional_gan()
    with pytest.raises(TypeError, match="z_dim"):
        conditional_gan_steps(torch.nn.Linear(2, 2), d, lambda: (real, real_labels))
    with pytest.raises(TypeError, match="real_batch"):
        conditional_gan_steps(g, d, (real, real_labels))
    d_step, g_step = conditional_gan_steps(g, d, lambda: (real, real_labels[:3]))
    with pytest.raises(RuntimeError, match="discriminator's step first"):
        g_step()
    with pytest.raises(ValueError, match=r"labels \(B, K\)"):
        d_step()


def test_cell_crops_cut_the_requested_cell():
    images = torch.zeros(9, 3, 32, 32)
    for cell in range(9):  # a dot at the centre of each image's own cell
        row, col = divmod(cell, 3)
        images[cell, :, round((row + 0.5) * 32 / 3), round((col + 0.5) * 32 / 3)] = 1.0
    crops = models.cell_crops(images, torch.arange(9))
    assert crops.shape == (9, 3, models.CROP, models.CROP)
    assert torch.equal(crops.sum((1, 2, 3)), torch.full((9,), 3.0))  # each crop holds its dot
    assert models.cell_crops(images, torch.full((9,), 4)).sum() < 9 * 3  # the centre crop misses most
    with pytest.raises(ValueError, match=r"cell indices in \[0, 9\)"):
        models.cell_crops(images, torch.full((9,), 9))
    with pytest.raises(ValueError, match="cell indices"):
        models.cell_crops(images, torch.zeros(9, 1, dtype=torch.long))


def test_shape_reader_gives_shapes_and_generated():
    reader = models.ShapeReader(width=4)
    assert reader(torch.rand(5, 3, 32, 32), torch.arange(5)).shape == (5, 5)


def test_conditional_gan_steps_with_a_shape_reader():
    g, d, real, real_labels = small_conditional_gan()
    reader = models.ShapeReader(width=4)
    d_step, g_step = conditional_gan_steps(g, d, lambda: (real, real_labels), shape_reader=reader)
    plain_d, _ = conditional_gan_steps(g, d, lambda: (real, real_labels))
    torch.manual_seed(1)
    d_loss = d_step()
    torch.manual_seed(1)
    fake = g(torch.randn(6, 8), real_labels)
    cells, ce = real_labels[:, 3], torch.nn.functional.cross_entropy
    reader_loss = ce(reader(real, cells), real_labels[:, 0]) + ce(reader(fake, cells), torch.full_like(cells, 4))
    torch.manual_seed(1)
    assert torch.allclose(d_loss, plain_d() + reader_loss, atol=1e-5)
    d_loss.backward()
    assert all(p.grad is not None for p in reader.parameters())
    reader.zero_grad(set_to_none=True)
    fake_logit, attributes = d(fake, real_labels)
    expected_g = (-fake_logit.mean() + sum(ce(a, real_labels[:, i + 1]) for i, a in enumerate(attributes[1:]))
                  + ce(reader(fake, cells), real_labels[:, 0]))
    g_loss = g_step()
    assert torch.allclose(g_loss, expected_g, atol=1e-5)
    g_loss.backward()
    assert all(p.grad is None for p in reader.parameters())
    with pytest.raises(TypeError, match="shape_reader"):
        conditional_gan_steps(g, d, lambda: (real, real_labels), shape_reader=lambda x, c: x)
