package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteOrder;

/**
 * The marks of {@link ByteScan}, a whole vector register at a time (32 bytes with AVX2, 16 with SSE or NEON):
 * each method loads {@link #LANES} bytes from native memory and returns a bit per byte that may end the run,
 * the first byte in the lowest bit. What is left of a run shorter than a register goes to the word scans.
 *
 * <p>The Vector API is an incubator module: this class is loaded only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (as every launcher of the project does), see
 * {@link ByteScan#VECTORS}.
 */
final class VectorScan {
    /** 256 bits where the machine has them; wider registers cost more than they save on lines this short. */
    private static final VectorSpecies<Byte> SPECIES =
            ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? ByteVector.SPECIES_256 : ByteVector.SPECIES_128;
    static final int LANES = SPECIES.length();

    private VectorScan() {
    }

    private static ByteVector load(long address) {
        NativeMemory.check(address, LANES);
        return ByteVector.fromMemorySegment(SPECIES, NativeMemory.ALL, address, ByteOrder.LITTLE_ENDIAN);
    }

    /** Control characters (below 0x20) and DEL: where a field value may end. */
    static long controlOrDelMarks(long address) {
        ByteVector v = load(address);
        return v.compare(VectorOperators.ULT, (byte) 0x20).or(v.eq((byte) 0x7f)).toLong();
    }

    /** Anything outside 0x21..0x7e: where a request-target ends. */
    static long outsideVisibleMarks(long address) {
        // Subtracting 0x21 moves the visible range to 0..0x5d, so one unsigned compare finds everything else.
        return load(address).sub((byte) 0x21).compare(VectorOperators.UGT, (byte) 0x5d).toLong();
    }

    /** Anything but a letter, a digit or '-': where a field name, in practice, ends. */
    static long notAlphanumericOrDashMarks(long address) {
        return notAlphanumericOrDash(load(address)).toLong();
    }

    /**
     * Both marks a field line needs, from one load at its start: where the name may end (anything but a
     * letter, digit or '-') in the low 32 bits, and where the value may end (a control character or DEL) in
     * the high 32. Most lines end within the register, so one load finds the name, the colon and the line end.
     */
    static long fieldLineMarks(long address) {
        ByteVector v = load(address);
        long name = notAlphanumericOrDash(v).toLong();
        long control = v.compare(VectorOperators.ULT, (byte) 0x20).or(v.eq((byte) 0x7f)).toLong();
        return name | control << 32;
    }

    private static VectorMask<Byte> notAlphanumericOrDash(ByteVector v) {
        // Setting the 0x20 bit folds letters onto a-z; digits and '-' are tested unfolded (CR folds onto '-').
        ByteVector folded = v.or((byte) 0x20);
        return folded.sub((byte) 'a').compare(VectorOperators.ULT, (byte) 26)
                .or(v.sub((byte) '0').compare(VectorOperators.ULT, (byte) 10))
                .or(v.eq((byte) '-'))
                .not();
    }
}
