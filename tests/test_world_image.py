import numpy as np
import pytest

from mmgen_helpers import world


def test_images_have_the_documented_layout(small_scenes):
    images = world.render_images(small_scenes)
    assert images.shape == (64, 3, 32, 32) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert world.render_images(small_scenes, size=64).shape == (64, 3, 64, 64)


def test_rendering_is_deterministic(small_scenes):
    np.testing.assert_array_equal(world.render_images(small_scenes), world.render_images(small_scenes))


def test_edges_are_anti_aliased():
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "red", "large", "centre")]])
    red = world.render_images(scene)[0, 0]
    partial = ((red > 0.05) & (red < 0.85)).sum()
    assert partial >= 8  # a ring of partly covered pixels around the disc


def test_shapes_differ_and_fill_plausible_areas():
    areas = {}
    for shape in world.SHAPES:
        scene = world.Scenes.from_objects([[world.WorldObject(shape, "green", "large", "centre")]])
        areas[shape] = world.render_images(scene)[0].max(0).sum()
    assert all(15 < a < 80 for a in areas.values()), areas
    assert len({round(a) for a in areas.values()}) == 4
    assert areas["cross"] < areas["square"]


def test_large_objects_are_larger_than_small_ones():
    large = world.Scenes.from_objects([[world.WorldObject("square", "blue", "large", "left")]])
    small = world.Scenes.from_objects([[world.WorldObject("square", "blue", "small", "left")]])
    assert world.render_images(large).sum() > 2 * world.render_images(small).sum()


def test_objects_stay_inside_their_cells():
    scenes = world.sample_scenes(300, seed=5)
    images = world.render_images(scenes)
    for i in range(len(scenes)):
        ink = images[i].max(0) > 0.01
        mask = np.zeros((32, 32), bool)
        for cell in scenes.cell[i][scenes.present[i]]:
            row, col = divmod(int(cell), 3)
            mask[int(row * 32 / 3) : int(np.ceil((row + 1) * 32 / 3)), int(col * 32 / 3) : int(np.ceil((col + 1) * 32 / 3))] = True
        assert not (ink & ~mask).any()


def test_bad_input():
    with pytest.raises(TypeError, match="Scenes"):
        world.render_images(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="size"):
        world.render_images(world.sample_scenes(2), size=8)
