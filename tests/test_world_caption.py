import pytest

from mmgen_helpers import world


def test_canonical_caption_grammar():
    objects = [
        world.WorldObject("circle", "red", "large", "top left"),
        world.WorldObject("square", "blue", "small", "centre"),
        world.WorldObject("cross", "green", "small", "bottom right"),
    ]
    scenes = world.Scenes.from_objects([objects[:1], objects[:2], objects])
    assert world.render_captions(scenes) == [
        "a large red circle at the top left",
        "a large red circle at the top left and a small blue square in the centre",
        "a large red circle at the top left, a small blue square in the centre and a small green cross at the bottom right",
    ]


def test_parser_inverts_canonical_captions_and_paraphrases():
    scenes = world.sample_scenes(500, seed=0)
    for text, i in zip(world.render_captions(scenes), range(len(scenes))):
        assert world.parse_caption(text) == scenes.objects(i)
    for text, i in zip(world.render_captions(scenes, paraphrase=True, seed=1), range(len(scenes))):
        assert sorted(world.parse_caption(text), key=str) == sorted(scenes.objects(i), key=str)


def test_paraphrases_vary_and_are_deterministic():
    scenes = world.sample_scenes(200, seed=0)
    a = world.render_captions(scenes, paraphrase=True, seed=4)
    assert a == world.render_captions(scenes, paraphrase=True, seed=4)
    assert a != world.render_captions(scenes, paraphrase=True, seed=5)
    assert sum(x != y for x, y in zip(a, world.render_captions(scenes))) > 150


def test_parser_is_forgiving_about_case_and_full_stops():
    assert world.parse_caption("There is a BIG red disc in the middle.") == [world.WorldObject("circle", "red", "large", "centre")]


@pytest.mark.parametrize("text", ["", "   ", "a red circle", "a large purple circle at the top", "a large red circle somewhere"])
def test_parser_rejects_what_the_grammar_cannot_say(text):
    with pytest.raises(ValueError):
        world.parse_caption(text)


def test_parser_rejects_non_strings():
    with pytest.raises(TypeError):
        world.parse_caption(None)


def test_caption_words_cover_every_caption():
    words = set(world.caption_words())
    for text in world.render_captions(world.sample_scenes(300, seed=2), paraphrase=True):
        assert set(text.replace(",", " ,").split()) <= words
