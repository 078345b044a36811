"""The bounds on what Markdown is given: real text passes up to each bound, one step past it is
refused with the line where it goes past, and what Markdown handles in linear time never counts."""

import pytest

from course_model.errors import ContentError
from scormgen.render.markdown import MarkdownRenderer
from scormgen.render.markdown_bounds import (
    MAX_FENCES,
    MAX_OPEN,
    MAX_PARAGRAPH,
    MAX_PARAGRAPH_LINES,
    check_source,
)

INTRO = "Un paragrafo normale.\n\nIl secondo, con [un link](https://example.org).\n\n"


def refusal(text: str) -> tuple[int | None, str]:
    with pytest.raises(ContentError) as error:
        check_source(text)
    return error.value.line, error.value.message


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("(", ")"), ("![", "]"), ("[^", "]")])
def test_brackets_may_stay_open_up_to_the_bound(opening, closing):
    check_source(INTRO + (opening + "x ") * MAX_OPEN)
    check_source(INTRO + (opening + "x ") * MAX_OPEN + closing + (opening + "x ") * 1)
    line, message = refusal(INTRO + (opening + "x\n") * (MAX_OPEN + 1))
    assert line == 5 + MAX_OPEN  # the bracket past the bound
    assert message.startswith(f"more than {MAX_OPEN} brackets [ or ( are open at once")


def test_closed_escaped_and_separated_brackets_do_not_add_up():
    check_source("[nota] (vedi) " * 2000)  # each closes before the next opens
    check_source("\\[ \\( " * 5000)  # no bracket for Markdown
    check_source(("[" * MAX_OPEN + "\n\n") * 100)  # a blank line ends the paragraph
    assert refusal("[" * MAX_OPEN + "\n" + "(" * MAX_OPEN + "[")[0] == 2  # each kind on its own


def test_a_link_whose_address_never_closes_is_refused():
    assert refusal("[a](b " * 1000)[0] == 1
    assert refusal("<![CDATA[ " * 1000)[0] == 1


def test_code_spans_that_close_are_never_too_many():
    check_source("| `campo` | `valore` |\n|---|---|\n" + "| `nome` | `` a`b `` |\n" * 300)
    check_source("Testo con `codice` e ``doppio ` apice`` " * 400)
    check_source("Un ` solo, aperto. " + "testo " * 5000)  # read to the end once


def test_backquotes_that_leave_code_open_time_after_time_are_refused():
    line, message = refusal(INTRO + "riga\n" + "``a`" * 2000)
    assert line == 6  # where reading passes the bound: in the first groups
    assert message.startswith("the backquotes (`) of this paragraph leave code open")


def test_fenced_code_counts_only_by_its_fences():
    sql = "```sql\n" + "SELECT `campo`, a[1] FROM `t` WHERE a<b;\n" * 300 + "```\n"
    check_source(INTRO + sql)
    check_source("```\ncodice\n```\n\n" * (MAX_FENCES // 2))
    line, message = refusal(INTRO + "```a\n" * (MAX_FENCES + 1))
    assert line == 5 + MAX_FENCES
    assert message.startswith(f"more than {MAX_FENCES} lines open or close fenced code")


def test_unfinished_html_tags_are_bounded_in_the_whole_text():
    check_source('<span title="a > b" lang=it>x</span> <br/> <img src="a.png">\n' * 400)
    check_source("x<y\n\n" * MAX_OPEN)
    line, message = refusal(INTRO + "x<y\n\n" * (MAX_OPEN + 1))
    assert line == 5 + 2 * MAX_OPEN  # the tag past the bound, after blank lines too
    assert message.startswith(f"more than {MAX_OPEN} HTML tags begin with < and do not end")
    # A ">" inside quotes ends no tag: the parser reads on, as it does for each of these.
    assert refusal("<a b='>' " * (MAX_OPEN + 1))[0] == 1
    check_source("x < y e 3<4 " * 1000)  # no tag begins without a letter
    check_source("- <https://www.regione.campania.it/formazione>\n- <utente@azienda.it>\n" * 200)


def test_a_paragraph_has_at_most_so_many_characters_and_lines():
    check_source(INTRO + "a" * MAX_PARAGRAPH + "\n\n" + "b" * MAX_PARAGRAPH)
    check_source(INTRO + "riga\n" * (MAX_PARAGRAPH_LINES - 1) + "ultima")
    message = (
        f"this paragraph holds more than {MAX_PARAGRAPH} characters or {MAX_PARAGRAPH_LINES} "
        "lines: split it with blank lines"
    )
    assert refusal(INTRO + "parola " * (MAX_PARAGRAPH // 7) + "\naltro\n") == (5, message)
    assert refusal(INTRO + "-\n" * MAX_PARAGRAPH_LINES) == (5, message)


def test_the_renderer_refuses_before_converting():
    with pytest.raises(ContentError, match="brackets"):
        MarkdownRenderer().render("[`" * 10_000)  # minutes of Markdown without the bound
