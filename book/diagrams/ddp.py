"""Chapter 11: data parallelism with DistributedDataParallel."""

from book_style import Diagram

ALT = ("Diagram of DistributedDataParallel on two processes. A batch of B examples is split into two shares "
       "of B over 2. Each process holds an identical copy of the model, computes the loss and the gradient on "
       "its share, and an all-reduce averages the two gradients, so both copies take the same optimiser step "
       "and stay identical; the averaged gradient equals the gradient of the whole batch.")


def draw() -> Diagram:
    d = Diagram(10.6, 3.8)
    d.title("Data parallelism: two processes, two halves of every batch, one averaged gradient")
    reduce = d.op(8.0, 1.9, "avg", radius=0.3)
    d.text(8.3, 2.42, "all-reduce", size=8.5)
    d.text(8.35, 1.36, r"$\bar g = \frac{1}{2}(g_0 + g_1)$", size=9)
    batch = d.box(0.75, 1.9, 1.0, 1.4, "batch\nof B", role="code", size=9)
    for k, y in enumerate((2.8, 1.0)):
        share = d.box(2.35, y, 1.0, 0.55, f"share {k}:\nB/2 examples", role="code", size=8.5)
        d.arrow(batch, share)
        model = d.box(3.95, y, 1.35, 0.6, f"process {k}:\nmodel copy $\\theta$", size=8.5)
        d.arrow(share, model)
        loss = d.box(5.45, y, 0.85, 0.45, f"loss $L_{k}$", role="loss", size=8.5)
        d.arrow(model, loss)
        gradient = d.box(6.75, y, 0.95, 0.45, rf"$g_{k} = \nabla_\theta L_{k}$", role="code", size=9)
        d.arrow(loss, gradient, gradient=True, label="backward", label_offset=(0.0, 0.34), size=8)
        step = d.box(9.9, y, 1.3, 0.55, "same step:\n" r"$\theta \leftarrow \theta - \eta\, \bar g$", size=8.5)
        d.line([reduce.right, (8.95, reduce.y), (8.95, y), step.left])
    d.arrow((7.225, 2.8), (reduce.x - 0.2, reduce.y + 0.22), exact=True)
    d.arrow((7.225, 1.0), (reduce.x - 0.2, reduce.y - 0.22), exact=True)
    d.text(5.3, 0.25, "mean of the two shares' gradients = gradient of the whole batch (the loss is a mean)",
           size=8.5, style="italic")
    return d
