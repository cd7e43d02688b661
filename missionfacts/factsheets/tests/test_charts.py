import html
import json
import re

from missionfacts.factsheets.charts import contributors_spec, to_png, to_svg
from missionfacts.figures.shapes import ContributorRank

# Fake figures. The order is neither alphabetical nor by total (Bangladesh's 1,241 is ranked below Chad's
# 1,234, as a ranking of one component can do), so a chart that re-sorted its bars would show it.
RANKS = [
    ContributorRank(rank=1, country="TCD", men=1212, women=22),
    ContributorRank(rank=2, country="BGD", men=1190, women=51),
    ContributorRank(rank=3, country="EGY", men=1120, women=8),
    ContributorRank(rank=4, country="SEN", men=1003, women=47),
    ContributorRank(rank=5, country="TGO", men=869, women=61),
    ContributorRank(rank=6, country="BFA", men=785, women=95),
    ContributorRank(rank=7, country="NER", men=841, women=20),
    ContributorRank(rank=8, country="CIV", men=650, women=38),
    ContributorRank(rank=9, country="CHN", men=402, women=12),
    ContributorRank(rank=10, country="DEU", men=380, women=25),
]

TEXT_ELEMENT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")


def drawn_texts(svg: str) -> list[str]:
    """The strings the SVG draws, in document order (aria-labels, which are not drawn, left out)."""
    return [html.unescape(content) for _, content in TEXT_ELEMENT.findall(svg)]


def drawn_text_y(svg: str, text: str) -> float:
    """The vertical position of the one text element that draws `text`."""
    matches = [
        attributes for attributes, content in TEXT_ELEMENT.findall(svg) if html.unescape(content) == text
    ]
    assert len(matches) == 1, f"{text!r} is drawn {len(matches)} times"
    return float(re.search(r"translate\(([-\d.]+),([-\d.]+)\)", matches[0]).group(2))


def test_it_names_countries_in_the_sheet_language():
    french = drawn_texts(to_svg(contributors_spec(RANKS, "fr", "Pays contributeurs")))
    english = drawn_texts(to_svg(contributors_spec(RANKS, "en", "Contributing countries")))

    assert {"Tchad", "Allemagne", "Égypte"} <= set(french)
    assert "Chad" not in french
    assert {"Chad", "Germany", "Egypt"} <= set(english)
    assert "Tchad" not in english


def test_it_labels_each_bar_with_its_total_formatted_for_the_language():
    french = drawn_texts(to_svg(contributors_spec(RANKS, "fr", "")))
    english = drawn_texts(to_svg(contributors_spec(RANKS, "en", "")))

    assert "1\u202f234" in french  # Chad: 1,212 men and 22 women
    assert "1,234" in english
    assert "1234" not in french + english


def test_it_draws_only_names_values_and_title_without_a_numeric_axis():
    texts = drawn_texts(to_svg(contributors_spec(RANKS, "en", "Top contributors")))

    assert len(texts) == 2 * len(RANKS) + 1
    assert "Top contributors" in texts
    assert "0" not in texts


def test_it_keeps_the_ranking_order_from_top_to_bottom():
    svg = to_svg(contributors_spec(RANKS, "en", ""))
    names = [
        "Chad",
        "Bangladesh",
        "Egypt",
        "Senegal",
        "Togo",
        "Burkina Faso",
        "Niger",
        "Côte d’Ivoire",
        "China",
        "Germany",
    ]

    heights = [drawn_text_y(svg, name) for name in names]

    assert heights == sorted(heights)
    assert len(set(heights)) == len(names)


def test_it_gives_the_same_spec_and_svg_for_the_same_figures():
    first = contributors_spec(RANKS, "fr", "Pays contributeurs")
    second = contributors_spec(list(RANKS), "fr", "Pays contributeurs")

    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert to_svg(first) == to_svg(second)


def test_it_carries_its_data_inline_and_women_in_the_tooltip():
    spec = contributors_spec(RANKS, "fr", "")
    text = json.dumps(spec, ensure_ascii=False)

    assert '"url"' not in text
    rows = spec["data"]["values"]
    assert rows[0]["women_label"] == "22"
    assert rows[5]["total_label"] == "880"


def test_it_fits_a_half_page_column():
    svg = to_svg(contributors_spec(RANKS, "fr", "Pays contributeurs"))

    width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))
    assert 280 <= width <= 310


def test_it_renders_a_png():
    png = to_png(contributors_spec(RANKS[:3], "en", ""), scale=1)

    assert png.startswith(b"\x89PNG")
