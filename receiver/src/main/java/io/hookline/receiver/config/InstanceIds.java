package io.hookline.receiver.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default name of this receiver: its host name and process id. */
final class InstanceIds {

    private InstanceIds() {}

    static String defaultId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
