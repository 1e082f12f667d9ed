"""The customer's vocabulary: job families, competencies, rating scale, exit reasons, education
levels, pay grades and org levels.

These are reference data, not code (issue 18 part 1). A home keeps them as CSV files in
`<home>/reference/` (beside `<home>/mappings/`); a home without that folder uses the sample
bank's (`samples/bank/reference/`), and a home whose folder lacks a file that came later
(`grades.csv`, `org_levels.csv`: `TableSpec.sample_fallback`) uses the sample bank's file for
that table. Each file has a code column, `name_zh` and `name_en`, and may add a `name_<lang>`
column per further language. The contract (`ingest.contract`) takes its allowed codes and the
AI-interview score fields from here; the build loads the tables into `raw.vocab_<table>` for
dbt; the pages and the models read their labels from here.

Every file is checked at load; all problems are reported together, each naming file, line and
rule (`VOCABULARY_RULES`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.settings import PROJECT_ROOT, load_settings

SAMPLES_DIR = PROJECT_ROOT / "samples"
SAMPLE_BANK_REFERENCE = SAMPLES_DIR / "bank" / "reference"
LANGUAGES_REQUIRED: tuple[str, ...] = ("zh", "en")

ColumnType = str  # "code" | "text" | "int" | "score" | "bool"


@dataclass(frozen=True)
class TableSpec:
    """One reference file: its code column and the further columns it must have."""

    code: str
    columns: dict[str, ColumnType]
    meaning: str
    # A table added after homes were set up: a reference folder without the file uses the
    # sample bank's (what every landing wrote before: grades 1-10, head office/branch/department).
    sample_fallback: bool = False


# The deepest org tree the warehouse flattens (dbt var `org_tree_max_depth`, which must agree):
# a unit more than this many units below its root is listed in marts.id_exceptions.
ORG_TREE_MAX_DEPTH = 8

TABLES: dict[str, TableSpec] = {
    "job_families": TableSpec(
        "job_family",
        {"sort_order": "int", "has_sales_target": "bool"},
        "Job families; `has_sales_target` marks families whose reviews carry sales figures.",
    ),
    "competencies": TableSpec(
        "competency_code",
        {"sort_order": "int"},
        "Competencies the interviews score; each gives an AI-interview field score_<code>.",
    ),
    "performance_ratings": TableSpec(
        "rating_code",
        {"rating_rank": "int", "normalised_score": "score"},
        "The performance rating scale, any length; rating_rank 1 is the best; normalised_score (0-1) "
        "is what the models and the portraits use.",
    ),
    "exit_reasons": TableSpec(
        "reason_code",
        {"is_voluntary": "bool", "is_involuntary": "bool", "is_regretted": "bool"},
        "The exit-reason taxonomy with its voluntary / involuntary / regretted flags.",
    ),
    "education_levels": TableSpec(
        "education_code",
        {"education_rank": "int", "hr_value": "text"},
        "Education levels in rank order; hr_value is what the HR master writes.",
    ),
    "grades": TableSpec(
        "code",
        {"rank": "int"},
        "Pay grades as the exports write them (code); rank orders them, 1 = entry, higher = more "
        "senior, unique; staging turns a code into its rank, so a promotion is a rank up.",
        sample_fallback=True,
    ),
    "org_levels": TableSpec(
        "level_code",
        {"level_rank": "int", "is_business_unit": "bool"},
        f"The levels of the org tree, at most {ORG_TREE_MAX_DEPTH}; level_rank 1 is the top "
        "(the root), ranks run 1, 2, ... without gaps; exactly one level has is_business_unit "
        "(the level HR business partners look after and the pages filter by: the bank's branch).",
        sample_fallback=True,
    ),
}
VOCABULARY_RULES: dict[str, str] = {
    "missing_file": "a reference file is absent",
    "missing_column": "the header lacks a required column",
    "empty_value": "a required value is empty",
    "bad_code": (
        "a code is not letters, digits and _ (grade codes may also hold - . / inside, as exports "
        "write them; competency codes: lower case, they name columns)"
    ),
    "duplicate_code": "a code appears twice",
    "bad_number": "a number does not parse",
    "out_of_range": "a normalised score is outside 0-1",
    "bad_boolean": "a flag is not true/false",
    "duplicate_rank": "two levels of one scale share a rank or sort order",
    "bad_rank": "org level ranks do not run 1, 2, ... without gaps, or there are more levels than "
    "the deepest tree the warehouse flattens",
    "business_unit_level": "not exactly one org level is marked is_business_unit",
}
_CODE = re.compile(r"^[A-Za-z0-9_]+$")
_COLUMN_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_GRADE_CODE = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_./-]*[A-Za-z0-9_])?$")
_TRUE, _FALSE = ("true", "1", "yes", "y"), ("false", "0", "no", "n", "")


class VocabularyError(ValueError):
    """Reference data that breaks a rule; `problems` are `file:line: rule: detail` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("reference data rejected:\n" + "\n".join(problems))


@dataclass(frozen=True)
class Term:
    """One code of a reference table with its labels and further columns."""

    code: str
    names: dict[str, str]
    values: dict[str, object]

    def label(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.code


@dataclass(frozen=True)
class Vocabulary:
    folder: Path
    tables: dict[str, tuple[Term, ...]]

    def terms(self, table: str) -> tuple[Term, ...]:
        return self.tables[table]

    def codes(self, table: str) -> tuple[str, ...]:
        return tuple(t.code for t in self.tables[table])

    def label(self, table: str, code: object, lang: str) -> str:
        """The label of a code in `lang` (falls back to English, then to the code itself)."""
        for term in self.tables[table]:
            if term.code == code:
                return term.label(lang)
        return str(code)

    def value(self, table: str, code: str, column: str) -> object:
        return next(t.values[column] for t in self.tables[table] if t.code == code)

    def grade_label(self, rank: object, lang: str) -> str | None:
        """The label of the pay grade of `rank` (the warehouse's integer `grade`), None when no
        grade has that rank."""
        try:
            wanted = float(rank)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        term = next((t for t in self.tables["grades"] if t.values["rank"] == wanted), None)
        return term.label(lang) if term is not None else None

    @property
    def competencies(self) -> tuple[str, ...]:
        return self.codes("competencies")

    @property
    def languages(self) -> tuple[str, ...]:
        langs = {lang for terms in self.tables.values() for t in terms for lang in t.names}
        return (*LANGUAGES_REQUIRED, *sorted(langs - set(LANGUAGES_REQUIRED)))

    def rows(self, table: str) -> list[dict[str, object]]:
        """The table as rows for `raw.vocab_<table>` (code, columns, every language)."""
        spec = TABLES[table]
        return [
            {
                spec.code: t.code,
                **t.values,
                **{f"name_{lang}": t.names.get(lang, "") for lang in self.languages},
            }
            for t in self.tables[table]
        ]


def _parse(value: str, kind: ColumnType) -> object:
    if kind == "int":
        return int(value)
    if kind == "score":
        return float(value)
    if kind == "bool":
        low = value.strip().lower()
        if low not in _TRUE + _FALSE:
            raise ValueError(value)
        return low in _TRUE
    return value


def _load_table(path: Path, table: str, problems: list[str]) -> tuple[Term, ...]:
    spec = TABLES[table]
    if not path.is_file():
        problems.append(f"{path}: missing_file: {table} is required ({spec.meaning})")
        return ()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        needed = [spec.code, *spec.columns, *(f"name_{lang}" for lang in LANGUAGES_REQUIRED)]
        lacking = [c for c in needed if c not in header]
        if lacking:
            problems.append(f"{path}:1: missing_column: {', '.join(lacking)}")
            return ()
        terms: list[Term] = []
        seen_codes: set[str] = set()
        seen_ranks: set[object] = set()
        for line, raw in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
            code = row[spec.code]
            where = f"{path}:{line}"
            pattern = {"competencies": _COLUMN_CODE, "grades": _GRADE_CODE}.get(table, _CODE)
            if not code:
                problems.append(f"{where}: empty_value: {spec.code}")
                continue
            if not pattern.match(code):
                problems.append(f"{where}: bad_code: {spec.code} {code!r}")
                continue
            if code in seen_codes:
                problems.append(f"{where}: duplicate_code: {code!r}")
                continue
            seen_codes.add(code)
            values: dict[str, object] = {}
            for column, kind in spec.columns.items():
                if not row[column] and kind != "bool":
                    problems.append(f"{where}: empty_value: {column}")
                    continue
                try:
                    values[column] = _parse(row[column], kind)
                except ValueError:
                    rule = "bad_boolean" if kind == "bool" else "bad_number"
                    problems.append(f"{where}: {rule}: {column} {row[column]!r}")
                    continue
                if kind == "score" and not 0.0 <= float(values[column]) <= 1.0:
                    problems.append(f"{where}: out_of_range: {column} {row[column]!r}")
            rank = values.get("level_rank") if table == "org_levels" else None
            if rank is not None and not 1 <= int(rank) <= ORG_TREE_MAX_DEPTH:
                problems.append(
                    f"{where}: bad_rank: level_rank {rank} is not 1-{ORG_TREE_MAX_DEPTH}"
                )
            order = next((c for c, k in spec.columns.items() if k == "int"), None)
            if order is not None and order in values:
                if values[order] in seen_ranks:
                    problems.append(f"{where}: duplicate_rank: {order} {values[order]}")
                seen_ranks.add(values[order])
            names = {c[5:]: row[c] for c in header if c.startswith("name_") and row.get(c)}
            for lang in LANGUAGES_REQUIRED:
                if lang not in names:
                    problems.append(f"{where}: empty_value: name_{lang}")
            terms.append(Term(code=code, names=names, values=values))
    if not terms and not any(p.startswith(str(path)) for p in problems):
        problems.append(f"{path}:1: empty_value: no {spec.code} rows")
    if table == "org_levels" and terms:
        _check_org_levels(path, terms, problems)
    return tuple(terms)


def _check_org_levels(path: Path, terms: list[Term], problems: list[str]) -> None:
    """The org levels form one chain of ranks from the root down, with one business-unit level."""
    ranks = sorted(int(t.values["level_rank"]) for t in terms if "level_rank" in t.values)
    fits = all(1 <= r <= ORG_TREE_MAX_DEPTH for r in ranks) and len(set(ranks)) == len(ranks)
    if fits and ranks != list(range(1, len(ranks) + 1)):
        problems.append(f"{path}: bad_rank: level_rank {ranks} leaves a gap (1..{len(ranks)})")
    marked = [t.code for t in terms if t.values.get("is_business_unit")]
    if len(marked) != 1:
        problems.append(
            f"{path}: business_unit_level: {len(marked)} levels marked is_business_unit "
            f"({', '.join(marked) or 'none'}), exactly one is needed"
        )


def load_vocabulary(folder: Path) -> Vocabulary:
    """Read and check every reference file of `folder`; raises VocabularyError listing all
    problems (file, line, rule) when any file breaks a rule."""
    folder = Path(folder)
    problems: list[str] = []
    tables = {name: _load_table(_table_path(folder, name), name, problems) for name in TABLES}
    if problems:
        raise VocabularyError(problems)
    return Vocabulary(folder=folder, tables=tables)


def _table_path(folder: Path, table: str) -> Path:
    """The file of `table` in `folder`, or the sample bank's when `folder` lacks it and the
    table came later (`TableSpec.sample_fallback`)."""
    path = folder / f"{table}.csv"
    if not path.is_file() and TABLES[table].sample_fallback:
        return SAMPLE_BANK_REFERENCE / f"{table}.csv"
    return path


def reference_folder(home: Path) -> Path:
    """The home's reference folder, or the sample bank's when the home has none."""
    own = Path(home) / "reference"
    return own if own.is_dir() else SAMPLE_BANK_REFERENCE


_CACHE: dict[Path, tuple[float, Vocabulary]] = {}
_ACTIVE: Vocabulary | None = None


def _stamp(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.glob("*.csv")), default=0.0)


def for_home(home: Path) -> Vocabulary:
    """The vocabulary of a home (cached until one of its files changes)."""
    folder = reference_folder(home).resolve()
    stamp = _stamp(folder)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_vocabulary(folder))
        _CACHE[folder] = cached
    return cached[1]


def activate(vocabulary: Vocabulary) -> Vocabulary:
    """Make `vocabulary` the one the contract, labels and models of this process use."""
    global _ACTIVE
    _ACTIVE = vocabulary
    return vocabulary


def is_activated() -> bool:
    return _ACTIVE is not None


def deactivate() -> None:
    """Back to the configured home's vocabulary (tests that built another home)."""
    global _ACTIVE
    _ACTIVE = None


def activate_home(home: Path) -> Vocabulary:
    return activate(for_home(home))


def active() -> Vocabulary:
    """The vocabulary in use: the last activated, else that of the configured home."""
    return _ACTIVE if _ACTIVE is not None else for_home(load_settings().home)


def sample_bank() -> Vocabulary:
    """The sample bank's vocabulary (the generator's and the tests' fixed reference)."""
    return for_home(SAMPLE_BANK_REFERENCE.parent)
