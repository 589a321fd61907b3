"""`pre-commit try-repo` against a copy of this project: the check hook fails on a bad Markdown
file and passes on a good one. pre-commit builds the hook's own virtualenv from the local copy, so
this needs PyPI (for the build backend and dependencies) and takes about a minute; it is skipped when
pre-commit or git is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".ruff_cache",
                                     "*.egg-info", "build", "dist", "tests", "benchmarks", "examples")
GIT = ["git", "-c", "user.name=jiaokan-test", "-c", "user.email=test@example.invalid",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    pytest.importorskip("pre_commit")
    base = tmp_path_factory.mktemp("precommit")
    project = base / "jiaokan"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "snapshot for pre-commit try-repo")
    work = base / "docs-repo"
    work.mkdir()
    # the docs repo's own config pins the findings to its own dictionary (built-ins are in flux)
    (work / "jiaokan.toml").write_text('select = ["ZH101"]\nbuiltin-dictionaries = false\n'
                                       'dictionaries = ["terms.tsv"]\n', encoding="utf-8")
    (work / "terms.tsv").write_text("再接再励\t再接再厉\tsound-alike\n参予\t参与\tsound-alike\n",
                                    encoding="utf-8")
    (work / "bad.md").write_text("# 总结\n\n同学们要再接再励，他积极参予了工作。\n", encoding="utf-8")
    (work / "good.md").write_text("# 总结\n\n同学们要再接再厉，他积极参与了工作。\n", encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "docs")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return project, work, env


def _try_repo(hook_env, hook: str, name: str) -> subprocess.CompletedProcess[str]:
    project, work, env = hook_env
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(project), hook, "--files", name],
        cwd=work, env=env, capture_output=True, text=True, timeout=900,
    )


def test_check_hook_fails_on_bad_file(hook_env):
    r = _try_repo(hook_env, "jiaokan", "bad.md")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Failed" in r.stdout and "bad.md:3:" in r.stdout


def test_check_hook_passes_on_good_file(hook_env):
    r = _try_repo(hook_env, "jiaokan", "good.md")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout


def test_fix_hook_rewrites_bad_file(hook_env):
    _, work, _ = hook_env
    r = _try_repo(hook_env, "jiaokan-fix", "bad.md")
    assert r.returncode == 1, r.stdout + r.stderr  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in r.stdout
    assert "同学们要再接再厉，他积极参与了工作。" in (work / "bad.md").read_text(encoding="utf-8")
