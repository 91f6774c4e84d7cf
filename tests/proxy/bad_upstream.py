#!/usr/bin/python3
"""An upstream that misbehaves, for tests/proxy: one mode per process.

usage: bad_upstream.py MODE PORT_FILE
  close      read the request, close without a word
  stall      read the request, say nothing for 60 s
  big        answer 200 with a 10 MiB XML body
  malformed  answer 200, Content-Type application/xml, a body that is not XML
  garbage    answer bytes that are not HTTP
Listens on 127.0.0.1, any free port (written to PORT_FILE), until killed.
"""
import os
import socket
import sys
import threading
import time


def read_request(c):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = c.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(body) < length:
        chunk = c.recv(65536)
        if not chunk:
            return
        body += chunk


def answer(c, body, ctype=b"application/xml; charset=utf-8"):
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype +
              b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def serve(c, mode):
    try:
        read_request(c)
        if mode == "stall":
            time.sleep(60)
        elif mode == "big":
            answer(c, b"<CIM>" + b"x" * (10 << 20) + b"</CIM>")
        elif mode == "malformed":
            answer(c, b'<?xml version="1.0"?><CIM><MESSAGE ID="1"><SIMPLERSP>')
        elif mode == "garbage":
            c.sendall(b"\x00\x01 this is not HTTP \xff\r\n\r\n")
    except OSError:
        pass
    finally:
        c.close()


def main():
    mode, port_file = sys.argv[1], sys.argv[2]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(port_file + ".tmp", port_file)
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, mode), daemon=True).start()


main()
