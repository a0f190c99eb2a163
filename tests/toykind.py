"""A toy kind, ``place``, added to the registry by a test the way an editor's project would add one:
a record model, its file model and one registry entry; nothing else in the code names it.

``install()`` puts the entry into ``edition.kinds.KINDS``; every table the stages use is derived
from that tuple when it is asked for, so the new kind is validated, linked, rendered (by the
generic list page and record pages) and exported with no other change.
"""

from __future__ import annotations

from pydantic import Field

from edition import kinds
from edition.schema import Line, Name, Slug, Strict


class Place(Strict):
    """A place the texts are about."""

    id: Slug
    name: Name
    description: Line | None = None
    related: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)


class PlacesFile(Strict):
    """``annotations/places.yml``."""

    places: list[Place] = Field(default_factory=list)


PLACE = kinds.Kind(
    "place",
    "place",
    "places",
    "places",
    Place,
    PlacesFile,
    refs=(*kinds.citing(Place), kinds.Ref(("related", kinds.EACH), kinds.ENTITY)),
    index=kinds.Page("places/index.md", "Places"),
    record_pages="places",
    sort=("id",),
)

PLACES_YML = """\
places:
  - id: old-harbour
    name: The old harbour
    description: Where the patrol boats moor.
    related: [harbour-council]
    sources: [council-minutes-2010]
"""


def install() -> tuple[kinds.Kind, ...]:
    """Add ``place`` to the registry; returns the registry as it was (to put back)."""
    before = kinds.KINDS
    kinds.KINDS = (*before, PLACE)
    return before
