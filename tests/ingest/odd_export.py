"""An HRIS export unlike the generator's output, written by the tests that map it: English
headers, US month/day/year dates (one Excel day number), first and last names in two columns,
employee numbers with an `E-` prefix, managers named by position number (another number space),
a termination date instead of a status, a four-level performance rating, no national ID, and an
org-unit export with its own headers and level words. Nothing here is shaped like
`sample_enterprise/bank` output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

EMPLOYEES_HEADER = [
    "Emp #",
    "First Name",
    "Last Name",
    "Gender",
    "Date of Birth",
    "Start Date",
    "Termination Date",
    "Dept ID",
    "Job Title",
    "Job Family",
    "Pay Grade",
    "Position No",
    "Reports To Position",
    "Highest Degree",
    "Performance Rating",
]
# Position numbers 7001.. are a number space of their own; 7777 is nobody's position.
EMPLOYEES = [
    [
        "E-1001",
        "María",
        "López",
        "Female",
        "03/14/1975",
        "07/01/2010",
        "",
        "D100",
        "Director",
        "Management",
        "9",
        "7001",
        "",
        "Master's",
        "Exceeds",
    ],
    [
        "E-1002",
        "James",
        "O'Neil",
        "Male",
        "11/02/1985",
        "01/15/2015",
        "",
        "D110",
        "Sales Lead",
        "Sales",
        "6",
        "7002",
        "7001",
        "Bachelor's",
        "Meets",
    ],
    [
        "E-1003",
        "Chen",
        "Wei",
        "Male",
        "06/30/1990",
        "09/01/2018",
        "",
        "D110",
        "Sales Rep",
        "Sales",
        "4",
        "7003",
        "7002",
        "Bachelor's",
        "Partially Meets",
    ],
    [
        "E-1004",
        "Aisha",
        "Khan",
        "Female",
        "01/20/1992",
        "43466",
        "",
        "D110",
        "Sales Rep",
        "Sales",
        "4",
        "7004",
        "7002",
        "Associate",
        "Meets",
    ],
    [
        "E-1005",
        "Tom",
        "Berg",
        "Male",
        "08/08/1988",
        "04/01/2016",
        "12/31/2024",
        "D120",
        "Analyst",
        "Operations",
        "5",
        "7005",
        "7001",
        "Master's",
        "Does Not Meet",
    ],
    [
        "E-1006",
        "Sara",
        "Ito",
        "Non-binary",
        "12/12/1995",
        "02/01/2021",
        "",
        "D120",
        "Analyst",
        "Operations",
        "3",
        "7006",
        "7777",
        "High School",
        "Meets",
    ],
    # Line 8: a start date no calendar has; the quarantine names this file, line and column.
    [
        "E-1007",
        "Ken",
        "Ruiz",
        "Male",
        "05/05/1991",
        "13/45/2020",
        "",
        "D120",
        "Clerk",
        "Operations",
        "2",
        "7007",
        "7001",
        "Bachelor's",
        "Meets",
    ],
]
ORG_HEADER = ["Dept ID", "Dept Name", "Parent Dept", "Type", "Location"]
ORG_UNITS = [
    ["D001", "Acme Corp", "", "Company", "Chicago"],
    ["D100", "Central Region", "D001", "Region", "Chicago"],
    ["D110", "Central Sales", "D100", "Department", "Chicago"],
    ["D120", "Central Operations", "D100", "Department", "Milwaukee"],
]
EMPLOYEES_FILE = "hr_employees/Employee_Roster_2025.csv"
ORG_FILE = "org_units/Departments.csv"
BAD_LINE = 8  # the physical line of E-1007's impossible start date


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    # Excel's "CSV" on a US Windows machine: cp1252 (María López is not UTF-8).
    return buffer.getvalue().encode("cp1252")


def write_odd_export(landing: Path) -> Path:
    """The export's two files in a landing folder (one sub-folder per source)."""
    for rel, data in (
        (EMPLOYEES_FILE, _csv(EMPLOYEES_HEADER, EMPLOYEES)),
        (ORG_FILE, _csv(ORG_HEADER, ORG_UNITS)),
    ):
        path = landing / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return landing
