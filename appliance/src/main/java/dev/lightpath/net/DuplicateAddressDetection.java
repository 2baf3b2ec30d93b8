package dev.lightpath.net;

import dev.lightpath.wire.MacAddress;
import dev.lightpath.wire.NeighbourMessage;

/**
 * Duplicate address detection for one address (RFC 4862 section 5.4): TENTATIVE until one solicitation for it,
 * sent from the unspecified address, has gone unanswered for {@link NeighbourCache#RETRANS_TIMER_NANOS}
 * (DupAddrDetectTransmits of 1), then PREFERRED; DUPLICATE for good if another node answers for it or probes it
 * too meanwhile. The address is used only once PREFERRED. Nothing here sends: {@link #poll} says when the probe is
 * due. The outcome is logged, once, off the packet path.
 *
 * <p>The RFC's random delay before the first probe (up to a second) is left out: it spreads the probes of hosts
 * that start together after a power cut, and the appliance probes one address.
 */
final class DuplicateAddressDetection {
    static final int TENTATIVE = 0;
    static final int PREFERRED = 1;
    static final int DUPLICATE = 2;
    private static final System.Logger LOG = System.getLogger("lightpath.net");

    /** The address as configured, for the log. */
    private final String address;
    private int state = TENTATIVE;
    private boolean probed;
    private long deadline;

    DuplicateAddressDetection(String address) {
        this.address = address;
    }

    int state() {
        return state;
    }

    boolean preferred() {
        return state == PREFERRED;
    }

    /** Advances on the duty cycle's clock; true when the probe is to be sent now. */
    boolean poll(long now) {
        if (state != TENTATIVE) {
            return false;
        }
        if (!probed) {
            probed = true;
            deadline = now + NeighbourCache.RETRANS_TIMER_NANOS;
            return true;
        }
        if (now - deadline >= 0) {
            state = PREFERRED;
            LOG.log(System.Logger.Level.INFO, "duplicate address detection: " + address + " is ours");
        }
        return false;
    }

    /** Another node answered for the address or probes it too: it is given up. */
    void duplicate(long otherMac) {
        state = DUPLICATE;
        LOG.log(System.Logger.Level.ERROR, "duplicate address detection: " + address + " is in use by "
                + (otherMac == NeighbourMessage.NO_ADDRESS ? "another node" : MacAddress.format(otherMac))
                + "; the appliance gives it up and does not use IPv6 until restarted with another address");
    }
}
