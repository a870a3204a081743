"""Chapter 5: the VAE and the reparameterisation trick."""

from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram of the variational autoencoder. The encoder maps an image x to the mean mu and log variance "
       "of q(z given x). The reparameterisation trick draws epsilon from a standard normal and sets z equal to "
       "mu plus sigma times epsilon, with sigma the exponential of half the log variance, so gradients flow "
       "back through mu and sigma but nothing needs to flow into epsilon. The decoder maps z to the mean "
       "picture m; the loss is the reconstruction term, minus log p(x given z) for the image x under a "
       "Gaussian with mean m and a spread s learned once per colour channel, plus the KL divergence between q(z given x), from mu and "
       "the log variance, and the prior N(0, I).")


def draw() -> Diagram:
    image = world.render_images(world.Scenes.from_objects([[world.WorldObject("triangle", "yellow", "large",
                                                                                 "left")]]))[0]
    d = Diagram(10.4, 3.9)
    d.title("A VAE: encode to a distribution, sample by reparameterisation, decode")
    x = d.picture(0.6, 2.0, 0.75, image)
    d.text(0.6, 2.55, "image $x$", size=9)
    encoder = d.box(1.95, 2.0, 1.1, 0.8, "encoder\n" r"$q_\phi(z \mid x)$")
    mu = d.box(3.35, 2.45, 0.7, 0.38, r"$\mu$", role="code")
    log_var = d.box(3.35, 1.55, 0.7, 0.38, r"$\log \sigma^2$", role="code", size=9)
    d.arrow(x, encoder)
    d.arrow((encoder.right[0], 2.2), mu.left, exact=True)
    d.arrow((encoder.right[0], 1.8), log_var.left, exact=True)
    times = d.op(4.45, 1.55, "×")
    plus = d.op(5.15, 2.0, "+")
    epsilon = d.box(4.45, 0.6, 1.15, 0.4, r"$\varepsilon \sim \mathcal{N}(0, I)$", role="code", size=9)
    d.arrow(log_var, times, label=r"$\sigma$", label_offset=(0.0, 0.14), size=9)
    d.arrow(epsilon, times)
    d.arrow(mu.right, plus.left, exact=True)
    d.arrow(times, plus)
    z = d.box(5.95, 2.0, 0.55, 0.4, "$z$", role="code")
    d.arrow(plus, z)
    decoder = d.box(7.25, 2.0, 1.1, 0.8, "decoder\n" r"$p_\theta(x \mid z)$")
    d.arrow(z, decoder)
    mean = d.picture(8.65, 2.0, 0.75, image * 0.85 + 0.02)
    d.text(8.65, 2.55, "mean $m$", size=9)
    d.arrow(decoder, mean)
    kl = d.box(2.3, 3.25, 2.2, 0.45, r"$\mathrm{KL}(q_\phi(z \mid x)\,\|\,\mathcal{N}(0, I))$", role="loss", size=9)
    d.arrow(encoder.top, kl.bottom, exact=True, label=r"$\mu, \log \sigma^2$", label_offset=(0.35, 0), size=8)
    recon = d.box(8.65, 0.55, 2.0, 0.45, r"$-\log p_\theta(x \mid z)$", role="loss", size=9)
    d.arrow(mean.bottom, recon.top, exact=True, label="$m$", label_offset=(0.2, 0), size=9)
    spread = d.box(9.85, 1.45, 0.95, 0.5, "learned $s$\n(per channel)", role="code", size=8)
    d.arrow(spread.bottom, (9.45, recon.top[1]), exact=True)
    d.line([x.bottom, (x.x, 0.12), (recon.x, 0.12), recon.bottom])
    d.text(2.2, 0.24, "the image $x$", size=8.5)
    d.text(5.6, 3.25, "loss = −ELBO = reconstruction + KL", size=9)
    d.text(5.25, 0.62, r"$\sigma = \exp(\log \sigma^2 / 2)$;" "\nthe sample is a function of $\\mu$ and $\\sigma$:\ngradients flow back through them,\nnot into $\\varepsilon$",
           size=8.5, style="italic", ha="left")
    return d
