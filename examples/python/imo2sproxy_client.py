#!/usr/bin/env python3
"""A Skype API client for imo2sproxy that uses only its TCP event-bus bridge.

Python 3 standard library only. It follows the documented contract
(shared-protocol/EVENT-BUS.md, schemas in shared-protocol/src/main/resources/schemas/v1/):
logs in as an account, sends PROTOCOL 7 and SEARCH FRIENDS, sends a message, and prints
every line that arrives. Messages it receives are read (GET CHATMESSAGE <id> BODY) and printed
as "RECEIVED <id> <from>: <body>".

    python3 imo2sproxy_client.py --port 7000 --user bob --password bob-pw \
        --to echo123 --message "hello"
"""

import argparse
import json
import socket
import struct
import sys
import time
import uuid

VERSION = 1
ATTACH = "imo2sproxy.gateway.attach"


def session_address(session_id):
    return "imo2sproxy.session." + session_id


def connection_address(connection_id):
    return "imo2sproxy.connection." + connection_id


class BridgeError(Exception):
    """A failure reply of the bridge or of the gateway (failureCode 401, 429, ...)."""

    def __init__(self, frame):
        self.code = frame.get("failureCode")
        super().__init__("%s (code %s)" % (frame.get("message") or frame.get("body"), self.code))


class BusBridge:
    """Frames of the Vert.x TCP event-bus bridge: 4-byte big-endian length, then UTF-8 JSON."""

    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.pending = []  # frames read while waiting for a reply, delivered later in order

    def write(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def _read_exactly(self, n):
        chunks = bytearray()
        while len(chunks) < n:
            chunk = self.sock.recv(n - len(chunks))
            if not chunk:
                raise ConnectionError("bridge closed the connection")
            chunks.extend(chunk)
        return bytes(chunks)

    def read(self):
        if self.pending:
            return self.pending.pop(0)
        (length,) = struct.unpack(">I", self._read_exactly(4))
        return json.loads(self._read_exactly(length).decode("utf-8"))

    def register(self, address):
        self.write({"type": "register", "address": address})

    def request(self, address, body):
        """Sends a request and waits for its reply; other frames are kept for read()."""
        reply_address = "client-reply." + str(uuid.uuid4())
        self.write({"type": "send", "address": address, "body": body,
                    "replyAddress": reply_address})
        while True:
            (length,) = struct.unpack(">I", self._read_exactly(4))
            frame = json.loads(self._read_exactly(length).decode("utf-8"))
            if frame.get("address") == reply_address or (
                    frame.get("type") == "err" and "address" not in frame):
                if frame.get("type") == "err":
                    raise BridgeError(frame)
                return frame.get("body")
            self.pending.append(frame)

    def ping(self):
        self.write({"type": "ping"})

    def close(self):
        self.sock.close()


class SkypeApiSession:
    """One connection of the session contract: attach, commands, output, detach."""

    def __init__(self, bridge, credential):
        self.bridge = bridge
        self.connection = str(uuid.uuid4())
        self.endpoint = "python-" + str(uuid.uuid4())
        self.credential = credential
        self.session = None
        self.account = None
        self.next_id = 1

    def open(self):
        # Consume the connection's address first: output may follow the attach at once.
        self.bridge.register(connection_address(self.connection))
        attach = {"v": VERSION, "connection": self.connection, "endpoint": self.endpoint,
                  "remote": "python", "credential": self.credential}
        reply = self.bridge.request(ATTACH, attach)
        self.session, self.account = reply["session"], reply["account"]
        return reply

    def command(self, line, numbered=True):
        """Sends one Skype API command; returns the line as sent (with its #id)."""
        if numbered:
            line = "#%d %s" % (self.next_id, line)
            self.next_id += 1
        print(">> " + line, flush=True)
        self.bridge.request(session_address(self.session),
                            {"v": VERSION, "type": "command", "connection": self.connection,
                             "line": line})
        return line

    def next_output(self):
        """The next message on the connection's address: (type, kind, lines)."""
        while True:
            frame = self.bridge.read()
            if frame.get("type") == "pong":
                continue
            if frame.get("type") == "err":
                raise BridgeError(frame)
            body = frame.get("body") or {}
            if body.get("v") != VERSION:
                print("!! ignoring message of unknown version: %r" % body, file=sys.stderr)
                continue
            if body.get("type") == "avatar":
                # A picture for a client with a file system; this client only shows the error
                # line the endpoint would write when it cannot deliver it.
                return "output", "reply", [body.get("error") or ""]
            return body.get("type"), body.get("kind"), body.get("lines", [])

    def close(self, reason="client done"):
        if self.session:
            try:
                self.bridge.request(session_address(self.session),
                                    {"v": VERSION, "type": "detach",
                                     "connection": self.connection, "reason": reason})
            except (BridgeError, OSError):
                pass  # the session is gone anyway
        self.bridge.close()


def run(args):
    bridge = BusBridge(args.host, args.port, args.timeout)
    client = SkypeApiSession(bridge, "%s:%s" % (args.user, args.password))
    try:
        try:
            client.open()
        except BridgeError as e:
            print("login refused: %s" % e, flush=True)
            return 3
        print("attached as %s (session %s)" % (client.account, client.session), flush=True)
        bridge.ping()
        client.command("PROTOCOL 7", numbered=False)
        client.command("SEARCH FRIENDS")
        sent = None
        if args.to and args.message:
            sent = client.command("MESSAGE %s %s" % (args.to, args.message))
        reading = {}  # "#id" of a GET ... BODY -> message id
        received = 0
        deadline = time.monotonic() + args.wait
        while time.monotonic() < deadline:
            bridge.sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                kind_of_message, kind, lines = client.next_output()
            except socket.timeout:
                break
            if kind_of_message == "close":
                print("<< (closed by the gateway)", flush=True)
                return 0 if received >= args.expect else 1
            if kind_of_message == "reattach":
                print("<< (session moved; this example does not re-attach)", flush=True)
                return 1
            for line in lines:
                print("<< " + line, flush=True)
                words = line.split(" ")
                if line == "CONNSTATUS OFFLINE":
                    # user:password is checked by logging in to imo.im: it failed.
                    print("login failed", flush=True)
                    return 3
                if (len(words) == 4 and words[0] == "CHATMESSAGE" and words[2] == "STATUS"
                        and words[3] == "RECEIVED"):
                    asked = client.command("GET CHATMESSAGE %s BODY" % words[1])
                    reading[asked.split(" ")[0]] = words[1]
                elif words[0].startswith("#") and words[0] in reading and len(words) >= 4 \
                        and words[3] == "BODY":
                    message_id = reading.pop(words[0])
                    body = line.split(" ", 4)[4] if len(words) > 4 else ""
                    print("RECEIVED %s: %s" % (message_id, body), flush=True)
                    received += 1
            if args.expect and received >= args.expect:
                break
        if sent is None:
            print("(no message sent)")
        return 0 if received >= args.expect else 1
    finally:
        client.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="TCP bridge address")
    parser.add_argument("--port", type=int, required=True, help="TCP bridge port")
    parser.add_argument("--user", required=True, help="imo.im account")
    parser.add_argument("--password", required=True, help="imo.im password")
    parser.add_argument("--to", help="send a message to this contact")
    parser.add_argument("--message", help="text of the message")
    parser.add_argument("--wait", type=float, default=10, help="seconds to print what arrives")
    parser.add_argument("--expect", type=int, default=0,
                        help="stop after this many received messages; fail with fewer")
    parser.add_argument("--timeout", type=float, default=10, help="socket timeout in seconds")
    args = parser.parse_args()
    sys.exit(run(args))


if __name__ == "__main__":
    main()
