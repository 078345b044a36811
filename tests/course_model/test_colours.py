import pytest

from course_model.colours import (
    DARK_PAGE,
    WHITE,
    contrast,
    for_dark_page,
    mix,
    six_digits,
    worst_contrast,
)


def test_contrast_ratios_as_wcag_defines_them():
    assert contrast("#000", WHITE) == pytest.approx(21)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)  # AA's classic grey
    assert contrast("#0b5394", WHITE) == contrast(WHITE, "#0b5394")


def test_colours_are_mixed_as_css_color_mix_does():
    assert six_digits("#0B5") == "#00bb55"
    assert mix("#000000", WHITE, 0.5) == "#808080"
    assert mix("#0b5394", WHITE, 0.07) == "#eef3f8"


def test_a_box_tinted_with_the_colour_is_the_harder_background():
    assert worst_contrast("#767676", WHITE) < contrast("#767676", WHITE)


@pytest.mark.parametrize("colour", ["#0b5394", "#7a1f5c", "#000000", "#1b6e20"])
@pytest.mark.parametrize("needed", [3, 4.5])
def test_dark_pages_get_the_least_lightened_colour_that_reaches_the_contrast(colour, needed):
    lighter = for_dark_page(colour, needed)
    assert worst_contrast(lighter, DARK_PAGE) >= needed
    assert mix(WHITE, colour, 0) == colour
    # One step (5 % of white) less would not do, unless the colour did already.
    if lighter != colour:
        share = next(s / 20 for s in range(21) if mix(WHITE, colour, s / 20) == lighter)
        assert worst_contrast(mix(WHITE, colour, share - 0.05), DARK_PAGE) < needed
