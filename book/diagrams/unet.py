"""Chapter 6: the U-Net, with its skip connections."""

from book_style import Diagram

ALT = ("Diagram of the U-Net. The encoder applies two 3 by 3 convolutions at each level and halves the "
       "resolution with max pooling, from 32 by 32 with w channels to 16 by 16 with 2w, 8 by 8 with 4w and a "
       "4 by 4 bottom. The decoder doubles the resolution back with transposed convolutions; at each level a "
       "skip connection concatenates the encoder's feature map of the same size, and a 1 by 1 convolution "
       "gives the output image.")


def draw() -> Diagram:
    d = Diagram(10.0, 4.5)
    d.title("U-Net: down to a small grid, back up, with skips that carry the detail across")
    levels = [(0.95, 0.12, "w × 32 × 32", 3.15, 1.75, 8.25), (0.6, 0.2, "2w × 16 × 16", 2.2, 3.0, 7.0),
              (0.38, 0.3, "4w × 8 × 8", 1.35, 3.95, 6.05)]
    encoder_blocks = [d.tensor(x_enc, y, side, side, depth, label) for side, depth, label, y, x_enc, _ in levels]
    decoder_labels = ("w × 32 × 32", "w × 16 × 16", "2w × 8 × 8")  # what each decoder level outputs
    depth_of = {"w": 0.12, "2w": 0.2, "4w": 0.3}  # drawn depth follows the channels
    decoder_blocks = [d.tensor(x_dec, y, side, side, depth_of[label.split(" ")[0]], label)
                      for (side, _, _, y, _, x_dec), label in zip(levels, decoder_labels)]
    bottom = d.tensor(5.0, 0.55, 0.24, 0.24, 0.3, "4w × 4 × 4")
    image_in = d.tensor(0.5, 3.15, 0.8, 0.8, 0.05, "input", role="image")
    output = d.tensor(9.45, 3.15, 0.8, 0.8, 0.05, "output", role="image")
    d.arrow((image_in.right[0], 3.15), (encoder_blocks[0].left[0], 3.15), exact=True)
    down = encoder_blocks + [bottom]
    up = [bottom] + decoder_blocks[::-1]
    for k in range(3):
        # leave the block by its side and enter the next one by its side: the labels sit underneath
        d.arrow((down[k].right[0], down[k].bottom[1] + 0.08), down[k + 1].top, exact=True)
        d.arrow(up[k].top, (up[k + 1].left[0], up[k + 1].bottom[1] + 0.08), exact=True)
    for enc, dec, level in zip(encoder_blocks, decoder_blocks, levels):
        y = level[3]
        d.arrow((enc.right[0] + 0.05, y), (dec.left[0] - 0.05, y), exact=True, label="skip: concatenate", size=8)
    d.arrow((decoder_blocks[0].right[0], 3.15), output.left, exact=True)
    d.text(1.0, 1.0, "two 3×3 convolutions (batch\nnorm, ReLU) at every level;\ngoing down, a 2×2 max pool first", size=8.5, ha="left",
           style="italic")
    d.text(7.0, 0.75, "up: 2×2 transposed convolution,\nconcatenate the skip, two 3×3\nconvolutions; "
           "last: 1×1 convolution", size=8.5, ha="left", style="italic")
    return d
