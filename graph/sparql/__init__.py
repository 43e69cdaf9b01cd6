"""SPARQL over the knowledge graph: `engine` (queries over an in-memory pyoxigraph store, with bound
values), `examples` (the bundled queries by name), `endpoint` (a read-only SPARQL 1.1 Protocol
server) and `push` (upload into a triple store by the Graph Store Protocol)."""
