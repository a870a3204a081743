"""Chapter 6: the Transformer's causal and padding masks."""

import numpy as np
from book_style import Diagram

ALT = ("Diagram of the two attention masks of the Transformer for a caption of eight positions whose last "
       "two are padding. In the causal mask, row t may attend only to the columns up to t, a lower triangle; every "
       "cell above the diagonal holds minus infinity. In the padding mask, no row may attend to the two "
       "padding columns. The masks are added to the attention scores before the softmax, so forbidden "
       "positions get weight zero.")

TOKENS = ("<bos>", "a", "large", "red", "circle", "<eos>", "<pad>", "<pad>")


def draw() -> Diagram:
    d = Diagram(10.0, 4.5)
    d.title(r"Masks $M$ are added to the scores before the softmax: softmax$(QK^\top/\sqrt{d_k} + M)$")
    n, cell = len(TOKENS), 0.34
    causal = np.tril(np.ones((n, n)))
    padding = np.ones((n, n))
    padding[:, 6:] = 0
    for x, grid, heading in ((2.2, causal, "causal mask: no peeking ahead"),
                             (6.0, padding, "padding mask: ignore <pad>")):
        box = d.matrix(x, 1.9, cell, grid * 0.8, colour="#0072B2", labels=TOKENS, label_rotation=45)
        for r in range(n):
            d.text(box.left[0] - 0.08, 1.9 + (n / 2 - r - 0.5) * cell, TOKENS[r], size=7.5, ha="right")
            for c in range(n):
                if grid[r, c] == 0:
                    d.text(box.left[0] + (c + 0.5) * cell, 1.9 + (n / 2 - r - 0.5) * cell, "−∞", size=7,
                           color="#333333")
        d.text(x, 3.92, heading, weight="bold", size=9.5)
        d.text(x, 0.35, "columns: keys (what is read); rows: queries", size=8)
    d.matrix(8.65, 2.55, cell, np.array([[0.8]]), colour="#0072B2")
    d.text(8.95, 2.55, "0: may attend", size=8.5, ha="left")
    d.matrix(8.65, 2.05, cell, np.array([[0.0]]), colour="#0072B2")
    d.text(8.65, 2.05, "−∞", size=7.5, color="#555555")
    d.text(8.95, 2.05, "−∞: weight 0", size=8.5, ha="left")
    d.text(8.55, 1.2, "a caption of eight\npositions, the last\ntwo padding", size=8.5, style="italic", ha="left")
    return d
