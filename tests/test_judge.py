import numpy as np
import pytest
import torch

from mmgen_helpers import judge, world
from mmgen_helpers.data import cell_targets


@pytest.fixture(scope="module")
def trained_judge():
    return judge.train_judge()  # the checkpoint shipped in the package


def test_cell_targets():
    scene = world.Scenes.from_objects([[world.WorldObject("cross", "blue", "small", "right")]])
    targets = cell_targets(scene)
    assert targets["shape"][0].tolist() == [0, 0, 0, 0, 0, 4, 0, 0, 0]
    assert targets["colour"][0, 5] == 4 and targets["size"][0, 5] == 0 and targets["colour"][0, 0] == -1


def test_judge_reads_real_renders_almost_perfectly(trained_judge):
    scenes = world.sample_scenes(1000, seed=0, split="test")
    scores = judge.attribute_accuracy(trained_judge, world.render_images(scenes), scenes)
    assert min(scores.values()) >= 0.98, scores
    novel = world.sample_scenes(500, seed=0, split="novel")
    assert judge.attribute_accuracy(trained_judge, world.render_images(novel), novel)["all"] >= 0.95


def test_judge_scores_wrong_images_low(trained_judge):
    scenes = world.sample_scenes(300, seed=1, split="test")
    shuffled = world.render_images(scenes)[np.roll(np.arange(300), 1)]
    assert judge.attribute_accuracy(trained_judge, shuffled, scenes)["all"] < 0.2


def test_frechet_distance_separates_real_from_fake(trained_judge):
    a = world.render_images(world.sample_scenes(1000, seed=0, split="test"))
    b = world.render_images(world.sample_scenes(1000, seed=1, split="test"))
    blurred = torch.nn.functional.avg_pool2d(torch.from_numpy(b), 3, 1, 1)
    real = judge.judge_frechet(trained_judge, a, b)
    assert judge.real_frechet_floor(trained_judge, n=1000) == pytest.approx(real)
    assert real < 0.1 * judge.judge_frechet(trained_judge, a, blurred)
    assert real < 0.01 * judge.judge_frechet(trained_judge, a, torch.rand(1000, 3, 32, 32))


def test_judge_resizes_other_sizes_and_rejects_bad_shapes(trained_judge):
    scenes = world.sample_scenes(200, seed=2, split="test")
    scores = judge.attribute_accuracy(trained_judge, world.render_images(scenes, size=64), scenes)
    assert scores["colour"] > 0.95
    with pytest.raises(ValueError, match=r"\(B, 3, H, W\)"):
        trained_judge(torch.zeros(2, 32, 32))
    with pytest.raises(ValueError, match="images but"):
        judge.attribute_accuracy(trained_judge, world.render_images(scenes[:3]), scenes)


def test_default_judge_is_the_shipped_checkpoint(trained_judge):
    shipped = torch.load(judge.SHIPPED_CHECKPOINT, map_location="cpu", weights_only=True)
    assert judge.SHIPPED_CHECKPOINT.stat().st_size < 500_000
    for name, value in trained_judge.state_dict().items():
        assert torch.equal(value, shipped[name]), name


def test_a_fresh_training_reaches_the_shipped_judges_accuracy(trained_judge):
    fresh = judge.train_judge(cache=False)  # the judge's own training code, from scratch
    scenes = world.sample_scenes(1000, seed=3, split="test")
    images = world.render_images(scenes)
    shipped_scores = judge.attribute_accuracy(trained_judge, images, scenes)
    fresh_scores = judge.attribute_accuracy(fresh, images, scenes)
    for name, value in shipped_scores.items():
        assert abs(fresh_scores[name] - value) <= 0.01, (name, fresh_scores, shipped_scores)
    assert min(fresh_scores.values()) >= 0.98, fresh_scores
    floors = [judge.real_frechet_floor(model, n=500) for model in (trained_judge, fresh)]
    assert floors[1] == pytest.approx(floors[0], rel=0.5, abs=1.0), floors


def test_train_judge_rejects_bad_settings():
    with pytest.raises(ValueError, match="must be positive"):
        judge.train_judge(steps=0)


def test_real_floor_rejects_tiny_sets(trained_judge):
    with pytest.raises(ValueError, match="at least 10"):
        judge.real_frechet_floor(trained_judge, n=5)


def test_predict_spot_reads_moving_objects_where_they_are():
    scenes = world.sample_scenes(200, seed=3, split="test", n_objects=1)
    clips = world.render_video(scenes, n_frames=4, soundtrack="none")
    frames = torch.from_numpy(clips.frames).flatten(0, 1)
    read = judge.predict_spot(judge.train_judge(), frames)
    assert read["found"].mean() > 0.98
    assert (read["colour"] == np.repeat(scenes.colour[:, 0], 4)).mean() > 0.95
    true_row = clips.centres[:, :, 0, 1].ravel() / 2  # pixels -> rows of two pixels
    assert np.corrcoef(read["row"], true_row)[0, 1] > 0.95
    with pytest.raises(ValueError, match=r"\(B, 3, H, W\)"):
        judge.predict_spot(judge.train_judge(), torch.zeros(2, 32, 32))
