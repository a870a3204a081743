"""Chapter 10: a diffusion model's forward (noising) and reverse (denoising) processes."""

import numpy as np
from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram of a diffusion model. Top row, the forward process: a world picture x0 of a large green square "
       "gets more Gaussian noise at each step, through x t at increasing t, until x T is almost pure noise; any x t "
       "can be drawn in one step from x0 with the closed form q(x t given x0). Bottom row, the reverse "
       "process: starting from other noise, a network conditioned on the request y and the step t estimates "
       "the clean picture, and each step samples a slightly less noisy picture, until a new picture appears, "
       "here a large yellow circle at the top right.")


def alpha_bar(t: np.ndarray, steps: int = 1000, s: float = 0.008) -> np.ndarray:
    """The cosine schedule of Nichol and Dhariwal: the share of signal left after t steps."""
    f = np.cos((t / steps + s) / (1 + s) * np.pi / 2) ** 2
    return f / np.cos(s / (1 + s) * np.pi / 2) ** 2


def draw() -> Diagram:
    clean = world.render_images(world.Scenes.from_objects([[world.WorldObject("square", "green", "large",
                                                                                "centre")]]))[0] * 2 - 1
    noise = np.random.default_rng(0).standard_normal(clean.shape).astype(np.float32)
    steps = (0, 250, 500, 750, 1000)
    d = Diagram(10.4, 4.4)
    d.title("Diffusion: destroy pictures with noise step by step, and learn to undo each step")
    pictures = []
    for k, t in enumerate(steps):
        a = alpha_bar(np.array(float(t)))
        noisy = np.sqrt(a) * clean + np.sqrt(1 - a) * noise
        x = 0.9 + 2.1 * k
        pictures.append((x, (noisy + 1) / 2))
        d.picture(x, 3.05, 0.85, (noisy + 1) / 2)
        label = {0: "$x_0$: data", 1000: "$x_T$: almost pure noise"}.get(t, f"$x_{{{t}}}$")
        d.text(x, 2.45, label, size=9)
    for k in range(len(steps) - 1):
        d.arrow((0.9 + 2.1 * k + 0.5, 3.05), (0.9 + 2.1 * (k + 1) - 0.5, 3.05), exact=True,
                label="add noise", size=8.5)
    d.text(5.1, 3.75, r"forward $q$: $x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1-\bar\alpha_t}\, \varepsilon$, in one step"
           r" from $x_0$", size=9)
    # the reverse process ends on a new picture, not the one the forward row destroyed
    request = world.Scenes.from_objects([[world.WorldObject("circle", "yellow", "large", "top right")]])
    new = world.render_images(request)[0] * 2 - 1
    other_noise = np.random.default_rng(1).standard_normal(clean.shape).astype(np.float32)
    for k, t in enumerate(steps):
        a = alpha_bar(np.array(float(t)))
        d.picture(0.9 + 2.1 * k, 1.15, 0.85, (np.sqrt(a) * new + np.sqrt(1 - a) * other_noise + 1) / 2)
    d.text(0.9, 0.55, "a new $x_0$ showing $y$", size=9)
    d.text(0.9 + 2.1 * 4, 0.55, r"$x_T \sim \mathcal{N}(0, I)$", size=9)
    d.text(0.9 + 2.1 * 2, 1.85, "request $y$: a large yellow circle at the top right", size=9)
    for k in range(len(steps) - 1, 0, -1):
        x_from, x_to = 0.9 + 2.1 * k, 0.9 + 2.1 * (k - 1)
        d.arrow((x_from - 0.5, 1.15), (x_to + 0.5, 1.15), exact=True, label="network($x_t$, $t$, $y$)", size=8.5)
    d.text(5.1, 0.2, r"reverse $p_\theta$: from noise to a new picture, the network removing a little noise at every step,"
           " steered by the request $y$", size=8.5)
    return d
