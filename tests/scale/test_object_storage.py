"""Uploaded media go to S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set.

The production settings are loaded in a fresh process with only environment variables
changed, exactly as a deployment would set them, and talk to a small stand-in for an
S3 endpoint (path-style PUT, HEAD and GET), so no network or account is needed.
"""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class FakeS3(BaseHTTPRequestHandler):
    objects: dict = {}
    requests: list = []

    def log_message(self, *args):
        pass

    def _record(self):
        self.requests.append({"method": self.command, "path": self.path.split("?")[0], "headers": dict(self.headers)})

    def do_PUT(self):
        self._record()
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if "aws-chunked" in self.headers.get("Content-Encoding", ""):
            body = _decode_aws_chunked(body)
        self.objects[self.path.split("?")[0]] = (body, dict(self.headers))
        self.send_response(200)
        self.send_header("ETag", '"abc"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._record()
        found = self.objects.get(self.path.split("?")[0])
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", str(len(found[0])) if found else "0")
        self.end_headers()

    def do_GET(self):
        self._record()
        found = self.objects.get(self.path.split("?")[0])
        if not found:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(found[0])))
        self.end_headers()
        self.wfile.write(found[0])


def _decode_aws_chunked(body: bytes) -> bytes:
    data, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        data, rest = data + rest[:size], rest[size + 2 :]
    return data


@pytest.fixture
def fake_s3():
    FakeS3.objects, FakeS3.requests = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeS3)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


UPLOAD = """
import json, django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import storages
default_storage = storages["default"]
first = default_storage.save("images/village-hall.jpg", ContentFile(b"a photo of the hall"))
second = default_storage.save("images/village-hall.jpg", ContentFile(b"another photo"))
print(json.dumps({
    "backend": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "first": first,
    "second": second,
    "url": default_storage.url(first),
    "read_back": default_storage.open(first).read().decode(),
}))
"""


def upload(endpoint, **env):
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "gather.settings.production",
        "SECRET_KEY": "s" * 60,
        "AWS_STORAGE_BUCKET_NAME": "gather-media",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        **env,
    }
    completed = subprocess.run(
        [sys.executable, "-c", UPLOAD], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_uploads_are_stored_in_the_bucket_and_served_through_signed_links(fake_s3):
    result = upload(fake_s3)

    assert result["backend"] == "storages.backends.s3.S3Storage"
    assert result["read_back"] == "a photo of the hall"
    stored = FakeS3.objects["/gather-media/media/images/village-hall.jpg"]
    assert stored[0] == b"a photo of the hall"
    # Every upload has a unique name, so the file never changes and can be cached for good.
    assert stored[1]["Cache-Control"] == "max-age=31536000, immutable"
    assert result["second"] != result["first"]
    assert FakeS3.objects[f"/gather-media/media/{result['second']}"][0] == b"another photo"
    # A private bucket: links are signed and expire.
    assert result["url"].startswith(f"{fake_s3}/gather-media/media/images/village-hall.jpg?")
    assert "X-Amz-Signature=" in result["url"]


def test_a_public_domain_for_the_bucket_gives_plain_links(fake_s3):
    result = upload(fake_s3, AWS_S3_CUSTOM_DOMAIN="media.gather.example")

    assert result["url"] == "https://media.gather.example/media/images/village-hall.jpg"
