"""Chapter 7: Show, Attend and Tell captioning over a grid of image features."""

import numpy as np
from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram of attention-based captioning. A world image with three objects goes through the frozen judge "
       "network, whose feature map is pooled to an 8 by 8 grid of 48 features per cell, plus a learned position "
       "embedding. At each word, the decoder GRU scores the 64 cells from its state, and the attention weights, "
       "shown as a heat map over the image, fall on the object being described; their weighted sum, the "
       "context, and the decoder's state give the next word.")


def draw() -> Diagram:
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "red", "large", "top left"),
                                        world.WorldObject("square", "green", "small", "centre"),
                                        world.WorldObject("cross", "yellow", "large", "bottom right")]])
    image = world.render_images(scene)[0].transpose(1, 2, 0)
    d = Diagram(10.2, 3.9)
    d.title("Show, Attend and Tell: every word reads a different part of the picture")
    d.picture(0.8, 2.0, 1.1, image)
    d.text(0.8, 1.25, "image", size=9)
    cnn = d.box(2.3, 2.0, 1.2, 0.8, "frozen CNN\n(the judge)", frozen=True, size=9)
    d.arrow((1.35, 2.0), cnn.left, exact=True)
    weights = np.zeros((8, 8))
    weights[0:3, 0:3] = [[0.3, 0.6, 0.2], [0.6, 1.0, 0.4], [0.2, 0.4, 0.15]]
    grid = d.matrix(4.1, 2.0, 0.16, weights, colour="#0072B2")
    d.text(4.1, 1.1, "weights α over the 8×8 cells\n(each 48 features + position)", size=8)
    d.arrow(cnn, grid)
    overlay = image * (0.35 + 0.65 * np.kron(weights, np.ones((4, 4)))[..., None])  # bright = attended
    d.picture(6.0, 2.95, 0.75, overlay)
    d.text(6.0, 3.5, "where it looks", size=8.5)
    context = d.op(6.0, 2.0, "Σ")
    d.ax.plot([6.0, 6.0], [context.top[1], 2.95 - 0.375], color="#999999", linewidth=1, linestyle=":", zorder=2)
    d.text(5.9, 2.4, "α on the picture", size=8, ha="right", style="italic")
    d.arrow(grid, context, label="α · cells", size=8)
    decoder = d.box(7.4, 2.0, 1.3, 0.7, "GRU cell\n+ linear on\n[state; context]", size=8)
    d.arrow(context, decoder, label="context", size=8)
    word = d.box(9.3, 2.0, 1.0, 0.45, "“red”", role="text", size=9)
    d.arrow(decoder, word)
    previous = d.box(7.4, 0.8, 1.6, 0.4, "previous word “large”", role="text", size=8.5)
    d.arrow(previous, decoder)
    d.arrow((decoder.x - 0.35, decoder.bottom[1]), (context.x + 0.1, context.bottom[1]), exact=True, bend=-0.5,
            label="query", label_offset=(-0.05, -0.45), size=8)
    return d
