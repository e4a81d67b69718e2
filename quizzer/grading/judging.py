"""A question's judging settings: what the comparison of a typed answer with the truth counts.

The defaults are forgiving (the digits typed set the precision, a tensor's dtype and the
sequence type of a value do not count, spacing counts in ``str`` text but not in ``choice``
text); a question whose lesson is one of these turns it on (docs/answers.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Judging:
    """How strictly one question compares.

    ``decimals``: numbers are right when they round to the truth at this many decimals (the
    prompt's stated precision), whatever was typed. ``dtype``: a tensor answer's dtype counts.
    ``container``: a list where the truth has a tuple (or the reverse) is wrong. ``whitespace``:
    text answers (str, choice) compare ignoring all spacing; None means the kind's default.
    """

    decimals: int | None = None
    dtype: bool = False
    container: bool = False
    whitespace: bool | None = None

    def ignores_spacing(self, kind: str) -> bool:
        """Whether spacing is ignored in text answers of ``kind`` (default: only for choice)."""
        return self.whitespace if self.whitespace is not None else kind == "choice"


DEFAULT = Judging()
