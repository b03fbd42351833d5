"""`docker history` from a real engine, as the CLI prints it and as the Engine API serves it:
alone it is an image whose config is unknown, with `docker image inspect` it joins that image."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.parse

import pytest

import fleet
from conftest import NOW, docker, run_cli

import hullcheck

# The image's own layer sets the setuid bit (IMG011); its config sets a user, which only the
# image inspect shows (IMG001).
DOCKERFILE = f"FROM {fleet.IMAGE}\nRUN chmod u+s /bin/busybox\nUSER 1000\n"


@pytest.fixture(scope="module")
def history_image(engine):
    docker("build", "-q", "-t", fleet.HISTORY_IMAGE, "-", input=DOCKERFILE)
    yield fleet.HISTORY_IMAGE
    docker("image", "rm", "-f", fleet.HISTORY_IMAGE, check=False)


def statuses(report, code):
    return [o["status"] for o in report["outcomes"] if o["code"] == code]


def audit(binary, folder, *files):
    done = run_cli(binary, ["--format", "json", "--now", NOW, *files], folder)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_cli_history_lines_alone(binary, history_image, tmp_path):
    lines = docker("history", "--no-trunc", "--format", "{{json .}}", history_image)
    assert len(lines.strip().splitlines()) >= 4, lines
    (tmp_path / "history.jsonl").write_text(lines)
    report = audit(binary, tmp_path, "history.jsonl")
    images = [s for s in report["subjects"] if s["kind"] == "image"]
    assert len(images) == 1, report["subjects"]
    assert statuses(report, "IMG011") == ["fail"]
    setuid = next(f for f in report["findings"] if f["code"] == "IMG011")
    # Newest first: the USER entry is line 1, the chmod line 2.
    assert (setuid["location"]["source"], setuid["location"].get("line")) == ("history.jsonl", 2)
    assert statuses(report, "IMG001") == ["missing_input"]


def test_cli_history_joins_the_image_inspect(binary, history_image, tmp_path):
    (tmp_path / "history.jsonl").write_text(
        docker("history", "--no-trunc", "--format", "{{json .}}", history_image))
    (tmp_path / "image.json").write_text(docker("image", "inspect", history_image))
    report = audit(binary, tmp_path, "history.jsonl", "image.json")
    assert [s["name"] for s in report["subjects"] if s["kind"] == "image"] == [history_image]
    assert statuses(report, "IMG011") == ["fail"]
    assert statuses(report, "IMG001") == ["pass"], "the inspect's USER 1000 decides"
    setuid = next(f for f in report["findings"] if f["code"] == "IMG011")
    assert setuid["location"]["source"] == "history.jsonl"
    assert report["diagnostics"] == []


def test_shortened_cli_history_is_refused_with_the_fix(binary, history_image, tmp_path):
    (tmp_path / "short.jsonl").write_text(
        docker("history", "--format", "{{json .}}", history_image))
    done = run_cli(binary, ["--format", "json", "--now", NOW, "short.jsonl"], tmp_path)
    assert done.returncode == 2, done.stdout
    assert "--no-trunc" in done.stderr


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(self.path)


def api_history(name):
    connection = UnixConnection("/var/run/docker.sock")
    connection.request("GET", f"/images/{urllib.parse.quote(name, safe='')}/history")
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 200, body
    return body


def test_api_history_through_python(history_image):
    body = api_history(history_image)
    report = hullcheck.evaluate([("history.json", body)]).to_dict()
    images = [s for s in report["subjects"] if s["kind"] == "image"]
    assert [s["name"] for s in images] == [history_image], "the API's Tags name it"
    assert statuses(report, "IMG011") == ["fail"]
    setuid = next(f for f in report["findings"] if f["code"] == "IMG011")
    assert setuid["location"]["pointer"] == "/1/CreatedBy"
    assert statuses(report, "IMG001") == ["missing_input"]
    inspect = docker("image", "inspect", history_image)
    joined = hullcheck.evaluate([("image.json", inspect), ("history.json", body)]).to_dict()
    assert statuses(joined, "IMG001") == ["pass"]
    assert statuses(joined, "IMG011") == ["fail"]
