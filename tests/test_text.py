import pytest
import torch

from mmgen_helpers import world
from mmgen_helpers.text import Vocabulary, caption_vocabulary, tokenize


def test_tokenize_splits_words_and_punctuation():
    assert tokenize("A big red Circle, at the top.") == ["a", "big", "red", "circle", ",", "at", "the", "top", "."]
    assert tokenize("") == []
    with pytest.raises(TypeError):
        tokenize(["a", "b"])


def test_encode_decode_round_trip():
    vocab = caption_vocabulary()
    captions = world.render_captions(world.sample_scenes(100, seed=0), paraphrase=True)
    for text in captions:
        ids = vocab.encode(text)
        assert ids[0] == vocab.bos_id and ids[-1] == vocab.eos_id
        assert vocab.decode(ids) == text
    assert vocab.stoi["<unk>"] not in {i for t in captions for i in vocab.encode(t)}


def test_unknown_words_map_to_unk():
    vocab = Vocabulary(["red", "circle"])
    assert vocab.encode("a red circle", add_bos_eos=False) == [vocab.stoi["<unk>"], vocab.stoi["red"], vocab.stoi["circle"]]


def test_build_respects_min_count():
    vocab = Vocabulary.build(["red red blue", "red green"], min_count=2)
    assert "red" in vocab and "blue" not in vocab and len(vocab) == 5


def test_batch_encoding_pads():
    vocab = caption_vocabulary()
    batch = vocab.encode_batch(["a large red circle at the top", "a small blue cross in the centre and a big green box on the left"])
    assert batch.dtype == torch.long and batch.shape[0] == 2
    assert (batch[0] == vocab.pad_id).sum() > 0 and (batch[1] != vocab.pad_id).all()
    assert vocab.decode(batch[0]) == "a large red circle at the top"
    with pytest.raises(ValueError, match="max_len"):
        vocab.encode_batch(["a large red circle at the top"], max_len=3)
    with pytest.raises(TypeError):
        vocab.encode_batch("a large red circle")


def test_decode_rejects_bad_ids():
    vocab = caption_vocabulary()
    with pytest.raises(ValueError, match="outside"):
        vocab.decode([1000])
    with pytest.raises(ValueError, match="1-D"):
        vocab.decode(torch.zeros(2, 2, dtype=torch.long))
