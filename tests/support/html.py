"""Reading the HTML pages the test client gets: tokens, form errors, flashes, tables, elements.

Text comes back as a reader sees it (entities unescaped, whitespace in table cells collapsed).
"""

import re
from html import unescape
from html.parser import HTMLParser

# What a form post without a valid CSRF token gets.
CSRF_REFUSED = "This form has expired or did not come from StudyXP."
# What a learner who opens a dashboard page gets.
FORBIDDEN = "The dashboard is for operators."


def csrf_token_from(html: str) -> str:
    """The token a page carries, in a form's hidden input or in the body's hx-headers."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match[1]


def field_errors(html: str, field: str) -> list[str]:
    """The inline error messages shown under a form field."""
    block = re.search(rf'<ul class="field-error" id="{field}-errors">(.*?)</ul>', html, re.S)
    return [unescape(text) for text in re.findall(r"<li>(.*?)</li>", block[1])] if block else []


def flashes(html: str) -> list[str]:
    """The flash messages at the top of a page."""
    return [
        unescape(text)
        for text in re.findall(r'<p class="flash flash-\w+" role="status">(.*?)</p>', html, re.S)
    ]


def text_of_testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, f"no data-testid={testid}"
    return unescape(match[1]).strip()


class _Tables(HTMLParser):
    """Collects the text of each cell of the table rows carrying one data-testid."""

    def __init__(self, testid: str):
        super().__init__()
        self.testid = testid
        self.rows: list[list[str]] = []
        self.in_row = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("data-testid") == self.testid:
            self.in_row = True
            self.rows.append([])
        elif tag in ("td", "th") and self.in_row:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.in_row and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.in_row = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, testid: str) -> list[list[str]]:
    """The cells' text of every `<tr data-testid=testid>`, whitespace collapsed."""
    parser = _Tables(testid)
    parser.feed(html)
    return parser.rows


def row_starting(html: str, testid: str, first_cell: str) -> list[str]:
    rows = [row for row in table_rows(html, testid) if row and row[0] == first_cell]
    assert len(rows) == 1, (
        f"no single {testid} row for {first_cell!r} in {table_rows(html, testid)}"
    )
    return rows[0]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.by_testid: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        attributes = {"tag": tag, **{name: value for name, value in attrs}}
        if "id" in attributes:
            self.by_id.setdefault(attributes["id"], attributes)
        if "data-testid" in attributes:
            self.by_testid.setdefault(attributes["data-testid"], attributes)

    handle_startendtag = handle_starttag


def element(html: str, element_id: str) -> dict:
    """The attributes of the element with this id (readonly="" when set without a value)."""
    parser = _Elements()
    parser.feed(html)
    assert element_id in parser.by_id, f"no element #{element_id}"
    return parser.by_id[element_id]
