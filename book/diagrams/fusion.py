"""Chapter 3: late, early and hybrid fusion of an image and a sound."""

from book_style import Diagram

ALT = ("Diagram of three ways to fuse an image and a sound. Late fusion: each modality has its own encoder "
       "and classifier, and the two log-probabilities are added. Early fusion: the two codes are "
       "concatenated and one network classifies them. Hybrid fusion: the sound's code attends over the "
       "grid of image features and the image's code over the sound's frames, and the codes and what "
       "attention found are concatenated before the classifier.")


def panel(d: Diagram, x0: float, kind: str) -> None:
    image = d.box(x0 + 0.4, 2.6, 0.7, 0.4, "image", role="image", size=9)
    audio = d.box(x0 + 0.4, 0.95, 0.7, 0.4, "sound", role="audio", size=9)
    f_image = d.box(x0 + 1.3, 2.6, 0.62, 0.45, r"$f_\mathrm{img}$", size=9)
    f_audio = d.box(x0 + 1.3, 0.95, 0.62, 0.45, r"$f_\mathrm{aud}$", size=9)
    d.arrow(image, f_image)
    d.arrow(audio, f_audio)
    if kind in ("late", "early"):
        out = d.box(x0 + 3.55, 1.78, 0.42, 0.4, "y", role="plain")
    if kind == "late":
        heads = [d.box(x0 + 2.3, y, 0.62, 0.45, "classify", size=8) for y in (2.6, 0.95)]
        d.arrow(f_image, heads[0])
        d.arrow(f_audio, heads[1])
        add = d.op(x0 + 2.3, 1.78, "+")
        d.arrow(heads[0], add, label=r"$\log p(y \mid x_\mathrm{img})$", label_offset=(0.55, 0.0), size=7.5)
        d.arrow(heads[1], add, label=r"$\log p(y \mid x_\mathrm{aud})$", label_offset=(0.55, 0.0), size=7.5)
        d.arrow(add, out)
        d.text(x0 + 1.9, 3.35, "Late: combine decisions", weight="bold")
    elif kind == "early":
        concat = d.box(x0 + 2.2, 1.78, 0.5, 0.45, "[ ; ]", role="code", size=9)
        d.arrow(f_image.bottom, concat.top, exact=True, label=r"$z_\mathrm{img}$", label_offset=(0.3, 0.05), size=8)
        d.arrow(f_audio.top, concat.bottom, exact=True, label=r"$z_\mathrm{aud}$", label_offset=(0.3, -0.05), size=8)
        mlp = d.box(x0 + 2.95, 1.78, 0.6, 0.45, "MLP", size=9)
        d.arrow(concat, mlp)
        d.arrow(mlp, out)
        d.text(x0 + 1.9, 3.35, "Early: concatenate codes", weight="bold")
    else:
        sound_looks = d.box(x0 + 2.3, 2.6, 0.7, 0.45, "attend", size=8)
        image_looks = d.box(x0 + 2.3, 0.95, 0.7, 0.45, "attend", size=8)
        d.arrow(f_image, sound_looks, label="4×4 grid", label_offset=(0.0, 0.3), size=7.5)
        d.arrow(f_audio, image_looks, label="frames", label_offset=(0.0, -0.3), size=7.5)
        d.arrow(f_audio.top, sound_looks.bottom, exact=True)
        d.arrow(f_image.bottom, image_looks.top, exact=True)
        d.text(x0 + 1.8, 1.55, "query", size=7.5, style="italic")
        d.text(x0 + 1.8, 2.0, "query", size=7.5, style="italic")
        concat = d.box(x0 + 2.95, 1.78, 0.42, 0.45, "[ ; ]", role="code", size=8)
        d.arrow(sound_looks, concat)
        d.arrow(image_looks, concat)
        mlp = d.box(x0 + 3.55, 1.78, 0.5, 0.42, "MLP", size=8)
        d.arrow(concat, mlp)
        out = d.box(x0 + 3.55, 0.7, 0.42, 0.36, "y", role="plain")
        d.arrow(mlp, out)
        d.line([f_image.top, (f_image.x, 3.05), (concat.x, 3.05), concat.top])
        d.line([f_audio.bottom, (f_audio.x, 0.5), (concat.x, 0.5), concat.bottom])
        d.text(x0 + 2.3, 3.12, "codes", size=7.5, style="italic")
        d.text(x0 + 1.9, 3.35, "Hybrid: attend across", weight="bold")


def draw() -> Diagram:
    d = Diagram(12.0, 3.65)
    for k, kind in enumerate(("late", "early", "hybrid")):
        panel(d, 0.1 + 4.0 * k, kind)
    d.legend([("image", "image data"), ("audio", "audio data"), ("network", "network"), ("code", "code / vector"),
              ("plain", "answer")], x=3.3, y=0.3)
    return d
