"""The speed benchmarks of tiltaksgraf: `python -m benchmarks` (see `benchmarks/__main__.py`)."""
