import numpy as np
import pytest

from mmgen_helpers import world


def test_sampling_is_deterministic_per_seed_and_split():
    a = world.sample_scenes(50, seed=1, split="train")
    b = world.sample_scenes(50, seed=1, split="train")
    c = world.sample_scenes(50, seed=1, split="val")
    d = world.sample_scenes(50, seed=2, split="train")
    for field in ("shape", "colour", "size", "cell", "offset", "velocity"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.offset, c.offset)
    assert not np.array_equal(a.offset, d.offset)


def test_prefix_of_a_larger_sample_is_not_required_but_sizes_are_exact():
    scenes = world.sample_scenes(1000, seed=0)
    assert len(scenes) == 1000
    assert set(np.unique(scenes.n_objects)) == {1, 2, 3}


def test_objects_sit_in_distinct_cells_in_reading_order():
    scenes = world.sample_scenes(500, seed=0)
    for i in range(len(scenes)):
        cells = scenes.cell[i][scenes.present[i]]
        assert list(cells) == sorted(set(cells.tolist()))
    # absent slots are marked -1 in every column
    assert ((scenes.shape < 0) == (scenes.colour < 0)).all() and ((scenes.shape < 0) == (scenes.cell < 0)).all()


@pytest.mark.parametrize("count", [1, 2, 3])
def test_fixed_object_count(count):
    assert (world.sample_scenes(100, seed=0, n_objects=count).n_objects == count).all()


def test_hold_out_and_novel_split():
    held = {(world.SHAPES.index(s), world.COLOURS.index(c)) for s, c in world.HELD_OUT_PAIRS}
    train = world.sample_scenes(2000, seed=0, split="train", hold_out=True)
    pairs = set(zip(train.shape[train.present], train.colour[train.present]))
    assert pairs.isdisjoint(held)
    assert len(pairs) == len(world.SHAPES) * len(world.COLOURS) - len(held)
    novel = world.sample_scenes(300, seed=0, split="novel")
    for i in range(len(novel)):
        here = set(zip(novel.shape[i][novel.present[i]], novel.colour[i][novel.present[i]]))
        assert here & held


def test_indexing_and_objects_round_trip():
    scenes = world.sample_scenes(10, seed=0)
    objects = [scenes.objects(i) for i in range(10)]
    rebuilt = world.Scenes.from_objects(objects)
    for field in ("shape", "colour", "size", "cell"):
        np.testing.assert_array_equal(getattr(rebuilt, field), getattr(scenes, field))
    assert len(scenes[2:5]) == 3 and len(scenes[[0, 9]]) == 2 and len(scenes[4]) == 1
    with pytest.raises(IndexError):
        scenes.objects(10)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": -1}, "an int from 0"),
        ({"n": 5, "split": "holdout"}, "unknown split"),
        ({"n": 5, "n_objects": 4}, "n_objects"),
        ({"n": 5, "n_objects": (2, 1)}, "n_objects"),
    ],
)
def test_bad_sampling_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        world.sample_scenes(**kwargs)


def test_world_object_validates_names():
    with pytest.raises(ValueError, match="unknown colour 'purple'"):
        world.WorldObject("circle", "purple", "large", "centre")
    with pytest.raises(ValueError, match="unknown shape"):
        world.WorldObject("hexagon", "red", "large", "centre")
    with pytest.raises(TypeError):
        world.WorldObject("circle", 3, "large", "centre")
    with pytest.raises(ValueError, match="unknown attribute"):
        world.attribute_index("texture", "rough")


def test_from_objects_rejects_bad_scenes():
    obj = world.WorldObject("circle", "red", "large", "centre")
    with pytest.raises(ValueError, match="same cell"):
        world.Scenes.from_objects([[obj, obj]])
    with pytest.raises(ValueError, match="1 to 3"):
        world.Scenes.from_objects([[]])
    with pytest.raises(TypeError):
        world.Scenes.from_objects([["a red circle"]])


def test_scenes_check_array_shapes():
    scenes = world.sample_scenes(3, seed=0)
    with pytest.raises(ValueError, match="shape"):
        world.Scenes(scenes.shape[:, :2], scenes.colour, scenes.size, scenes.cell, scenes.offset, scenes.velocity)


def _changed(scenes, **columns):
    fields = {f: getattr(scenes, f).copy() for f in ("shape", "colour", "size", "cell", "offset", "velocity")}
    for name, (index, value) in columns.items():
        fields[name][index] = value
    return fields


@pytest.mark.parametrize(("columns", "error", "message"), [
    ({"colour": ((0, 0), -1)}, ValueError, "empty slot"),  # one attribute missing: used to render magenta
    ({"colour": ((0, 0), 6)}, ValueError, "indices"),
    ({"cell": ((0, 1), 0)}, ValueError, "same cell"),
    ({"offset": ((0, 0, 0), np.nan)}, ValueError, "finite"),
    ({"offset": ((0, 0, 0), 1.5)}, ValueError, r"\[-1, 1\]"),
])
def test_scenes_refuse_inconsistent_columns(columns, error, message):
    scenes = world.sample_scenes(4, seed=0, n_objects=2)
    fields = _changed(scenes, **columns)
    if "cell" in columns:  # the second object moved into the first one's cell
        fields["cell"][0, 1] = fields["cell"][0, 0]
    with pytest.raises(error, match=message):
        world.Scenes(**fields)


def test_scenes_refuse_indices_that_are_not_integers():
    scenes = world.sample_scenes(4, seed=0)
    fields = _changed(scenes)
    fields["shape"] = fields["shape"].astype(float)
    with pytest.raises(TypeError, match="integer"):
        world.Scenes(**fields)
