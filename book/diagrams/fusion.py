"""Chapter 3: late, early and hybrid fusion of an image and a sound."""

from book_style import Diagram

ALT = ("Diagram of three ways to fuse an image and a sound. Late fusion: each modality has its own encoder "
       "and classifier, and the two log-probabilities are added. Early fusion: the two codes are "
       "concatenated and one network classifies them. Hybrid fusion: the sound's code attends over the "
       "grid of image features and the image's code over the sound's frames, and the codes and what "
       "attention found are concatenated before the classifier.")


def modalities(d: Diagram, x0: float, top: float, bottom: float) -> tuple:
    """The two inputs and their encoders, the same in every panel."""
    image = d.box(x0 + 0.4, top, 0.7, 0.4, "image", role="image", size=9)
    audio = d.box(x0 + 0.4, bottom, 0.7, 0.4, "sound", role="audio", size=9)
    f_image = d.box(x0 + 1.35, top, 0.62, 0.45, r"$f_\mathrm{img}$", size=9)
    f_audio = d.box(x0 + 1.35, bottom, 0.62, 0.45, r"$f_\mathrm{aud}$", size=9)
    d.arrow(image, f_image)
    d.arrow(audio, f_audio)
    return f_image, f_audio


def late(d: Diagram, x0: float, y0: float) -> None:
    f_image, f_audio = modalities(d, x0, y0 + 2.6, y0 + 0.95)
    heads = [d.box(x0 + 2.35, y, 0.66, 0.45, "classify", size=8.5) for y in (y0 + 2.6, y0 + 0.95)]
    d.arrow(f_image, heads[0])
    d.arrow(f_audio, heads[1])
    add = d.op(x0 + 2.35, y0 + 1.78, "+")
    d.arrow(heads[0], add, label=r"$\log p(y \mid x_\mathrm{img})$", label_offset=(0.62, 0.0), size=8.5)
    d.arrow(heads[1], add, label=r"$\log p(y \mid x_\mathrm{aud})$", label_offset=(0.62, 0.0), size=8.5)
    d.arrow(add, d.box(x0 + 3.6, y0 + 1.78, 0.42, 0.4, "$y$", role="plain"))
    d.text(x0 + 1.9, y0 + 3.3, "Late: combine decisions", weight="bold")


def early(d: Diagram, x0: float, y0: float) -> None:
    f_image, f_audio = modalities(d, x0, y0 + 2.6, y0 + 0.95)
    concat = d.box(x0 + 2.25, y0 + 1.78, 0.5, 0.45, "[ ; ]", role="code", size=9)
    d.arrow(f_image.bottom, concat.top, exact=True, label=r"$z_\mathrm{img}$", label_offset=(0.3, 0.05), size=9)
    d.arrow(f_audio.top, concat.bottom, exact=True, label=r"$z_\mathrm{aud}$", label_offset=(0.3, -0.05),
            size=9)
    mlp = d.box(x0 + 3.0, y0 + 1.78, 0.6, 0.45, "MLP", size=9)
    d.arrow(concat, mlp)
    d.arrow(mlp, d.box(x0 + 3.75, y0 + 1.78, 0.42, 0.4, "$y$", role="plain"))
    d.text(x0 + 1.9, y0 + 3.3, "Early: concatenate codes", weight="bold")


def hybrid(d: Diagram, x0: float, y0: float) -> None:
    top, bottom = y0 + 2.75, y0 + 0.95
    f_image, f_audio = modalities(d, x0, top, bottom)
    sound_looks = d.box(x0 + 3.3, top, 0.8, 0.45, "attend", size=9)
    image_looks = d.box(x0 + 3.3, bottom, 0.8, 0.45, "attend", size=9)
    d.arrow(f_image, sound_looks, label="4×4 grid of cells", label_offset=(0.0, 0.15), size=8.5)
    d.arrow(f_audio, image_looks, label="sound frames", label_offset=(0.0, -0.17), size=8.5)
    for start, end in ((f_audio.top, sound_looks.bottom), (f_image.bottom, image_looks.top)):
        d.arrow(start, end, exact=True)
        at = (start[0] + 0.2 * (end[0] - start[0]), start[1] + 0.2 * (end[1] - start[1]))
        d.text(at[0] - 0.08, at[1], "query", size=8.5, style="italic", ha="right",
               bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"})
    concat = d.box(x0 + 4.6, (top + bottom) / 2, 0.5, 1.3, "[ ; ]", role="code", size=9)
    d.arrow(sound_looks.right, (concat.left[0], concat.y + 0.35), exact=True)
    d.arrow(image_looks.right, (concat.left[0], concat.y - 0.35), exact=True)
    d.line([f_image.top, (f_image.x, top + 0.6), (concat.x, top + 0.6), concat.top])
    d.line([f_audio.bottom, (f_audio.x, bottom - 0.6), (concat.x, bottom - 0.6), concat.bottom])
    d.text((f_image.x + concat.x) / 2, top + 0.73, r"code $z_\mathrm{img}$", size=8.5, style="italic")
    d.text((f_audio.x + concat.x) / 2, bottom - 0.47, r"code $z_\mathrm{aud}$", size=8.5, style="italic")
    mlp = d.box(x0 + 5.5, concat.y, 0.6, 0.45, "MLP", size=9)
    d.arrow(concat, mlp)
    d.arrow(mlp, d.box(x0 + 6.3, concat.y, 0.42, 0.4, "$y$", role="plain"))
    d.text(x0 + 3.3, top + 1.1, "Hybrid: each modality attends over the other", weight="bold")


def draw() -> Diagram:
    d = Diagram(8.4, 8.0)
    late(d, 0.1, 4.35)
    early(d, 4.3, 4.35)
    hybrid(d, 0.75, 0.75)
    d.legend([("image", "image data"), ("audio", "audio data"), ("network", "network"), ("code", "code / vector"),
              ("plain", "answer")], x=0.45, y=0.3)
    return d
