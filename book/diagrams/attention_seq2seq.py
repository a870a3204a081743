"""Chapter 6: an encoder-decoder with additive attention, sound to text."""

import numpy as np
from book_style import Diagram

ALT = ("Diagram of sound-to-text translation with attention. The encoder, a strided 1-D convolution and a "
       "bidirectional GRU, turns the spectrogram frames into states h1 to hT. At each step t the decoder GRU, "
       "in state s t, scores every encoder state, turns the scores into attention weights alpha with a "
       "softmax, and reads their weighted average, the context c t, from which it predicts the next word; "
       "here the word 'red' attends mostly to the frames of the first note.")


def draw() -> Diagram:
    d = Diagram(10.0, 4.4)
    d.title("Attention: at every word, the decoder chooses which source states to read")
    d.text(0.65, 0.7, "sound\n(spectrogram)", size=9)
    spectrogram = d.box(2.75, 0.7, 2.6, 0.5, role="audio")
    for k in range(3):
        x0 = 1.6 + 0.8 * k
        d.ax.plot([x0, x0 + 0.6], [0.55 + 0.1 * k, 0.55 + 0.1 * k], color="#009E73", linewidth=3, zorder=3)
    encoder = d.box(2.75, 1.5, 2.6, 0.45, "conv + bidirectional GRU (encoder)", size=9)
    d.arrow(spectrogram, encoder)
    weights = np.array([0.38, 0.42, 0.08, 0.04, 0.03, 0.02, 0.02, 0.01])
    states = [d.box(1.7 + 0.3 * i, 2.3, 0.24, 0.42, "", role="code") for i in range(len(weights))]
    d.text(1.2, 2.3, "h₁ … h_T", size=9, ha="right")
    d.arrow(encoder, (2.75, 2.07), exact=True)
    context = d.op(4.6, 3.45, "Σ")
    for state, w in zip(states, weights):
        d.ax.plot([state.x, context.x - 0.12], [state.top[1], context.y - 0.1], color="#0072B2",
                  linewidth=0.4 + 6 * w, alpha=0.35 + 0.6 * w / weights.max(), zorder=1)
    decoder = d.box(6.75, 3.45, 1.3, 0.6, "GRU cell\ns_{t−1} → s_t", size=9)
    d.arrow(context, decoder, label="context c_t", label_offset=(0, 0.15), size=8.5)
    previous = d.box(6.75, 2.3, 1.2, 0.4, "previous word", role="text", size=8.5)
    d.arrow(previous, decoder)
    word = d.box(8.85, 3.45, 0.9, 0.45, "“red”", role="text", size=9)
    d.arrow(decoder, word)
    d.arrow((decoder.left[0], decoder.y - 0.2), (4.1, 2.75), exact=True, label="query: the state s",
            label_offset=(0.15, -0.18), size=8.5)
    d.text(7.0, 1.2, "scores e_t,i = vᵀ tanh(W_k h_i + W_q s)\nweights α_t,i = softmax over i\n"
           "context c_t = Σ_i α_t,i h_i", size=8.5, color="#0072B2", ha="left")
    d.text(7.0, 0.45, "line width = attention weight: “red”, the first\nobject's colour, reads the first note", size=8.5,
           style="italic", ha="left")
    return d
