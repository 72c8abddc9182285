package io.hookline.receiver.clients;

import io.micronaut.context.exceptions.ConfigurationException;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A configured list of address ranges (CIDRs such as {@code 10.0.0.0/8} or {@code fd00::/8}; a
 * bare address is one host), parsed once at start: a malformed entry stops the receiver naming
 * its key. Literals only: nothing here ever asks DNS.
 */
public final class AddressRanges {

    private final List<IpSubnetFilterRule> ranges;

    private AddressRanges(List<IpSubnetFilterRule> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param key the configuration key of the list, such as {@code hookline.trusted-proxies}
     * @throws ConfigurationException naming {@code key[i]} for each entry that is not an address or a CIDR, a line each
     */
    public static AddressRanges parse(String key, List<String> cidrs) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                rules.add(rule(key + "[" + i + "]", cidrs.get(i)));
            } catch (ConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
        return new AddressRanges(rules);
    }

    /** Whether the address is in one of the ranges. */
    public boolean contains(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : ranges) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    private static IpSubnetFilterRule rule(String key, String cidr) {
        String text = cidr == null ? "" : cidr.trim();
        int slash = text.indexOf('/');
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new ConfigurationException(key + ": '" + cidr + "' is not an address or a CIDR such as 10.0.0.0/8 or fd00::/8");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new ConfigurationException(key + ": '" + cidr + "' needs a prefix length from 0 to " + bits);
            }
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }
}
