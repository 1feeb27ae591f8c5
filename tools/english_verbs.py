"""Regenerate analyzer/link/english_verbs.txt from lemminflect (the SPECIALIST lexicon).

    make verbs        # or: python tools/english_verbs.py > analyzer/link/english_verbs.txt

The naming rules and the classification read this table instead of importing lemminflect at run
time: loading lemminflect takes over a second (its tables and numpy), the table a few
milliseconds. tests/unit/test_morphology.py checks the table is what lemminflect gives.
"""

from __future__ import annotations

import sys

from lemminflect import Inflections, Lemmatizer, __version__, getAllInflections

HEADER = "# English verbs from lemminflect {version} (the SPECIALIST lexicon): {columns}\n"
COLUMNS = (
    "base past-tense-forms past-participles; then '-' and words ending in -ed that are no verb form"
)


def table() -> str:
    """One line per verb, ``base pasts participles`` (forms joined by ``/``), lowercase; then the
    lexicon's words ending in -ed that are no verb form (``greed``, ``hundred``)."""
    lemmas = Lemmatizer()._getLemmaDict()  # word -> {upos: lemmas}; only enumerated here
    verbs = {
        lemma
        for forms in lemmas.values()
        for lemma in forms.get("VERB", ())
        if lemma.isalpha() and lemma.islower()
    }
    verbs |= {
        w
        for w, d in Inflections()._getInflDict().items()
        if "VB" in d and w.isalpha() and w.islower()
    }
    lines = [HEADER.format(version=__version__, columns=COLUMNS)]
    forms_of_verbs: set[str] = set()
    for verb in sorted(verbs):
        forms = getAllInflections(verb, upos="VERB")
        past = sorted({f for f in forms.get("VBD", ()) if f.isalpha()})
        participle = sorted({f for f in forms.get("VBN", ()) if f.isalpha()})
        forms_of_verbs.update(
            (verb, *past, *participle), *(forms.get(t, ()) for t in ("VBG", "VBZ"))
        )
        lines.append(f"{verb} {'/'.join(past) or '-'} {'/'.join(participle) or '-'}\n")
    lines.append("-\n")
    others = sorted(
        w
        for w in lemmas
        if w.endswith("ed") and w.isalpha() and w.islower() and w not in forms_of_verbs
    )
    lines.extend(f"{w}\n" for w in others)
    return "".join(lines)


if __name__ == "__main__":
    sys.stdout.write(table())
