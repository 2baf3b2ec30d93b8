package dev.lightpath.net;

import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.MacAddress;

/**
 * The appliance's own presence on a link: its MAC, its IPv4 address and subnet, the gateway for everything
 * off the subnet (0 when there is none), the VLAN it lives in ({@link EthernetFrame#UNTAGGED} for none), and its
 * IPv6 address and gateway ({@code ipv6} null when it speaks IPv4 only).
 */
public record InterfaceConfig(long mac, int address, int prefixLength, int gateway, int vlanId, int mtu, Ipv6Config ipv6) {
    /** An interface that speaks IPv4 only. */
    public InterfaceConfig(long mac, int address, int prefixLength, int gateway, int vlanId, int mtu) {
        this(mac, address, prefixLength, gateway, vlanId, mtu, null);
    }

    public InterfaceConfig {
        Ipv4Address.mask(prefixLength);
        if (vlanId != EthernetFrame.UNTAGGED && (vlanId < 1 || vlanId > 4094)) {
            throw new IllegalArgumentException("VLAN id " + vlanId + " is not 1..4094");
        }
        if (gateway != 0 && !Ipv4Address.sameSubnet(address, gateway, prefixLength)) {
            throw new IllegalArgumentException("gateway " + Ipv4Address.format(gateway) + " is not on "
                    + Ipv4Address.format(address) + "/" + prefixLength);
        }
    }

    /** The same interface on a port whose MAC is now known. */
    public InterfaceConfig withMac(long mac) {
        return new InterfaceConfig(mac, address, prefixLength, gateway, vlanId, mtu, ipv6);
    }

    /** The same interface with an IPv6 address and gateway. */
    public InterfaceConfig withIpv6(Ipv6Config ipv6) {
        return new InterfaceConfig(mac, address, prefixLength, gateway, vlanId, mtu, ipv6);
    }

    public boolean onLink(int destination) {
        return Ipv4Address.sameSubnet(address, destination, prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4Address.format(address) + "/" + prefixLength + " mac " + MacAddress.format(mac)
                + (gateway == 0 ? "" : " gateway " + Ipv4Address.format(gateway))
                + (vlanId == EthernetFrame.UNTAGGED ? "" : " vlan " + vlanId)
                + (ipv6 == null ? "" : ", " + ipv6);
    }
}
