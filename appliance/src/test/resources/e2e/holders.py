# Holds many connections to the appliance and reports when each was closed by the server.
#   holders.py HOST PORT COUNT MODE SECONDS
# MODE: idle  - connect and send nothing
#       unending - as idle, but never close: the sockets are held for SECONDS even after the server's FIN
#       slow  - trickle a request head one byte per socket every 100 ms, never finishing it
#       reader - send GET /big.bin with a small receive buffer and never read
# Prints: closed=<n> of=<count> got408=<n> last_close=<seconds> (one line).
import socket
import sys
import time

host, port, count, mode, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
head = b"GET / HTTP/1.1\r\nHost: lightpath\r\nX-Slow: " + b"a" * 1000
sockets = []
for i in range(count):
    s = socket.socket()
    if mode == "reader":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(5)
    s.connect((host, port))
    s.setblocking(False)
    if mode == "reader":
        s.send(b"GET /big.bin HTTP/1.1\r\nHost: lightpath\r\n\r\n")
    sockets.append(s)
start = time.time()
closed = {}
got408 = 0
sent = 0
while time.time() - start < seconds and (len(closed) < count or mode == "unending"):
    for i, s in enumerate(sockets):
        if i in closed:
            continue
        if mode != "reader":
            try:
                data = s.recv(65536)
                if data == b"":
                    closed[i] = time.time() - start
                    continue
                if b" 408 " in data:
                    got408 += 1
            except BlockingIOError:
                pass
            except OSError:
                closed[i] = time.time() - start
                continue
        if mode == "slow" and sent < len(head):
            try:
                s.send(head[sent:sent + 1])
            except OSError:
                closed[i] = time.time() - start
    sent += 1
    if mode == "reader":
        # Never read: only look for a reset (the appliance giving up), which the kernel reports as SO_ERROR.
        for i, s in enumerate(sockets):
            if i not in closed and s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                closed[i] = time.time() - start
    time.sleep(0.1)
last = max(closed.values()) if closed else -1
print("closed=%d of=%d got408=%d last_close=%.1f" % (len(closed), count, got408, last), flush=True)
