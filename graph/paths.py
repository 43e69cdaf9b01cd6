"""Where the project's files are: the bundled report, the gazetteers, the ontology, the queries and
the exports (beside the package, as the repository lays them out)."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
BUNDLED_SOURCE = (
    ROOT / "data" / "sources" / "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"
)
GAZETTEERS = ROOT / "data" / "gazetteer"
ONTOLOGY = ROOT / "ontology"
QUERIES = ROOT / "queries"
EXPORTS = ROOT / "exports"
