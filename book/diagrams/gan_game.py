"""Chapter 4: the two-player game of a generative adversarial network."""

import numpy as np
from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram of the GAN game: noise z drawn from a standard normal goes through the generator G to a "
       "generated image G(z); real images x come from the data. The discriminator D sees both and outputs "
       "the probability that its input is real. D is updated to tell them apart, maximising log D(x) plus "
       "log(1 minus D(G(z))); G is updated, through D, to make D call its images real, minimising "
       "minus log D(G(z)).")


def draw() -> Diagram:
    real = world.render_images(world.Scenes.from_objects([[world.WorldObject("square", "green", "large", "centre")]]))[0]
    rng = np.random.default_rng(0)
    blurred = real * 0.8 + 0.25 * rng.random(real.shape).astype(np.float32) * (real.max(0, keepdims=True) > 0.1)
    d = Diagram(9.6, 4.1)
    d.title("A GAN: two networks, one game")
    noise = d.box(0.7, 2.6, 1.0, 0.5, r"$z \sim \mathcal{N}(0, I)$", role="code", size=9)
    generator = d.box(2.2, 2.6, 1.0, 0.7, "generator\n$G$")
    fake = d.picture(3.65, 2.6, 0.7, blurred)
    d.text(3.65, 2.05, "$G(z)$", size=9)
    data = d.picture(3.65, 1.1, 0.7, real)
    d.text(3.65, 0.55, "real image $x$", size=9)
    discriminator = d.box(5.4, 1.92, 1.2, 0.8, "discriminator\n$D$")
    verdict = d.box(7.3, 1.92, 1.3, 0.7, r"$D(\cdot)$ = P(real)", role="plain", size=9)
    d.arrow(noise, generator)
    d.arrow(generator, fake)
    d.arrow(fake.right, (discriminator.left[0], discriminator.y + 0.2), exact=True)
    d.arrow(data.right, (discriminator.left[0], discriminator.y - 0.2), exact=True)
    d.arrow(discriminator, verdict)
    d_loss = d.box(7.3, 0.7, 2.3, 0.55, r"D: max $\log D(x) + \log(1 - D(G(z)))$", role="loss", size=8.5)
    g_loss = d.box(7.3, 3.2, 2.3, 0.55, r"G: min $-\log D(G(z))$", role="loss", size=8.5)
    d.arrow(verdict.bottom, d_loss.top, exact=True)
    d.arrow(verdict.top, g_loss.top[0:1] + (g_loss.bottom[1],), exact=True)
    d.arrow(d_loss.left, (discriminator.x, discriminator.bottom[1]), gradient=True, exact=True,
            label="update D", label_offset=(-0.5, 0.0))
    d.line([g_loss.left, (discriminator.x, g_loss.y), discriminator.top], gradient=True, arrow_at_end=False)
    d.line([(discriminator.left[0] + 0.05, discriminator.top[1] - 0.02), (fake.right[0], fake.y + 0.25)],
           gradient=True, arrow_at_end=False)
    d.line([fake.top, (fake.x, 3.45), (generator.x, 3.45), generator.top], gradient=True)
    d.text(4.5, 3.62, "update G: the gradient flows back through D (D itself is not changed)", size=8.5,
           color="#D55E00")
    return d
