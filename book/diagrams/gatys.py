"""Chapter 7: Gatys-style style transfer, optimising the pixels against a frozen network's statistics."""

import numpy as np
from book_style import Diagram
from skimage import data, transform

from mmgen_helpers.style import painted_strokes

ALT = ("Diagram of optimisation-based style transfer. The photo c, the style image s, a generated painting of "
       "swirling strokes, and the picture x being optimised each pass through the same frozen random-filter "
       "network of four blocks. The content loss compares block 2 features of x and c; the style loss compares "
       "the Gram matrices of x and s for the pixels (block 0) and all four blocks, each relative to the style's. "
       "L-BFGS changes the pixels of x, which starts as the photo, to lower the weighted sum, with a small "
       "total-variation term; x is shown part-way, with some of the painting's colours over the photo.")


def thumbnail(image: np.ndarray, size: int = 64) -> np.ndarray:
    side = min(image.shape[:2])
    square = image[:side, :side] if image.ndim == 3 else np.stack([image[:side, :side]] * 3, -1)
    return transform.resize(square, (size, size), anti_aliasing=True)


def draw() -> Diagram:
    cat, style = thumbnail(data.chelsea()), painted_strokes(64, seed=1)
    d = Diagram(10.2, 4.3)
    d.title("Style transfer: change the pixels of x until its features match the photo and its Gram matrices the style")
    pictures = {"photo $c$": (cat, 3.2), "$x$ part-way (began as $c$)": (0.55 * cat + 0.45 * style, 2.05),
                "style $s$": (style, 0.9)}
    network = d.box(3.2, 2.05, 1.6, 2.8, "frozen\nrandom-filter\nCNN\n\n4 blocks of\n2 × (3×3 conv)\n+ avg pool",
                    frozen=True, size=9)
    for label, (image, y) in pictures.items():
        picture = d.picture(0.85, y, 0.8, image)
        d.text(0.85, y - 0.52, label, size=8.5)
        d.arrow((picture.right[0], y), (network.left[0], y), exact=True)
    content = d.box(6.0, 3.0, 2.2, 0.6, r"content: $\|F_2(x) - F_2(c)\|^2$", role="loss", size=9)
    style_loss = d.box(6.0, 1.1, 2.2, 0.6, r"style: $\sum_l \|G_l(x) - G_l(s)\|^2$", role="loss", size=9)
    d.arrow((network.right[0], 3.2), (content.left[0], content.y + 0.12), exact=True, label="block 2", size=8)
    d.arrow((network.right[0], 2.05), (content.left[0], content.y - 0.12), exact=True)
    d.arrow((network.right[0], 2.05), (style_loss.left[0], style_loss.y + 0.12), exact=True)
    d.arrow((network.right[0], 0.9), (style_loss.left[0], style_loss.y - 0.12), exact=True, label="pixels + blocks 1–4", size=8,
            label_offset=(0.3, -0.17))
    total = d.box(8.6, 2.05, 1.5, 0.6, "total loss\n+ λ TV(x)", role="loss", size=9)
    d.arrow(content, total, label="1", size=9, label_offset=(0.17, 0.12))
    d.arrow(style_loss, total, label=r"$\beta$", size=9, label_offset=(0.17, -0.12))
    d.line([(total.x, total.top[1]), (total.x, 3.82), (0.2, 3.82), (0.2, 2.05), (0.43, 2.05)], gradient=True)
    d.text(5.0, 3.68, "L-BFGS updates the pixels of $x$ (the network never changes)", size=8.5, color="#D55E00")
    d.text(6.0, 0.4, r"Gram matrix $G = F F^\top / (CHW)$: which filters fire together, anywhere; "
           "each loss relative to its target's size", size=8, style="italic")
    return d
