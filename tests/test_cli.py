"""`flask xp ...` API key commands (app/xp/ops/cli.py)."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.xp.models.api_keys import ApiKey

# The commands' output reads no date, and a child process reads the real time anyway.
pytestmark = pytest.mark.calendar_free

ROOT = Path(__file__).resolve().parent.parent
POINTS_URL = "/api/v1/users/x/points/xp"
# "sxp_" and 32 random bytes in URL-safe base64.
KEY = re.compile(r"sxp_[A-Za-z0-9_-]{43}")


def create_key(runner, name="ci") -> str:
    result = runner.invoke(args=["xp", "create-api-key", name])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_create_api_key_prints_the_key_alone_on_the_last_line(runner):
    result = runner.invoke(args=["xp", "create-api-key", "ci"])

    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert KEY.fullmatch(lines[-1])
    assert lines[0].startswith("Created API key 'ci' (sxp_")


def test_create_api_key_admin_makes_an_admin_key_for_the_admin_api(runner, app, client):
    result = runner.invoke(args=["xp", "create-api-key", "ops", "--admin"])

    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    secret = lines[-1]
    assert KEY.fullmatch(secret)
    assert lines[0] == f"Created admin API key 'ops' ({secret[:10]}...)."
    assert lines[1] == (
        "Store it now: it is not shown again. Send it as the X-API-KEY header to /admin/v1."
    )
    assert client.get("/admin/v1/metrics", headers={"X-API-KEY": secret}).status_code == 200
    assert client.get(POINTS_URL, headers={"X-API-KEY": secret}).status_code == 403
    listed = runner.invoke(args=["xp", "list-api-keys"]).output
    assert listed.startswith(f"ops\tadmin\t{secret[:10]}...\tcreated ")


def test_created_key_authorizes_api_calls(runner, seeded, client):
    secret = create_key(runner)

    response = client.get(POINTS_URL, headers={"X-API-KEY": secret})

    # The key is accepted; the user simply does not exist yet.
    assert response.status_code == 404
    assert response.get_json() == {"error": "User 'x' not found"}


def test_only_the_sha256_digest_of_the_key_is_stored(runner, app):
    secret = create_key(runner)

    with app.app_context():
        keys = db.session.scalars(select(ApiKey)).all()
    assert len(keys) == 1
    key = keys[0]
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(key.prefix)
    stored = [str(getattr(key, column.key)) for column in ApiKey.__table__.columns]
    assert all(secret not in value for value in stored)


def test_second_active_key_with_the_same_name_is_refused(runner, app):
    create_key(runner)

    result = runner.invoke(args=["xp", "create-api-key", "ci"])

    assert result.exit_code != 0
    assert "An active API key named 'ci' already exists" in result.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiKey)) == 1


def test_revoked_key_gets_401(runner, seeded, client):
    secret = create_key(runner)

    result = runner.invoke(args=["xp", "revoke-api-key", "ci"])

    assert result.exit_code == 0, result.output
    assert "Revoked API key 'ci'" in result.output
    response = client.get(POINTS_URL, headers={"X-API-KEY": secret})
    assert response.status_code == 401
    assert response.get_json() == {"error": "Invalid or revoked API key"}


def test_revoked_name_can_be_used_again(runner, seeded, client):
    create_key(runner)
    runner.invoke(args=["xp", "revoke-api-key", "ci"])

    secret = create_key(runner)

    assert client.get(POINTS_URL, headers={"X-API-KEY": secret}).status_code == 404


def test_revoking_an_unknown_name_fails(runner):
    result = runner.invoke(args=["xp", "revoke-api-key", "nobody"])

    assert result.exit_code != 0
    assert "No active API key named 'nobody'" in result.output


def test_list_api_keys_shows_name_prefix_and_state(runner):
    kept = create_key(runner, "kept")
    gone = create_key(runner, "gone")
    runner.invoke(args=["xp", "revoke-api-key", "gone"])

    result = runner.invoke(args=["xp", "list-api-keys"])

    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    kept_line, gone_line = lines
    assert kept_line.startswith("kept\tapplication\t") and f"{kept[:10]}..." in kept_line
    assert kept_line.endswith("\tactive")
    assert gone_line.startswith("gone\t") and f"{gone[:10]}..." in gone_line
    assert "\trevoked " in gone_line
    assert kept not in result.output and gone not in result.output


def test_list_api_keys_without_keys_says_how_to_make_one(runner):
    result = runner.invoke(args=["xp", "list-api-keys"])

    assert result.exit_code == 0
    assert "create-api-key NAME" in result.output


@pytest.mark.parametrize("name", ["", "   ", "n" * 101])
def test_create_api_key_rejects_bad_names(runner, name):
    result = runner.invoke(args=["xp", "create-api-key", name])

    assert result.exit_code != 0
    assert "An API key name must be 1 to 100 characters" in result.output


def test_flask_command_line_prints_the_key_alone_on_the_last_line(tmp_path):
    """The installed `flask` script, as an operator runs it from the repository root."""
    flask = Path(sys.executable).with_name("flask")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        # Without it the app would write a secret_key file into the repository's instance/.
        "SECRET_KEY": "cli-test-secret",
    }
    env.pop("FLASK_APP", None)
    migrated = subprocess.run(
        [str(flask), "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert migrated.returncode == 0, migrated.stderr

    result = subprocess.run(
        [str(flask), "--app", "app", "xp", "create-api-key", "operator"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert KEY.fullmatch(result.stdout.splitlines()[-1])
