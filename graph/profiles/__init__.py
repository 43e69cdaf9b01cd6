"""Language and document profiles: the data the rules read, one file per written standard under
data/profiles/ (as spaCy keeps each language in lang/xx/), the layout conventions and the role
templates beside them. Each rule carries an example sentence that tests/test_profiles.py runs."""

from graph.profiles.language import (
    LANGUAGES,
    Generic,
    Language,
    detect_language,
    generic_noun,
    language,
    table,
    verbs,
    words,
)
from graph.profiles.layout import Field, Layout, Rule, layout

__all__ = [
    "LANGUAGES",
    "Field",
    "Generic",
    "Language",
    "Layout",
    "Rule",
    "detect_language",
    "generic_noun",
    "language",
    "layout",
    "table",
    "verbs",
    "words",
]
