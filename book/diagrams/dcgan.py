"""Chapter 4: the DCGAN generator and discriminator, layer by layer."""

from book_style import Diagram

ALT = ("Diagram of the DCGAN with InfoGAN's code. The generator maps a noise vector z, with a one-hot categorical code c beside it, through a linear layer to a 4 by 4 map "
       "with 4w channels, then three stages, each upsampling by 2 and applying a 3 by 3 convolution: the first two "
       "double the resolution to 8 by 8 (2w channels) and 16 by 16 (w channels), each followed by batch norm and "
       "ReLU, and the last gives a 32 by 32 RGB image through tanh. "
       "The discriminator mirrors it: spectrally normalised strided convolutions with leaky ReLU take the image "
       "down to 16, 8 and 4 pixels square with w, 2w and 4w channels; one linear layer gives the realness logit, "
       "another the logits Q of the code c.")


def draw() -> Diagram:
    d = Diagram(10.4, 4.6)
    d.title("DCGAN: upsample and convolve up, strided convolutions down")
    y_g, y_d = 3.15, 1.2
    d.text(0.35, y_g + 0.75, "G", weight="bold", size=12)
    d.text(0.35, y_d + 0.75, "D", weight="bold", size=12)
    z = d.box(0.75, y_g, 0.62, 0.6, "$z, c$", role="code")
    layers = [(0.25, 0.55, "4w × 4 × 4"), (0.45, 0.35, "2w × 8 × 8"), (0.75, 0.22, "w × 16 × 16"),
              (1.1, 0.08, "3 × 32 × 32")]
    x, previous = 1.9, z
    notes = ["linear, reshape\nBN, ReLU", "up ×2, conv 3×3\nBN, ReLU", "up ×2, conv 3×3\nBN, ReLU",
             "up ×2, conv 3×3\ntanh"]
    for (side, depth, label), note in zip(layers, notes):
        block = d.tensor(x, y_g, side, side, depth, label, role="image" if side > 1 else "code")
        d.arrow((previous.right[0], y_g), (block.left[0], y_g), label=note, size=8.5, exact=True,
                label_offset=(0.15 if previous is z else 0.0, 0.5))
        previous, x = block, x + side + depth + 1.35
    x, previous = 1.0, None
    d_layers = [(1.1, 0.08, "3 × 32 × 32"), (0.75, 0.22, "w × 16 × 16"), (0.45, 0.35, "2w × 8 × 8"),
                (0.25, 0.55, "4w × 4 × 4")]
    d_notes = ["SN conv 4×4/2\nleaky ReLU", "SN conv 4×4/2\nleaky ReLU", "SN conv 4×4/2\nleaky ReLU"]
    for k, (side, depth, label) in enumerate(d_layers):
        block = d.tensor(x, y_d, side, side, depth, label, role="image" if side > 1 else "code")
        if previous is not None:
            d.arrow((previous.right[0], y_d), (block.left[0], y_d), label=d_notes[k - 1], label_offset=(0, 0.45),
                    size=8.5, exact=True)
        previous, x = block, x + side + depth + 1.35
    logit = d.box(x - 0.3, y_d + 0.35, 1.05, 0.4, "logit", role="plain", size=9)
    code = d.box(x - 0.3, y_d - 0.35, 1.05, 0.4, "code, $Q(c|x)$", role="plain", size=9)
    d.arrow((previous.right[0], y_d), logit.left, label="flatten,\nlinear", label_offset=(0, 0.3), size=8.5)
    d.arrow((previous.right[0], y_d), code.left, size=8.5)
    d.text(5.2, 0.2, "up ×2 = nearest-neighbour upsampling; 4×4/2 = a 4×4 kernel with stride 2; SN = spectral\n"
           "normalisation; w = the network's width; no pooling, no fully connected hidden layers (Radford et al.)",
           size=8, style="italic")
    return d
