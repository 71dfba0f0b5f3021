package io.wlabridge.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;

/**
 * The service's ports must be its own before it starts: camel-platform-http logs a port it cannot bind as a WARN and
 * starts anyway (4.18.0), leaving an instance without its overview, health and metrics while a probe on the port
 * answers for whatever holds it. So the service binds each port once itself first and stops with one line naming the
 * property to change. (A JMX port taken is the JVM's: it refuses to start, naming the port; docs/deployment.md.)
 */
final class ServicePorts {

    private ServicePorts() {
    }

    static void checkFree(Settings settings) {
        int http = settings.getInt(WlaOptions.HTTP_PORT);
        int management = settings.getInt(WlaOptions.MANAGEMENT_PORT);
        if (http != 0 && http == management) {
            throw new ConfigException(WlaOptions.HTTP_PORT.name() + " and " + WlaOptions.MANAGEMENT_PORT.name()
                    + " are both " + http + ": give each its own port (docs/deployment.md)");
        }
        checkFree(WlaOptions.HTTP_PORT, http, settings.get(WlaOptions.HTTP_HOST));
        checkFree(WlaOptions.MANAGEMENT_PORT, management, settings.get(WlaOptions.MANAGEMENT_HOST));
    }

    private static void checkFree(ConfigOption option, int port, String host) {
        if (port == 0) {
            return; // any free port
        }
        try (ServerSocket socket = new ServerSocket()) {
            // as Vert.x binds: a port the previous process left in TIME_WAIT is free
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException(option.name() + " is " + port + " but " + host + ":" + port + " cannot be bound ("
                    + e.getMessage() + "; another wla-bridge instance or another service listens there): set "
                    + option.name() + " (" + option.environmentVariable() + ") to a free port");
        }
    }
}
