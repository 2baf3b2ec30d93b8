/**
 * Where frames come from and go to: {@link dev.lightpath.io.PacketPort} and {@link dev.lightpath.io.PacketPool}
 * over DPDK ({@code DpdkPort}, {@code DpdkPool}) or plain memory for tests ({@code MemoryPort}, {@code MemoryPool}),
 * the impaired link that decorates any port (loss, bursts, reordering, rate, delay, flaps), and
 * {@link dev.lightpath.io.FrameProcessor}, what a core runs on the frames its ports deliver.
 *
 * <p>Layer: above {@code time} and {@code dpdk}, beside {@code wire}. May import {@code dpdk} and {@code time}.
 */
package dev.lightpath.io;
