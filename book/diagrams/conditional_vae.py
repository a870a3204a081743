"""Chapter 5: the conditional VAE, in training and in generation."""

from book_style import Diagram

ALT = ("Diagram of the conditional VAE. In training, the encoder sees the image x and the condition c (the "
       "one-hot shape, colour, size and cell) and gives q(z given x and c); a sample z and the same c go to "
       "the decoder, which rebuilds x. In generation, z is drawn from the prior N(0, I), joined with the "
       "requested condition c, and decoded: the condition fixes what is drawn and z only the rest, such as "
       "the exact spot inside the cell.")


def draw() -> Diagram:
    d = Diagram(9.8, 4.2)
    d.title("A conditional VAE: both halves see the condition c")
    y_t, y_s = 2.85, 1.0
    d.text(0.65, y_t + 0.7, "training", weight="bold")
    x = d.box(0.65, y_t + 0.2, 0.8, 0.4, "image $x$", role="image", size=9)
    c = d.box(0.65, y_t - 0.35, 0.8, 0.4, "$c$ (one-hot)", role="code", size=8.5)
    encoder = d.box(2.3, y_t, 1.3, 0.75, "encoder\n" r"$q_\phi(z \mid x, c)$", size=9)
    d.arrow(x.right, (encoder.left[0], y_t + 0.2), exact=True)
    d.arrow(c.right, (encoder.left[0], y_t - 0.2), exact=True)
    z = d.box(4.05, y_t, 1.05, 0.42, r"$z = \mu + \sigma\varepsilon$", role="code", size=9)
    d.arrow(encoder, z)
    decoder = d.box(5.95, y_t, 1.3, 0.75, "decoder\n" r"$p_\theta(x \mid z, c)$", size=9)
    d.arrow(z, decoder)
    d.line([(c.x, c.bottom[1]), (c.x, y_t - 0.62), (5.55, y_t - 0.62), (5.55, decoder.bottom[1])])
    out = d.box(7.45, y_t, 0.9, 0.42, "mean $m$", role="image", size=9)
    d.arrow(decoder, out)
    loss = d.box(8.9, y_t, 1.35, 0.75, "−ELBO (5.1):\nrebuild $x$\n+ KL of $q$", role="loss", size=8.5)
    d.arrow(out, loss)
    d.line([encoder.top, (encoder.x, y_t + 0.75), (loss.x, y_t + 0.75), loss.top])
    d.text((encoder.x + loss.x) / 2, y_t + 0.88, r"$\mu, \log \sigma^2$ for the KL term", size=8.5)
    d.line([x.left, (0.12, x.y), (0.12, y_t - 0.85), (loss.x, y_t - 0.85), loss.bottom])
    d.text(4.9, y_t - 0.98, "the image $x$, for the reconstruction term (the decoder never sees it)", size=8.5)
    d.text(3.0, y_t - 0.5, "$c$", size=9)
    d.text(0.65, y_s + 0.62, "generation", weight="bold")
    prior = d.box(4.05, y_s, 1.05, 0.42, r"$z \sim \mathcal{N}(0, I)$", role="code", size=9)
    request = d.box(4.05, y_s - 0.6, 2.1, 0.45, "$c$ = one-hot of (circle, red,\nlarge, centre)", role="code",
                    size=8)
    generator = d.box(5.95, y_s, 1.3, 0.6, "decoder", size=9)
    d.arrow(prior, generator)
    d.arrow(request.right, (generator.x - 0.3, generator.bottom[1]), exact=True)
    sample = d.box(7.45, y_s, 0.9, 0.42, "new image", role="image", size=8.5)
    d.arrow(generator, sample)
    d.text(1.9, y_s - 0.1, "$c$ says what to draw;\n$z$ keeps only the rest\n(the exact spot)", size=8.5,
           style="italic")
    return d
