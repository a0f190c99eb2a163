"""The edition generator: a pure pipeline from texts and YAML annotations to site pages.

Stages (one module each): ``text`` splits a source text, ``annotations`` loads the YAML layer,
``link`` resolves anchors and mentions into an immutable ``Edition``, ``render`` turns it into
Markdown pages and ``export`` into data files. ``pipeline.build`` runs them in order. Only
``mkdocs_hook`` (outside this package) and ``cli`` touch MkDocs or the disk.
"""
