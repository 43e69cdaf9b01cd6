"""Reports for researchers, one module per question: actors (who is involved where), measures (one
measure's profile), matrix, network (who works with whom), paths, stats. Each is a library function
over the knowledge graph; `graph.cli.reports` prints them."""
