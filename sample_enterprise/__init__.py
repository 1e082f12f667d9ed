"""Sample enterprises: tools beside the product that write believable landing files.

Not part of the product: the build never imports this package. `generate` writes the sample
bank (contract-shaped files plus the planted truth, `sample_enterprise/GENERATOR.md`);
`generate_profile` writes a named profile: the bank, or the US retailer whose exports have a
shape of their own and come with their mappings (`samples/retail/`).
"""

from .bank import GeneratorParams, generate
from .profiles import PROFILES, generate_profile

__all__ = ["PROFILES", "GeneratorParams", "generate", "generate_profile"]
