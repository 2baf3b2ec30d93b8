# Tries the appliance's echo services as an attacker would.
#   echo_guards.py HOST
# 1. 3 UDP datagrams from source port 123 (as an NTP server would send them): answers counted.
# 2. 50 UDP datagrams at once from port 41000: answers counted.
# 3. A TCP echo connection that sends one line and goes quiet: how long until the appliance closes it.
# Prints: privileged_answers=<n> burst_answers=<n> echoed_line=<0|1> idle_close=<seconds> (one line).
import socket
import sys
import time

host = sys.argv[1]


def answers(port, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", port))
    for i in range(count):
        s.sendto(b"datagram %d" % i, (host, 7))
    s.settimeout(1.0)
    got = 0
    try:
        while True:
            s.recvfrom(2048)
            got += 1
    except socket.timeout:
        pass
    s.close()
    return got


privileged = answers(123, 3)
burst = answers(41000, 50)
t = socket.create_connection((host, 7), timeout=5)
t.sendall(b"hello\n")
echoed = 1 if t.recv(64) == b"hello\n" else 0
start = time.time()
t.settimeout(30)
try:
    while t.recv(64):
        pass
except OSError:
    pass
idle = time.time() - start
print("privileged_answers=%d burst_answers=%d echoed_line=%d idle_close=%.1f" % (privileged, burst, echoed, idle), flush=True)
