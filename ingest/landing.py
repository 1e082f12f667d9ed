"""What is in a landing folder: the files each source will load, and every other entry.

Nothing outside the landing folder is read: the walk never follows a linked folder, and a
linked file is loaded only when its target resolves inside the landing folder. Whatever is not
loaded (a folder the contract does not know, such as `payroll/`, a file that does not match its
source's pattern, a link that leaves the folder, a broken link, a device) is listed with the
reason, so the load manifest can say so (`status = 'not_loaded'`). Folders whose name starts
with `_` or `.` (the generator's `_truth/`, editors' and sync tools' folders) are not sources
and not reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from ingest.contract import SOURCES


@dataclass(frozen=True)
class NotLoaded:
    """An entry of the landing folder that is not loaded, and why."""

    source: str  # the top-level folder (a source name or not), "" for the landing root
    file: str  # display path relative to the landing folder
    reason: str


@dataclass
class LandingScan:
    files: dict[str, list[Path]] = field(default_factory=dict)
    not_loaded: list[NotLoaded] = field(default_factory=list)


def display_path(relative: str) -> str:
    """A relative path as text that any database and terminal accept: a file name that is not
    valid UTF-8 (the bytes Python keeps as surrogates) shows its bytes as `\\xNN`."""
    return os.fsencode(relative).decode("utf-8", errors="backslashreplace")


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def scan_landing(landing: Path, patterns: dict[str, str] | None = None) -> LandingScan:
    """Every source's loadable files (sorted) and every entry that will not be loaded.
    `patterns`: a source's file pattern when its mapping names one (else the contract's)."""
    patterns = patterns or {}
    landing = Path(landing)
    scan = LandingScan(files={name: [] for name in SOURCES})
    if not landing.is_dir():
        return scan
    root = landing.resolve()

    def skip(top: str, path: Path, reason: str) -> None:
        rel = display_path(path.relative_to(landing).as_posix())
        scan.not_loaded.append(NotLoaded(display_path(top), rel, reason))

    for dirpath, dirnames, filenames in os.walk(landing, followlinks=False):
        here = Path(dirpath)
        parts = here.relative_to(landing).parts
        top = parts[0] if parts else ""
        source = SOURCES.get(top)
        for name in sorted(dirnames):
            path = here / name
            if not parts and _hidden(name):
                continue
            if path.is_symlink():
                skip(top or name, path, "a linked folder: links to folders are not followed")
        # Linked folders are not walked, nor hidden ones (`_truth/` at the top, dot-folders
        # anywhere); a source's own sub-folders are.
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not (here / d).is_symlink() and not (_hidden(d) if not parts else d[0] == ".")
        )
        for name in sorted(filenames):
            path = here / name
            if name.startswith("."):
                continue
            if not parts:
                skip("", path, "a file at the top of the landing folder belongs to no source")
                continue
            if source is None:
                skip(top, path, f"folder {display_path(top)!r} is not a source of the contract")
                continue
            pattern = patterns.get(source.name, source.pattern)
            if not fnmatch(name, pattern):
                skip(top, path, f"does not match the source's file pattern {pattern}")
                continue
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    skip(top, path, "a broken or looping link")
                    continue
                if not _inside(target, root):
                    skip(top, path, "a link to a file outside the landing folder: not read")
                    continue
            if not path.is_file():
                skip(top, path, "not a regular file")
                continue
            scan.files[top].append(path)
    for paths in scan.files.values():
        paths.sort()
    return scan
