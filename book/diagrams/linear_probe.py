"""Chapter 2: the linear-probe protocol that judges every representation."""

from book_style import Diagram

ALT = ("Diagram of the linear probe: raw data x (an image, a caption, a sound or a clip) goes through a "
       "frozen encoder f, one for each kind of data, to a code z, a vector; only a linear classifier, softmax "
       "of W z plus b on the standardised code, is fitted: its predicted probabilities and the labels y of the training split give a "
       "cross-entropy loss, plus a penalty on the size of W, whose gradient stops at the classifier; its accuracy on the held-out test split is the probe accuracy.")


def draw() -> Diagram:
    d = Diagram(9.4, 3.3)
    d.title("The linear probe: what can a straight line read off a frozen code?")
    inputs = [d.box(0.75, 2.35 - 0.42 * k, 1.1, 0.32, name, role=role, size=9)
              for k, (name, role) in enumerate((("image", "image"), ("caption", "text"), ("sound", "audio"),
                                                ("clip", "video")))]
    d.text(0.75, 2.72, "raw data $x$", size=9)
    encoder = d.box(2.75, 1.7, 1.5, 0.9, "encoder $f$\n(frozen; one per\nkind of data)", frozen=True, size=9)
    for k, box in enumerate(inputs):
        d.arrow(box.right, (encoder.left[0], encoder.y + 0.3 - 0.2 * k), exact=True)
    code = d.box(4.4, 1.7, 0.95, 0.5, "code $z$\n(a vector)", role="code", size=9)
    d.arrow(encoder, code)
    probe = d.box(6.15, 1.7, 1.9, 0.9, "linear classifier\n" r"softmax$(Wz + b)$" "\non standardised $z$", size=9)
    d.arrow(code, probe)
    answer = d.box(8.3, 1.7, 1.5, 0.9, "colour? shape?\npitch? direction?", role="plain", size=9)
    d.arrow(probe, answer)
    loss = d.box(6.15, 0.45, 2.1, 0.45, r"cross-entropy + $\lambda \|W\|^2$", role="loss", size=9)
    labels = d.box(8.3, 0.45, 1.3, 0.4, "labels $y$", role="plain", size=9)
    d.arrow(labels, loss)
    d.arrow((probe.x - 0.45, probe.bottom[1]), (loss.x - 0.45, loss.top[1]), exact=True,
            label=r"$p(y \mid z)$", label_offset=(-0.45, 0))
    d.arrow((loss.x + 0.45, loss.top[1]), (probe.x + 0.45, probe.bottom[1]), gradient=True, exact=True,
            label="fit $W, b$", label_offset=(0.45, 0))
    d.text(3.35, 0.55, "no gradient reaches $f$:\nthe probe measures $f$, it does not change it", size=8.5, style="italic")
    d.text(8.3, 2.65, "fitted on the training split;\naccuracy on the held-out\ntest split = probe accuracy",
           size=8.5)
    return d
