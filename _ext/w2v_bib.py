"""Author-year labels for the bibliography, so that it reads like the citations in the text.

sphinxcontrib-bibtex cites as "Mikolov et al., 2013a" (author and ``year`` field) but labels the
bibliography with the alpha style ("[MCCD13]"), so a reader cannot match one to the other. The style
``w2v`` registered here labels each entry with the same author-year text. Two papers by the same
authors in one year are told apart by the year itself (``year = {2013a}`` in references.bib), which
the in-text citations show too.

The bibliography is also written as an accessible list (issue 12). Docutils writes each entry as
``<div role="doc-biblioentry">`` inside ``<div role="list">``: DPUB-ARIA 1.1 deprecates that role, and a
list whose children are not list items has no items for assistive technology (axe-core's rules
aria-deprecated-role and aria-required-children). Here each entry is a ``role="listitem"`` of that
list, with docutils' classes and ids kept, so the theme's styles and every link to an entry still apply.
"""
from __future__ import annotations

from typing import Any

from docutils import nodes
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx


def _last_name(person) -> str:
    return " ".join(person.last_names).replace("{", "").replace("}", "")


class AuthorYearLabelStyle(BaseLabelStyle):
    """"Rong, 2014", "Goldberg and Levy, 2014", "Mikolov et al., 2013a"."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            names = [_last_name(p) for p in entry.persons.get("author", [])]
            if len(names) > 2:
                authors = f"{names[0]} et al."
            else:
                authors = " and ".join(names)
            yield f"{authors}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearStyle(UnsrtStyle):
    default_label_style = "w2v_author_year"
    default_sorting_style = "author_year_title"


register_plugin("pybtex.style.labels", "w2v_author_year", AuthorYearLabelStyle)
register_plugin("pybtex.style.formatting", "w2v", AuthorYearStyle)


def visit_citation_html(self, node: nodes.citation) -> None:
    """Open the list before the first of a run of entries, then the entry as one of its items."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation_html(self, node: nodes.citation) -> None:
    """Close the entry, and the list after the last entry of the run."""
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
