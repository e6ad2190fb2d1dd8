#!/usr/bin/env python3
"""A fake Docker Engine socket for the tests: `garbage` answers every
request with bytes that are not HTTP, `json-garbage` with a well-formed
HTTP 200 whose body is not JSON, `hang` accepts and never answers,
`body=FILE` answers a well-formed HTTP 200 with the bytes of FILE.
Usage: fake-docker-socket.py PATH MODE; creates PATH.ready when listening."""
import socket
import sys

path, mode = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(16)
open(path + ".ready", "w").close()
held = []
while True:
    conn, _ = srv.accept()
    if mode == "hang":
        held.append(conn)  # keep it open, say nothing
        continue
    try:
        conn.recv(65536)
        if mode.startswith("body="):
            with open(mode[5:], "rb") as f:
                body = f.read()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        elif mode == "garbage":
            conn.sendall(b"\x00\xff\x1b[31mgarbage, not HTTP\r\n\r\n{{{")
        else:
            body = b"[{\"Id\": 12, \"Names\": \"\x1b[2J\"}, garbage"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    except OSError:
        pass
    conn.close()
