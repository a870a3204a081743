import numpy as np
import pytest
import torch

from mmgen_helpers.train import History, fit, pick_device, seed_everything, to_device


def test_seed_everything_repeats_random_draws():
    seed_everything(3)
    a = (torch.rand(3), np.random.rand(3))
    seed_everything(3)
    b = (torch.rand(3), np.random.rand(3))
    assert torch.equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    with pytest.raises(TypeError):
        seed_everything("3")


def test_pick_device(monkeypatch):
    assert pick_device("cpu") == torch.device("cpu")
    monkeypatch.setenv("MMGEN_DEVICE", "cpu")
    assert pick_device() == torch.device("cpu")
    with pytest.raises(ValueError, match="device"):
        pick_device("tpu")


def test_to_device_handles_nested_batches():
    batch = {"x": torch.zeros(2), "pair": (torch.ones(1), "text")}
    moved = to_device(batch, torch.device("cpu"))
    assert moved["pair"][1] == "text" and torch.equal(moved["x"], batch["x"])


def _regression_problem():
    seed_everything(0)
    x = torch.randn(256, 3)
    y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.3
    return [(x[i : i + 32], y[i : i + 32]) for i in range(0, 256, 32)]


def test_fit_reduces_the_loss_and_logs_extra_terms():
    batches = _regression_problem()
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def loss_fn(batch):
        x, y = batch
        mse = torch.nn.functional.mse_loss(model(x).squeeze(1), y)
        return {"loss": mse, "scale": model.weight.norm()}

    history = fit(loss_fn, batches, optimizer, steps=100, log_every=10, device=torch.device("cpu"))
    assert isinstance(history, History) and set(history) == {"loss", "scale"}
    assert all(isinstance(points, list) for points in history.values())  # still a plain dict underneath
    assert history.steps() == list(range(10, 101, 10))
    assert history.last() < 0.01 * history.losses()[0]


def test_fit_is_repeatable():
    def run():
        batches = _regression_problem()
        model = torch.nn.Linear(3, 1)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        return fit(lambda b: ((model(b[0]).squeeze(1) - b[1]) ** 2).mean(), batches, optimizer, 20, device=torch.device("cpu"))

    assert run().losses() == run().losses()


def test_fit_rejects_bad_arguments():
    model = torch.nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        fit(lambda b: model(b).sum(), [torch.ones(1)], optimizer, steps=0)
    with pytest.raises(ValueError, match="'loss'"):
        fit(lambda b: {"mse": model(b).sum()}, [torch.ones(1)], optimizer, steps=1, device=torch.device("cpu"))
    with pytest.raises(ValueError, match="ran out"):
        fit(lambda b: model(b).sum(), iter([torch.ones(1)]), optimizer, steps=3, device=torch.device("cpu"))


def test_random_batches_are_seeded_and_in_range():
    from mmgen_helpers.train import random_batches

    a, b = random_batches(10, 4, seed=1), random_batches(10, 4, seed=1)
    first = [next(a) for _ in range(5)]
    assert all(torch.equal(x, next(b)) for x in first)
    assert all(x.shape == (4,) and 0 <= x.min() and x.max() < 10 for x in first)
    with pytest.raises(ValueError):
        next(random_batches(0))


def test_preserved_random_state_restores_every_stream():
    import random

    import numpy as np

    from mmgen_helpers.train import preserved_random_state, seed_everything

    seed_everything(3)
    expected = (random.random(), float(np.random.rand()), float(torch.rand(1)))
    seed_everything(3)
    with preserved_random_state():
        seed_everything(99)
        random.random(), np.random.rand(), torch.rand(5)
    assert (random.random(), float(np.random.rand()), float(torch.rand(1))) == expected


def test_a_cold_judge_leaves_the_random_state_as_a_cached_one(tmp_path, monkeypatch):
    from mmgen_helpers import judge

    monkeypatch.setenv("MMGEN_CACHE", str(tmp_path))
    torch.manual_seed(5)
    judge.train_judge(steps=2, n_train=64, batch_size=8)  # cold: trains
    after_cold = torch.rand(3)
    torch.manual_seed(5)
    judge.train_judge(steps=2, n_train=64, batch_size=8)  # cached: loads
    assert torch.equal(torch.rand(3), after_cold)


def test_checkpoints_are_written_atomically_and_read_back(tmp_path):
    from mmgen_helpers.train import load_checkpoint, save_checkpoint

    model, copy = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    save_checkpoint(model.state_dict(), tmp_path / "deep" / "model.pt")
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["model.pt"]  # no partial file left
    assert load_checkpoint(copy, tmp_path / "deep" / "model.pt")
    assert torch.equal(copy.weight, model.weight)
    assert not load_checkpoint(copy, tmp_path / "missing.pt")


@pytest.mark.parametrize("damage", [b"", b"not a checkpoint", "truncate", "other model"])
def test_a_damaged_checkpoint_is_reported_deleted_and_not_fatal(tmp_path, damage):
    from mmgen_helpers.train import load_checkpoint, save_checkpoint

    path = tmp_path / "model.pt"
    if damage == "truncate":
        save_checkpoint(torch.nn.Linear(30, 20).state_dict(), path)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "other model":
        save_checkpoint(torch.nn.Linear(4, 4).state_dict(), path)
    else:
        path.write_bytes(damage)
    with pytest.warns(UserWarning, match="damaged"):
        assert not load_checkpoint(torch.nn.Linear(30, 20), path)
    assert not path.exists()


def test_a_damaged_judge_cache_is_rebuilt(tmp_path, monkeypatch):
    from mmgen_helpers import judge

    monkeypatch.setenv("MMGEN_CACHE", str(tmp_path))
    judge.train_judge(steps=2, n_train=64, batch_size=8)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(cached.read_bytes()[:100])  # an interrupted write, as before the atomic save
    with pytest.warns(UserWarning, match="damaged"):
        judge.train_judge(steps=2, n_train=64, batch_size=8)
    assert judge.train_judge(steps=2, n_train=64, batch_size=8) is not None  # the rebuilt file loads


@pytest.mark.parametrize("grad_clip", [-1.0, 0.0, float("nan"), float("inf"), "1"])
def test_fit_refuses_a_gradient_clip_that_is_not_a_positive_number(grad_clip):
    model = torch.nn.Linear(2, 1)
    with pytest.raises(ValueError, match="grad_clip"):
        fit(lambda b: model(b).pow(2).mean(), [torch.ones(4, 2)], torch.optim.SGD(model.parameters(), 0.1),
            3, device=torch.device("cpu"), grad_clip=grad_clip)


def test_fit_stops_on_a_non_finite_loss_before_the_weights_turn_nan():
    model = torch.nn.Linear(2, 1)
    batches = [torch.ones(4, 2), torch.full((4, 2), float("nan"))]
    with pytest.raises(FloatingPointError, match="step 2"):
        fit(lambda b: model(b).pow(2).mean(), batches, torch.optim.SGD(model.parameters(), 0.1), 5,
            device=torch.device("cpu"))
    assert torch.isfinite(model.weight).all()
