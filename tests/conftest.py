import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def small_scenes():
    from mmgen_helpers import world

    return world.sample_scenes(64, seed=3, split="test")
