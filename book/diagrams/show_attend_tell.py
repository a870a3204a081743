"""Chapter 7: Show, Attend and Tell captioning over a grid of image features."""

import numpy as np
from book_style import BLACK, SKY_BLUE, Diagram

from mmgen_helpers import world

ALT = ("Diagram of attention-based captioning. A world image with three objects goes through a small CNN trained "
       "with the decoder from the captions alone, whose feature map is a memory of 64 cells, each 48 features plus a learned 16-number "
       "position embedding. As in chapter 6, the decoder's GRU cell reads the memory twice per word: with its "
       "previous state, to update itself, and with its new state s t, giving the context c t; a linear layer "
       "reads s t and c t and predicts the next word. Lines from the cells to the weighted sum are as thick as "
       "the attention weights, which for the word 'red' fall on the cells of the red circle; the same weights "
       "are shown brightening that part of the picture.")


def draw() -> Diagram:
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "red", "large", "top left"),
                                        world.WorldObject("square", "green", "small", "centre"),
                                        world.WorldObject("cross", "yellow", "large", "bottom right")]])
    image = world.render_images(scene)[0].transpose(1, 2, 0)
    d = Diagram(10.2, 4.4)
    d.title("Show, Attend and Tell: every word reads a different part of the picture")
    d.picture(0.75, 1.35, 1.1, image)
    d.text(0.75, 0.6, "image", size=9)
    cnn = d.box(2.25, 1.35, 1.15, 0.8, "CNN, trained\nwith the\ndecoder", size=9)
    d.arrow((1.3, 1.35), cnn.left, exact=True)
    cell = 0.15
    weights = np.zeros((8, 8))
    weights[0:3, 0:3] = [[0.05, 0.12, 0.03], [0.12, 0.4, 0.08], [0.03, 0.08, 0.02]]
    weights[3:, 3:] = 0.07 / 25
    memory = d.matrix(3.95, 1.35, cell, 0.25 + 0.75 * weights / weights.max(), colour=SKY_BLUE)  # shade = weight
    d.text(3.95, 0.38, "memory: 64 cells, each 48\nfeatures + 16 position;\nshade = attention weight", size=8.5)
    d.arrow(cnn, memory)
    context = d.op(5.45, 3.3, "Σ")
    x0, y0 = memory.x - 4 * cell, memory.y + 4 * cell
    for (row, col), w in np.ndenumerate(weights):
        if w > 0.01 or (row, col) in ((3, 7), (5, 5), (7, 3), (7, 7)):
            centre = (x0 + (col + 0.5) * cell, y0 - (row + 0.5) * cell)
            d.ax.plot([centre[0], context.x - 0.1], [centre[1], context.y - 0.12], color=BLACK,
                      linewidth=0.3 + 7 * w, alpha=0.35 + 0.6 * min(1.0, w / 0.12), zorder=1)
    looks = np.kron(weights / weights.max(), np.ones((4, 4)))[..., None]
    looked = d.picture(5.45, 1.55, 0.8, image * (0.3 + 0.7 * looks))  # bright = attended
    d.text(5.45, 0.8, "the same weights $\\alpha$\non the picture", size=8.5)
    d.ax.plot([context.x, context.x], [context.bottom[1], looked.top[1]], color="#999999", linewidth=1,
              linestyle=":", zorder=2)
    decoder = d.box(7.2, 3.3, 1.2, 0.6, "GRU cell\n$s_{t-1} \\to s_t$", size=9)
    d.arrow(context, decoder, label="read with $s_{t-1}$", label_offset=(-0.03, 0.2), size=8.5)
    d.arrow((decoder.left[0], decoder.y - 0.2), (context.x + 0.12, context.y - 0.12), exact=True)
    d.text(6.2, 2.75, "query: $s_{t-1}$, then $s_t$", size=8.5)
    previous = d.box(7.2, 2.05, 1.6, 0.4, "previous word “large”", role="text", size=8.5)
    d.arrow(previous, decoder)
    head = d.box(8.65, 3.3, 0.9, 0.55, "linear\n$[s_t; c_t]$", size=8.5)
    word = d.box(9.7, 3.3, 0.75, 0.45, "“red”", role="text", size=9)
    d.arrow(decoder, head)
    d.arrow(head, word)
    d.line([(context.x, context.top[1]), (context.x, 3.85), (head.x, 3.85), head.top])
    d.text((context.x + head.x) / 2, 3.97, "read again with the new $s_t$: context $c_t$", size=8.5)
    d.text(9.9, 1.0, "line width = attention weight;\n" r"$\alpha$ = softmax of scores, as in 6.3", size=8,
           style="italic", ha="right")
    return d
