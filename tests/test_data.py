import pytest
import torch
from torch.utils.data import DataLoader

from mmgen_helpers import world
from mmgen_helpers.data import WorldDataset


def test_dataset_items_carry_all_modalities_and_targets():
    data = WorldDataset(12, split="val", modalities=("image", "caption", "audio", "video"), n_frames=4)
    item = data[0]
    assert item["image"].shape == (3, 32, 32) and isinstance(item["caption"], str)
    assert item["audio"].shape == (12000,) and item["video"].shape == (4, 3, 32, 32)
    assert item["shape"].shape == (3,) and item["shape"].dtype == torch.long
    assert world.parse_caption(item["caption"]) == data.scenes.objects(0)
    batch = next(iter(DataLoader(data, batch_size=5)))
    assert batch["image"].shape == (5, 3, 32, 32) and len(batch["caption"]) == 5


def test_dataset_is_deterministic_and_split_aware():
    a, b = WorldDataset(8, seed=1), WorldDataset(8, seed=1)
    assert torch.equal(a[3]["image"], b[3]["image"])
    assert not torch.equal(a.data["image"], WorldDataset(8, seed=1, split="test").data["image"])


def test_dataset_rejects_bad_arguments():
    with pytest.raises(ValueError, match="modalities"):
        WorldDataset(4, modalities=("smell",))
    with pytest.raises(ValueError, match="split"):
        WorldDataset(4, split="dev")
    with pytest.raises(IndexError):
        WorldDataset(4)[4]
