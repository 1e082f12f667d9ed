"""The sample-enterprise generator: a believable bank's landing files plus the planted truth.

`generate(out, employees, seed=0)` writes `out/<source>/...` per `ingest/contract.py` and
`out/_truth/...` per docs/architecture.md; see sample_enterprise/GENERATOR.md for every parameter.
"""

from .engine import generate
from .params import GeneratorParams

__all__ = ["GeneratorParams", "generate"]
