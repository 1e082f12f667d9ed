"""Thread pools of the numeric libraries on a small, shared build machine.

The build box has two cores, often shared with other work. Two thread pools behave badly there:

* scikit-learn's gradient boosting runs on OpenMP threads that by default spin while they wait
  for each other; with the cores busy elsewhere one boosting fit took six times as long (104 s
  against 16 s with passive waiting, 200,000 rows). OpenMP reads its wait policy once, when
  scikit-learn first loads it, so `analytics/__init__.py` sets OMP_WAIT_POLICY=PASSIVE before any
  model module imports scikit-learn (a value already in the environment wins).
* OpenBLAS threads do the same for the small, skinny matrix products of the models (bootstrap
  moments, logistic regression): one thread was faster than two in every case measured (a
  logistic fit 4.8 s against 8.0 s, a bootstrap batch 34 ms against 62-170 ms). The assets run
  the models inside `one_blas_thread()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the enclosed code with BLAS (numpy, scipy) on one thread."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
