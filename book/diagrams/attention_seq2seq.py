"""Chapter 6: an encoder-decoder with additive attention, sound to text."""

import numpy as np
from book_style import BLACK, Diagram

ALT = ("Diagram of sound-to-text translation with attention. The encoder, a strided 1-D convolution and a "
       "bidirectional GRU, turns the spectrogram frames into states h1 to hT. At each step t the decoder, "
       "a GRU cell, scores every encoder state against its state, turns the scores into attention weights "
       "alpha with a softmax, and reads their weighted average, the context: once with its previous state, "
       "to feed the GRU cell, and again with its new state s t, giving c t; a linear layer reads s t and c t "
       "and predicts the next word. Here the word 'red' attends mostly to the frames "
       "of the first note.")


def draw() -> Diagram:
    d = Diagram(10.0, 4.5)
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
    d.text(1.2, 2.3, r"$h_1 \dots h_T$", size=9, ha="right")
    d.arrow((states[3].x, encoder.top[1]), states[3].bottom, exact=True)
    context = d.op(4.6, 3.45, "Σ")
    for state, w in zip(states, weights):
        d.ax.plot([state.x, context.x - 0.12], [state.top[1], context.y - 0.1], color=BLACK,
                  linewidth=0.3 + 5 * w, alpha=0.35 + 0.6 * w / weights.max(), zorder=1)
    decoder = d.box(6.55, 3.45, 1.2, 0.6, "GRU cell\n$s_{t-1} \\to s_t$", size=9)
    d.arrow(context, decoder, label="read with $s_{t-1}$", label_offset=(-0.03, 0.2), size=8.5)
    previous = d.box(6.55, 2.3, 1.2, 0.4, "previous word", role="text", size=8.5)
    d.arrow(previous, decoder)
    head = d.box(8.05, 3.45, 0.95, 0.55, "linear\n$[s_t; c_t]$", size=8.5)
    word = d.box(9.35, 3.45, 0.8, 0.45, "“red”", role="text", size=9)
    d.arrow(decoder, head)
    d.arrow(head, word)
    d.line([(context.x, context.top[1]), (context.x, 3.92), (head.x, 3.92), head.top])
    d.text((context.x + head.x) / 2, 4.04, "read again with the new $s_t$: context $c_t$", size=8.5)
    d.arrow((decoder.left[0], decoder.y - 0.2), (context.x + 0.12, context.y - 0.12), exact=True)
    d.text(5.3, 2.95, "query: $s_{t-1}$, then $s_t$", size=8.5)
    d.text(0.2, 3.65, "scores $e_{t,i} = v^\\top \\tanh(W_k h_i + W_q s_t)$\n"
           "weights $\\alpha_{t,i}$ = softmax over $i$\ncontext $c_t = \\sum_i \\alpha_{t,i} h_i$",
           size=8.5, ha="left")
    d.text(7.0, 0.45, "line width = attention weight: “red”, the first\nobject's colour, reads the first note", size=8.5,
           style="italic", ha="left")
    return d
