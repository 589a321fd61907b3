"""Built-in rules, one module per family. Importing this package registers nothing by itself:
call :func:`register_all` on a :class:`~jiaokan.registry.Registry` instance."""

from __future__ import annotations

from ..registry import Registry

SAFE_CONFIDENCE = 0.8  # a single-candidate fix at or above this confidence is applied by default


def register_all(reg: Registry) -> None:
    from . import (
        artifacts,
        characters,
        characters_lm,
        context,
        dictionary,
        dropped,
        phrases,
        punctuation,
        stray_marks,
        structure,
        thesaurus,
    )

    for module in (dictionary, phrases, thesaurus, context, characters_lm, dropped, artifacts, characters,
                   punctuation, stray_marks, structure):
        module.register(reg)
