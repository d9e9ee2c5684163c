"""Places and territorial control: gazetteer, resolution, event coordinates, control over time (docs/places.md)."""

from faultlines.places.gazetteer import Gazetteer
from faultlines.places.loader import bundled_gazetteers, check_gazetteer, load_places
from faultlines.places.model import (CONTROL_STATUSES, PLACE_KINDS, Amount, ControlClaim, Place, PlaceMention,
                                     PlaceResolution, Zone)

__all__ = ["CONTROL_STATUSES", "PLACE_KINDS", "Amount", "ControlClaim", "Gazetteer", "Place", "PlaceMention",
           "PlaceResolution", "Zone", "bundled_gazetteers", "check_gazetteer", "load_places"]
