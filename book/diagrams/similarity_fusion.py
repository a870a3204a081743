"""Chapter 3: similarity fusion for audio-visual correspondence, trained contrastively."""

import numpy as np
from book_style import Diagram

ALT = ("Diagram of similarity fusion: the image goes through an image encoder and the sound through an audio "
       "encoder into one shared space; each code is scaled to unit length, and their cosine s is the match "
       "score, compared with a threshold. Training is contrastive: in a batch of B pairs, the B by B matrix "
       "of similarities should be high on the diagonal, where each picture meets its own sound, and low "
       "elsewhere.")


def draw() -> Diagram:
    d = Diagram(10.6, 3.4)
    d.title("Similarity fusion: one shared space, a cosine as the score")
    image = d.box(0.6, 2.3, 0.8, 0.42, "image", role="image", size=9)
    audio = d.box(0.6, 1.0, 0.8, 0.42, "sound", role="audio", size=9)
    f_image = d.box(1.85, 2.3, 0.95, 0.5, r"$f_\mathrm{img}$")
    f_audio = d.box(1.85, 1.0, 0.95, 0.5, r"$f_\mathrm{aud}$")
    u = d.box(3.2, 2.3, 1.25, 0.5, r"$f_\mathrm{img}/\|f_\mathrm{img}\|$", role="code", size=9)
    v = d.box(3.2, 1.0, 1.25, 0.5, r"$f_\mathrm{aud}/\|f_\mathrm{aud}\|$", role="code", size=9)
    cosine = d.op(4.25, 1.65, "cos", radius=0.24)
    decision = d.box(5.45, 1.65, 0.95, 0.6, "match if $s$ is\nabove a\nthreshold", role="plain", size=9)
    for a, b in ((image, f_image), (audio, f_audio), (f_image, u), (f_audio, v)):
        d.arrow(a, b)
    d.arrow(u, cosine)
    d.arrow(v, cosine)
    d.arrow(cosine, decision, label="$s$", label_offset=(0, 0.12))
    grid = np.full((6, 6), 0.08)
    np.fill_diagonal(grid, 0.95)
    matrix = d.matrix(7.4, 1.5, 0.3, grid, colour="#56B4E9")
    d.text(7.9, 2.75, r"training: $\tau s$ for every pair in a batch ($\tau$: a learned inverse temperature)", size=9)
    d.text(6.35, 1.5, "pictures", size=8.5, rotation=90)
    d.text(7.4, 0.52, "sounds", size=8.5)
    loss = d.box(9.6, 1.5, 1.6, 0.75, "InfoNCE: row and\ncolumn cross-entropy", role="loss", size=8.5)
    d.arrow(matrix, loss)
    d.text(7.5, 0.05, "each picture must pick its own sound (the diagonal), and each sound its picture",
           size=8.5, style="italic", va="bottom")
    return d
