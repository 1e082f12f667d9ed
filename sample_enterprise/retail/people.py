"""What the retailer's HRIS writes in words: English names, US cities, store and department
names, job titles and the display names of its job families, exit types and ratings."""

from __future__ import annotations

import numpy as np
import polars as pl
from faker.providers.person.en_US import Provider as EnPerson

from sample_enterprise.bank.org import CITIES, FAMILY_DEPARTMENTS

# One US city per bank city, in the bank's order (stores take the branches' places).
US_CITIES: tuple[str, ...] = (
    "Chicago", "New York", "Los Angeles", "Houston", "Phoenix", "Philadelphia", "San Antonio",
    "San Diego", "Dallas", "Austin", "Jacksonville", "Columbus", "Charlotte", "Indianapolis",
    "Seattle", "Denver", "Nashville", "Oklahoma City", "Portland", "Las Vegas", "Memphis",
    "Louisville", "Baltimore", "Milwaukee", "Albuquerque", "Tucson", "Fresno", "Sacramento",
    "Kansas City", "Atlanta", "Omaha", "Raleigh", "Miami", "Minneapolis", "Tulsa", "Tampa",
    "Cleveland", "Pittsburgh", "Cincinnati", "St. Louis", "Orlando",
)  # fmt: skip
CITY: dict[str, str] = {zh: US_CITIES[i] for i, (zh, _en) in enumerate(CITIES)}
HEAD_OFFICE = "Store Support Center"
# The bank's departments (English name) -> the retailer's, family by family.
_RETAIL_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "customer_manager": ("Apparel", "Home", "Electronics", "Grocery"),
    "teller": ("Front End",),
    "risk_analyst": ("Merchandising",),
    "it_developer": ("E-commerce Fulfillment",),
    "operations": ("Stockroom and Receiving",),
    "back_office": ("Store Management",),
}
DEPARTMENT: dict[str, str] = {
    en: _RETAIL_DEPARTMENTS[family][i]
    for family, depts in FAMILY_DEPARTMENTS.items()
    for i, (_zh, en) in enumerate(depts)
}
# What the HRIS shows for each retailer code (the mappings' value maps read these back).
FAMILY_DISPLAY: dict[str, str] = {
    "store_associate": "Store Associate",
    "cashier": "Cashier",
    "merchandiser": "Merchandising",
    "ecommerce": "E-Commerce",
    "warehouse_logistics": "Warehouse & Logistics",
    "store_manager": "Store Management",
}
TITLES: dict[str, tuple[str, ...]] = {  # grades 1-2, 3-4, 5-6, 7-8, 9-10
    "store_associate": (
        "Sales Associate",
        "Senior Sales Associate",
        "Sales Lead",
        "Department Supervisor",
        "Sales Floor Manager",
    ),
    "cashier": (
        "Cashier",
        "Senior Cashier",
        "Front End Lead",
        "Front End Supervisor",
        "Front End Manager",
    ),
    "merchandiser": (
        "Merchandising Assistant",
        "Merchandiser",
        "Senior Merchandiser",
        "Visual Merchandising Manager",
        "Director of Merchandising",
    ),
    "ecommerce": (
        "Online Order Picker",
        "E-Commerce Specialist",
        "Senior E-Commerce Specialist",
        "E-Commerce Manager",
        "Director of E-Commerce",
    ),
    "warehouse_logistics": (
        "Stocker",
        "Receiving Associate",
        "Inventory Lead",
        "Warehouse Supervisor",
        "Distribution Manager",
    ),
    "store_manager": (
        "Store Administrator",
        "Operations Coordinator",
        "Assistant Store Manager",
        "Store Manager",
        "District Manager",
    ),
}
EXIT_TYPE_DISPLAY: dict[str, str] = {
    "voluntary": "Resignation",
    "involuntary": "Termination",
    "retirement": "Retirement",
    "contract_end": "End of Assignment",
}
RATING_DISPLAY: dict[str, str] = {
    "EX": "Exceeds Expectations",
    "ME": "Meets Expectations",
    "PM": "Partially Meets",
    "BE": "Below Expectations",
}
CHANNEL_DISPLAY: dict[str, str] = {
    "campus": "College Recruiting",
    "social": "Job Board",
    "referral": "Employee Referral",
}
EXIT_TEXTS: dict[str, str] = {
    "PAY": "Took a job with higher hourly pay",
    "CAREER": "Left for a promotion elsewhere",
    "SCHEDULE": "Could not work the weekend schedule",
    "PERSONAL": "Moved out of state",
    "MANAGER": "Conflict with store manager",
    "JOBFIT": "Job not what was expected",
    "PERFORMANCE": "Did not meet performance plan",
    "POLICY": "Attendance policy violation",
    "RETIRE": "Retired",
    "SEASONAL": "Seasonal assignment ended",
}


def _pool(table: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    p = np.array(list(table.values()), dtype=float)
    return np.array(list(table)), p / p.sum()


def english_names(rng: np.random.Generator, female: np.ndarray) -> pl.DataFrame:
    """First and last names drawn from Faker's en_US pools by their weights (numpy, not one
    Faker call per person)."""
    n = len(female)
    males, pm = _pool(EnPerson.first_names_male)
    females, pf = _pool(EnPerson.first_names_female)
    lasts, pl_ = _pool(EnPerson.last_names)
    first = np.where(
        female, females[rng.choice(len(females), n, p=pf)], males[rng.choice(len(males), n, p=pm)]
    )
    return pl.DataFrame({"first": first, "last": lasts[rng.choice(len(lasts), n, p=pl_)]})
