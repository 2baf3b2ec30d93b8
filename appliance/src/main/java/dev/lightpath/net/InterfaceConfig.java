package dev.lightpath.net;

import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.MacAddress;

/**
 * The appliance's own presence on a link: its MAC, its IPv4 address and subnet, the gateway for everything
 * off the subnet (0 when there is none), and the VLAN it lives in ({@link EthernetFrame#UNTAGGED} for none).
 */
public record InterfaceConfig(long mac, int address, int prefixLength, int gateway, int vlanId, int mtu) {
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

    public boolean onLink(int destination) {
        return Ipv4Address.sameSubnet(address, destination, prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4Address.format(address) + "/" + prefixLength + " mac " + MacAddress.format(mac)
                + (gateway == 0 ? "" : " gateway " + Ipv4Address.format(gateway))
                + (vlanId == EthernetFrame.UNTAGGED ? "" : " vlan " + vlanId);
    }
}
