"""`generate()`: simulate the bank, write every source's landing files and the planted truth."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from ingest.contract import SOURCES, Source

from . import activity_sources, hr_sources, pay_sources, recruiting, reference_sources, truth, vocab
from .bank_vocabulary import COMPETENCIES, EDUCATION_ZH
from .careers import build_careers
from .defects import Correction, Resend, plant
from .frames import datetimes
from .hr_sources import World
from .org import branch_count, build_org
from .params import GeneratorParams
from .population import Population, simulate, to_days
from .writers import csv_lines, jsonl_lines, write_text, write_xlsx

GENERATOR_VERSION = "2"  # 2: clean re-sends of quarantined spell-boundary rows
# Independent random streams per component, so changing one part does not reshuffle the rest.
STREAMS = (
    "org",
    "population",
    "careers",
    "identity",
    "candidates",
    "ai",
    "human",
    "hr_employees",
    "job_changes",
    "onboarding",
    "exits",
    "performance",
    "catalog",
    "training",
    "surveys",
    "special_ids",
    "defects",
)
# The optional pay, engagement and time sources draw from streams of their own (after the
# others), so a bank generated without them is unchanged.
PAY_STREAMS = ("compensation", "engagement_surveys", "time_records")
LEGACY = ("hr_employees", "job_changes", "onboarding", "exits")
EDU_ORDER = list(EDUCATION_ZH)


def _corrections(tag: str) -> dict[str, Correction]:
    def edu_wrong(df: pl.DataFrame, rng: np.random.Generator) -> pl.Series:
        idx = [(EDU_ORDER.index(v) + 1) % len(EDU_ORDER) for v in df["education"].to_list()]
        return pl.Series([EDU_ORDER[i] for i in idx], dtype=pl.String)

    return {
        "hr_employees": Correction(
            "education", edu_wrong, file=f"hr_employees_corrections_{tag}.csv"
        ),
        "job_changes": Correction(
            "to_grade", lambda df, _: df["to_grade"] - 1, eligible=pl.col("to_grade") >= 2
        ),
        "onboarding": Correction(
            "probation_result",
            lambda df, _: pl.Series(["pending"] * len(df), dtype=pl.String),
            eligible=pl.col("probation_result") != "pending",
        ),
        "ai_interviews": Correction(
            "years_experience",
            lambda df, _: (df["years_experience"] + 10.0).clip(0, 50),
            eligible=pl.col("years_experience") <= 40,
            file=f"ai_interviews_reexport_{tag}.jsonl",
        ),
        "human_interviews": Correction(
            "score_communication",
            lambda df, rng: (
                df["score_communication"]
                + pl.Series(np.where(rng.random(len(df)) < 0.5, -2.0, 2.0))
            ).clip(0, 10),
            eligible=pl.col("score_communication").is_between(2.0, 8.0),
        ),
        "training_enrollments": Correction(
            "sessions_attended",
            lambda df, _: df["sessions_attended"] - 1,
            eligible=pl.col("sessions_attended") >= 1,
        ),
        "performance_reviews": Correction(
            "score", lambda df, _: (df["score"] - 1.0).round(1), eligible=pl.col("score") >= 2.0
        ),
        "exits": Correction(
            "reason_code",
            lambda df, _: pl.Series(
                ["R01" if v == "R02" else "R02" for v in df["reason_code"].to_list()],
                dtype=pl.String,
            ),
            eligible=pl.col("reason_code").is_in(["R01", "R02", "R03", "R04", "R05", "R06"]),
        ),
    }


def _resends(tag: str, pop: Population, run: _Run) -> Callable[[str], Resend | None]:
    """Which quarantined rows HR re-sends clean (`<source>_resent_<as_of>.csv`): those that were
    the only record of a spell boundary, so the warehouse can know every true spell.

    * exits: every row (the exit date is recorded nowhere else);
    * hr_employees: spells hired before the history (no onboarding record holds their hire);
    * onboarding: spells whose master row was quarantined and not re-sent (read when
      onboarding is planted, after hr_employees).
    """
    initial = pl.Series(pop.key[pop.initial], dtype=pl.Int64)

    def resend(source: str) -> Resend | None:
        key = pl.col("_key__employee_id")
        if source == "exits":
            when = pl.lit(True)
        elif source == "hr_employees":
            when = key.is_in(initial.implode())
        elif source == "onboarding":
            lost = run.unsent.get("hr_employees", pl.Series([], dtype=pl.Int64))
            when = key.is_in(lost.implode())
        else:
            return None
        return Resend(when, f"{source}_resent_{tag}.csv")

    return resend


def _encoding(source: str, file: str, as_of: date) -> str:
    # A few newer exports carry a byte-order mark; the legacy HR system writes GBK.
    if "corrections" in file or "reexport" in file or file == f"surveys_{as_of.year}.csv":
        return "utf-8-sig"
    if source in LEGACY or source == "org_units":
        return "gbk"
    return "utf-8"


class _Run:
    """Accumulates truth pieces and the summary while sources are written one by one."""

    def __init__(self, out: Path, as_of: date, progress: Callable[[str], None] | None) -> None:
        self.out = out
        self.as_of = as_of
        self.progress = progress or (lambda _msg: None)
        self.quarantine: list[pl.DataFrame] = []
        self.defects: list[pl.DataFrame] = []
        # ids.csv is written source by source; only one source's distinct IDs are in memory.
        self.ids_path = out / "_truth" / "ids.csv"
        self.ids_path.parent.mkdir(parents=True, exist_ok=True)
        self.ids_path.unlink(missing_ok=True)
        self.ids_written = False
        self.source_ids: pl.DataFrame | None = None
        self.files: list[str] = []
        self.rows: dict[str, int] = {}
        self.unsent: dict[str, pl.Series] = {}

    def write_source(
        self,
        source: Source,
        frames: pl.DataFrame | Iterable[pl.DataFrame],
        rng: np.random.Generator,
        p: GeneratorParams,
        correction: Correction | None,
        reference: bool = False,
        resend: Resend | None = None,
    ) -> None:
        """Plant defects file by file and write each file (bounded memory at any size).

        Corrections bound for a separate file (HR's corrections extract, the AI re-export) and
        clean re-sends of quarantined rows are held back and written last, one file each.
        `self.unsent[source]` keeps the true employee keys of quarantined rows not re-sent.
        """
        as_of_day = to_days(self.as_of)
        (self.out / source.name).mkdir(parents=True, exist_ok=True)
        side_files = [f for f in (correction and correction.file, resend and resend.file) if f]
        held: dict[str, list[pl.DataFrame]] = {f: [] for f in side_files}
        unsent: list[pl.Series] = []
        self.rows.setdefault(source.name, 0)
        n_files = 0
        for frame in [frames] if isinstance(frames, pl.DataFrame) else frames:
            # One file at a time: only one part's planting copies are alive at once.
            for key in sorted(frame["_file"].unique().to_list()):
                part = frame.filter(pl.col("_file") == key)
                if reference:
                    laid = _layout_clean(part)
                else:
                    laid = plant(source, part, rng, p, as_of_day, correction, resend)
                del part
                for f in side_files:
                    held[f].append(laid.filter(pl.col("_file") == f))
                laid = laid.filter(~pl.col("_file").is_in(side_files))
                if "_key__employee_id" in laid.columns:
                    lost = pl.col("_rule").is_not_null() & ~pl.col("_stray")
                    if resend is not None:
                        lost = lost & ~resend.when.fill_null(False)
                    unsent.append(laid.filter(lost)["_key__employee_id"])
                self._emit(source, laid)
                n_files += 1
        for parts in held.values():
            if not parts:
                continue
            side = pl.concat(parts).with_columns(
                _line=pl.int_range(0, pl.len()) + (1 if source.format == "jsonl" else 2)
            )
            if len(side):
                self._emit(source, side)
                n_files += 1
        if unsent:
            self.unsent[source.name] = pl.concat(unsent)
        self._flush_ids()
        self.progress(f"{source.name}: {self.rows[source.name]:,} rows in {n_files} files")

    def _emit(self, source: Source, laid: pl.DataFrame) -> None:
        """Write one laid-out file and keep its truth pieces."""
        (file,) = laid["_file"].unique().to_list()
        path = self.out / source.name / file
        file_defects = []
        if source.format == "xlsx":
            write_xlsx(
                path, source, laid, datetime(self.as_of.year, self.as_of.month, self.as_of.day)
            )
        else:
            enc = _encoding(source.name, file, self.as_of)
            if source.format == "csv":
                header = ",".join(source.columns)
                write_text(path, header, laid, lambda rows: csv_lines(source, rows), enc)
            else:
                write_text(path, None, laid, lambda rows: jsonl_lines(source, rows), enc)
            if enc != "utf-8":
                file_defects.append(("encoding_" + enc.replace("-", "_"), file, enc))
            if "_slash" in laid.columns and laid["_slash"].any():
                n_slash = int(laid["_slash"].sum())
                file_defects.append(("date_format_slash", file, f"{n_slash} rows YYYY/MM/DD"))
        self.files.append(f"{source.name}/{file}")
        self.rows[source.name] += len(laid)
        self.quarantine.append(truth.quarantine_rows(source.name, laid))
        self.defects.append(truth.defect_rows(source.name, laid))
        if file_defects:
            self.defects.append(
                pl.DataFrame(
                    {
                        "defect": [d[0] for d in file_defects],
                        "source": [source.name] * len(file_defects),
                        "file": [f"{source.name}/{d[1]}" for d in file_defects],
                        "line": pl.Series([None] * len(file_defects), dtype=pl.Int64),
                        "detail": [d[2] for d in file_defects],
                    }
                )
            )
        ids = truth.id_rows(source.name, laid)
        if self.source_ids is not None:
            ids = pl.concat([self.source_ids, ids])
        self.source_ids = ids.unique(
            subset=["source", "id_kind", "raw_id"], keep="first", maintain_order=True
        )

    def _flush_ids(self) -> None:
        if self.source_ids is None:
            return
        with self.ids_path.open("ab") as fh:
            self.source_ids.write_csv(fh, include_header=not self.ids_written, null_value="")
        self.ids_written = True
        self.source_ids = None


def _layout_clean(df: pl.DataFrame) -> pl.DataFrame:
    """A reference file: no defects, rows in the given order."""
    return df.with_columns(
        _seq=pl.int_range(0, pl.len()).cast(pl.Float64),
        _rule=pl.lit(None, dtype=pl.String),
        _defect=pl.lit(None, dtype=pl.String),
        _detail=pl.lit(None, dtype=pl.String),
        _malformed=pl.lit(False),
        _stray=pl.lit(False),
        _line=pl.int_range(0, pl.len()) + 2,
    )


def _plant_special_ids(
    rng: np.random.Generator, p: GeneratorParams, w: World, ai: pl.DataFrame
) -> pl.DataFrame:
    """Conflicting national-ID matches and AI employee numbers that point at no one."""
    pop = w.pop
    ai = ai.with_columns(
        _idr__candidate_id=pl.lit(None, dtype=pl.String),
        _idr__employee_no=pl.lit(None, dtype=pl.String),
    )
    hired_rows = np.flatnonzero(ai["_key__candidate_id"].is_not_null().to_numpy())
    if not len(hired_rows):
        return ai
    pick = rng.permutation(hired_rows)
    n_conf = min(p.planted_conflicts, len(pick) // 2)
    conflict_rows, pick = np.sort(pick[:n_conf]), pick[n_conf:]
    birth_year = pop.birth.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    reasons: list[str] = []
    for r in conflict_rows.tolist():
        key = int(ai["_key__candidate_id"][r])
        s = key - int(pop.key[0])
        same_year = np.flatnonzero((birth_year == birth_year[s]) & pop.initial)
        same_year = same_year[same_year != s]
        if not len(same_year):
            # Anyone else whose hire stays at least 16 years after the copied birth date (an
            # earlier hire would be quarantined as impossible_sequence, a defect not planted).
            same_year = np.flatnonzero(
                (np.arange(len(pop)) != s) & (pop.hire >= pop.birth[s] + int(16 * 366))
            )
        o = int(rng.choice(same_year))
        w.nid_hash = w.nid_hash.scatter(o, w.nid_hash[s])
        # HR entered the same national ID hash for both people (and the birth year matches).
        w.pop.birth[o] = w.pop.birth[o] if birth_year[o] == birth_year[s] else w.pop.birth[s]
        reasons.append(
            f"conflict: national_id_hash + birth_year match employees "
            f"{int(pop.key[s]):08d} and {int(pop.key[o]):08d}"
        )
    n_bad = min(p.unresolvable_ai_employee_no, len(pick))
    has_no = ai["employee_no"].is_not_null().to_numpy()
    bad_rows = np.sort(pick[has_no[pick]][:n_bad])
    max_key = int(pop.key.max())
    bad = bad_rows.tolist()
    conf = conflict_rows.tolist()
    return ai.with_columns(
        employee_no=_scatter(
            _scatter(
                ai["employee_no"],
                bad,
                [f"XY{max_key + 5000 + 17 * j:08d}" for j in range(len(bad))],
            ),
            conf,
            [None] * len(conf),
        ),
        _idk__employee_no=_scatter(
            _scatter(ai["_idk__employee_no"], bad, ["unresolvable"] * len(bad)),
            conf,
            [None] * len(conf),
        ),
        _key__employee_no=_scatter(ai["_key__employee_no"], conf, [None] * len(conf)),
        _idr__employee_no=_scatter(
            ai["_idr__employee_no"], bad, ["points at no employee"] * len(bad)
        ),
        _idr__candidate_id=_scatter(ai["_idr__candidate_id"], conf, reasons),
    )


def _scatter(series: pl.Series, rows: list[int], values: list) -> pl.Series:
    """A copy of `series` with `values` at positions `rows`."""
    out = series.clone()
    if rows:
        out.scatter(rows, pl.Series(values, dtype=series.dtype))
    return out


def _plant_learner_typos(
    rng: np.random.Generator, p: GeneratorParams, df: pl.DataFrame
) -> pl.DataFrame:
    n = min(p.unresolvable_learner_typos, len(df))
    rows = np.sort(rng.choice(len(df), size=n, replace=False)) if n else np.array([], dtype=int)
    rows_l = rows.tolist()
    typos = ["LMS-" + f"{int(df['_key__learner_id'][r]):08d}".replace("0", "O", 1) for r in rows_l]
    return df.with_columns(
        learner_id=_scatter(df["learner_id"], rows_l, typos),
        _idk__learner_id=_scatter(df["_idk__learner_id"], rows_l, ["unresolvable"] * len(rows_l)),
        _idr__learner_id=_scatter(
            pl.Series([None] * len(df), dtype=pl.String),
            rows_l,
            ["typo: letter O for a zero"] * len(rows_l),
        ),
    )


def generate(
    out: Path,
    employees: int,
    seed: int = 0,
    as_of: date | None = None,
    params: GeneratorParams | None = None,
    progress: Callable[[str], None] | None = None,
    pay: pay_sources.PaySourceParams | None = None,
) -> dict:
    """Write a generated bank's landing files to `out/<source>/` and its truth to `out/_truth/`.

    `employees` is the active headcount at `as_of` (exact: hires fill the last month to it).
    The same (employees, seed, as_of, params) always gives byte-identical files. With
    `pay`, the optional compensation, engagement and time sources are written too and
    their planted effect joins the exit hazard (`sample_enterprise/bank/pay_sources.py`).
    """
    t0 = time.perf_counter()
    p = params or GeneratorParams()
    as_of = as_of or date.today()
    if employees < 50:
        raise ValueError("employees must be at least 50")
    recruiting.bias_mask(p, np.zeros(0, dtype=bool), np.zeros(0))  # refuse a bad bias early
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    rngs = {name: np.random.default_rng(s) for name, s in zip(STREAMS, children, strict=True)}
    run = _Run(out, as_of, progress)
    say = run.progress

    as_of_day = to_days(as_of)
    window_start = to_days(date(as_of.year - p.history_years, as_of.month, 1))
    ai_start_date = date(as_of.year - p.ai_start_years_before, as_of.month, 1)
    ai_start = to_days(ai_start_date)
    org = build_org(rngs["org"], employees, branch_count(employees, p.branches), as_of)
    say(f"org: {len(org.branch_codes) - 1} branches, {len(org.units)} units")
    planted = pay_sources.PlantedPayEffect(pay, seed) if pay else None
    pop = simulate(rngs["population"], p, org, employees, as_of, planted)
    say(f"population: {len(pop):,} employment spells")
    careers = build_careers(rngs["careers"], p, org, pop, window_start, as_of_day)
    nid_hash = recruiting.national_id_hashes(rngs["identity"], pop.birth.astype(np.int64))
    names = vocab.names(rngs["identity"], pop.female)
    cand = recruiting.draw_candidates(rngs["candidates"], p, pop, ai_start, as_of_day, nid_hash)
    w = World(
        p=p,
        org=org,
        pop=pop,
        careers=careers,
        cand=cand,
        nid_hash=nid_hash.clone(),
        names=names,
        as_of=as_of,
        as_of_day=as_of_day,
        window_start=window_start,
        ai_start=ai_start,
        slash_before_year=as_of.year - p.legacy_slash_years,
    )
    tag = as_of.strftime("%Y%m%d")
    corr = _corrections(tag)
    dfx = rngs["defects"]

    # Reference sources (no defects but their encoding).
    run.write_source(SOURCES["org_units"], reference_sources.org_units(org), dfx, p, None, True)
    run.write_source(
        SOURCES["competency_models"],
        reference_sources.competency_models(p, as_of, ai_start_date),
        dfx,
        p,
        None,
        True,
    )
    catalog = reference_sources.training_catalog(rngs["catalog"], p)
    run.write_source(SOURCES["training_catalog"], catalog, dfx, p, None, True)

    ai = recruiting.ai_frame(rngs["ai"], p, pop, cand, as_of_day, ai_start)
    ai = _plant_special_ids(rngs["special_ids"], p, w, ai)
    ai = ai.with_columns(
        _file=pl.lit("ai_interviews_") + pl.col("_year").cast(pl.String) + ".jsonl"
    )
    human = recruiting.human_frame(rngs["human"], p, pop, careers, cand, as_of_day)
    human = human.with_columns(
        _file=pl.lit("human_interviews_") + pl.col("_year").cast(pl.String) + ".csv"
    )
    score_cols = [c for c in ai.columns if c.startswith("score_")]
    agreement = truth.agreement_doc(
        p,
        ai.select(["candidate_id", "job_family", *score_cols]),
        human.select(["candidate_id", *score_cols]),
    )
    bias = truth.bias_doc(p, ai, int(cand.biased.sum()))
    run.write_source(SOURCES["ai_interviews"], ai.drop("_year"), dfx, p, corr["ai_interviews"])
    run.write_source(
        SOURCES["human_interviews"], human.drop("_year"), dfx, p, corr["human_interviews"]
    )
    del ai, human
    builders: list[tuple[str, Callable[[], pl.DataFrame]]] = [
        ("hr_employees", lambda: hr_sources.hr_employees(rngs["hr_employees"], w)),
        ("job_changes", lambda: hr_sources.job_changes(rngs["job_changes"], w)),
        ("onboarding", lambda: hr_sources.onboarding(rngs["onboarding"], w)),
        (
            "training_enrollments",
            lambda: _plant_learner_typos(
                rngs["special_ids"],
                p,
                activity_sources.training_enrollments(rngs["training"], w, catalog),
            ),
        ),
        (
            "performance_reviews",
            lambda: activity_sources.performance_reviews(rngs["performance"], w),
        ),
        ("exits", lambda: hr_sources.exits(rngs["exits"], w)),
    ]
    resends = _resends(tag, pop, run)
    for name, build in builders:
        run.write_source(SOURCES[name], build(), dfx, p, corr.get(name), resend=resends(name))
    ai_recs = recruiting_recommendations(p, cand)
    run.write_source(
        SOURCES["surveys"], activity_sources.surveys(rngs["surveys"], w, ai_recs), dfx, p, None
    )
    if planted is not None:
        pay_rngs = np.random.SeedSequence([seed, 22]).spawn(len(PAY_STREAMS))
        for name, child in zip(PAY_STREAMS, pay_rngs, strict=True):
            frames = getattr(pay_sources, name)(np.random.default_rng(child), w, planted)
            run.write_source(SOURCES[name], frames, dfx, p, None)

    # The planted truth.
    tdir = out / "_truth"
    tdir.mkdir(exist_ok=True)
    order = {name: i for i, name in enumerate(SOURCES)}
    quarantine = pl.concat(run.quarantine).sort(
        [pl.col("source").replace_strict(order, return_dtype=pl.Int64), "file", "line"]
    )
    truth.write_csv(tdir / "quarantine.csv", quarantine)
    defects = pl.concat(run.defects)
    truth.write_csv(tdir / "defects.csv", defects)
    truth.write_csv(tdir / "employees.csv", truth.employees_frame(w))
    truth.write_csv(tdir / "headcount_monthly.csv", truth.headcount_frame(w))
    truth.write_json(tdir / "effects.json", truth.effects_doc(p))
    truth.write_json(tdir / "agreement.json", agreement)
    truth.write_json(tdir / "bias.json", bias)
    config = {
        "generator_version": GENERATOR_VERSION,
        "employees": employees,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "branches": len(org.branch_codes) - 1,
        "params": p.to_dict(),
    }
    if pay:
        config["pay_sources"] = asdict(pay)
    truth.write_json(tdir / "config.json", config)
    defect_counts = (
        defects.group_by(pl.col("defect").str.replace(r":.*", "")).agg(pl.len()).sort("defect")
    )
    summary = {
        "out": str(out),
        "files": sorted(run.files),
        "rows": run.rows,
        "quarantined": len(quarantine),
        "defects": dict(zip(defect_counts["defect"], defect_counts["len"], strict=True)),
        "spells": len(pop),
        "active": int((pop.exit < 0).sum()),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    say(f"done in {summary['seconds']} s")
    return summary


def recruiting_recommendations(p: GeneratorParams, cand: recruiting.Candidates) -> pl.DataFrame:
    """Assessment time and AI recommendation per candidate (what the survey sampling needs)."""
    weights = np.array([p.current_weights[c] for c in COMPETENCIES], dtype=float)
    overall = np.round((cand.ai_scores * weights).sum(axis=1) / weights.sum(), 1)
    rec = np.where(
        overall >= recruiting.ADVANCE_AT,
        "advance",
        np.where(overall >= recruiting.HOLD_AT, "hold", "reject"),
    )
    return pl.DataFrame({"assessed_at": datetimes(cand.assess_sec), "ai_recommendation": rec})
