"""Tokeniser and vocabulary for captions (taught in chapter 1, reused by every text model)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import torch

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
SPECIALS: tuple[str, ...] = (PAD, BOS, EOS, UNK)
_TOKEN_RE = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")


def tokenize(text: str) -> list[str]:
    """Lower-case words and punctuation marks: ``"A red circle, top." -> ['a', 'red', 'circle', ',', 'top', '.']``."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize expects a string, got {type(text).__name__}")
    return _TOKEN_RE.findall(text.lower())


class Vocabulary:
    """A two-way map between tokens and ids; ids 0-3 are ``<pad> <bos> <eos> <unk>``."""

    def __init__(self, tokens: Iterable[str]):
        self.itos: list[str] = list(SPECIALS) + sorted(set(tokens) - set(SPECIALS))
        self.stoi: dict[str, int] = {t: i for i, t in enumerate(self.itos)}

    @classmethod
    def build(cls, texts: Iterable[str], min_count: int = 1) -> Vocabulary:
        """Every token seen at least ``min_count`` times in ``texts``."""
        counts = Counter(t for text in texts for t in tokenize(text))
        return cls(t for t, c in counts.items() if c >= min_count)

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: str) -> bool:
        return token in self.stoi

    @property
    def pad_id(self) -> int:
        return self.stoi[PAD]

    @property
    def bos_id(self) -> int:
        return self.stoi[BOS]

    @property
    def eos_id(self) -> int:
        return self.stoi[EOS]

    def encode(self, text: str, add_bos_eos: bool = True) -> list[int]:
        """Token ids of ``text``; unknown tokens map to ``<unk>``."""
        ids = [self.stoi.get(t, self.stoi[UNK]) for t in tokenize(text)]
        return [self.bos_id, *ids, self.eos_id] if add_bos_eos else ids

    def decode(self, ids: Sequence[int] | torch.Tensor) -> str:
        """Text of ``ids``, stopping at ``<eos>`` and skipping ``<pad>``/``<bos>``; commas re-attached."""
        if isinstance(ids, torch.Tensor):
            if ids.dim() != 1:
                raise ValueError(f"decode expects a 1-D sequence of ids, got shape {tuple(ids.shape)}")
            ids = ids.tolist()
        words = []
        if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
            raise TypeError(f"decode expects a sequence of token ids, got {type(ids).__name__}")
        for i in ids:
            if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
                raise TypeError(f"token ids must be ints, got {i!r}")
            if not 0 <= int(i) < len(self):
                raise ValueError(f"token id {i} outside the vocabulary of {len(self)}")
            token = self.itos[int(i)]
            if token == EOS:
                break
            if token not in (PAD, BOS):
                words.append(token)
        return " ".join(words).replace(" ,", ",").replace(" .", ".")

    def encode_batch(self, texts: Sequence[str], max_len: int | None = None) -> torch.Tensor:
        """(B, L) LongTensor with ``<bos> ... <eos>`` and ``<pad>`` to the longest (or ``max_len``)."""
        if isinstance(texts, str):
            raise TypeError("encode_batch expects a sequence of strings, not one string")
        encoded = [self.encode(t) for t in texts]
        length = max_len or max((len(e) for e in encoded), default=0)
        if any(len(e) > length for e in encoded):
            raise ValueError(f"a caption is longer than max_len={max_len} tokens")
        batch = torch.full((len(encoded), length), self.pad_id, dtype=torch.long)
        for row, ids in enumerate(encoded):
            batch[row, : len(ids)] = torch.tensor(ids)
        return batch


def caption_vocabulary() -> Vocabulary:
    """The fixed vocabulary of the world's caption grammar (canonical words and paraphrases)."""
    from .world import caption_words

    return Vocabulary(caption_words())
