"""The small English of chapter 8's lyrics: lexicon, pronunciations, generator and checker."""

import numpy as np
import pronouncing
import pytest

from mmgen_helpers import lyrics


def test_every_word_has_one_syllable_count_and_line_final_words_one_rhyme():
    for word, tag in lyrics.ENTRIES:
        if word in lyrics.HETERONYMS:
            assert lyrics.pronunciation(word, tag) in pronouncing.phones_for_word(word)
            continue
        options = pronouncing.phones_for_word(word)
        assert len({pronouncing.syllable_count(p) for p in options}) == 1, word
        if tag in lyrics.LINE_FINAL_TAGS:
            assert len({pronouncing.rhyming_part(p) for p in options}) == 1, word


def test_heteronyms_are_said_by_their_part_of_speech():
    assert lyrics.rhyming_part("wind", "verb") == lyrics.rhyming_part("mind", "noun")
    assert lyrics.rhyming_part("wind", "noun") != lyrics.rhyming_part("mind", "noun")
    assert lyrics.rhyming_part("tear", "noun") == lyrics.rhyming_part("near", "pred")
    assert lyrics.rhyming_part("tear", "verb") == lyrics.rhyming_part("air", "noun")
    assert lyrics.syllables("remember", "verb") == 3


def test_random_lines_are_seeded_grammatical_and_make_sense():
    first = [lyrics.random_line(np.random.default_rng(3)) for _ in range(2)]
    assert first[0] == first[1]
    rng = np.random.default_rng(0)
    for _ in range(500):
        line = lyrics.random_line(rng)
        text = " ".join(word for word, _ in line)
        assert tuple(tag for _, tag in line) in lyrics.TAG_SEQUENCES
        assert lyrics.makes_sense(text), text


@pytest.mark.parametrize(("line", "grammatical", "sensible"), [
    ("the river will wind", True, True), ("in the wind a bird sings", True, True),
    ("an old horse sleeps", True, True), ("a old horse sleeps", True, False),
    ("the stone sings", True, False), ("the bird sings in the bird", True, False),
    ("beside the quiet year a bird sings", True, False), ("the night is close", True, True),
    ("bird the sings", False, False), ("", False, False), ("the zebra sings", False, False)])
def test_the_checker_reads_grammar_and_sense(line, grammatical, sensible):
    assert bool(lyrics.parses(line)) == grammatical
    assert lyrics.makes_sense(line) == sensible


def test_the_parse_picks_the_reading_the_grammar_allows():
    (tags, errors), = lyrics.parses("the road will wind")
    assert tags[-1] == "verb" and not errors
    (tags, errors), = lyrics.parses("a bird sings in the wind")
    assert tags[-1] == "noun" and not errors


@pytest.mark.parametrize(("call", "error"), [
    (lambda: lyrics.pronunciation("wind", "adj"), ValueError), (lambda: lyrics.pronunciation("zebra", "noun"), ValueError),
    (lambda: lyrics.syllables(3, "noun"), TypeError), (lambda: lyrics.parses(None), TypeError),
    (lambda: lyrics.random_line(0), TypeError)])
def test_bad_input_is_refused(call, error):
    with pytest.raises(error):
        call()
