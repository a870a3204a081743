"""Chapter 1: one scene description, rendered into all four modalities."""

from book_style import Diagram

from mmgen_helpers import world

ALT = ("Diagram: one scene description, a large red circle at the top left and a small blue cross at the "
       "bottom right, is rendered four ways: as a 32 by 32 image, as the caption 'a large red circle at the "
       "top left and a small blue cross at the bottom right', as audio in which each object plays a note in "
       "caption order, and as a video whose objects move and make a sound at every bounce.")


def draw() -> Diagram:
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "red", "large", "top left"),
                                        world.WorldObject("cross", "blue", "small", "bottom right")]])
    image = world.render_images(scene)[0]
    caption = world.render_captions(scene)[0]
    audio = world.render_audio(scene)[0]
    scene.velocity[0, :2] = [[0.9, 0.5], [-0.6, -0.8]]  # image widths per second
    clip = world.render_video(scene, n_frames=16, fps=16, soundtrack="impacts")

    d = Diagram(9.2, 4.3)
    d.title("One scene, four renderings")
    source = d.box(1.45, 2.1, 2.3, 1.3, "large red circle, top left\nsmall blue cross, bottom right", role="plain",
                   size=9)
    d.text(1.45, 2.95, "scene description", weight="bold")
    picture = d.picture(4.55, 3.2, 0.95, image)
    d.text(5.35, 3.2, "image\n(3, 32, 32)", size=9, ha="left")
    text = d.box(5.6, 2.2, 3.1, 0.5, "\u201c" + caption.replace(" and ", "\nand ") + "\u201d", role="text", size=8.5)
    d.text(7.3, 2.2, "caption:\n(L,) token ids", size=9, ha="left")
    sound = d.waveform(4.95, 1.25, 1.7, 0.55, audio[::4])
    d.text(5.95, 1.25, "audio (T,) = 12,000 samples at 16 kHz:\none note per object, in caption order", size=9,
           ha="left")
    frames = []
    for k, f in enumerate((0, 5, 10, 15)):
        frames.append(d.picture(3.95 + 0.62 * k, 0.4, 0.55, clip.frames[0, f], role="video"))
    d.text(6.45, 0.4, "video (F, 3, 32, 32) and a soundtrack:\nframes over time,\na short note at every bounce", size=9, ha="left")
    for target in (picture, text, sound, frames[0]):
        d.arrow(source.right, target.left if target is not text else text.left, exact=True)
    return d

