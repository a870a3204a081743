import matplotlib
import torch

from mmgen_helpers import start_chapter


def test_start_chapter_seeds_and_sets_figure_size(capsys, monkeypatch):
    monkeypatch.setenv("MMGEN_DEVICE", "cpu")
    device = start_chapter(seed=5, dpi=70)
    first = torch.rand(2)
    start_chapter(seed=5, dpi=70)
    assert torch.equal(first, torch.rand(2))
    assert device == torch.device("cpu") and matplotlib.rcParams["figure.dpi"] == 70
    assert "seed 5" in capsys.readouterr().out
