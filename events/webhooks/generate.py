#!/usr/bin/env python3
"""Writes the API Gateway events in events/webhooks/ and events/approvals/ with valid signatures.

Every secret is the documented test secret `slipway-test-secret` (the tests' fake Secrets Manager
holds it under every key). Payloads follow GitHub's and the Jenkins Notification plugin's
documented shapes. Re-run after editing a payload:  python3 events/webhooks/generate.py
The generic build event's signature covers its timestamp (1795741200 = 2026-11-27T01:00:00Z);
the tests run with a clock at that time. To send it now, re-sign it (docs/webhooks.md).
"""
import base64, hashlib, hmac, json, os, uuid

SECRET = b"slipway-test-secret"
ROOT = os.path.dirname(os.path.abspath(__file__))
APPROVALS = os.path.join(ROOT, "..", "approvals")
TS = 1795741200  # 2026-11-27T01:00:00Z
CHECKOUT_SHA = "9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e"
CATALOG_SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
STOREFRONT_SHA = "e83c5163316f89bfbde7d9ab23ca2e25604af290"


def sig(body: bytes, prefix: bytes = b"") -> str:
    return "sha256=" + hmac.new(SECRET, prefix + body, hashlib.sha256).hexdigest()


def owner(login):
    return {"login": login, "id": 9919, "node_id": "MDEyOk9yZ2FuaXphdGlvbjk5MTk=",
            "avatar_url": "https://avatars.githubusercontent.com/u/9919?v=4", "gravatar_id": "",
            "url": f"https://api.github.com/users/{login}", "html_url": f"https://github.com/{login}",
            "type": "Organization", "site_admin": False}


def repo(name, default_branch="main"):
    full = f"acme/{name}"
    return {"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": name, "full_name": full,
            "private": True, "owner": owner("acme"), "html_url": f"https://github.com/{full}",
            "description": None, "fork": False, "url": f"https://api.github.com/repos/{full}",
            "git_url": f"git://github.com/{full}.git", "ssh_url": f"git@github.com:{full}.git",
            "clone_url": f"https://github.com/{full}.git", "default_branch": default_branch,
            "created_at": "2021-03-02T10:11:12Z", "pushed_at": "2026-11-27T00:58:41Z"}


SENDER = {"login": "mona", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==",
          "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
          "url": "https://api.github.com/users/mona", "html_url": "https://github.com/mona",
          "type": "User", "site_admin": False}


def v1(path, method, headers, body, query=None, resource=None, path_params=None):
    h = {"Host": "abc123.execute-api.us-east-1.amazonaws.com", "X-Forwarded-For": "140.82.115.10",
         "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https",
         "X-Amzn-Trace-Id": "Root=1-6746a1b0-2f1e0c3d4b5a697887766554"}
    h.update(headers)
    return {"resource": resource or path, "path": path, "httpMethod": method, "headers": h,
            "multiValueHeaders": {k: [v] for k, v in h.items()},
            "queryStringParameters": query, "multiValueQueryStringParameters":
                None if query is None else {k: [v] for k, v in query.items()},
            "pathParameters": path_params, "stageVariables": None,
            "requestContext": {"resourceId": "x1y2z3", "resourcePath": resource or path,
                               "httpMethod": method, "extendedRequestId": "C1a2b3c4d5e6f7g=",
                               "requestTime": "27/Nov/2026:01:00:00 +0000", "path": "/prod" + path,
                               "accountId": "123456789012", "protocol": "HTTP/1.1", "stage": "prod",
                               "domainPrefix": "abc123", "requestTimeEpoch": TS * 1000,
                               "requestId": str(uuid.uuid5(uuid.NAMESPACE_URL, path + json.dumps(headers))),
                               "identity": {"sourceIp": "140.82.115.10", "userAgent": headers.get("User-Agent", "")},
                               "domainName": "abc123.execute-api.us-east-1.amazonaws.com", "apiId": "abc123"},
            "body": body.decode(), "isBase64Encoded": False}


def v2(path, method, headers, body, query=None, route=None, path_params=None, b64=False):
    h = {"host": "abc123.execute-api.us-east-1.amazonaws.com", "x-forwarded-for": "140.82.115.10",
         "x-forwarded-port": "443", "x-forwarded-proto": "https",
         "x-amzn-trace-id": "Root=1-6746a1b0-2f1e0c3d4b5a697887766554",
         "content-length": str(len(body))}
    h.update({k.lower(): v for k, v in headers.items()})
    raw_query = "&".join(f"{k}={v}" for k, v in (query or {}).items())
    ev = {"version": "2.0", "routeKey": route or f"{method} {path}", "rawPath": path,
          "rawQueryString": raw_query, "headers": h}
    if query:
        ev["queryStringParameters"] = query
    ev["requestContext"] = {"accountId": "123456789012", "apiId": "abc123",
                            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
                            "domainPrefix": "abc123",
                            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                                     "sourceIp": "140.82.115.10", "userAgent": headers.get("User-Agent", "")},
                            "requestId": "Cq" + hashlib.sha1((path + json.dumps(headers)).encode()).hexdigest()[:14] + "=",
                            "routeKey": route or f"{method} {path}", "stage": "$default",
                            "time": "27/Nov/2026:01:00:00 +0000", "timeEpoch": TS * 1000}
    if path_params:
        ev["pathParameters"] = path_params
    if body:
        ev["body"] = base64.b64encode(body).decode() if b64 else body.decode()
    ev["isBase64Encoded"] = b64
    return ev


def github(event, payload, fmt="v1", delivery=None, b64=False):
    body = json.dumps(payload, indent=2).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/a9e2d31",
               "X-GitHub-Delivery": delivery or str(uuid.uuid5(uuid.NAMESPACE_OID, event + json.dumps(payload))),
               "X-GitHub-Event": event, "X-GitHub-Hook-ID": "460312234",
               "X-GitHub-Hook-Installation-Target-ID": "1296269",
               "X-GitHub-Hook-Installation-Target-Type": "repository",
               "X-Hub-Signature": "sha1=" + hmac.new(SECRET, body, hashlib.sha1).hexdigest(),
               "X-Hub-Signature-256": sig(body)}
    if fmt == "v1":
        return v1("/webhooks/github", "POST", headers, body)
    return v2("/webhooks/github", "POST", headers, body, b64=b64)


def write(rel, event, base=ROOT):
    path = os.path.join(base, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(event, f, indent=2)
        f.write("\n")


# ---- GitHub ---------------------------------------------------------------------------------
write("github/ping.json", github("ping", {
    "zen": "Design for failure.", "hook_id": 460312234,
    "hook": {"type": "Repository", "id": 460312234, "name": "web", "active": True,
             "events": ["push", "release", "workflow_run", "registry_package"],
             "config": {"content_type": "json", "insecure_ssl": "0",
                        "url": "https://abc123.execute-api.us-east-1.amazonaws.com/webhooks/github"},
             "updated_at": "2026-11-27T00:50:02Z", "created_at": "2026-11-27T00:50:02Z"},
    "repository": repo("checkout"), "sender": SENDER}))

head = {"id": STOREFRONT_SHA, "tree_id": "0f4e8d0c5b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e", "distinct": True,
        "message": "SHOP-481 Show delivery estimates on the basket page\n\nCo-authored-by: Lee <lee@acme.example>",
        "timestamp": "2026-11-27T00:58:30Z",
        "url": f"https://github.com/acme/storefront/commit/{STOREFRONT_SHA}",
        "author": {"name": "Mona Lisa", "email": "mona@acme.example", "username": "mona"},
        "committer": {"name": "GitHub", "email": "noreply@github.com", "username": "web-flow"},
        "added": [], "removed": [], "modified": ["src/basket/estimate.ts"]}
push = {"ref": "refs/heads/main", "before": "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0", "after": STOREFRONT_SHA,
        "repository": repo("storefront"), "pusher": {"name": "mona", "email": "mona@acme.example"},
        "sender": SENDER, "created": False, "deleted": False, "forced": False, "base_ref": None,
        "compare": f"https://github.com/acme/storefront/compare/b1c2d3e4f5a6...{STOREFRONT_SHA[:12]}",
        "commits": [head], "head_commit": head}
write("github/push.json", github("push", push))
feature = dict(push, ref="refs/heads/feature/basket-estimates")
write("github/push-feature-branch.json", github("push", feature, fmt="v2"))

# a push to main of the demo app of `slipway up` / `slipway run` (events/demo/config/slipway.yaml:
# checkout, repo acme/checkout, release branch main, trigger github-push): its release runs on up
checkout_head = dict(head, id=CHECKOUT_SHA, tree_id="3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
                     message="CHK-1207 Retry card authorisation once on gateway timeout",
                     url=f"https://github.com/acme/checkout/commit/{CHECKOUT_SHA}",
                     modified=["src/payments/authorise.ts"])
write("github/push-checkout.json", github("push", dict(
    push, after=CHECKOUT_SHA, before="7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b", repository=repo("checkout"),
    compare=f"https://github.com/acme/checkout/compare/7e6d5c4b3a29...{CHECKOUT_SHA[:12]}",
    commits=[checkout_head], head_commit=checkout_head), fmt="v2"))

write("github/release-published.json", github("release", {
    "action": "published",
    "release": {"url": "https://api.github.com/repos/acme/catalog/releases/184522107",
                "html_url": "https://github.com/acme/catalog/releases/tag/v3.2.0", "id": 184522107,
                "node_id": "RE_kwDOAAABc84K_7v7", "tag_name": "v3.2.0", "target_commitish": "main",
                "name": "v3.2.0 (CAT-77 faster search)", "draft": False, "prerelease": False,
                "author": SENDER, "created_at": "2026-11-27T00:40:00Z", "published_at": "2026-11-27T00:59:00Z",
                "assets": [], "body": "CAT-77: search index is rebuilt incrementally."},
    "repository": repo("catalog"), "sender": SENDER}, fmt="v2"))

write("github/workflow-run-completed.json", github("workflow_run", {
    "action": "completed",
    "workflow_run": {"id": 12030421477, "name": "build", "node_id": "WFR_kwLOAAABc88AAAACzRq9pQ",
                     "head_branch": "main", "head_sha": CATALOG_SHA, "path": ".github/workflows/build.yml",
                     "display_title": "CAT-75 Cache category tree", "run_number": 318, "event": "push",
                     "status": "completed", "conclusion": "success", "workflow_id": 84512236,
                     "check_suite_id": 31222045811, "url": "https://api.github.com/repos/acme/catalog/actions/runs/12030421477",
                     "html_url": "https://github.com/acme/catalog/actions/runs/12030421477",
                     "pull_requests": [], "created_at": "2026-11-27T00:51:10Z", "updated_at": "2026-11-27T00:58:55Z",
                     "run_attempt": 1, "run_started_at": "2026-11-27T00:51:10Z",
                     "head_commit": {"id": CATALOG_SHA, "tree_id": "6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b",
                                     "message": "CAT-75 Cache category tree", "timestamp": "2026-11-27T00:50:58Z",
                                     "author": {"name": "Mona Lisa", "email": "mona@acme.example"},
                                     "committer": {"name": "GitHub", "email": "noreply@github.com"}},
                     "repository": {"id": 1296270, "name": "catalog", "full_name": "acme/catalog"},
                     "head_repository": {"id": 1296270, "name": "catalog", "full_name": "acme/catalog"}},
    "workflow": {"id": 84512236, "name": "build", "path": ".github/workflows/build.yml", "state": "active"},
    "repository": repo("catalog"), "sender": SENDER}))

write("github/registry-package-published.json", github("registry_package", {
    "action": "published",
    "registry_package": {
        "id": 5103377, "name": "checkout", "namespace": "acme", "description": "", "ecosystem": "CONTAINER",
        "package_type": "CONTAINER", "html_url": "https://github.com/orgs/acme/packages/container/package/checkout",
        "created_at": "2026-03-02T10:11:12Z", "updated_at": "2026-11-27T00:59:30Z", "owner": owner("acme"),
        "package_version": {
            "id": 330221945, "version": "sha256:5d7f1c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f5e",
            "name": "sha256:5d7f1c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f5e",
            "description": "", "summary": "", "body": "", "manifest": "",
            "html_url": "https://github.com/orgs/acme/packages/container/checkout/330221945",
            "target_commitish": "main", "target_oid": CHECKOUT_SHA,
            "created_at": "2026-11-27T00:59:30Z", "updated_at": "2026-11-27T00:59:30Z", "metadata": [],
            "container_metadata": {"tag": {"name": "142", "digest": "sha256:5d7f1c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f5e"},
                                   "labels": {"org.opencontainers.image.revision": CHECKOUT_SHA,
                                              "org.opencontainers.image.source": "https://github.com/acme/checkout"},
                                   "manifest": {}},
            "package_files": [], "installation_command": "docker pull ghcr.io/acme/checkout:142",
            "package_url": "ghcr.io/acme/checkout:142"},
        "registry": {"about_url": "https://docs.github.com/packages/learn-github-packages/introduction-to-github-packages",
                     "name": "GitHub CONTAINER registry", "type": "CONTAINER", "url": "https://ghcr.io/acme", "vendor": "GitHub Inc"}},
    "repository": repo("checkout"), "organization": owner("acme"), "sender": SENDER}, fmt="v2", b64=True))


# ---- Jenkins Notification plugin ---------------------------------------------------------------
def jenkins(phase, status, number=142, params=None):
    build = {"full_url": f"https://jenkins.acme.example/job/checkout/{number}/", "number": number,
             "queue_id": 8812, "timestamp": TS * 1000 - 240000, "duration": 231877 if phase != "STARTED" else 0,
             "phase": phase, "url": f"job/checkout/{number}/",
             "scm": {"url": "https://github.com/acme/checkout.git", "branch": "origin/main", "commit": CHECKOUT_SHA,
                     "changes": ["CHK-1207 Retry card authorisation once on gateway timeout"],
                     "culprits": ["mona"]},
             "parameters": params if params is not None else {"SKIP_STATIC_SYNC": "true"},
             "log": "", "notes": "", "artifacts": {}}
    if status is not None:
        build["status"] = status
    return {"name": "checkout", "display_name": "checkout", "url": "job/checkout/", "build": build}


def jenkins_event(payload, auth, fmt="v1", query=None):
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json; charset=UTF-8", "User-Agent": "Jenkins Notification Plugin"}
    if auth == "token":
        headers["X-Slipway-Token"] = "slipway-test-secret"
    else:
        headers["X-Slipway-Signature-256"] = sig(body)
    if fmt == "v1":
        return v1("/webhooks/jenkins", "POST", headers, body, query=query)
    return v2("/webhooks/jenkins", "POST", headers, body, query=query)


write("jenkins/started.json", jenkins_event(jenkins("STARTED", None), "token"))
write("jenkins/completed-success.json", jenkins_event(jenkins("COMPLETED", "SUCCESS"), "token"))
write("jenkins/finalized-success-signed.json", jenkins_event(jenkins("FINALIZED", "SUCCESS"), "hmac", fmt="v2"))
write("jenkins/completed-failure.json", jenkins_event(jenkins("COMPLETED", "FAILURE", number=143), "token"))
# a re-run is asked for inside what is signed: the SLIPWAY_RERUN build parameter (never ?rerun=N)
write("jenkins/completed-success-rerun.json",
      jenkins_event(jenkins("COMPLETED", "SUCCESS", params={"SKIP_STATIC_SYNC": "true", "SLIPWAY_RERUN": "1"}),
                    "hmac"))

# ---- generic build event -----------------------------------------------------------------------
build = {"app": "checkout", "git_repo": "https://github.com/acme/checkout", "git_branch": "release/2.4",
         "build_num": "2.4.7", "commit": "c0ffee254729296a45a3885639ac7b10f9d54979", "status": "success",
         "message": "CHK-1211 Hotfix: tax rounding for CHF", "images": {
             "runtime": "123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.4.7",
             "build": "123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout-build:2.4.7"},
         "skip": ["canary"], "url": "https://ci.acme.example/pipelines/checkout/2041"}
body = json.dumps(build).encode()
write("build/build-success.json", v2("/webhooks/build", "POST", {
    "Content-Type": "application/json", "User-Agent": "curl/8.5.0", "X-Slipway-Timestamp": str(TS),
    "X-Slipway-Delivery": "ci-2041", "X-Slipway-Signature-256": sig(body, (str(TS) + ".").encode())}, body))

# ---- approvals ---------------------------------------------------------------------------------
approval = {
    "id": "stg-deploy", "app": "checkout", "build": "142", "environment": "stg", "gate": "deploy",
    "executionArn": "arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-stg-142-9f2c1e4-0d5e6a7b8c",
    "taskToken": "AQCEAAAAKgAAAAMAAAAAAAAAAeMFbd0Ydp2Y7YSmBE8cZWn0Qdzqq0zLhdqU1x0Jq6vMPMgXwB6b2PZk1q8=",
    "diff": {"created": 1, "changed": 2, "unchanged": 9,
             "keys": ["artifacts/checkout/142/diff/core-1.diff"]},
    "checks": [{"name": "manifests-valid", "status": "PASS", "detail": "12 objects, all valid", "link": None},
               {"name": "static-data", "status": "PASS", "detail": "48 objects, checksums match", "link": None}],
    "links": {"execution": "https://console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-stg-142-9f2c1e4-0d5e6a7b8c",
              "build": "https://jenkins.acme.example/job/checkout/142/"},
    "createdAt": "2026-11-27T01:05:00Z", "expiresAt": "2026-11-28T01:05:00Z", "decision": None}
write("approval-request.json", approval, base=APPROVALS)
expires = 1795827900  # 2026-11-28T01:05:00Z
canon = f"slipway-approval:v1\nstg-deploy\ncheckout\n142\n{expires}".encode()
link_sig = hmac.new(SECRET, canon, hashlib.sha256).hexdigest()
q = {"app": "checkout", "build": "142", "expires": str(expires), "sig": link_sig}
write("get.json", v2("/approvals/stg-deploy", "GET", {"User-Agent": "Mozilla/5.0"}, b"", query=q,
                     route="GET /approvals/{id}", path_params={"id": "stg-deploy"}), base=APPROVALS)
decision = json.dumps({"decision": "approve", "by": "mona@acme.example", "comment": "diff reviewed"}).encode()
write("approve.json", v1("/approvals/stg-deploy", "POST", {"Content-Type": "application/json", "User-Agent": "curl/8.5.0"},
                         decision, query=q, resource="/approvals/{id}", path_params={"id": "stg-deploy"}),
      base=APPROVALS)
reject = json.dumps({"decision": "reject", "by": "lee@acme.example", "comment": "wrong config for CHF"}).encode()
write("reject.json", v2("/approvals/stg-deploy", "POST", {"Content-Type": "application/json", "User-Agent": "curl/8.5.0"},
                        reject, query=q, route="POST /approvals/{id}", path_params={"id": "stg-deploy"}),
      base=APPROVALS)
print("wrote events/webhooks and events/approvals")
