package io.inferstream.app;

import io.inferstream.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks a configured port before anything starts, so a taken port is one line naming the port, what wanted it,
 * and the key (and environment variable) that changes it, rather than a failure deep inside Kafka's start-up.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(String host, int port, String what, String configKey) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            String env = ConfigLoader.keyToEnv(configKey).orElse("");
            throw new CliException(ExitCodes.UNAVAILABLE, "Port " + port + " on " + host + " is already in use (" + what
                + "). Free it, or choose another port: --set " + configKey + "=PORT" + (env.isEmpty() ? "" : " or " + env + "=PORT"), e);
        }
    }
}
