"""Claimgraph: news articles become a claim-tracking RDF knowledge graph.

Data flow: kg.article -> kg.extract -> kg.resolve -> kg.rdf -> kg.store;
kg.vocab owns the terms; kg.ingest runs that chain; kg.read.lookups reads the store; kg.cli and
api/ are the surfaces. The README names where each step lives.
"""

__version__ = "0.1.0"
