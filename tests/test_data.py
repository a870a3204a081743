import numpy as np
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


def test_object_labels_name_each_scenes_object():
    from mmgen_helpers.data import LABEL_ATTRIBUTES, object_labels

    objects = [world.WorldObject("cross", "blue", "small", "right"),
               world.WorldObject("circle", "red", "large", "top left")]
    labels = object_labels(world.Scenes.from_objects([[o] for o in objects]))
    assert labels.dtype == torch.int64 and labels.shape == (2, 4)
    for row, obj in zip(labels.tolist(), objects):
        named = [values[i] for values, i in zip(LABEL_ATTRIBUTES.values(), row)]
        assert named == [obj.shape, obj.colour, obj.size, obj.position]
    many = world.sample_scenes(50, seed=0, n_objects=1)
    assert object_labels(many)[:, 3].tolist() == many.cell[:, 0].tolist()
    assert object_labels(many[:0]).shape == (0, 4)


def test_object_labels_and_one_hots_reject_bad_input():
    from mmgen_helpers.data import object_labels, one_hot_labels

    with pytest.raises(TypeError, match="world.Scenes"):
        object_labels(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        one_hot_labels(torch.zeros(3, 5, dtype=torch.int64))
    with pytest.raises(TypeError, match="int64"):
        one_hot_labels(torch.zeros(3, 4))
    with pytest.raises(ValueError, match="out of range"):
        one_hot_labels(torch.tensor([[4, 0, 0, 0]]))


def test_one_hot_labels_mark_one_value_per_attribute():
    from mmgen_helpers.data import object_labels, one_hot_labels

    codes = one_hot_labels(object_labels(world.sample_scenes(30, seed=1, n_objects=1)))
    assert codes.shape == (30, 21) and codes.dtype == torch.float32
    for start, stop in ((0, 4), (4, 10), (10, 12), (12, 21)):
        assert torch.equal(codes[:, start:stop].sum(1), torch.ones(30))
