import numpy as np
import pytest

from mmgen_helpers import world


@pytest.fixture(scope="module")
def clips():
    return world.render_video(world.sample_scenes(40, seed=2), n_frames=32, fps=16, soundtrack="impacts")


def test_clip_layout(clips):
    assert clips.frames.shape == (40, 32, 3, 32, 32)
    assert clips.audio.shape == (40, 2 * world.SAMPLE_RATE)
    assert clips.centres.shape == clips.flow.shape == (40, 32, 3, 2)
    assert clips.frames.min() >= 0 and clips.frames.max() <= 1


def test_objects_stay_inside_the_frame(clips):
    radius = world.object_radius(clips.scenes)[:, None, :]
    present = clips.scenes.present[:, None, :]
    for axis in (0, 1):
        c = clips.centres[..., axis]
        assert ((c - radius >= -1e-3) | ~present).all() and ((c + radius <= 32 + 1e-3) | ~present).all()


def test_flow_matches_the_motion_between_frames(clips):
    step = np.diff(clips.centres, axis=1)
    no_bounce = np.isclose(step, clips.flow[:, :-1], atol=1e-3)
    assert no_bounce.mean() > 0.9  # frames with a bounce in between differ


def test_bounces_reverse_the_velocity_at_the_reported_times(clips):
    assert len(clips.impact_time) > 10
    for n, k, t in zip(clips.impact_scene, clips.impact_object, clips.impact_time):
        _, before = world.motion(clips.scenes[int(n)], np.array([t - 1e-4]))
        _, after = world.motion(clips.scenes[int(n)], np.array([t + 1e-4]))
        flipped = np.sign(before[0, 0, k]) != np.sign(after[0, 0, k])
        assert flipped.any()


def test_impact_sounds_start_at_the_bounces(clips):
    sr = clips.sample_rate
    for i in range(5):
        times = clips.impacts(i)
        energy = np.abs(clips.audio[i])
        for t in times:
            start = int(round(t * sr))
            assert energy[start : start + int(0.02 * sr)].max() > 0.05
        if len(times) == 0:
            assert energy.max() == 0
        else:  # silence before the first impact
            assert energy[: max(int(times[0] * sr) - 1, 0)].max(initial=0) == 0


def test_motion_tones_follow_height():
    scene = world.Scenes.from_objects([[world.WorldObject("circle", "red", "large", "bottom")]])
    scene.velocity[0, 0] = (0.0, -0.5)  # moving up
    clips = world.render_video(scene, n_frames=16, fps=16, soundtrack="motion")
    sr = clips.sample_rate
    early, late = clips.audio[0, : sr // 4], clips.audio[0, sr // 2 : 3 * sr // 4]

    def peak(x):
        return np.argmax(np.abs(np.fft.rfft(x, n=1 << 15)))

    assert peak(late) > peak(early)


def test_bad_video_arguments():
    scenes = world.sample_scenes(2)
    with pytest.raises(ValueError, match="soundtrack"):
        world.render_video(scenes, soundtrack="music")
    with pytest.raises(ValueError, match="n_frames"):
        world.render_video(scenes, n_frames=0)
    with pytest.raises(TypeError):
        world.render_video("scenes")


@pytest.mark.parametrize("seconds", [0, -1.0, float("nan"), float("inf"), 1e7, "2"])
def test_bounce_times_refuses_durations_it_cannot_cover_quickly(seconds):
    with pytest.raises(ValueError, match="seconds"):
        world.bounce_times(world.sample_scenes(2, seed=0), seconds)
