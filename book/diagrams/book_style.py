"""The book's diagram style: one palette, one font, one set of shapes, for every diagram.

A diagram is a small Python file in this folder that defines ``ALT`` (its alt text, a sentence or
two that a screen reader reads instead of the picture) and ``draw()``, which returns a matplotlib
figure built with :class:`Diagram`. ``make diagrams`` renders every one of them and embeds it in the
notebook cell that names it, ``![...](attachment:NAME.png)``; see ``scripts/diagrams.py``.

The visual language, the same in every chapter:

- **Data** are square-cornered boxes tinted with the colour of their modality: text blue, image
  orange, audio bluish green, video reddish purple; codes, noise and other vectors sky blue.
- **Networks** are rounded grey boxes; a **frozen** network (not trained) has a dashed edge.
- **Losses** are rounded vermillion boxes; **operations** (+, ×, cos, …) are small circles.
- Solid arrows carry data forward; dashed vermillion arrows carry gradients and updates back.

The colours are Okabe and Ito's palette, chosen to stay distinct under the common forms of colour
blindness; every label is black on a pale tint, and no meaning rests on colour alone (the shape
and the label say it too). The font is DejaVu Sans, which matplotlib ships, so a diagram renders
the same on every machine.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle  # noqa: E402

DPI = 150  # crisp when a notebook or web page scales the picture to its column
FONT = "DejaVu Sans"
FONT_SIZE = 10
MIN_FONT_SIZE = 9  # nothing smaller: the picture is often shown narrower than it is drawn

# Okabe & Ito (2008), "Color Universal Design": distinct for the common colour-vision deficiencies.
ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, REDDISH_PURPLE, BLACK = "#0072B2", "#D55E00", "#CC79A7", "#000000"
GREY = "#7F7F7F"

ROLE_COLOURS = {
    "text": BLUE,
    "image": ORANGE,
    "audio": BLUISH_GREEN,
    "video": REDDISH_PURPLE,
    "code": SKY_BLUE,  # latent codes, noise, features, other vectors
    "network": GREY,
    "loss": VERMILLION,
    "plain": BLACK,
}
DATA_ROLES = ("text", "image", "audio", "video", "code", "plain")


def tint(colour: str, amount: float = 0.22) -> tuple[float, float, float]:
    """A pale version of ``colour``: ``amount`` of it mixed into white."""
    rgb = np.array(matplotlib.colors.to_rgb(colour))
    return tuple(1 - amount * (1 - rgb))


@dataclass(frozen=True)
class Box:
    """A placed shape: centre (x, y) and size (w, h), in inches from the bottom left."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> tuple[float, float]:
        return (self.x - self.w / 2, self.y)

    @property
    def right(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y)

    @property
    def top(self) -> tuple[float, float]:
        return (self.x, self.y + self.h / 2)

    @property
    def bottom(self) -> tuple[float, float]:
        return (self.x, self.y - self.h / 2)


Point = tuple[float, float]


def _anchors(start: Box | Point, end: Box | Point) -> tuple[Point, Point]:
    """Where an arrow between two shapes leaves and arrives: the facing sides."""
    a = start if isinstance(start, Box) else Box(*start, 0, 0)
    b = end if isinstance(end, Box) else Box(*end, 0, 0)
    dx, dy = b.x - a.x, b.y - a.y
    if abs(dx) * 0.6 >= abs(dy):
        return (a.right, b.left) if dx > 0 else (a.left, b.right)
    return (a.top, b.bottom) if dy > 0 else (a.bottom, b.top)


class Diagram:
    """A blank canvas of ``width`` × ``height`` inches; coordinates are inches from the bottom left."""

    def __init__(self, width: float, height: float):
        if width <= 0 or height <= 0:
            raise ValueError(f"a diagram needs a positive size, got {width} x {height}")
        self.width, self.height = width, height
        with plt.rc_context({"font.family": FONT, "font.size": FONT_SIZE}):
            self.fig = plt.figure(figsize=(width, height), dpi=DPI)
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(0, height)
        self.ax.set_aspect("equal")
        self.ax.axis("off")

    # -- text -------------------------------------------------------------------------------------
    def text(self, x: float, y: float, text: str, size: float = FONT_SIZE, **kwargs) -> None:
        """Plain text centred at (x, y); keyword arguments go to matplotlib's ``text``."""
        options = {"ha": "center", "va": "center", "fontsize": max(size, MIN_FONT_SIZE), "family": FONT,
                   "color": BLACK}
        self.ax.text(x, y, text, **(options | kwargs))

    def title(self, text: str, y: float | None = None) -> None:
        """A bold heading across the top (or at height ``y``)."""
        self.text(self.width / 2, self.height - 0.2 if y is None else y, text, size=FONT_SIZE + 1, weight="bold")

    # -- shapes -----------------------------------------------------------------------------------
    def box(self, x: float, y: float, w: float, h: float, label: str = "", role: str = "network",
            frozen: bool = False, size: float = FONT_SIZE, weight: str = "normal") -> Box:
        """A data box (square corners, modality tint), a network (rounded grey) or a loss (rounded vermillion)."""
        if role not in ROLE_COLOURS:
            raise ValueError(f"role must be one of {sorted(ROLE_COLOURS)}, got {role!r}")
        colour = ROLE_COLOURS[role]
        rounded = role in ("network", "loss")
        style = "round,pad=0,rounding_size=0.08" if rounded else "square,pad=0"
        fill = "white" if role == "plain" else tint(colour, 0.18 if role == "network" else 0.25)
        patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=style, facecolor=fill, edgecolor=colour,
                               linewidth=1.6, linestyle=(0, (4, 2.5)) if frozen else "-", zorder=2)
        self.ax.add_patch(patch)
        if label:
            self.text(x, y, label, size=size, weight=weight, zorder=3)
        return Box(x, y, w, h)

    def op(self, x: float, y: float, symbol: str, radius: float = 0.17) -> Box:
        """An operation node: a small white circle with a symbol (+, ×, cos, …)."""
        self.ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor=BLACK, linewidth=1.3, zorder=2))
        self.text(x, y, symbol, size=FONT_SIZE + 1, zorder=3)
        return Box(x, y, 2 * radius, 2 * radius)

    def tensor(self, x: float, y: float, w: float, h: float, depth: float, label: str = "", role: str = "code",
               label_below: bool = True) -> Box:
        """A stack of feature maps drawn as a block with depth (channels); (x, y) is the front face's centre."""
        colour = ROLE_COLOURS[role]
        x0, y0 = x - w / 2, y - h / 2
        d = depth * 0.6
        top = [(x0, y0 + h), (x0 + d, y0 + h + d * 0.6), (x0 + w + d, y0 + h + d * 0.6), (x0 + w, y0 + h)]
        side = [(x0 + w, y0), (x0 + w + d, y0 + d * 0.6), (x0 + w + d, y0 + h + d * 0.6), (x0 + w, y0 + h)]
        for face, amount in ((top, 0.45), (side, 0.6)):
            self.ax.add_patch(Polygon(face, closed=True, facecolor=tint(colour, amount), edgecolor=colour,
                                      linewidth=1.0, zorder=2))
        self.ax.add_patch(Rectangle((x0, y0), w, h, facecolor=tint(colour, 0.3), edgecolor=colour, linewidth=1.2,
                                    zorder=2))
        if label:
            self.text(x + d / 2, y0 - 0.17 if label_below else y0 + h + d * 0.6 + 0.17, label, size=FONT_SIZE - 1)
        return Box(x + d / 2, y + d * 0.3, w + d, h + d * 0.6)

    def picture(self, x: float, y: float, size: float, image: np.ndarray, role: str = "image") -> Box:
        """An image (H, W, 3) or (3, H, W) in [0, 1], drawn pixel-sharp in a square frame of ``size`` inches."""
        array = np.asarray(image, dtype=float)
        if array.ndim == 3 and array.shape[0] == 3 and array.shape[-1] != 3:
            array = array.transpose(1, 2, 0)
        half = size / 2
        self.ax.imshow(np.clip(array, 0, 1), extent=(x - half, x + half, y - half, y + half), interpolation="nearest",
                       zorder=2)
        self.ax.add_patch(Rectangle((x - half, y - half), size, size, fill=False, edgecolor=ROLE_COLOURS[role],
                                    linewidth=1.6, zorder=3))
        return Box(x, y, size, size)

    def waveform(self, x: float, y: float, w: float, h: float, signal: np.ndarray, role: str = "audio") -> Box:
        """A signal drawn as a line inside a tinted box."""
        box = self.box(x, y, w, h, role=role)
        values = np.asarray(signal, dtype=float)
        values = np.sign(values) * np.sqrt(np.abs(values))  # quiet notes stay visible
        values = values / (np.abs(values).max() + 1e-9)
        t = np.linspace(x - w / 2 + 0.05, x + w / 2 - 0.05, len(values))
        self.ax.plot(t, y + values * (h / 2 - 0.06), color=ROLE_COLOURS[role], linewidth=0.6, zorder=3)
        return box

    def matrix(self, x: float, y: float, cell: float, values: np.ndarray, colour: str = BLUE,
               labels: Sequence[str] = (), label_rotation: float = 0) -> Box:
        """A grid of cells, shaded from white (0) to ``colour`` (1); (x, y) is the centre."""
        grid = np.clip(np.asarray(values, dtype=float), 0, 1)
        rows, cols = grid.shape
        x0, y0 = x - cols * cell / 2, y + rows * cell / 2
        for r in range(rows):
            for c in range(cols):
                self.ax.add_patch(Rectangle((x0 + c * cell, y0 - (r + 1) * cell), cell, cell,
                                            facecolor=tint(colour, 0.15 + 0.85 * grid[r, c]), edgecolor="white",
                                            linewidth=0.8, zorder=2))
        for c, label in enumerate(labels):
            self.text(x0 + (c + 0.5) * cell, y0 + 0.06, label, size=FONT_SIZE - 2, rotation=label_rotation,
                      va="bottom", ha="center" if not label_rotation else "left", rotation_mode="anchor")
        return Box(x, y, cols * cell, rows * cell)

    # -- arrows -----------------------------------------------------------------------------------
    def arrow(self, start: Box | Point, end: Box | Point, label: str = "", gradient: bool = False, bend: float = 0.0,
              label_offset: Point = (0.0, 0.13), size: float = FONT_SIZE - 1, exact: bool = False) -> None:
        """Data flow (solid black) or a gradient/update (dashed vermillion) between two shapes or points.

        Between boxes the arrow joins the sides that face each other; ``exact=True`` uses the given
        points as they are. ``bend`` curves it (positive: to the left of the direction of travel).
        """
        a, b = (start, end) if exact else _anchors(start, end)
        if exact and isinstance(a, Box):
            a = (a.x, a.y)
        if exact and isinstance(b, Box):
            b = (b.x, b.y)
        colour = VERMILLION if gradient else BLACK
        patch = FancyArrowPatch(a, b, arrowstyle="-|>,head_length=6,head_width=3.5", mutation_scale=1,
                                connectionstyle=f"arc3,rad={bend}", color=colour, linewidth=1.3,
                                linestyle=(0, (4, 2.5)) if gradient else "-", shrinkA=1, shrinkB=1, zorder=4)
        self.ax.add_patch(patch)
        if label:
            mid = ((a[0] + b[0]) / 2 + label_offset[0], (a[1] + b[1]) / 2 + label_offset[1])
            self.text(*mid, label, size=size, color=colour, zorder=5,
                      bbox={"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})

    def line(self, points: Sequence[Point], gradient: bool = False, arrow_at_end: bool = True) -> None:
        """A polyline through ``points`` (for arrows that turn corners), with a head at the end."""
        colour = VERMILLION if gradient else BLACK
        style = (0, (4, 2.5)) if gradient else "-"
        xs, ys = zip(*points)
        self.ax.plot(xs[:-1], ys[:-1], color=colour, linewidth=1.3, linestyle=style, zorder=4)
        if arrow_at_end:
            self.arrow(points[-2], points[-1], gradient=gradient, exact=True)
        else:
            self.ax.plot(xs[-2:], ys[-2:], color=colour, linewidth=1.3, linestyle=style, zorder=4)

    def legend(self, items: Sequence[tuple[str, str]], x: float, y: float, step: float = 1.55) -> None:
        """A row of small keys: (role, meaning) pairs, e.g. ("image", "image data")."""
        for i, (role, meaning) in enumerate(items):
            cx = x + i * step
            if role == "gradient":
                self.arrow((cx - 0.2, y), (cx + 0.1, y), gradient=True, exact=True)
            elif role == "frozen":
                self.box(cx - 0.05, y, 0.3, 0.18, role="network", frozen=True)
            else:
                self.box(cx - 0.05, y, 0.3, 0.18, role=role)
            self.text(cx + 0.18, y, meaning, size=FONT_SIZE - 2, ha="left")


def png(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes, reproducibly (no timestamp or software tag), then closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
