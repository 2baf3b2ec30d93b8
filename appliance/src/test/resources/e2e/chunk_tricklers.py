# Opens many connections that each start a chunked POST and then trickle one chunk extension without end.
#   chunk_tricklers.py HOST PORT COUNT SECONDS STEP
# Each connection sends the request head and "5;x=", then STEP more bytes of the extension every 100 ms,
# never ending the line. Stops when every connection was closed by the server, or after SECONDS.
# Prints: closed=<n> of=<count> got400=<n> first_close=<seconds> last_close=<seconds> most_sent=<bytes> (one line).
import socket
import sys
import time

host, port, count, seconds, step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
head = b"POST /upload HTTP/1.1\r\nHost: lightpath\r\nTransfer-Encoding: chunked\r\n\r\n5;x="
sockets = []
for i in range(count):
    s = socket.socket()
    s.settimeout(5)
    s.connect((host, port))
    s.setblocking(False)
    s.send(head)
    sockets.append(s)
start = time.time()
closed = {}
got400 = 0
sent = [len(head)] * count
while time.time() - start < seconds and len(closed) < count:
    for i, s in enumerate(sockets):
        if i in closed:
            continue
        try:
            data = s.recv(65536)
            if data == b"":
                closed[i] = time.time() - start
                continue
            if data.startswith(b"HTTP/1.1 400 "):
                got400 += 1
        except BlockingIOError:
            pass
        except OSError:
            closed[i] = time.time() - start
            continue
        try:
            sent[i] += s.send(b"a" * step)
        except BlockingIOError:
            pass
        except OSError:
            closed[i] = time.time() - start
    time.sleep(0.1)
first = min(closed.values()) if closed else -1
last = max(closed.values()) if closed else -1
print("closed=%d of=%d got400=%d first_close=%.1f last_close=%.1f most_sent=%d"
      % (len(closed), count, got400, first, last, max(sent)), flush=True)
