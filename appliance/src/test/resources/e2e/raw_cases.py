# Sends each file of a directory, in name order, as raw bytes on a connection of its own, and reads the answers
# until the server closes or stays silent; after each, a marker request (GET /marker/NAME, Connection: close) on
# a fresh connection, so the access logs can be split by case.
#   raw_cases.py HOST PORT CASEDIR
# Prints one line per case: NAME, the statuses answered on its connection, and the marker's status.
import os
import socket
import sys
import time

host, port, casedir = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def exchange(data, idle=0.7, total=5.0):
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(data)
    s.settimeout(idle)
    got = b""
    start = time.time()
    while time.time() - start < total:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    s.close()
    return got


def statuses(answer):
    return [line.split(b" ")[1].decode() for line in answer.split(b"\r\n")
            if line.startswith(b"HTTP/1.") and len(line.split(b" ")) > 1]


for name in sorted(os.listdir(casedir)):
    with open(os.path.join(casedir, name), "rb") as f:
        data = f.read()
    answered = statuses(exchange(data))
    marker = statuses(exchange(b"GET /marker/" + name.encode() + b" HTTP/1.1\r\nHost: marker\r\nConnection: close\r\n\r\n",
                               idle=5.0))
    print("%s %s marker=%s" % (name, ",".join(answered) or "-", ",".join(marker) or "-"), flush=True)
