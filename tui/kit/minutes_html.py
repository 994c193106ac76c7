"""Render a meeting document as one self-contained HTML page for e-mailing (all text escaped)."""

from __future__ import annotations

import html

from tui.kit import format as fmt
from tui.kit.document import Block, Fields, Heading, Paragraph, Table

# Inline, conservative styles: mail clients ignore most external or modern CSS.
STYLE = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222; max-width: 60em; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 1.4em; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #bbb; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eee; } td.num, th.num { text-align: right; }
p.note { color: #555; font-style: italic; }
dl { margin: 0.3em 0; } dt { font-weight: bold; float: left; clear: left; margin-right: 0.5em; }
dd { margin: 0 0 0.2em 0; }
"""


def esc(text: str) -> str:
    """Data text as HTML: escaped, control characters removed, line breaks kept."""
    return html.escape(fmt.clean(text), quote=True).replace("\n", "<br>\n")


def _table(block: Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        klass = ' class="num"' if index in block.right else ""
        return f"<{tag}{klass}>{esc(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(block.headers))
    rows = "\n".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
        for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def to_html(blocks: list[Block]) -> str:
    title = next((b.text for b in blocks if isinstance(b, Heading)), "")
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{esc(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            klass = ' class="note"' if block.note else ""
            body.append(f"<p{klass}>{esc(block.text)}</p>")
        elif isinstance(block, Fields):
            body.append("<dl>\n" + "\n".join(
                f"<dt>{esc(k)}:</dt><dd>{esc(v)}</dd>" for k, v in block.pairs) + "\n</dl>")
        else:
            body.append(_table(block))
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )
