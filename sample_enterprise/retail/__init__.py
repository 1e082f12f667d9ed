"""The sample US retailer: the bank's simulated people, relabelled to the retailer's
vocabulary (`samples/retail/reference/`) and written as an HRIS exports them (English headers,
US dates, Male/Female, a termination date instead of a status, a four-level rating). Its
mappings (`samples/retail/mappings/`) bring the exports to the contract."""

from .engine import generate_retail

__all__ = ["generate_retail"]
