"""Chapter 10: a CLIP-style contrastive image-text model."""

import numpy as np
from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram of a CLIP-style model. A batch of images goes through an image encoder f and their captions "
       "through a text encoder g; both outputs are scaled to unit length in one shared space. The matrix of "
       "similarities s i j, the cosine of image i and text j divided by a temperature, should be high on the diagonal, "
       "where each image meets its own caption. The InfoNCE loss is a cross-entropy along each row (each "
       "image picks its text) and each column (each text picks its image).")


def draw() -> Diagram:
    scenes = world.Scenes.from_objects([[world.WorldObject("circle", "red", "large", "top left")],
                                        [world.WorldObject("square", "blue", "small", "centre")],
                                        [world.WorldObject("triangle", "yellow", "large", "bottom right")],
                                        [world.WorldObject("cross", "green", "large", "top")]])
    images = world.render_images(scenes)
    captions = world.render_captions(scenes)
    d = Diagram(10.6, 4.6)
    d.title("Contrastive image–text training: match every picture with its own caption")
    for k, image in enumerate(images):
        d.picture(0.45 + 0.62 * k, 3.55, 0.52, image)
    for k, caption in enumerate(captions):
        d.box(1.55, 1.75 - 0.4 * k, 3.0, 0.34, caption, role="text", size=8.5)
    f = d.box(3.75, 3.55, 1.0, 0.6, "image\nencoder $f$", size=8.5)
    g = d.box(3.75, 1.15, 1.0, 0.6, "text\nencoder $g$", size=8.5)
    d.arrow((2.6, 3.55), f.left, exact=True)
    d.arrow((3.05, 1.15), g.left, exact=True)
    u = d.box(5.25, 3.55, 1.3, 0.45, r"$f(x)/\|f(x)\|$", role="code", size=8)
    v = d.box(5.25, 1.15, 1.3, 0.45, r"$g(t)/\|g(t)\|$", role="code", size=8)
    d.arrow(f, u)
    d.arrow(g, v)
    grid = np.full((4, 4), 0.1)
    np.fill_diagonal(grid, 0.95)
    matrix = d.matrix(7.4, 2.45, 0.45, grid, colour="#56B4E9")
    for k in range(4):
        d.text(matrix.left[0] - 0.15, 2.45 + (1.5 - k) * 0.45, f"$x_{k + 1}$", size=8.5)
        d.text(7.4 + (k - 1.5) * 0.45, matrix.top[1] + 0.14, f"$t_{k + 1}$", size=8.5)
    d.arrow(u.right, (matrix.left[0] - 0.3, matrix.top[1] - 0.02), exact=True)
    d.line([v.right, (matrix.x, v.y), matrix.bottom])
    d.text(matrix.left[0] - 0.5, 2.45, "images", size=8.5, rotation=90)
    d.text(7.4, matrix.top[1] + 0.38, "texts", size=8.5)
    d.text(7.4, 4.0, r"$s_{ij} = \cos(f(x_i), g(t_j)) / \tau$:  unit vectors' dot product / temperature", size=9)
    loss = d.box(9.65, 2.45, 1.6, 0.95, "InfoNCE:\nrow and column\ncross-entropy", role="loss", size=8.5)
    d.arrow(matrix, loss)
    d.text(8.95, 0.6, "the diagonal holds the true pairs\n(a twin with the same caption counts too);\nzero-shot: pick the closest of all captions", size=8.5,
           style="italic")
    return d
