"""Claimgraph: news articles become a claim-tracking RDF knowledge graph.

Data flow (DESIGN.md): kg.article -> kg.extract -> kg.resolve -> kg.rdf -> kg.store;
kg.ingest runs that chain; kg.queries reads the store; kg.cli and api/ are the surfaces.
"""

__version__ = "0.1.0"
