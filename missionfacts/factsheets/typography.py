"""Stored texts made typographically right when a sheet or a page shows them, without changing what is stored.

Pages are copied as their authors typed them: "Mandat : protéger les civils; appuyer..." with plain spaces, or
none, before the high punctuation, straight apostrophes and quotation marks. French typography (the
Imprimerie nationale's rules) wants a narrow no-break space (U+202F) before ; : ! ? and inside « », and the
apostrophe ’. In both languages a day keeps its month on its line ("30 juin",
"30 June": a no-break space). English only gets curly quotation marks and apostrophes, where which
one is meant cannot be mistaken: a pair of straight double quotes, an apostrophe between two letters, and « »
(a French habit in an English text) become “ ”. Every rule leaves its own result alone, so that typesetting
twice changes nothing, and never touches a web address, a time ("10:30"), a ratio ("3:1") or a document
symbol followed by a colon ("S/2004/210:").
"""

import re
from functools import cache

from babel.dates import get_month_names
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

NARROW_NO_BREAK_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"
# Spaces a typist may have put, or a previous pass left, before punctuation or inside quotation marks.
_SPACES = "[ \u00a0\u202f\t]"
# Web addresses and HTML character references ("&amp;") are copied untouched: their ":" "?" ";" are not prose.
_UNTOUCHED = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>«»\"“”]*[^\s<>«»\"“”.,;:!?)\]]"
    r"|&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);",
    re.IGNORECASE,
)
# In an HTML fragment, its tags too.
_UNTOUCHED_IN_HTML = re.compile(r"<[^>]*>|" + _UNTOUCHED.pattern, re.IGNORECASE)
# A high punctuation mark with the spaces a typist put before it, if any.
_HIGH_PUNCTUATION = re.compile(rf"{_SPACES}*[;:!?]")
# A private-use character, which no stored text holds, stands for an untouched part.
_PLACEHOLDER = "\ue000"
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# A pair of straight double quotes around a few words: opening after a start, a space or a bracket, closing
# before an end, a space or punctuation.
_STRAIGHT_PAIR = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))\"(?P<inner>[^\"\n]+?)\"(?=$|[\s.,;:!?)\]])")
_GUILLEMETS = re.compile(rf"«{_SPACES}*(?P<inner>[^«»]*?){_SPACES}*»")


def typeset(text: str, language: str) -> str:
    """The text with the typography of its language; idempotent, and web addresses are left as they are."""
    return _typeset(text, language, _UNTOUCHED)


def typeset_stored(french: str, english: str, language: str) -> str:
    """A bilingual stored text for a sheet in `language`: the text in that language, else the other one, each
    set in the typography of the language it is written in (an English page quoted on a French sheet keeps
    "Expenditures: $678.3 million" without a space before its colon)."""
    preferred, other = (french, "en") if language == "fr" else (english, "fr")
    if preferred:
        return typeset(preferred, language)
    return typeset(french or english, other)


def typeset_html(fragment: str, language: str) -> str:
    """The same for an HTML fragment already escaped: its tags and character references are kept as they are."""
    return _typeset(fragment, language, _UNTOUCHED_IN_HTML)


def _typeset(text: str, language: str, untouchable: re.Pattern) -> str:
    if not text:
        return text
    # Web addresses and character references stand aside as a placeholder while the prose around them, the
    # punctuation right after an address included, is set.
    untouched = []

    def set_aside(match: re.Match) -> str:
        untouched.append(match.group())
        return _PLACEHOLDER

    prose = _typeset_prose(untouchable.sub(set_aside, text.replace(_PLACEHOLDER, "")), language)
    restored = iter(untouched)
    return re.sub(_PLACEHOLDER, lambda _match: next(restored), prose)


def quoted(text: str, language: str) -> str:
    """A quotation as the language marks it: “text” in English, « text » (narrow no-break spaces) in French."""
    text = text.strip()
    if language == "fr":
        return f"«{NARROW_NO_BREAK_SPACE}{text}{NARROW_NO_BREAK_SPACE}»"
    return f"“{text}”"


@cache
def _day_then_month(language: str) -> re.Pattern:
    """A day and the month after it, "30 juin", "1er juillet" (its "er" raised or not), "30 June", joined by an
    ordinary space: the space a line may break at, which the sheet must not."""
    months = "|".join(sorted(get_month_names("wide", locale=language).values(), key=len, reverse=True))
    raised = f"(?:{_PLACEHOLDER}?er{_PLACEHOLDER}?|\u1d49\u02b3)"
    flags = re.IGNORECASE if language == "fr" else 0
    return re.compile(rf"(?<![\d.,])(\d{{1,2}}{raised if language == 'fr' else ''}?) (?=(?:{months})\b)", flags)


def _typeset_prose(text: str, language: str) -> str:
    text = _day_then_month(language).sub(lambda match: match[1] + NO_BREAK_SPACE, text)
    text = _APOSTROPHE.sub("’", text)
    if language == "fr":
        text = _STRAIGHT_PAIR.sub(lambda match: quoted(match["inner"], "fr"), text)
        text = _GUILLEMETS.sub(lambda match: quoted(match["inner"], "fr"), text)
        return _french_high_punctuation(text)
    text = _STRAIGHT_PAIR.sub(lambda match: quoted(match["inner"], "en"), text)
    return _GUILLEMETS.sub(lambda match: quoted(match["inner"], "en"), text)


def _french_high_punctuation(text: str) -> str:
    """"mandat : " and "mandat: " become "mandat\u202f: "; "10:30", "3:1", "S/2004/210:" and "?!" stay."""
    parts = []
    last = 0
    for match in _HIGH_PUNCTUATION.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        parts.append(text[last:start])
        parts.append(_spaced(match.group(), before, after))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _spaced(found: str, before: str, after: str) -> str:
    mark = found[-1]
    if not before or before in "\n;:!?":
        return found
    if len(found) == 1:
        # Glued to what precedes: a digit before it is a time, a ratio or a document symbol, and a letter right
        # after it ("urn:x") is not prose; otherwise the typist left the space out.
        if before.isdigit() or (after and not after.isspace() and after not in "»”\"')]"):
            return found
    return NARROW_NO_BREAK_SPACE + mark


def raised_ordinals(text: str, language: str) -> SafeString:
    """The text escaped, with the French "1er" of a date raised as formatting.long_date_html raises it, for a
    line built as plain text (the masthead's "depuis le 1er juillet 2013")."""
    escaped = conditional_escape(text)
    if language != "fr":
        return escaped
    return mark_safe(re.sub(r"\b1er(?=[ \u00a0])", "1<sup>er</sup>", escaped))  # noqa: S308 (escaped above)

