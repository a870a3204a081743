"""Property-based tests: public helpers given adversarial arguments either work or say what they expected.

Each public function has one valid example call below. Hypothesis replaces one argument at a time
with an adversarial value (wrong type, NaN or inf, empty or wrongly shaped array, negative, zero or
huge size, out-of-range index …). The property: the call returns a result free of NaN, or raises
``ValueError`` or ``TypeError``; never another exception from deep inside numpy or torch, never a
hang (each call gets ``CALL_SECONDS``), never a silent NaN.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from contextlib import contextmanager

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmgen_helpers import (
    captioner,
    data,
    display,
    judge,
    lyrics,
    metrics,
    models,
    music,
    probe,
    record,
    speech,
    style,
    text,
    train,
    world,
)
from mmgen_helpers.world import audio, caption, image, scenes, video

CALL_SECONDS = 10
_SCENES = world.sample_scenes(3, seed=0)
_FEATURES = np.random.default_rng(0).normal(size=(20, 4))
_IMAGES = torch.rand(2, 3, 16, 16)
_WORLD_IMAGES = torch.from_numpy(world.render_images(_SCENES))
_JUDGE = judge.train_judge()  # the shipped checkpoint
_CAPTIONER = captioner.load_captioner()
_TUNE = music.load_tune("han1", 2)

ADVERSARIAL = [
    None, True, -1, 0, 1, 10**12, -(10**12), 1.5, -0.5, float("nan"), float("inf"), -float("inf"),
    "", "x", "red", [], [1, 2], (), {}, object(),
    np.array([]), np.zeros((0, 3)), np.full((2, 2), np.nan), np.full(3, np.inf), np.ones((2, 3, 4, 5, 6)),
    np.array(["a", "b"]), np.arange(5), -np.ones(4),
    torch.tensor([]), torch.full((2, 3), float("nan")), torch.zeros(2, 3, 16, 16, dtype=torch.int64),
    torch.ones(1), torch.rand(2, 5, 7),
]

EXAMPLES: dict[str, tuple[Callable, dict]] = {
    "metrics.frechet_distance": (metrics.frechet_distance, {"features_a": _FEATURES, "features_b": _FEATURES + 1}),
    "metrics.precision_recall": (metrics.precision_recall, {"real_features": _FEATURES, "generated_features": _FEATURES, "k": 3}),
    "metrics.accuracy": (metrics.accuracy, {"predicted": np.arange(5), "target": np.arange(5)}),
    "metrics.bleu": (metrics.bleu, {"candidates": [["a", "red", "circle"]], "references": [[["a", "red", "circle"]]], "max_n": 2}),
    "metrics.distinct_n": (metrics.distinct_n, {"texts": [["a", "red", "circle"]], "n": 2}),
    "metrics.dequantise": (metrics.dequantise, {"images": _IMAGES}),
    "metrics.bits_per_dim": (metrics.bits_per_dim, {"negative_log_density": 100.0, "dims": 768}),
    "metrics.psnr": (metrics.psnr, {"prediction": _IMAGES, "target": _IMAGES * 0.5, "peak": 1.0}),
    "metrics.match_events": (metrics.match_events, {"found": [0.1, 0.5], "true": [0.12, 0.9], "tolerance": 0.05}),
    "metrics.event_f1": (metrics.event_f1, {"found": [0.1, 0.5], "true": [0.12, 0.9], "tolerance": 0.05}),
    "lyrics.syllables": (lyrics.syllables, {"word": "river", "tag": "noun"}),
    "lyrics.rhyming_part": (lyrics.rhyming_part, {"word": "wind", "tag": "verb"}),
    "lyrics.parses": (lyrics.parses, {"line": "the river will wind"}),
    "lyrics.makes_sense": (lyrics.makes_sense, {"line": "the river will wind"}),
    "lyrics.random_line": (lyrics.random_line, {"rng": np.random.default_rng(0)}),
    "text.tokenize": (text.tokenize, {"text": "a red circle"}),
    "audio.midi_to_hz": (audio.midi_to_hz, {"midi": 69.0}),
    "audio.note_midi": (audio.note_midi, {"colour": np.array([0, 2]), "size": np.array([0, 1])}),
    "audio.check_sample_rate": (audio.check_sample_rate, {"sample_rate": 16_000}),
    "audio.synthesize_note": (audio.synthesize_note, {"midi": 60, "timbre": "circle", "loudness": 1.0, "seconds": 0.1}),
    "audio.render_audio": (audio.render_audio, {"scenes": _SCENES, "noise": 0.0, "seed": 0}),
    "audio.note_onsets": (audio.note_onsets, {"scenes": _SCENES}),
    "audio.sample_melodies": (audio.sample_melodies, {"n": 2, "n_notes": 8, "phrases": 2, "seed": 0, "tempo": 120.0}),
    "caption.join_phrases": (caption.join_phrases, {"phrases": ["a red circle", "a blue square"]}),
    "caption.render_captions": (caption.render_captions, {"scenes": _SCENES, "paraphrase": False, "seed": 0}),
    "caption.parse_caption": (caption.parse_caption, {"text": world.render_captions(_SCENES)[0]}),
    "image.check_image_size": (image.check_image_size, {"size": 32}),
    "image.object_radius": (image.object_radius, {"scenes": _SCENES, "size": 32}),
    "image.object_centres": (image.object_centres, {"scenes": _SCENES, "size": 32}),
    "image.render_images": (image.render_images, {"scenes": _SCENES, "size": 32}),
    "scenes.attribute_index": (scenes.attribute_index, {"attribute": "colour", "value": "red"}),
    "scenes.sample_scenes": (scenes.sample_scenes, {"n": 2, "seed": 0, "split": "train", "n_objects": (1, 3)}),
    "video.motion": (video.motion, {"scenes": _SCENES, "times": np.array([0.0, 0.5]), "size": 32}),
    "video.bounce_times": (video.bounce_times, {"scenes": _SCENES, "seconds": 2.0, "size": 32}),
    "video.render_video": (video.render_video, {"scenes": _SCENES, "n_frames": 4, "fps": 16.0, "size": 32}),
    "style.gram": (style.gram, {"feature_map": torch.rand(2, 4, 8, 8)}),
    "style.relative_error": (style.relative_error, {"value": torch.rand(3), "target": torch.rand(3) + 1}),
    "style.total_variation": (style.total_variation, {"image": _IMAGES}),
    "style.edge_correlation": (style.edge_correlation, {"image": _IMAGES[:1], "content": _IMAGES[:1], "smooth": 1.0}),
    "style.patch_swd": (style.patch_swd, {"image": _IMAGES[:1], "reference": _IMAGES[1:], "directions": 8, "n": 100}),
    "style.painted_strokes": (style.painted_strokes, {"size": 32, "seed": 0, "strokes": 20}),
    "style.load_photo": (style.load_photo, {"image": np.random.default_rng(0).random((40, 50, 3)), "size": 16}),
    "data.cell_targets": (data.cell_targets, {"scenes": _SCENES}),
    "data.object_labels": (data.object_labels, {"scenes": _SCENES}),
    "data.one_hot_labels": (data.one_hot_labels, {"labels": data.object_labels(_SCENES)}),
    "music.load_tune": (music.load_tune, {"collection": "han1", "number": 2}),
    "music.phrase_lengths": (music.phrase_lengths, {"collection": "han1", "number": 2}),
    "music.regular": (music.regular, {"tune": _TUNE}),
    "music.perform": (music.perform, {"tune": _TUNE, "seed": 0, "tempo": 100.0, "drift": 0.05, "jitter": 0.01,
                                      "loudness_spread": 3.0, "reverb": 0.2, "noise": -30.0}),
    "train.seed_everything": (train.seed_everything, {"seed": 0}),
    "train.to_device": (train.to_device, {"batch": {"x": torch.ones(2)}, "device": torch.device("cpu")}),
    "train.random_batches": (lambda **k: next(train.random_batches(**k)), {"n": 10, "batch_size": 4, "seed": 0}),
    "speech.synthesize_speech": (speech.synthesize_speech, {"text": "a red circle", "words_per_minute": 150,
                                                          "sample_rate": 16_000}),
    "display.to_hwc": (display.to_hwc, {"images": _IMAGES}),
    "display.wrap_title": (display.wrap_title, {"title": "a long title for a small figure", "width_inches": 2.0}),
    "display.wav_bytes": (display.wav_bytes, {"audio": np.zeros(1600, np.float32), "sample_rate": 16_000}),
    "models.cell_crops": (models.cell_crops, {"images": _WORLD_IMAGES, "cells": torch.tensor([0, 4, 8])}),
    "models.gumbel_softmax": (models.gumbel_softmax, {"logits": torch.zeros(2, 4), "tau": 1.0}),
    "models.reparameterise": (models.reparameterise, {"mu": torch.zeros(2, 3), "log_var": torch.zeros(2, 3)}),
    "models.gaussian_kl": (models.gaussian_kl, {"mu": torch.zeros(2, 3), "log_var": torch.zeros(2, 3)}),
    "models.upsample_conv": (models.upsample_conv, {"c_in": 4, "c_out": 2}),
    "probe.linear_probe": (probe.linear_probe, {"train_z": _FEATURES, "train_y": np.arange(20) % 2,
                                                "test_z": _FEATURES, "test_y": np.arange(20) % 2}),
    "judge.predict_cells": (judge.predict_cells, {"judge": _JUDGE, "images": _WORLD_IMAGES, "batch_size": 8}),
    "judge.predict_spot": (judge.predict_spot, {"judge": _JUDGE, "images": _WORLD_IMAGES, "batch_size": 8}),
    "judge.attribute_accuracy": (judge.attribute_accuracy, {"judge": _JUDGE, "images": _WORLD_IMAGES, "scenes": _SCENES}),
    "judge.judge_features": (judge.judge_features, {"judge": _JUDGE, "images": _WORLD_IMAGES, "batch_size": 8}),
    "judge.judge_frechet": (judge.judge_frechet, {"judge": _JUDGE, "images_a": _WORLD_IMAGES, "images_b": _WORLD_IMAGES}),
    "captioner.greedy_captions": (captioner.greedy_captions, {"captioner": _CAPTIONER, "images": _WORLD_IMAGES, "max_len": 30}),
    "record.meets_floor": (record.meets_floor, {"entry": {"name": "x", "value": 0.9, "floor": 0.5}}),
    "audio.render_melodies": (audio.render_melodies, {"melodies": world.sample_melodies(2, n_notes=4), "timbre": "square"}),
    "caption.describe_object": (caption.describe_object, {"obj": _SCENES.objects(0)[0], "rng": None}),
    "caption.caption_objects": (caption.caption_objects, {"objects": _SCENES.objects(0), "rng": None}),
    "style.random_feature_net": (style.random_feature_net, {"widths": (4, 8), "seed": 0}),
    "style.feature_maps": (style.feature_maps, {"net": style.random_feature_net((4, 8)), "images": _IMAGES}),
    "probe.encode": (probe.encode, {"encoder": torch.nn.Flatten(), "data": _IMAGES, "batch_size": 1}),
    "text.Vocabulary.encode": (text.caption_vocabulary().encode, {"text": "a red circle"}),
    "text.Vocabulary.decode": (text.caption_vocabulary().decode, {"ids": [1, 5, 6, 2]}),
    "captioner.exact_match": (captioner.exact_match, {"texts": world.render_captions(_SCENES), "scenes": _SCENES}),
}


NAN_BY_DESIGN = {"audio.note_onsets", "train.to_device"}  # NaN marks an empty slot; data passed through


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: int):
    def stop(signum, frame):
        raise _TooSlow(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _has_nan(result) -> bool:
    if isinstance(result, torch.Tensor):
        return bool(result.is_floating_point() and torch.isnan(result).any())
    if isinstance(result, np.ndarray):
        return bool(np.issubdtype(result.dtype, np.floating) and np.isnan(result).any())
    if isinstance(result, float):
        return result != result
    if isinstance(result, dict):
        return any(_has_nan(v) for v in result.values())
    if isinstance(result, (list, tuple)):
        return any(_has_nan(v) for v in result[:100])
    return False


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_valid_example_works(name):
    function, arguments = EXAMPLES[name]
    result = function(**arguments)
    assert name in NAN_BY_DESIGN or not _has_nan(result)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bad_arguments_get_a_clear_error(name, data):
    function, arguments = EXAMPLES[name]
    parameter = data.draw(st.sampled_from(sorted(arguments)), label="parameter")
    value = data.draw(st.sampled_from(ADVERSARIAL), label="value")
    try:
        with _time_limit(CALL_SECONDS):
            result = function(**{**arguments, parameter: value})
    except (ValueError, TypeError):
        return
    assert name in NAN_BY_DESIGN or not _has_nan(result), f"{name}({parameter}={value!r}) returned NaN"


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), low=st.integers(1, 3), extra=st.integers(0, 2), size=st.integers(16, 64),
       paraphrase=st.booleans())
def test_the_world_renders_any_valid_scene_within_range(seed, low, extra, size, paraphrase):
    sampled = world.sample_scenes(4, seed=seed, n_objects=(low, min(low + extra, 3)))
    images = world.render_images(sampled, size=size)
    assert images.shape == (4, 3, size, size) and np.isfinite(images).all()
    assert images.min() >= 0 and images.max() <= 1
    sound = world.render_audio(sampled, noise=0.0, seed=seed)
    assert np.isfinite(sound).all() and np.abs(sound).max() <= 1
    clips = world.render_video(sampled, n_frames=3, size=size)
    assert np.isfinite(clips.frames).all() and clips.frames.min() >= 0 and clips.frames.max() <= 1
    assert np.isfinite(clips.audio).all()
    for text_, scene in zip(world.render_captions(sampled, paraphrase=paraphrase, seed=seed), range(4)):
        def by_cell(objects):
            return sorted(objects, key=lambda o: o.position)

        assert by_cell(world.parse_caption(text_)) == by_cell(sampled.objects(scene))  # a paraphrase reorders
