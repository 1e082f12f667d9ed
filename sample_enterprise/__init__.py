"""Sample enterprises: tools beside the product that write believable landing files.

Not part of the product: the build never imports this package. `generate` writes the sample
bank (contract-shaped files plus the planted truth, `sample_enterprise/GENERATOR.md`).
"""

from .bank import GeneratorParams, generate

__all__ = ["GeneratorParams", "generate"]
