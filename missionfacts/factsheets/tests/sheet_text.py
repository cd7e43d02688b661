"""Text of a rendered sheet, as a reader would copy it, for golden tests that compare text, not bytes."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "div", "section", "header", "footer", "td", "th", "tr", "figcaption",
              "ul", "ol", "table", "title", "br"}
# Ordinary spaces and no-break spaces are layout; the narrow no-break space U+202F is typography and is kept.
LAYOUT_SPACE = re.compile(r"[ \t\r\n\u00a0]+")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"style", "script", "head"}:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"style", "script", "head"}:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    return normalise("".join(extractor.parts))


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return normalise("\n".join(page.extract_text() for page in reader.pages))


def normalise(text: str) -> str:
    return LAYOUT_SPACE.sub(" ", text).strip()


def find_seed() -> Path:
    """The seed fact sheet, in the shared folder beside the repository (as on developers' machines and CI)."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "seeds" / "minusma-fiche-2020.md"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("shared/seeds/minusma-fiche-2020.md was not found beside the repository")


def seed_statements() -> list[str]:
    """Every statement of the seed, in the seed's French typography, as the sheet must print it.

    The seed's Markdown is undone (bold, the superscript "1^{er}"), thousands get the narrow no-break space
    French typography puts there, and list numbering (drawn by the page, not part of the text) is dropped.
    """
    statements = []
    for line in find_seed().read_text(encoding="utf-8").splitlines():
        line = line.replace("**", "").replace("^{er}", "er")
        line = re.sub(r"(?<=\d) (?=\d{3}\b)", "\u202f", line)
        line = re.sub(r"^\d+\. ", "", line.strip())
        line = normalise(line)
        if line:
            statements.append(line)
    return statements
