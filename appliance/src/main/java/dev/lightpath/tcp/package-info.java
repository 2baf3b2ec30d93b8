/**
 * TCP for one core: {@link dev.lightpath.tcp.TcpStack} (implements {@code Ipv4Handler}) runs the RFC 9293 state
 * machine for both roles over preallocated {@code Connection} slots found through {@code ConnectionIndex} (by the
 * flow hash of {@link dev.lightpath.tcp.FlowHash}); the
 * application sees {@link dev.lightpath.tcp.TcpStream}.
 *
 * <p>Behaviour worth knowing:
 * <ul>
 * <li>Segment arrival follows RFC 9293 3.10.7 in order: PAWS, sequence acceptability (zero windows included),
 *     RST, SYN, ACK, text, FIN; URG is ignored. RFC 5961: a RST is accepted only at RCV.NXT, any other in-window
 *     RST and any SYN in a synchronized state get a challenge ACK, an ACK outside
 *     [SND.UNA - MAX.SND.WND, SND.MAX] gets a challenge ACK and is dropped; challenge ACKs are limited per
 *     second per core, the suppressed ones counted, and each second's budget is drawn at random between half
 *     and one and a half times the configured rate (CVE-2016-5696: a fixed budget is a side channel).</li>
 * <li>SND.NXT is the retransmission pointer (it returns to SND.UNA on a timeout); SND.MAX, the highest sequence
 *     sent, bounds acceptable ACKs, so ACKs for data sent before a timeout are still taken.</li>
 * <li>Out-of-order segments are kept in their receive mbufs, bounded per connection by count and bytes, and
 *     delivered when the hole fills. Overlaps: bytes come from the lowest-sequence segment first and later
 *     copies of the same bytes are skipped (a conforming sender repeats the same bytes for a sequence
 *     number). Segments beyond the bounds are dropped and left to retransmission. All of a core's connections
 *     together hold at most {@code maxOutOfOrderMbufs} (a quarter of the pool by default); beyond it the
 *     segment held longest is given up, whichever connection holds it (reneging, which RFC 2018 allows).</li>
 * <li>SACK (RFC 2018) is offered and accepted unless {@code TcpConfig.sack} is off. Receiving: pure ACKs carry
 *     blocks for the out-of-order queue merged into contiguous ranges, the newest arrival's range first, then
 *     the ranges of the arrivals before it, then the rest from the highest down: 3 blocks beside timestamps, 4
 *     without. A data segment that arrives wholly below RCV.NXT is reported once, in the first block of the ACK
 *     it draws (DSACK, RFC 2883); duplicates of data held out of order are not reported. Data segments carry no
 *     blocks (they would not fit in the MSS); out-of-order data is always answered by a pure ACK at once.
 *     Sending: a scoreboard of SACKed ranges per connection (16, the highest given up when full).</li>
 * <li>Loss detection with SACK is RACK's (RFC 8985 6.1-6.2, {@code TcpConfig.rack}): each connection keeps 128
 *     transmission records (sequence range, send time, the order of the transmission within one instant,
 *     retransmitted and lost marks; 21 bytes each, 2.7 kB per connection), new data appended, a burst sent in
 *     one instant sharing one record, a retransmission splitting the records it covers and restamping them.
 *     When all 128 are in use new data joins the newest record and takes its time (losses in it are found
 *     later, never sooner; its RTT is not sampled). A segment is lost when one sent after it has been delivered
 *     and RACK.rtt plus the reordering window has passed since it was sent; the reorder timer waits out the
 *     rest. The window is min_RTT/4 however short the RTT (the timer wheel's tick, about 1 ms, only when the
 *     minimum RTT measured is zero, as a simulated clock's instant delivery gives), at most SRTT when the
 *     timestamps' milliseconds measure one, one step wider per round trip that brings a DSACK
 *     (reset after 16 recoveries without one); while no reordering has been seen it is zero in recovery, after
 *     a timeout and once DupThresh segments are SACKed, DupThresh being 3 or, with fewer than four segments
 *     out and no new data able to go, one less than are out (RFC 5827's reduction, so early retransmission
 *     is what RACK does then). Retransmissions delivered sooner than min_RTT after they were sent do not move
 *     RACK (Linux's ambiguity test; the RFC's timestamp test would discard every SACKed retransmission). A
 *     lost retransmission is found like any loss; there is no sequence-based fence. Reordering is seen when a
 *     segment sent once is delivered below the highest sequence delivered before the ACK, or when an undo shows
 *     a fast retransmission was not needed (not a timeout: that is a delay).
 *     Without SACK, three duplicate ACKs (fewer per RFC 5827) start NewReno recovery (RFC 6582). The first two
 *     duplicates each let one new segment out beyond cwnd (RFC 3042 limited transmit).</li>
 * <li>Recovery with SACK (RFC 6675 with RACK's marks for IsLost): the pipe is what is outstanding less what is
 *     SACKed and what is marked lost and not resent since; while it leaves room in cwnd, the unSACKed bytes of
 *     lost records are resent lowest first, then new data. cwnd is set on every ACK of the recovery by PRR
 *     (RFC 6937, {@link dev.lightpath.tcp.Prr}): proportional while the pipe is above ssthresh, the slow start
 *     reduction bound below it, and the fast retransmission always allowed; the recovery ends at ssthresh. A
 *     loss found while a timeout's retransmissions are still going out starts recovery without a second
 *     reduction.</li>
 * <li>A tail loss probe (RFC 8985 section 7) goes out two smoothed round trips after a flight (plus 200 ms when
 *     one segment is out), never later than the retransmission timer would fire (which then restarts from the
 *     probe), when SACK is on: one new segment, or the last one again; when a SACK reaches it, everything
 *     unSACKed below it is lost at once. In recovery, two round trips without an ACK resend the head instead
 *     (the last retransmission, or the one ACK of a filled gap, lost: nothing else would come back before the
 *     timer). A probe that draws nothing is followed by a second one a probe time later, when that is still
 *     before the timer: a flight of a few segments draws one ACK, and at steady loss the probe or its answer
 *     is lost often enough that one probe left the timer to fire for data the peer held.</li>
 * <li>Undo ({@link dev.lightpath.tcp.SpuriousRecovery}): a recovery or timeout keeps the window and threshold
 *     (and CUBIC's W_max) it reduces; they come back ({@code CongestionControl.onUndo}, counted in
 *     {@code tcp.retransmits.undone}) when DSACKs cover as many retransmissions as the episode made (RFC 3708),
 *     when with timestamps the ACK past the episode's only retransmission echoes an older timestamp (Eifel, RFC
 *     3522), or after a timeout by F-RTO (RFC 5682 SACK-enhanced, as Linux: {@code TcpConfig.frto}): only the
 *     head is resent; the first ACK that advances SND.UNA lets up to two new segments out instead of more
 *     resends; data sent once before the timeout being delivered shows it spurious ({@code
 *     tcp.timeouts.spurious}); a SACK or duplicate otherwise makes it real and the go-back from SND.UNA resumes.
 *     After an RTO, everything unSACKed sent a round trip and a reordering window ago is marked lost (RFC 8985
 *     6.3); going back from SND.UNA skips SACKed ranges; a second timeout for the same data forgets the
 *     scoreboard, in case the peer reneged.</li>
 * <li>Sending: new data waits for room for a full segment while data is outstanding (sender-side silly window
 *     avoidance, RFC 9293 3.8.6.2.1); a short tail of the queue goes at once.</li>
 * <li>ACKs: delayed (every second segment or the delayed-ACK timer), immediate for out-of-order data, for a
 *     segment that fills a hole and for FIN. Quick ACKs ({@code QuickAcks}, as Linux's quickack mode): the first
 *     16 data segments of a connection that the application does not answer at once, and again the first 16
 *     after it was idle for longer than its RTO, are acknowledged at once, so that a peer holding its next
 *     segment for the ACK (Nagle, a small send buffer) does not wait out the timer while its window is small.
 *     An answer sent from {@code onData} carries the ACK and spends none of the 16.</li>
 * <li>Text past the window's right edge is trimmed on arrival, out-of-order text included, so the application
 *     is never handed more than the room it offered ({@code limitReceiveWindow}).</li>
 * <li>Retransmission: RFC 6298 RTO (Karn: only segments sent once are timed), go-back from SND.UNA with cwnd
 *     reset to one segment on a timeout.</li>
 * <li>Congestion control ({@code TcpConfig.congestionControl}, {@code [tcp] congestion_control}): CUBIC (RFC 9438)
 *     by default, NewReno (RFC 5681) on request; both start with 10 segments (RFC 6928) and slow start per RFC
 *     5681, by up to two segments per ACK (RFC 3465's L = 2 SMSS, so delayed ACKs still double the window each
 *     round trip). CUBIC ends slow start early with hybrid slow start ({@code [tcp] hystart}, on by default, SACK
 *     connections): once the window is 16 segments, a round whose ACKs come back to back for over half the
 *     minimum RTT, or whose first 8 RTTs are all above the minimum by an eighth of it (4 to 16 ms), sets ssthresh
 *     at the window ({@code tcp.hystart.train_exits}, {@code tcp.hystart.delay_exits}). CUBIC: on a loss, ssthresh and the window after recovery are 0.7 of the flight and
 *     W_max the window before it, lowered to 0.85 of it when the window had not regained the previous W_max
 *     (fast convergence); in avoidance the window moves toward C (t + SRTT - K)^3 + W_max, C = 0.4, t counted on
 *     the stack's clock from the first ACK after recovery, at most half a window per window acknowledged, or to
 *     the Reno-friendly estimate W_est where that is larger; after a timeout, one segment, the threshold at 0.7
 *     of the flight, and a curve with K = 0 from where avoidance begins. NewReno: half the flight on a loss, one
 *     segment per window in avoidance. Neither grows the window unless the flight used it (RFC 7661, as Linux's
 *     tcp_is_cwnd_limited): in slow start while cwnd is under twice the flight, in avoidance while the flight is
 *     within a segment of cwnd; a flight held down by the peer's window or the application leaves cwnd as it is
 *     ({@code tcp.cwnd.not_in_use} counts those ACKs).</li>
 * <li>An ACK in CLOSING or LAST-ACK that does not yet cover our FIN still sends what the window allows: data
 *     queued before close may still be waiting behind cwnd, and the FIN behind it.</li>
 * <li>The send window is updated before SND.UNA advances (acknowledging may send at once, from
 *     {@code onSendSpace} or recovery), so nothing goes past a right edge the peer holds still while its window
 *     shrinks. Pure ACKs are numbered SND.MAX but never past the peer's right edge: a zero window accepts only
 *     RCV.NXT, and an ACK numbered beyond it would be dropped unread.</li>
 * <li>Zero window: the persist timer sends an out-of-window ACK (SND.UNA - 1) that makes the peer report its
 *     window, backing off like the RTO. A window still shut {@code zeroWindowTimeoutNanos} (120 s) after the
 *     first probe aborts the connection with TIMEOUT, however the peer answers; once the application has closed
 *     it (its FIN queued behind data the peer will not take), {@code maxOrphanProbes} probes already do.</li>
 * <li>FIN-WAIT-2 lasts at most {@code finWait2TimeoutNanos} (60 s, Linux's tcp_fin_timeout); then the slot is
 *     freed quietly and the application told TIMEOUT.</li>
 * <li>{@code maxConnectionsPerSource}, when set, bounds the connections one remote address holds open on the
 *     core (TIME-WAIT not counted); a SYN or cookie ACK beyond it is answered by a reset.</li>
 * <li>TIME-WAIT lasts {@code timeWaitNanos}; the application gets {@code onClosed(NORMAL)} when the connection
 *     enters it. A SYN for a TIME-WAIT tuple with a sequence number above RCV.NXT reopens it (RFC 9293
 *     3.10.7.4, RFC 6191 without the timestamp variant).</li>
 * <li>SYN cookies take over when a listener's half-open count reaches its backlog or the table is full: 5 bits of
 *     time (64 s ticks, one tick of grace), 3 bits of MSS index, 24 bits of SipHash MAC over the 4-tuple, the
 *     peer's ISN, the time and the MSS index ({@link dev.lightpath.tcp.SynCookies}). Cookie connections have
 *     no window scaling, SACK or timestamps. The backlog is per listener: the {@code backlog} argument of
 *     {@code listen} ({@code synBacklog} when it is 0 or less) bounds that port's half-open connections on the
 *     core, so a flood on one port leaves other ports' handshakes alone. Simultaneous opens count against no
 *     backlog.</li>
 * <li>Timestamps (RFC 7323): offered and echoed on every segment when both sides agree; PAWS drops segments
 *     with an older TSval (the 24-day idle rule is not implemented); RTT is measured from TSecr on every ACK of
 *     new data (RFC 7323 RTTM, valid across retransmissions, so a backed-off RTO comes down at the next ACK),
 *     except when TSecr is older than our latest timeout retransmission: then the ACK of that retransmission
 *     was lost and the peer echoes an earlier TSval, so the sample would measure the backoff, feed it into
 *     SRTT and start the next backoff higher (Karn's rule applied to echoes). Without timestamps, by timing
 *     one segment sent once (Karn).</li>
 * <li>ISN (RFC 6528): SipHash-2-4 of the 4-tuple under a 128-bit key drawn from the system's entropy per core,
 *     plus a 4 microsecond clock ({@link dev.lightpath.tcp.TcpSecrets}). Timestamps carry a per-host-pair
 *     offset (RFC 7323 section 7.1), so they do not reveal uptime, under a key derived from the kernel's boot
 *     id that every core and every run shares until reboot (as Linux's per-boot secret): a restarted client's
 *     timestamps still rise, so a peer's TIME-WAIT takes its reused ports (RFC 6191).</li>
 * <li>MSS: what we announce and send is the configured MSS, but never more than a frame of the pool's buffers
 *     holds; every segment builder also cuts its segment to the buffer's data room, whatever the connection's
 *     state says (counted as {@code tcp.segments.cut_to_buffer}, which stays 0).</li>
 * </ul>
 *
 * <p>Layer: above {@code net}. May import {@code net}, {@code wire}, {@code io}, {@code metrics}, {@code time} and
 * {@code dpdk}; never {@code http} or anything above it.
 */
package dev.lightpath.tcp;
