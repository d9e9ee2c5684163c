"""The actor catalogue: curated actors, their names, links and coalitions (docs/catalogue.md)."""

from faultlines.catalogue.catalogue import Catalogue
from faultlines.catalogue.loader import bundled_catalogues, check_catalogue, load_catalogue
from faultlines.catalogue.resolve import Resolution, Resolver

__all__ = ["Catalogue", "Resolution", "Resolver", "bundled_catalogues", "check_catalogue", "load_catalogue"]
