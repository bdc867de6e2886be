"""Every shell and Python example in the README and docs/ runs, as written, against a fresh store.

Each page runs in a folder of its own that holds a freshly seeded store, ``sco.db``, which
``$PLEDGETRACK_DB`` names; ``examples/``, ``tests/`` and ``.venv`` point at the repository's and
the running virtualenv's. The page's ``bash`` blocks run in order, each as one script under
``set -eu`` that must exit 0; its ``python`` blocks run in order as one script; ``>>>`` blocks
run as doctests.

HTML comments steer the run, each applying to the block right after it:

- ``<!-- docs-test: skip REASON -->`` does not run the block (say why: it needs a server, it
  is the install itself, …);
- ``<!-- docs-test: file NAME -->`` writes the block (YAML, CSV, text) to ``NAME`` before the
  page's commands run, so a command can read the very file the page shows.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = [
    page
    for page in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    if re.search(r"^```(bash|python)\b", page.read_text(encoding="utf-8"), re.M)
]
BLOCK = re.compile(
    r"(?:<!--\s*docs-test:\s*(?P<directive>[^>]*?)\s*-->\s*\n)?```(?P<lang>\w+)[^\n]*\n(?P<body>.*?)\n```",
    re.S,
)


def blocks(page: Path) -> list[tuple[str, str, str]]:
    """``(language, directive, body)`` of every fenced block of ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    return [(m["lang"], m["directive"] or "", m["body"]) for m in BLOCK.finditer(text)]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly seeded store, copied into each page's folder."""
    folder = tmp_path_factory.mktemp("seeded")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pledgetrack"), "seed", "--db", "sco.db"],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder / "sco.db"


def workspace(tmp_path: Path, seeded: Path) -> tuple[Path, dict[str, str]]:
    shutil.copy(seeded, tmp_path / "sco.db")
    (tmp_path / "examples").symlink_to(REPO / "examples")
    (tmp_path / "tests").symlink_to(REPO / "tests")
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "PLEDGETRACK_DB": "sco.db",
        "COLUMNS": "120",
    }
    return tmp_path, env


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_page_examples_run(page: Path, tmp_path: Path, seeded: Path) -> None:
    folder, env = workspace(tmp_path, seeded)
    script: list[str] = []
    ran = 0
    for _lang, directive, body in blocks(page):
        if directive.startswith("file "):
            (folder / directive[5:].strip()).write_text(body + "\n", encoding="utf-8")
    for lang, directive, body in blocks(page):
        if directive.startswith("skip"):
            assert directive[4:].strip(), f"{page.name}: say why a block is skipped"
            continue
        if directive.startswith("file "):
            continue
        if lang == "bash":
            done = subprocess.run(
                ["bash", "-c", "set -eu\n" + body], cwd=folder, env=env, capture_output=True,
                text=True, timeout=300, check=False,
            )  # fmt: skip
            assert done.returncode == 0, f"{page.name}: this block failed:\n{body}\n{done.stderr}"
            ran += 1
        elif lang == "python" and body.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(body, {}, page.name, str(page), 0)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            runner.run(test)
            assert runner.failures == 0, f"{page.name}: a doctest failed (see output above)"
            ran += 1
        elif lang == "python":
            script.append(body)
    if script:
        done = subprocess.run(
            [sys.executable, "-c", "\n\n".join(script)], cwd=folder, env=env,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{page.name}: the Python examples failed:\n{done.stderr}"
        ran += 1
    assert ran or all(d.startswith(("skip", "file")) for _l, d, _b in blocks(page))


def test_every_page_with_examples_is_checked() -> None:
    """A new page cannot escape: every Markdown page with shell or Python code is run."""
    fence = re.compile(r"^```(bash|python)\b", re.M)
    with_code = {p for p in REPO.glob("docs/**/*.md") if fence.search(p.read_text("utf-8"))}
    assert with_code and with_code <= set(PAGES)
    assert REPO / "README.md" in PAGES
