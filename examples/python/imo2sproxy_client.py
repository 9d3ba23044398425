#!/usr/bin/env python3
"""A Skype API client for imo2sproxy that uses only its TCP event-bus bridge.

Python 3 standard library only. It follows the documented contract
(shared-protocol/EVENT-BUS.md, schemas in shared-protocol/src/main/resources/schemas/v2/):
asks the bridge for its endpoint id, logs in as an account, sends PROTOCOL 7 and SEARCH
FRIENDS, sends a message, and prints every line that arrives. Messages it receives are read (GET CHATMESSAGE <id> BODY) and printed
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

VERSION = 2
ATTACH = "imo2sproxy.gateway.attach"
BRIDGE_ENDPOINT = "imo2sproxy.bridge.endpoint"


def session_address(session_id):
    return "imo2sproxy.session." + session_id


def endpoint_address(endpoint_id):
    return "imo2sproxy.endpoint." + endpoint_id


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
    """One connection of the session contract: attach, commands, output, detach.

    To the bridge, this socket is an endpoint: the bridge gives it its endpoint id, and only
    this socket may consume that endpoint's address, where the gateway sends the output of
    every connection the socket attached (each message names its connection)."""

    def __init__(self, bridge, credential):
        self.bridge = bridge
        self.connection = str(uuid.uuid4())
        self.endpoint = None
        self.credential = credential
        self.session = None
        self.account = None
        self.next_tag = 1      # the Skype API "#n" prefix of the commands
        self.next_command = 0  # the bus contract's command number ("id")

    def open(self):
        self.endpoint = self.bridge.request(BRIDGE_ENDPOINT, {"v": VERSION})["endpoint"]
        # Consume the endpoint's address first: output may follow the attach at once.
        self.bridge.register(endpoint_address(self.endpoint))
        attach = {"v": VERSION, "connection": self.connection, "endpoint": self.endpoint,
                  "remote": "python", "credential": self.credential}
        reply = self.bridge.request(ATTACH, attach)
        self.session, self.account = reply["session"], reply["account"]
        return reply

    def command(self, line, numbered=True):
        """Sends one Skype API command and waits for its answer.

        Returns the line as sent (with its #id) and the lines of the answer: the session
        acknowledges a command once it is answered, with the answer in the acknowledgement."""
        if numbered:
            line = "#%d %s" % (self.next_tag, line)
            self.next_tag += 1
        print(">> " + line, flush=True)
        ack = self.bridge.request(session_address(self.session),
                                  {"v": VERSION, "type": "command",
                                   "connection": self.connection, "id": self.next_command,
                                   "line": line})
        self.next_command += 1
        return line, ack.get("lines", [])

    def next_output(self):
        """The next message for this connection: (type, kind, lines)."""
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
            if body.get("connection") != self.connection:
                print("!! ignoring message for connection %r" % body.get("connection"),
                      file=sys.stderr)
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
        lines = []  # lines to handle, from acknowledgements and output, in order
        lines += client.command("PROTOCOL 7", numbered=False)[1]
        lines += client.command("SEARCH FRIENDS")[1]
        sent = None
        if args.to and args.message:
            sent, answer = client.command("MESSAGE %s %s" % (args.to, args.message))
            lines += answer
        received = 0
        deadline = time.monotonic() + args.wait
        while time.monotonic() < deadline:
            if not lines:
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
                lines = list(lines)
            line = lines.pop(0)
            print("<< " + line, flush=True)
            words = line.split(" ")
            if line == "CONNSTATUS OFFLINE":
                # user:password is checked by logging in to imo.im: it failed.
                print("login failed", flush=True)
                return 3
            if (len(words) == 4 and words[0] == "CHATMESSAGE" and words[2] == "STATUS"
                    and words[3] == "RECEIVED"):
                asked, answer = client.command("GET CHATMESSAGE %s BODY" % words[1])
                tag = asked.split(" ")[0]
                for reply in answer:
                    print("<< " + reply, flush=True)
                    if reply.startswith(tag + " CHATMESSAGE " + words[1] + " BODY"):
                        body = reply.split(" ", 4)[4] if len(reply.split(" ")) > 4 else ""
                        print("RECEIVED %s: %s" % (words[1], body), flush=True)
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
