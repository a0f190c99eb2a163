"""The Markdown dialect the pages are written in: Material for MkDocs and pymdownx syntax.

Every construct the renderers use beyond CommonMark-ish Markdown comes from here: attribute
lists, admonitions and collapsible boxes (``admonition``, ``pymdownx.details``), content tabs
(``pymdownx.tabbed``), fenced code (``pymdownx.superfences``), footnote markers (``footnotes``),
Markdown inside HTML blocks (``md_in_html``), buttons and code annotations (Material's classes)
and front matter keys such as ``hide:``. Both engines read this dialect today (Zensical keeps
Material's syntax and extensions), so an engine that read another one would change this module
only. The renderers pass Markdown in (already escaped); these helpers only wrap it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .markup import indent


def attrs(*classes: str, ident: str | None = None, **pairs: str) -> str:
    """An attribute list, ``{ #id .a .b key="v" }`` (``attr_list``); values must be escaped."""
    parts = [f"#{ident}"] if ident else []
    parts += [f".{c}" for c in classes]
    parts += [f'{k}="{v}"' for k, v in pairs.items()]
    return "{ " + " ".join(parts) + " }"


def heading(level: int, text_md: str, ident: str | None = None) -> str:
    """A heading, with a pinned id when given (the id is a public fragment)."""
    pinned = f" {attrs(ident=ident)}" if ident else ""
    return f"{'#' * level} {text_md}{pinned}"


def link(text_md: str, target: str, title_attr: str | None = None, *classes: str) -> str:
    """An inline link with an optional (escaped) title and classes in an attribute list."""
    titled = f' "{title_attr}"' if title_attr else ""
    return f"[{text_md}]({target}{titled})" + (attrs(*classes) if classes else "")


def link_open() -> str:
    """The start of a link whose text is woven in between (see ``link_close``)."""
    return "["


def link_close(target: str, title_attr: str, *classes: str) -> str:
    """The end of a woven link: target, escaped title and classes."""
    return f']({target} "{title_attr}")' + attrs(*classes)


def button(text_md: str, target: str, *, primary: bool = False) -> str:
    """A link shown as one of Material's buttons."""
    classes = ("md-button", "md-button--primary") if primary else ("md-button",)
    return f"[{text_md}]({target})" + attrs(*classes)


def block_attrs(*classes: str, ident: str | None = None) -> str:
    """An attribute list on its own line after a paragraph: it applies to that paragraph."""
    return attrs(*classes, ident=ident)


def admonition(kind: str, title: str, body_md: str, *, collapsible: bool = False, open_box: bool = False) -> str:
    """An admonition (``!!!``) or a collapsible box (``???``, ``???+`` open); ``title`` must not hold ``"``."""
    marker = ("???+" if open_box else "???") if collapsible else "!!!"
    return f'{marker} {kind} "{title}"\n\n' + indent(body_md) + "\n"


def tab(label: str, body_md: str) -> str:
    """One content tab (``pymdownx.tabbed``); consecutive tabs make one set."""
    return f'=== "{label}"\n\n' + indent(body_md)


def code_block(language: str, text: str) -> str:
    """A fenced code block (``pymdownx.superfences``)."""
    return f"``` {language}\n{text}\n```"


def html_block(tag: str, css_class: str, body_md: str) -> str:
    """An HTML element whose content is still Markdown (``md_in_html``)."""
    return f'<{tag} class="{css_class}" markdown>\n{body_md}\n</{tag}>'


def html_block_open(tag: str, css_class: str, ident: str | None = None) -> str:
    """The opening line of an ``md_in_html`` element (the caller closes it); ``ident`` must be a slug."""
    pinned = f' id="{ident}"' if ident else ""
    return f'<{tag} class="{css_class}"{pinned} markdown>'


def footnote_ref(number: int) -> str:
    """A footnote marker in the text (``footnotes``)."""
    return f"[^{number}]"


def footnote_def(number: int, text_md: str) -> str:
    """A footnote's text, anywhere on the page."""
    return f"[^{number}]: {text_md}"


FOOTNOTES_HERE = "///Footnotes Go Here///"
"""Where ``footnotes`` places the page's footnotes (its ``PLACE_MARKER``), instead of the end."""

ANNOTATE = "annotate"
"""The class that makes Material turn the numbered list after a block into inline annotations."""


def annotation_marker(number: int) -> str:
    """The marker Material replaces with annotation ``number``'s button."""
    return f" ({number})"


def annotation_list(items_md: Sequence[str]) -> str:
    """The numbered list right after an ``annotate`` block: annotation texts, in marker order."""
    return "\n".join(f"{i}.  " + indent(text, 4).lstrip() for i, text in enumerate(items_md, start=1))


def front_matter(lines: Sequence[str] = (), *, hide: Sequence[str] = ()) -> list[str]:
    """YAML front matter: ``hide:`` (Material: ``navigation``, ``toc``) and other keys, pre-written."""
    body = list(lines)
    if hide:
        body += ["hide:", *[f"  - {h}" for h in hide]]
    return ["---", *body, "---", ""] if body else []


def html_open(tag: str, css_class: str, **attributes: str) -> str:
    """The opening tag of an ``md_in_html`` element with more attributes (values must be escaped;
    ``data_x`` and ``aria_x`` are written ``data-x``, ``aria-x``)."""
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attributes.items())
    return f'<{tag} class="{css_class}"{extra} markdown>'
