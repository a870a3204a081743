"""The four renderings of one scene describe the same scene."""

import numpy as np
from test_world_audio import fundamental_midi

from mmgen_helpers import world


def colour_of_cell(image: np.ndarray, cell: int) -> int:
    row, col = divmod(cell, 3)
    patch = image[:, row * 32 // 3 : (row + 1) * 32 // 3 + 1, col * 32 // 3 : (col + 1) * 32 // 3 + 1]
    weights = patch.max(0)
    mean = (patch * weights).sum((1, 2)) / weights.sum()
    return int(np.argmin(((world.COLOUR_RGB - mean) ** 2).sum(1)))


def test_caption_audio_and_image_describe_the_same_scene():
    scenes = world.sample_scenes(150, seed=11, split="val")
    captions = world.render_captions(scenes)
    audio = world.render_audio(scenes)
    images = world.render_images(scenes)
    per_note = int(world.NOTE_SECONDS * world.SAMPLE_RATE)
    for i in range(len(scenes)):
        named = world.parse_caption(captions[i])
        assert named == scenes.objects(i)
        for k, obj in enumerate(named):  # the caption's k-th object is the audio's k-th note
            heard = fundamental_midi(audio[i, k * per_note : (k + 1) * per_note])
            assert heard == world.COLOUR_MIDI[world.COLOURS.index(obj.colour)] - 12 * world.SIZES.index(obj.size)
            seen = colour_of_cell(images[i], world.POSITIONS.index(obj.position))
            assert world.COLOURS[seen] == obj.colour


def test_video_first_frame_is_the_still_image():
    scenes = world.sample_scenes(20, seed=0)
    clips = world.render_video(scenes, n_frames=4)
    np.testing.assert_allclose(clips.frames[:, 0], world.render_images(scenes), atol=1e-5)
