import ast
import dataclasses
import inspect
import json
from pathlib import Path

import pytest
import torch

from mmgen_helpers import captioner, world
from mmgen_helpers.models import AttentionDecoder
from mmgen_helpers.text import caption_vocabulary

CHAPTER_7 = Path(__file__).parents[1] / "notebooks" / "07_image_applications.ipynb"


@pytest.fixture(scope="module")
def shipped():
    return captioner.load_captioner()


@pytest.fixture(scope="module")
def test_scenes():
    return world.sample_scenes(500, seed=0, split="test")


def test_shipped_captioner_describes_held_out_scenes(shipped, test_scenes):
    assert captioner.SHIPPED_CHECKPOINT.exists() and captioner.SHIPPED_CHECKPOINT.stat().st_size < 1_000_000
    texts = captioner.greedy_captions(shipped, world.render_images(test_scenes))
    assert captioner.exact_match(texts, test_scenes) >= 0.85
    # captions of other scenes are wrong: the score reads the picture, not the grammar
    shuffled = world.render_images(test_scenes)[torch.arange(500).roll(1).numpy()]
    assert captioner.exact_match(captioner.greedy_captions(shipped, shuffled), test_scenes) < 0.05


def test_exact_match_counts_attributes_and_rejects_unparseable_text(test_scenes):
    truth = world.render_captions(test_scenes[:4])
    assert captioner.exact_match(truth, test_scenes[:4]) == 1.0
    first, *rest = test_scenes.objects(0)
    recoloured = dataclasses.replace(first, colour=next(c for c in world.COLOURS if c != first.colour))
    wrong = [world.caption_objects([recoloured, *rest])]
    assert captioner.exact_match(wrong, test_scenes[:1]) == 0.0
    assert captioner.exact_match(["purple elephants"], test_scenes[:1]) == 0.0
    with pytest.raises(ValueError, match="captions but"):
        captioner.exact_match(truth, test_scenes[:3])


def test_captioner_rejects_bad_images(shipped):
    with pytest.raises(ValueError, match=r"\(B, 3, 32, 32\)"):
        captioner.greedy_captions(shipped, torch.zeros(2, 3, 64, 64))
    with pytest.raises(ValueError, match=r"\(B, 3, 32, 32\)"):
        shipped(torch.zeros(3, 32, 32), torch.zeros(1, 4, dtype=torch.long))


def test_attention_decoder_shapes_and_checks():
    decoder = AttentionDecoder(len(caption_vocabulary()), hidden=16, memory_dim=8)
    logits = decoder(torch.randn(2, 5, 8), torch.zeros(2, 7, dtype=torch.long))
    assert logits.shape == (2, 7, len(caption_vocabulary()))
    with pytest.raises(ValueError, match="memory"):
        decoder(torch.randn(5, 8), torch.zeros(2, 7, dtype=torch.long))


def test_chapter_7_teaches_the_same_encoder_and_recipe():
    cells = ["".join(c["source"]) for c in json.loads(CHAPTER_7.read_text())["cells"] if c["cell_type"] == "code"]
    taught = next(c for c in cells if c.startswith("class CaptionEncoder"))
    assert ast.dump(ast.parse(taught)) == ast.dump(ast.parse(inspect.getsource(captioner.CaptionEncoder)))
    settings = next(c for c in cells if "CAPTION_STEPS, BEAM =" in c)
    assert f"8000, 500, {captioner.DEFAULT_TRAINING['steps']}, 3" in settings
    training = next(c for c in cells if "OneCycleLR(caption_optimiser, 5e-3" in c)
    assert "grad_clip=1.0" in training and "Adam(caption_parameters, 5e-3)" in training


def test_a_fresh_training_reaches_the_shipped_captioners_score(shipped, test_scenes):
    images = world.render_images(test_scenes)
    fresh = captioner.train_captioner(cache=False)  # the captioner's own training code, from scratch
    scores = [captioner.exact_match(captioner.greedy_captions(model, images), test_scenes) for model in (shipped, fresh)]
    assert scores[1] >= 0.85 and abs(scores[1] - scores[0]) <= 0.05, scores
