"""The pre-commit hooks and the GitHub Action, run for real on a user's project.

`pre-commit try-repo` installs errlsp from this repository exactly as a user's
`.pre-commit-config.yaml` would (a fresh PRE_COMMIT_HOME, no package index for errlsp).
The action's YAML is validated against SchemaStore's schema for action.yml (vendored by
check-jsonschema), and its shell steps run here the way the runner runs them, with each
`${{ ... }}` expression substituted; an expression the test does not know fails it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging_support import REPO

PRE_COMMIT_LIMIT_S = 600
ENV_KEEP = ("HOME", "LANG", "TMPDIR", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS")


def clean_env(**extra: str) -> dict[str, str]:
    """The machine's environment minus this venv: hooks must bring their own errlsp."""
    env = {k: v for k, v in os.environ.items() if k in ENV_KEEP or k.startswith("PIP_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    return {**env, **extra}


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def sample_repo(sample_project: Path) -> Path:
    git("init", "-q", "-b", "main", cwd=sample_project)
    git("add", ".", cwd=sample_project)
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "x",
        cwd=sample_project,
    )
    return sample_project


def try_repo(hook: str, repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files"]
    return subprocess.run(
        [*command, "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=PRE_COMMIT_LIMIT_S,
    )


def test_hook_manifest_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").open())}
    assert set(hooks) == {"errlsp-check", "errlsp-fix"}
    assert all(hook["language"] == "python" for hook in hooks.values())


@pytest.mark.slow
def test_pre_commit_try_repo_fails_then_fixes_then_passes(
    sample_repo: Path, tmp_path: Path
) -> None:
    home = tmp_path / "pre-commit-home"
    target = sample_repo / "tests" / "test_numbers.py"

    first = try_repo("errlsp-check", sample_repo, home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "errlsp check" in first.stdout and "Failed" in first.stdout
    assert "tests/test_numbers.py:6:" in first.stdout and "PARAMETER_REQUIRD" in first.stdout

    fixing = try_repo("errlsp-fix", sample_repo, home)
    assert fixing.returncode == 1, "a hook that changed files fails, as pre-commit hooks do"
    assert "files were modified by this hook" in fixing.stdout
    assert 'assert_api_error(resp, "PARAMETER_REQUIRED", field="Name")' in target.read_text()

    again = try_repo("errlsp-check", sample_repo, home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    return loaded


def test_action_yml_matches_the_schema_for_actions() -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-actions",
            str(REPO / "action.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    spec = action()
    assert spec["runs"]["using"] == "composite"
    for step in spec["runs"]["steps"]:
        assert ("uses" in step) != ("run" in step), step
        if "run" in step:
            assert step["shell"] == "bash", "composite run steps must name their shell"


def render(value: str, context: dict[str, str]) -> str:
    """Substitutes ``${{ name }}`` like the runner; an unknown name is a mistake in action.yml."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        assert name in context, f"action.yml uses ${{{{ {name} }}}}, which is not defined"
        return context[name]

    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


@pytest.mark.slow
def test_action_steps_install_from_the_repository_and_write_sarif(
    sample_project: Path, tmp_path: Path
) -> None:
    spec = action()
    inputs = {
        f"inputs.{name}": str(item.get("default", "")) for name, item in spec["inputs"].items()
    }
    inputs["inputs.format"] = "sarif"
    inputs["inputs.output-file"] = "errlsp.sarif"
    context = {
        **inputs,
        "github.action_path": str(REPO),
        "steps.python.outputs.python-path": sys.executable,
    }
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    outputs = tmp_path / "github-output"
    outputs.touch()
    results = []
    for step in spec["runs"]["steps"]:
        if "run" not in step:
            continue  # actions/setup-python: this machine's Python stands in for it
        env = clean_env(RUNNER_TEMP=str(runner_temp), GITHUB_OUTPUT=str(outputs))
        env.update({k: render(str(v), context) for k, v in step.get("env", {}).items()})
        workdir = sample_project / render(step.get("working-directory", "."), context)
        done = subprocess.run(
            ["bash", "-e", "-c", render(step["run"], context)],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=PRE_COMMIT_LIMIT_S,
        )
        results.append(done)
    install, check = results
    assert install.returncode == 0, install.stdout + install.stderr
    assert install.stdout.startswith("errlsp ")
    assert check.returncode == 1, "findings make the step fail (args: --exit-zero to keep going)"
    log = json.loads((sample_project / "errlsp.sarif").read_text())
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["unknown-code"]
    assert outputs.read_text().strip() == "report=errlsp.sarif"
