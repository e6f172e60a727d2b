#!/usr/bin/env python3
"""A fake of the three AWS credential endpoints s3clone talks to, for loopback tests only.

It listens on 127.0.0.1 (never any other address) on a free port and prints the port alone as
its first line (the convention of TestSupport's LoopbackServer, which kills it when released). It serves:

  EC2 instance metadata (IMDSv2)
    PUT  /latest/api/token                                 needs X-aws-ec2-metadata-token-ttl-seconds
    GET  /latest/meta-data/iam/security-credentials/       needs X-aws-ec2-metadata-token
    GET  /latest/meta-data/iam/security-credentials/ROLE   needs X-aws-ec2-metadata-token
  the container credential endpoint
    GET  /container/credentials                            needs Authorization: CONTAINER_TOKEN
  STS
    POST /sts/   Action=AssumeRoleWithWebIdentity          needs WebIdentityToken=WEB_IDENTITY_TOKEN
  and, for the test's own checks,
    GET  /_requests                                        every request so far, as JSON lines

It also stops by itself after --lifetime seconds, so it cannot outlive a test run that died
for long.
"""

import argparse
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IMDS_TOKEN = "fake-imds-session-token"
ROLE = "fake-role"
CONTAINER_TOKEN = "fake-container-authorization"
WEB_IDENTITY_TOKEN = "fake-web-identity-jwt"
EXPIRATION = "2030-01-02T03:04:05Z"

STS_SUCCESS = """<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <SessionToken>sts-session-token</SessionToken>
      <SecretAccessKey>sts-secret</SecretAccessKey>
      <Expiration>{expiration}</Expiration>
      <AccessKeyId>ASIAFAKESTS</AccessKeyId>
    </Credentials>
    <AssumedRoleUser><Arn>{role}</Arn></AssumedRoleUser>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
"""

STS_ERROR = """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
  <RequestId>fake</RequestId>
</ErrorResponse>
"""


def credential_json(key_id, token_field="Token", with_code=False):
    document = {"AccessKeyId": key_id, "SecretAccessKey": key_id.lower() + "-secret",
                token_field: key_id.lower() + "-token", "Expiration": EXPIRATION}
    if with_code:
        document = {"Code": "Success", "Type": "AWS-HMAC", **document}
    return json.dumps(document)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_lock = threading.Lock()
    log = []

    def log_message(self, *args):
        pass

    def record(self, body):
        entry = {"method": self.command, "path": self.path,
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body.decode("utf-8", "replace")}
        with Handler.log_lock:
            Handler.log.append(entry)

    def reply(self, status, body, content_type="text/plain"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path != "/_requests":
            self.record(body)
        method, path = self.command, urllib.parse.urlsplit(self.path).path
        imds_token = self.headers.get("X-aws-ec2-metadata-token")

        if method == "GET" and path == "/_requests":
            with Handler.log_lock:
                lines = "".join(json.dumps(entry) + "\n" for entry in Handler.log)
            return self.reply(200, lines, "application/x-ndjson")
        if method == "PUT" and path == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(400, "missing TTL header")
            return self.reply(200, IMDS_TOKEN)
        if method == "GET" and path.startswith("/latest/meta-data/iam/security-credentials/"):
            if imds_token != IMDS_TOKEN:
                return self.reply(401, "unauthorized")
            role = path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                return self.reply(200, ROLE)
            if role == ROLE:
                return self.reply(200, credential_json("ASIAFAKEIMDS", with_code=True), "application/json")
            return self.reply(404, "no such role")
        if method == "GET" and path == "/container/credentials":
            if self.headers.get("Authorization") != CONTAINER_TOKEN:
                return self.reply(401, json.dumps({"code": "AccessDenied"}), "application/json")
            return self.reply(200, credential_json("ASIAFAKECONTAINER"), "application/json")
        if method == "POST" and path in ("/sts", "/sts/"):
            form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
            field = lambda name: form.get(name, [""])[0]
            if field("Action") != "AssumeRoleWithWebIdentity" or field("Version") != "2011-06-15":
                return self.reply(400, STS_ERROR.format(code="InvalidAction", message="unknown action"), "text/xml")
            if field("WebIdentityToken") != WEB_IDENTITY_TOKEN:
                return self.reply(400, STS_ERROR.format(code="InvalidIdentityToken", message="bad token"), "text/xml")
            return self.reply(200, STS_SUCCESS.format(expiration=EXPIRATION, role=field("RoleArn")), "text/xml")
        return self.reply(404, "not found")

    do_GET = do_PUT = do_POST = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lifetime", type=float, default=120.0)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    main()
