"""Chapter 4: the conditional GAN, with conditional batch norm in G and a projection discriminator."""

from book_style import Diagram

ALT = ("Diagram of the conditional GAN. Generator: the noise z and an embedding of the condition y (shape, "
       "colour, size, cell) are joined and mapped to a 4 by 4 feature map; three stages of conditional batch "
       "norm, whose scale and shift come from z and the condition, ReLU, nearest-neighbour upsampling and a 3 by 3 "
       "convolution grow it to a 32 by 32 image. Projection discriminator: spectrally normalised convolutions "
       "give features phi(x); the logit is psi(phi(x)) plus the inner products of phi(x) with an embedding "
       "of each attribute of y; auxiliary heads on phi(x) classify the attributes. Shape reader: a small network R reads the 12 by 12 crop "
       "of the requested cell and gives five classes, the four shapes and generated; it learns real crops as "
       "their shape and generated crops as generated, and G is rewarded when R reads the requested shape.")


def draw() -> Diagram:
    d = Diagram(10.6, 5.6)
    d.title("A conditional GAN: the condition y steers every layer of G; D and a shape reader R check it")
    # generator, top row
    y_g = 4.15
    d.text(0.25, y_g + 0.6, "G", weight="bold", size=12)
    z = d.box(0.6, y_g - 0.35, 0.55, 0.38, "$z$", role="code", size=9)
    condition = d.box(0.6, y_g + 0.35, 0.55, 0.38, "$y$", role="plain", size=9)
    embed = d.box(1.45, y_g + 0.35, 0.75, 0.38, "embed", size=8.5)
    joined = d.box(2.3, y_g, 0.5, 0.45, "[ ; ]", role="code", size=9)
    d.arrow(condition, embed)
    d.arrow(embed, joined)
    d.arrow(z, joined)
    previous, first = joined, True
    for x, stage_x, (side, depth, label) in zip((2.95, 4.85, 6.9), (4.05, 5.95, 8.05),
                                                ((0.25, 0.45, "4w × 4 × 4"), (0.42, 0.3, "2w × 8 × 8"),
                                                 (0.65, 0.18, "w × 16 × 16"))):
        block = d.tensor(x, y_g, side, side, depth, label)
        d.arrow((previous.right[0], y_g), (block.left[0], y_g), exact=True, label="linear" if first else "",
                label_offset=(0.2, 0.36), size=8)
        first = False
        stage = d.box(stage_x, y_g, 0.95, 0.7, "CBN$(z, y)$\nReLU\nup×2, conv", size=8.5)
        d.arrow((block.right[0], y_g), stage.left, exact=True)
        d.arrow((stage.x, y_g + 0.78), stage.top, exact=True)
        previous = stage
    d.line([(joined.x, joined.top[1]), (joined.x, y_g + 0.78), (8.05, y_g + 0.78)], arrow_at_end=False)
    image = d.tensor(9.35, y_g, 0.9, 0.9, 0.06, "image 3 × 32 × 32", role="image")
    d.arrow(previous, image, label="tanh", size=8)
    d.text(5.8, y_g + 0.95, r"$\gamma, \beta$ from $[z; e(y)]$: the condition scales and shifts the normalised features in "
           "every stage", size=8, style="italic")

    # discriminator, bottom row
    y_d = 2.15
    d.text(0.3, y_d + 0.95, "D", weight="bold", size=12)
    x_in = d.tensor(0.85, y_d, 0.9, 0.9, 0.06, "real $x$ or $G(z, y)$", role="image")
    phi_net = d.box(2.45, y_d, 1.3, 0.7, "SN convs ×3\nsum over space", size=8.5)
    phi = d.box(3.9, y_d, 0.7, 0.45, r"$\phi(x)$", role="code", size=9)
    d.arrow(x_in, phi_net)
    d.arrow(phi_net, phi)
    psi = d.box(5.1, y_d + 0.7, 0.7, 0.4, r"$\psi$", size=9)
    inner = d.op(5.1, y_d, "·")
    heads = d.box(5.1, y_d - 0.85, 1.25, 0.45, "attribute heads", size=8.5)
    d.arrow(phi, psi)
    d.arrow(phi, inner)
    d.arrow(phi, heads)
    y_embed = d.box(6.35, y_d - 0.05, 0.95, 0.4, "$e_a(y_a)$", role="code", size=9)
    d.arrow(y_embed.left, (inner.right[0], inner.y), exact=True)
    d_condition = d.box(6.35, y_d - 0.62, 0.4, 0.3, "$y$", role="plain", size=9)
    d.arrow(d_condition, y_embed)
    add = d.op(6.35, y_d + 0.7, "+")
    d.arrow(psi, add)
    d.arrow(inner.top, add.bottom, exact=True)
    logit = d.box(7.7, y_d + 0.7, 1.2, 0.45, "logit $D(x, y)$", role="plain", size=8.5)
    d.arrow(add, logit)
    hinge = d.box(9.55, y_d + 0.7, 1.5, 0.6, "D: hinge loss\nG: $-D(G(z, y), y)$", role="loss", size=8.5)
    d.arrow(logit, hinge)
    aux = d.box(7.7, y_d - 0.85, 1.9, 0.45, "cross-entropy on $y$", role="loss", size=8.5)
    d.arrow(heads, aux)
    d.text(7.05, y_d + 0.05, "projection: " r"$\sum_a e_a(y_a)^\top \phi(x)$", size=8.5, style="italic", ha="left")
    d.text(aux.right[0] + 0.1, aux.y, "auxiliary classifier:\nG's images must show\ncolour, size and cell", size=8,
           style="italic", ha="left")

    # shape reader, bottom row
    y_r = 0.5
    d.text(0.45, y_r + 0.5, "R", weight="bold", size=12)
    crop = d.box(1.45, y_r, 1.25, 0.45, "crop of cell $y_{cell}$", role="plain", size=8.5)
    d.line([(x_in.left[0], y_d), (0.18, y_d), (0.18, y_r), (crop.left[0], y_r)])
    reader = d.box(3.35, y_r, 1.6, 0.5, "shape reader $R$\n2 convs, linear", size=8.5)
    d.arrow(crop, reader)
    classes = d.box(5.35, y_r, 1.55, 0.45, "4 shapes + generated", role="code", size=8.5)
    d.arrow(reader, classes)
    reader_loss = d.box(7.95, y_r, 2.45, 0.6, "R: real → shape, $G(z, y)$ → generated\n"
                        "G: $-\\log R_{shape}(G(z, y))$", role="loss", size=8.5)
    d.arrow(classes, reader_loss)
    return d
