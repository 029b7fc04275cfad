"""Two stub replicas behind nginx answer every request alike.

Every answer of the stub is meant to be a function of the request, the dataset and the clock,
so that any number of replicas can stand behind any load balancer without sharing state. This
check starts two replicas of the release stub (the same default dataset, each on its own free
loopback port) and nginx from Debian in front of them, round-robin, as a child process with a
configuration in a temporary folder. It sends each request of a fixed list to each replica
directly and several times through nginx (always with the balancer's address as `Host`, as a
client would), and requires:

- every answer to a request to be the same (status, content type, content disposition, body),
  once the per-request ids the vendors define are set aside: the Huawei `X-Request-Id` header
  and the Tencent `Response.RequestId` field;
- through nginx, both replicas to have answered each request (nginx names the replica in an
  `X-Upstream` header), so that the comparison really spans two processes;
- the success cases to be successes (HTTP 200 with a task id, a workbook, a page of users), so
  that two identical failures cannot pass for agreement.

Export requests: when the documents have the task operations (Workspace `ListExportTasks` and
`DownloadExportFile`, Tencent `ExportTasks`), every export creates a new task whose id carries
its creation time, so the ids of two exports differ by design. Then the export answers are
compared with their task ids set aside, and each task created through one replica is followed
up on every path: once it has finished, polling it and downloading its file must give the same
answers from both replicas and through nginx. Without those operations, export task ids are a
function of the request and are compared as they are.

nginx is installed with apt-get when it is missing (the machine runs as root). Traffic goes only
to 127.0.0.1; every process started here is stopped at the end. Standard library only.

Run: `python3 tests/replicas/check_replicas.py` (STUB_SERVER_BIN as for the other suites).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

import stub_process  # noqa: E402  (found through the path set just above)

# How many times each request goes through nginx; round-robin over two replicas sends half to each.
THROUGH_BALANCER = 4
START_TIMEOUT_SECONDS = 30.0
REQUEST_TIMEOUT_SECONDS = 10.0
NGINX_START_SECONDS = 10.0
# How long an export task may take to finish (the stub's default delay is half a second).
TASK_DONE_SECONDS = 10.0

# Identifiers every dataset holds (README.md, DECISIONS.md "Anchors").
PROJECT = "0bec5db98280d2d02fd6c00c2de791ce"
HUAWEI = {"X-Auth-Token": "replica-check-token"}
TENCENT = {
    "X-TC-Action": "ExportAssetUserList",
    "X-TC-Version": "2018-02-28",
    "X-TC-Timestamp": "1700000000",
    "Authorization": "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-01-01/cwp/tc3_request, "
    "SignedHeaders=content-type;host, Signature=0000000000000000",
    "Content-Type": "application/json",
}
ENOS = {"apim-accesstoken": "replica-check-token", "Content-Type": "application/json"}
ENOS_PATH = "/app-portal-service/v2.3/userGroup/listAssignedUser?orgId=o15589000000001"


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    # What a success must hold: (status, bytes the body contains); None for cases that are
    # compared only.
    success: tuple[int, bytes] | None = None
    # "workspace" or "tencent" for a request that creates an export task.
    export: str | None = None


def cases() -> list[Case]:
    export = f"/v3/{PROJECT}/groups/grp-123/users/export"
    template = f"/v2/{PROJECT}/users/template/download"
    return [
        Case("Workspace export, whole group", "GET", export, HUAWEI, success=(200, b'"task_id"'), export="workspace"),
        Case(
            "Workspace export, filtered",
            "GET",
            f"{export}?user_name=a&active_type=USER_ACTIVATE&language=zh_CN",
            HUAWEI,
            success=(200, b'"task_id"'),
            export="workspace",
        ),
        Case(
            "Workspace export, user_names in another order",
            "GET",
            f"{export}?user_names=bob&user_names=alice",
            HUAWEI,
            success=(200, b'"task_id"'),
            export="workspace",
        ),
        Case("Workspace export, unknown group", "GET", f"/v3/{PROJECT}/groups/no-such/users/export", HUAWEI),
        Case("Workspace export, bad enum", "GET", f"{export}?active_type=BOGUS", HUAWEI),
        Case("Workspace export, no credentials", "GET", export),
        Case("Workspace template, default", "GET", template, HUAWEI, success=(200, b"PK\x03\x04")),
        Case(
            "Workspace template, Chinese for administrators",
            "GET",
            f"{template}?language=zh_CN&active_type=ADMIN_ACTIVATE",
            HUAWEI,
            success=(200, b"PK\x03\x04"),
        ),
        Case("Tencent export, everything", "POST", "/", TENCENT, "{}", success=(200, b'"TaskId"'), export="tencent"),
        Case(
            "Tencent export, filtered and sorted",
            "POST",
            "/",
            TENCENT,
            json.dumps(
                {
                    "Quuid": "quuid-1",
                    "Filters": [{"Name": "Name", "Values": ["root", "admin"], "ExactMatch": True}],
                    "Order": "desc",
                    "By": "LoginTime",
                }
            ),
            success=(200, b'"TaskId"'),
            export="tencent",
        ),
        Case(
            "Tencent export, bad filter",
            "POST",
            "/",
            TENCENT,
            json.dumps({"Filters": [{"Name": "Bogus", "Values": ["x"]}]}),
        ),
        Case(
            "EnOS users, first page",
            "POST",
            ENOS_PATH,
            ENOS,
            json.dumps({"userGroupId": "your_user_group_id", "pagination": {"pageNo": 0, "pageSize": 100}}),
            success=(200, b'"totalElements"'),
        ),
        Case(
            "EnOS users, page size out of range",
            "POST",
            ENOS_PATH,
            ENOS,
            json.dumps({"userGroupId": "your_user_group_id", "pagination": {"pageNo": 0, "pageSize": 5000}}),
        ),
        Case(
            "CodeArts member groups, a page",
            "GET",
            "/v4/groups/4242/user-groups?offset=20&limit=50",
            HUAWEI,
            success=(200, b'"user_group_id"'),
        ),
        Case("CodeArts member groups, limit too large", "GET", "/v4/groups/123/user-groups?limit=101", HUAWEI),
        Case("unknown route", "GET", "/v9/nothing", HUAWEI),
        Case("health", "GET", "/healthz", success=(200, b'"ok"')),
        Case("served document", "GET", "/api-docs/huawei-workspace.json", success=(200, b'"openapi"')),
    ]


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str | None
    disposition: str | None
    body: bytes
    upstream: str | None

    def comparable(self, mask_task_ids: bool = False) -> tuple:
        """The answer without the ids the vendors make fresh for every request (and without the
        task id, for exports whose ids carry their creation time)."""
        return (self.status, self.content_type, self.disposition, masked(self.body, mask_task_ids))

    def json(self) -> dict:
        try:
            document = json.loads(self.body)
        except ValueError:
            return {}
        return document if isinstance(document, dict) else {}


def masked(body: bytes, mask_task_ids: bool) -> bytes:
    """A body with Tencent's `Response.RequestId` blanked, and the task id too when asked;
    any other body as it is."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if not isinstance(document, dict):
        return body
    response = document.get("Response")
    if isinstance(response, dict) and "RequestId" in response:
        response["RequestId"] = "<per request>"
        if mask_task_ids and "TaskId" in response:
            response["TaskId"] = "<per export>"
        return json.dumps(document, sort_keys=True).encode()
    if mask_task_ids and "task_id" in document:
        document["task_id"] = "<per export>"
        return json.dumps(document, sort_keys=True).encode()
    return body


def task_id(answer: Answer) -> str | None:
    document = answer.json()
    response = document.get("Response")
    found = response.get("TaskId") if isinstance(response, dict) else document.get("task_id")
    return found if isinstance(found, str) else None


def send(port: int, case: Case, host: str) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        body = case.body.encode() if case.body is not None else None
        # One Host for every path, the balancer's, so that answers naming it (download URLs)
        # can be compared.
        connection.request(case.method, case.target, body=body, headers={**case.headers, "Host": host})
        response = connection.getresponse()
        return Answer(
            status=response.status,
            content_type=response.getheader("Content-Type"),
            disposition=response.getheader("Content-Disposition"),
            body=response.read(),
            upstream=response.getheader("X-Upstream"),
        )
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    """nginx from PATH or /usr/sbin, installed from Debian when missing."""

    def find() -> str | None:
        return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)

    found = find()
    if found:
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "nginx"]
    if subprocess.run(install, check=False, env=env).returncode != 0:
        # A fresh machine may have no package lists yet.
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    found = find()
    if not found:
        raise RuntimeError("nginx is still missing after apt-get install nginx")
    return found


NGINX_CONF = """\
# Written by tests/replicas/check_replicas.py; everything lives in {prefix}.
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream replicas {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://replicas;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # A failing replica must show as a failure, not be hidden by a retry on the other.
            proxy_next_upstream off;
            # Large answers pass through memory buffers only: the workers (nobody, when nginx
            # starts as root) cannot write into this root-owned folder.
            proxy_max_temp_file_size 0;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


class Nginx:
    """nginx in the foreground (`daemon off`), as a child process."""

    def __init__(self, binary: str, prefix: Path, upstreams: tuple[int, int]) -> None:
        self.log = prefix / "nginx.stderr"
        for attempt in range(3):
            self.port = free_port()
            conf = prefix / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(prefix=prefix, first=upstreams[0], second=upstreams[1], port=self.port),
                encoding="utf-8",
            )
            with self.log.open("wb") as log:
                # -e: the error log before the configuration is read, so that nothing is
                # written under /var/log.
                self.process = subprocess.Popen(
                    [binary, "-p", str(prefix), "-c", str(conf), "-e", "stderr"],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                )
            if self._wait_until_listening():
                return
            self.stop()
            if "Address already in use" not in self.log.read_text("utf-8", "replace") or attempt == 2:
                break
        raise RuntimeError(f"nginx did not start:\n{self.log.read_text('utf-8', 'replace')}")

    def _wait_until_listening(self) -> bool:
        deadline = time.monotonic() + NGINX_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass(frozen=True)
class Paths:
    """The ports a request can take, and the Host header every request carries."""

    first: int
    second: int
    balancer: int

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.balancer}"


def compare(case: Case, paths: Paths, mask_task_ids: bool = False) -> tuple[list[str], list[Answer]]:
    """Sends `case` to both replicas and through nginx; the disagreements found, and the
    answers (the two direct ones first)."""
    problems = []
    direct = {
        "first replica": send(paths.first, case, paths.host),
        "second replica": send(paths.second, case, paths.host),
    }
    balanced = [send(paths.balancer, case, paths.host) for _ in range(THROUGH_BALANCER)]
    expected = direct["first replica"].comparable(mask_task_ids)
    answers = list(direct.items()) + [(f"nginx #{i + 1} via {a.upstream}", a) for i, a in enumerate(balanced)]
    for label, answer in answers:
        if answer.comparable(mask_task_ids) != expected:
            problems.append(
                f"{label} answered {answer.status} {answer.body[:200]!r}, the first replica "
                f"{expected[0]} {direct['first replica'].body[:200]!r}"
            )
    served_by = {a.upstream for a in balanced}
    wanted = {f"127.0.0.1:{paths.first}", f"127.0.0.1:{paths.second}"}
    if served_by != wanted:
        problems.append(f"nginx sent the request to {sorted(map(str, served_by))}, not to both of {sorted(wanted)}")
    if case.success:
        status, marker = case.success
        answer = direct["first replica"]
        if answer.status != status or marker not in answer.body:
            problems.append(f"expected {status} with {marker!r}, got {answer.status} {answer.body[:200]!r}")
    return problems, [a for _, a in answers]


def follow_ups(vendor: str, task: str) -> tuple[Case, Case]:
    """How a client polls an export task, and fetches its file once it is done."""
    if vendor == "workspace":
        return (
            Case(
                f"ListExportTasks of {task}",
                "GET",
                f"/v2/{PROJECT}/export-tasks?task_id={task}",
                HUAWEI,
                success=(200, b'"SUCCESS"'),
            ),
            Case(
                f"DownloadExportFile of {task}",
                "GET",
                f"/v2/{PROJECT}/export-tasks/{task}/download",
                HUAWEI,
                success=(200, b"PK\x03\x04"),
            ),
        )
    poll = Case(
        f"ExportTasks of {task}",
        "POST",
        "/",
        {**TENCENT, "X-TC-Action": "ExportTasks"},
        json.dumps({"TaskId": task}),
        success=(200, b'"FINISHED"'),
    )
    return poll, poll


def follow_task(vendor: str, task: str, paths: Paths) -> list[str]:
    """Polls a task until it is done, then requires every path to report it, and to serve its
    file, alike. Polling comes first: a download marks the task downloaded on the replica that
    served it, which its listing then shows."""
    poll, download = follow_ups(vendor, task)
    deadline = time.monotonic() + TASK_DONE_SECONDS
    while True:
        answer = send(paths.first, poll, paths.host)
        if poll.success and poll.success[1] in answer.body:
            break
        if time.monotonic() > deadline:
            return [f"{poll.name}: not done after {TASK_DONE_SECONDS:g} s: {answer.status} {answer.body[:200]!r}"]
        time.sleep(0.1)
    problems, answers = compare(poll, paths)
    problems = [f"{poll.name}: {p}" for p in problems]
    if vendor == "workspace":
        more, _ = compare(download, paths)
        problems += [f"{download.name}: {p}" for p in more]
    else:
        # Tencent hands out a URL to fetch without credentials; fetch its path on every path.
        url = answers[0].json().get("Response", {}).get("DownloadUrl", "")
        target = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if url else ""
        if not target.strip("/"):
            problems.append(f"{poll.name}: no DownloadUrl in {answers[0].body[:200]!r}")
        else:
            fetch = Case(f"download of {task}", "GET", target, success=(200, b"PK\x03\x04"))
            more, _ = compare(fetch, paths)
            problems += [f"{fetch.name}: {p}" for p in more]
    return problems


def has_task_operations(paths: Paths) -> bool:
    """Whether the served documents define the export-task operations."""
    document = send(paths.first, Case("document", "GET", "/api-docs/huawei-workspace.json"), paths.host)
    return b'"ListExportTasks"' in document.body


def check(case: Case, paths: Paths, tasks: bool) -> list[str]:
    """The problems found with one request; empty when the replicas agree."""
    mask = tasks and case.export is not None
    problems, answers = compare(case, paths, mask_task_ids=mask)
    if mask and not problems:
        # A task created by the first replica and one created through nginx (by either).
        for answer in (answers[0], answers[2]):
            task = task_id(answer)
            if task is None:
                problems.append(f"no task id in {answer.body[:200]!r}")
            else:
                problems += follow_task(case.export, task, paths)
    return problems


def main() -> int:
    binary = stub_process.require_binary(stub_process.stub_binary())
    nginx = nginx_binary()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="stub-replicas-") as folder:
        prefix = Path(folder)
        with (
            stub_process.StubProcess(binary, start_timeout=START_TIMEOUT_SECONDS) as first,
            stub_process.StubProcess(binary, start_timeout=START_TIMEOUT_SECONDS) as second,
        ):
            balancer = Nginx(nginx, prefix, (first.port, second.port))
            try:
                paths = Paths(first.port, second.port, balancer.port)
                tasks = has_task_operations(paths)
                print("export tasks are followed up" if tasks else "export task ids are compared as they are")
                for case in cases():
                    problems = check(case, paths, tasks)
                    if problems:
                        failed += 1
                        print(f"FAILED {case.name}")
                        for problem in problems:
                            print(f"    {problem}")
                    else:
                        passed += 1
                        print(f"ok     {case.name}")
            finally:
                balancer.stop()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
