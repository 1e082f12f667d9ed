"""Turning any polars frame into a scikit-learn classifier input, and the classifiers we compare.

The retention model and `analytics.retention.cross_validate` share this code, so a score measured
on another employer's data is the score of exactly the pipeline we run on ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import polars as pl
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ModelKind = Literal["logistic", "boosting"]
MODEL_KINDS: tuple[ModelKind, ...] = ("logistic", "boosting")
MISSING = "(missing)"
# Words a yes/no column may use for "yes" (compared lower-case, stripped).
TRUE_WORDS = frozenset({"1", "1.0", "true", "t", "yes", "y", "是", "left", "leaver", "exited"})
FALSE_WORDS = frozenset({"0", "0.0", "false", "f", "no", "n", "否", "stayed", "stayer"})
# A text column with more distinct values than this share of rows is an identifier, not a category.
ID_LIKE_SHARE = 0.5


@dataclass(frozen=True)
class FeatureSpec:
    """Which columns feed the model, as what, and which were left out and why."""

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    dropped: dict[str, str] = field(default_factory=dict)
    # The part of `dropped` the leakage guard refused (identifiers, outcome records), with why.
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numeric + self.categorical


def detect_features(
    frame: pl.DataFrame, target: str | None = None, exclude: tuple[str, ...] = ()
) -> FeatureSpec:
    """Sort the columns of `frame` into numeric and categorical features.

    Numbers, booleans, dates and durations become numeric; text, categoricals and enums become
    categorical unless they look like identifiers (almost one value per row) or hold one value only.
    """
    numeric: list[str] = []
    categorical: list[str] = []
    dropped: dict[str, str] = {}
    n = max(frame.height, 1)
    for name, dtype in frame.schema.items():
        if name == target or name in exclude:
            continue
        col = frame[name]
        if dtype == pl.Object or isinstance(dtype, pl.List | pl.Struct | pl.Array):
            dropped[name] = f"unsupported type {dtype}"
        elif col.null_count() == frame.height:
            dropped[name] = "all values missing"
        elif col.drop_nulls().n_unique() <= 1:
            dropped[name] = "a single value"
        elif dtype.is_numeric() or dtype in (pl.Boolean, pl.Date, pl.Datetime, pl.Duration):
            numeric.append(name)
        elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            if col.n_unique() > ID_LIKE_SHARE * n and n > 20:
                dropped[name] = "identifier-like text (almost one value per row)"
            else:
                categorical.append(name)
        else:
            dropped[name] = f"unsupported type {dtype}"
    return FeatureSpec(tuple(numeric), tuple(categorical), dropped)


def to_model_input(frame: pl.DataFrame, spec: FeatureSpec) -> pd.DataFrame:
    """The columns of `spec` as float (NaN for missing) and text ('(missing)' for missing)."""
    exprs: list[pl.Expr] = []
    for name in spec.numeric:
        dtype = frame.schema[name]
        col = pl.col(name)
        if dtype in (pl.Date, pl.Datetime):
            col = col.cast(pl.Date).cast(pl.Int32)  # days since 1970: order is what matters
        elif dtype == pl.Duration:
            col = col.dt.total_days()
        exprs.append(col.cast(pl.Float64).fill_nan(None).alias(name))
    for name in spec.categorical:
        exprs.append(pl.col(name).cast(pl.String).fill_null(MISSING).alias(name))
    selected = frame.select(exprs) if exprs else pl.DataFrame()
    data = {}
    for name in spec.numeric:
        data[name] = selected[name].to_numpy().astype(np.float64)
    for name in spec.categorical:
        data[name] = selected[name].to_numpy().astype(object)
    return pd.DataFrame(data, columns=list(spec.columns))


def encode_target(values: pl.Series) -> np.ndarray:
    """A yes/no, true/false, 0/1 (or any two-valued) column as 0/1 integers.

    Raises ValueError for missing targets or more than two values: such rows must be dealt with
    by the caller, not silently guessed.
    """
    if values.null_count():
        raise ValueError(f"target {values.name!r} has {values.null_count()} missing values")
    if values.dtype == pl.Boolean:
        return values.cast(pl.Int8).to_numpy().astype(int)
    text = values.cast(pl.String).str.strip_chars().str.to_lowercase()
    distinct = set(text.unique().to_list())
    if len(distinct) > 2:
        raise ValueError(f"target {values.name!r} must have two values, found {sorted(distinct)}")
    if distinct <= TRUE_WORDS | FALSE_WORDS:
        return text.is_in(list(TRUE_WORDS)).cast(pl.Int8).to_numpy().astype(int)
    if len(distinct) < 2:
        raise ValueError(f"target {values.name!r} has one value only: {sorted(distinct)}")
    # Two arbitrary labels: the later one in sort order is the positive class.
    positive = sorted(distinct)[1]
    return (text == positive).cast(pl.Int8).to_numpy().astype(int)


def make_preprocessor(spec: FeatureSpec) -> ColumnTransformer:
    """Impute (median + missing flag), scale numerics; one-hot categoricals (rare levels pooled)."""
    parts = []
    if spec.numeric:
        numeric = make_pipeline(
            SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
            StandardScaler(),
        )
        parts.append(("num", numeric, list(spec.numeric)))
    if spec.categorical:
        onehot = OneHotEncoder(
            handle_unknown="infrequent_if_exist", min_frequency=5, sparse_output=False
        )
        parts.append(("cat", onehot, list(spec.categorical)))
    return ColumnTransformer(parts, remainder="drop")


def make_classifier(kind: ModelKind, spec: FeatureSpec, seed: int = 0) -> Pipeline:
    """The preprocessing followed by a regularized logistic regression or gradient boosting."""
    if kind == "logistic":
        model = LogisticRegression(C=0.5, max_iter=2000)
    elif kind == "boosting":
        model = HistGradientBoostingClassifier(
            learning_rate=0.06,
            max_iter=300,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            early_stopping=True,
            validation_fraction=0.15,
            n_iter_no_change=20,
            random_state=seed,
        )
    else:
        raise ValueError(f"unknown model kind {kind!r}; use one of {MODEL_KINDS}")
    return Pipeline([("prep", make_preprocessor(spec)), ("model", model)])
