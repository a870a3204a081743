"""Chapter 9: frame interpolation, a U-Net correcting the linear blend."""

import numpy as np
from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram of frame interpolation. The frames before and after a missing frame are averaged into a linear "
       "blend, which shows the moving object twice at half strength. A U-Net sees both frames and predicts a "
       "correction that is added to the blend and clipped to the valid range, giving the middle frame; an L1 "
       "loss against the true middle frame trains the U-Net.")


def draw() -> Diagram:
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "magenta", "large", "left")]])
    scene.velocity[0, 0] = [2.2, 0.0]
    frames = world.render_video(scene, n_frames=5, fps=16, soundtrack="none").frames[0]
    before, middle, after = frames[0], frames[2], frames[4]
    blend = (before + after) / 2
    d = Diagram(10.0, 3.8)
    d.title("Frame interpolation: learn what the blend gets wrong")
    for label, image, y in (("frame t−1", before, 2.75), ("frame t+1", after, 1.2)):
        d.picture(0.75, y, 0.8, image, role="video")
        d.text(0.75, y - 0.53, label, size=8.5)
    blend_box = d.picture(3.0, 2.75, 0.8, blend, role="video")
    d.text(3.0, 3.33, r"blend $\frac{1}{2}(x_{t-1} + x_{t+1})$: ghosts", size=8.5)
    unet = d.box(3.0, 1.2, 1.2, 0.65, "U-Net", size=9)
    d.arrow((1.15, 2.75), blend_box.left, exact=True)
    d.arrow((1.15, 1.2), (blend_box.left[0], 2.6), exact=True)
    d.arrow((1.15, 2.65), (unet.left[0], 1.35), exact=True)
    d.arrow((1.15, 1.2), unet.left, exact=True)
    add = d.op(4.8, 2.0, "+")
    d.arrow(blend_box.right, add, exact=False)
    d.arrow(unet.right, add, exact=False, label="correction", label_offset=(0.25, -0.1), size=8)
    clip = d.box(5.8, 2.0, 0.8, 0.45, "clip 0–1", size=8.5)
    d.arrow(add, clip)
    prediction = d.picture(7.1, 2.0, 0.8, np.clip(np.asarray(middle), 0, 1), role="video")
    d.text(7.1, 1.45, r"predicted $\hat x_t$", size=8.5)
    d.arrow(clip, prediction)
    truth = d.picture(9.1, 2.0, 0.8, middle, role="video")
    d.text(9.1, 1.45, "true frame t", size=8.5)
    loss = d.box(8.1, 0.55, 1.2, 0.42, "L1 loss", role="loss", size=9)
    d.arrow((prediction.x, prediction.bottom[1] - 0.22), loss.left, exact=True)
    d.arrow((truth.x, truth.bottom[1] - 0.22), loss.right, exact=True)
    d.line([loss.bottom, (loss.x, 0.2), (unet.x, 0.2), unet.bottom], gradient=True)
    d.text((loss.x + unet.x) / 2, 0.32, "gradient", size=8, style="italic")
    return d
