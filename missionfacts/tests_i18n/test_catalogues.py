"""The gettext catalogues are complete, consistent with their msgids, and compiled.

STYLE.md: French and English catalogues are complete. Each check is a function that returns the problems it
finds, so a failure names the entries; the last tests feed the checks broken catalogues to show that each
one can fail. Refresh the catalogues with scripts/update-translations. No database is used.
"""

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ["fr", "en"]
NBSP = "\u00a0"

PERCENT_NAMED = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE_FIELD = re.compile(r"\{([^{}]*)\}")


def load_po(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as f:
        return read_po(f, locale=language)


def load_mo(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").open("rb") as f:
        return read_mo(f)


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def _name(message: Message) -> str:
    context = f"[{message.context}] " if message.context else ""
    return f"{context}{_ids(message)[0]!r}"


def placeholders(text: str) -> set[str]:
    """The {name} and %(name)s placeholders of a string ("{{" and "}}" are literal braces)."""
    fields = BRACE_FIELD.findall(text.replace("{{", "").replace("}}", ""))
    braces = {field.split("!")[0].split(":")[0] for field in fields}
    return {"{" + name + "}" for name in braces} | {f"%({name})s" for name in PERCENT_NAMED.findall(text)}


def empty_or_fuzzy(catalog: Catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {_name(message)}")
        strings = _strings(message)
        if not all(strings) or (message.pluralizable and len(strings) < catalog.num_plurals):
            problems.append(f"empty msgstr: {_name(message)}")
    return problems


def placeholder_mismatches(catalog: Catalog) -> list[str]:
    """msgstr (msgstr[0]) against msgid, msgstr[1...] against msgid_plural."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = _ids(message)
        for index, string in enumerate(_strings(message)):
            if not string:
                continue
            expected = placeholders(ids[min(index, len(ids) - 1)])
            found = placeholders(string)
            if found != expected:
                problems.append(f"{_name(message)} msgstr[{index}] has {sorted(found)}, expects {sorted(expected)}")
    return problems


def _pairs(catalog: Catalog) -> set[tuple]:
    return {
        (message.context, tuple(_ids(message)), tuple(_strings(message)))
        for message in catalog
        if message.id
    }


def compiled_differences(po: Catalog, mo: Catalog) -> list[str]:
    """What a fresh compilation of the .po (Babel, fuzzy left out) would change in the committed .mo."""
    buffer = io.BytesIO()
    write_mo(buffer, po, use_fuzzy=False)
    buffer.seek(0)
    fresh = read_mo(buffer)
    problems = [f"only in the .po: {pair!r}" for pair in sorted(_pairs(fresh) - _pairs(mo), key=repr)]
    problems += [f"only in the .mo: {pair!r}" for pair in sorted(_pairs(mo) - _pairs(fresh), key=repr)]
    if fresh.plural_forms != mo.plural_forms:
        problems.append(f"Plural-Forms: .po {fresh.plural_forms!r}, .mo {mo.plural_forms!r}")
    return problems


def french_typography(catalog: Catalog) -> list[str]:
    """A no-break space, never a plain space or none, before : ; ? ! in French."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        for string in _strings(message):
            if re.search(r" [:;?!]", string) or re.search(r"[\w)}»][:;?!](?=\s|$)", string):
                problems.append(f"{_name(message)}: {string!r} needs a no-break space before : ; ? !")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_msgstr_is_empty_or_fuzzy(language):
    catalog = load_po(language)
    assert len(catalog) > 0
    assert empty_or_fuzzy(catalog) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_the_msgid(language):
    assert placeholder_mismatches(load_po(language)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_matches_its_po(language):
    assert compiled_differences(load_po(language), load_mo(language)) == [], (
        "run scripts/update-translations"
    )


def test_french_plural_forms_and_typography():
    catalog = load_po("fr")
    assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    assert french_typography(catalog) == []


def test_django_uses_the_compiled_catalogues():
    with translation.override("fr"):
        assert translation.gettext("Key figures") == "Quelques chiffres"
        assert translation.ngettext("{count} troop", "{count} troops", 1) == "{count} soldat"
        assert translation.ngettext("{count} troop", "{count} troops", 0) == "{count} soldat"
        assert translation.ngettext("{count} troop", "{count} troops", 2) == "{count} soldats"
        assert translation.pgettext("number in running text", "two") == "deux"
        assert translation.gettext("As of {date}:") == "Au {date}" + NBSP + ":"
    with translation.override("en"):
        assert translation.ngettext("{count} troop", "{count} troops", 0) == "{count} troops"


# The checks themselves can fail.


def _catalog(*messages: Message) -> Catalog:
    catalog = Catalog(locale="fr")
    catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n > 1);")]
    for message in messages:
        catalog[message.id] = message
    return catalog


def test_the_checks_catch_broken_entries():
    good = Message(("{count} troop", "{count} troops"), ("{count} soldat", "{count} soldats"))
    assert empty_or_fuzzy(_catalog(good)) == []
    assert placeholder_mismatches(_catalog(good)) == []

    assert empty_or_fuzzy(_catalog(Message("Key figures", "")))
    assert empty_or_fuzzy(_catalog(Message(("{count} troop", "{count} troops"), ("{count} soldat", ""))))
    assert empty_or_fuzzy(_catalog(Message("Key figures", "Chiffres clés", flags=["fuzzy"])))

    assert placeholder_mismatches(_catalog(Message("As of {date}", "Au {day}")))
    assert placeholder_mismatches(_catalog(Message("Resolution %(number)s", "Résolution")))
    assert placeholder_mismatches(
        _catalog(Message(("{count} troop", "{count} troops"), ("{count} soldat", "soldats")))
    )
    assert placeholder_mismatches(_catalog(Message("{{literal}} {date}", "{{littéral}} {date}"))) == []

    assert french_typography(_catalog(Message("Police: top", "Police : top")))
    assert french_typography(_catalog(Message("Police: top", "Police: top")))
    assert french_typography(_catalog(Message("Police: top", f"Police{NBSP}: top"))) == []


def test_the_mo_check_catches_a_stale_mo():
    po = _catalog(Message("Key figures", "Quelques chiffres"), Message("Mandate", "Mandat"))
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    mo = read_mo(buffer)
    assert compiled_differences(po, mo) == []

    po["Mandate"].string = "Le mandat"
    assert compiled_differences(po, mo)
    po["Mandate"].string = "Mandat"
    po["Deployment"] = Message("Deployment", "Déploiement")
    assert compiled_differences(po, mo)
