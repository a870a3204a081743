"""Chapter 11: data parallelism with DistributedDataParallel."""

from book_style import Diagram

ALT = ("Diagram of DistributedDataParallel on two processes. A batch of B examples is split into two shares "
       "of B over 2. Each process holds an identical copy of the model, computes the loss and the gradient on "
       "its share, and an all-reduce averages the two gradients, so both copies take the same optimiser step "
       "and stay identical; the averaged gradient equals the gradient of the whole batch.")


def draw() -> Diagram:
    d = Diagram(9.4, 4.2)
    d.title("Data parallelism: two processes, two halves of every batch, one averaged gradient")
    reduce = d.op(8.0, 2.0, "avg", radius=0.3)
    d.text(8.3, 2.52, "all-reduce", size=8.5)
    d.text(8.2, 1.45, r"$\bar g = (g_0 + g_1)/2$", size=9)
    batch = d.box(0.75, 2.0, 1.0, 1.4, "batch\nof $B$", role="code", size=9)
    for k, y in enumerate((2.9, 1.1)):
        share = d.box(2.35, y, 1.0, 0.55, f"share {k}:\n$B/2$ examples", role="code", size=8.5)
        d.arrow(batch, share)
        model = d.box(3.95, y, 1.35, 0.6, f"process {k}:\nmodel copy $\\theta$", size=8.5)
        d.arrow(share, model)
        loss = d.box(5.45, y, 0.85, 0.45, f"loss $L_{k}$", role="loss", size=8.5)
        d.arrow(model, loss)
        gradient = d.box(6.75, y, 0.95, 0.45, rf"$g_{k} = \nabla_\theta L_{k}$", role="code", size=9)
        d.arrow(loss, gradient, label="backward", label_offset=(0.0, 0.34), size=8)
        edge = y + 0.3 if k == 0 else y - 0.3  # the model box's top or bottom
        route = y + 0.62 if k == 0 else y - 0.62
        d.line([reduce.right, (8.75, reduce.y), (8.75, route), (model.x, route), (model.x, edge)], gradient=True)
        d.text(6.4, route + (0.13 if k == 0 else -0.14),
               r"update: the same step $\theta \leftarrow \theta - \eta\, \bar g$ in process " f"{k}",
               size=8.5, color="#D55E00")
    d.arrow((7.225, 2.9), (reduce.x - 0.2, reduce.y + 0.22), exact=True)
    d.arrow((7.225, 1.1), (reduce.x - 0.2, reduce.y - 0.22), exact=True)
    d.text(4.7, 0.12, "mean of the two shares' gradients = gradient of the whole batch (the loss is a mean)",
           size=8.5, style="italic")
    return d
