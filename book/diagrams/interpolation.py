"""Chapter 9: frame interpolation, a U-Net correcting the linear blend."""

import numpy as np
from book_style import Diagram
from matplotlib.patches import Rectangle

from mmgen_helpers import world

ALT = ("Diagram of frame interpolation. The frames before and after a missing frame are averaged into a linear "
       "blend, which shows the moving object twice at half strength. A U-Net sees both frames and predicts a "
       "correction that is added to the blend and clipped to the valid range, giving a prediction of the middle "
       "frame, close to it but not perfect; an L1 loss against the true middle frame trains the U-Net.")


def draw() -> Diagram:
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "magenta", "large", "left")]])
    scene.velocity[0, 0] = [2.2, 0.0]
    frames = world.render_video(scene, n_frames=5, fps=16, soundtrack="none").frames[0]
    before, middle, after = frames[0], frames[2], frames[4]
    blend = (before + after) / 2
    d = Diagram(10.0, 4.0)
    d.title("Frame interpolation: learn what the blend gets wrong")
    for label, image, x in ((r"frame $t-1$", before, 0.6), (r"frame $t+1$", after, 1.55)):
        d.picture(x, 2.0, 0.8, image, role="video")
        d.text(x, 1.47, label, size=8.5)
    d.text(1.07, 2.65, "the two known frames", size=8.5)
    d.ax.add_patch(Rectangle((0.1, 1.3), 1.95, 1.5, fill=False, edgecolor="#999999", linewidth=1,
                             linestyle=":", zorder=1))
    blend_box = d.picture(3.3, 2.85, 0.8, blend, role="video")
    d.text(3.3, 3.43, r"blend $(x_{t-1} + x_{t+1})/2$: ghosts", size=8.5)
    unet = d.box(3.3, 1.1, 1.2, 0.6, "U-Net", size=9)
    d.arrow((2.05, 2.3), blend_box.left, exact=True, label="average", label_offset=(-0.05, 0.3), size=8.5)
    d.arrow((2.05, 1.7), unet.left, exact=True, label="stacked (6 channels)", label_offset=(-0.55, -0.38),
            size=8.5)
    add = d.op(4.8, 2.0, "+")
    d.arrow(blend_box.right, add, exact=False)
    d.arrow(unet.right, add, exact=False, label="correction", label_offset=(0.4, -0.2), size=8.5)
    clip = d.op(5.75, 2.0, "clip", radius=0.3)
    d.arrow(add, clip)
    frame = np.asarray(middle)
    axis = -1 if frame.shape[0] == 3 else 1
    smeared = (np.roll(frame, 1, axis) + frame + np.roll(frame, -1, axis)) / 3
    predicted = np.clip(0.9 * smeared + 0.15 * np.asarray(blend), 0, 1)  # close, not perfect
    prediction = d.picture(7.1, 2.0, 0.8, predicted, role="video")
    d.text(7.1, 1.45, r"predicted $\hat x_t$", size=8.5)
    d.arrow(clip, prediction)
    truth = d.picture(9.1, 2.0, 0.8, middle, role="video")
    d.text(9.1, 1.45, r"true frame $x_t$", size=8.5)
    d.text(clip.x, clip.y - 0.45, "to 0–1", size=8.5)
    loss = d.box(8.1, 0.55, 1.2, 0.42, "L1 loss", role="loss", size=9)
    d.arrow((prediction.x, 1.3), (loss.x - 0.3, loss.top[1]), exact=True)
    d.arrow((truth.x, 1.3), (loss.x + 0.3, loss.top[1]), exact=True)
    d.line([loss.bottom, (loss.x, 0.2), (unet.x, 0.2), unet.bottom], gradient=True)
    d.text((loss.x + unet.x) / 2, 0.32, "gradient", size=8, style="italic", color="#D55E00")
    return d
