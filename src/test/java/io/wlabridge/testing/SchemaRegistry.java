package io.wlabridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.wlabridge.demo.RegistryStandIn;

/**
 * JUnit 5 extension: one registry stand-in per test class on a free port, stopped when the class is done.
 * Like {@link KafkaBroker}, its static accessor serves the class that is running.
 */
public final class SchemaRegistry implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaRegistry.class);

    private static volatile RegistryStandIn current;

    @Override
    public void beforeAll(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).getOrComputeIfAbsent("registry", k -> new Running(), Running.class);
        current = running.registry;
    }

    /** The registry of the running test class. */
    public static RegistryStandIn registry() {
        RegistryStandIn registry = current;
        if (registry == null) {
            throw new IllegalStateException("no registry: annotate the test class with @ExtendWith(SchemaRegistry.class)");
        }
        return registry;
    }

    public static String url() {
        return registry().url();
    }

    /** Closed by JUnit when the class's context ends. */
    private static final class Running implements AutoCloseable {
        private final RegistryStandIn registry;

        Running() {
            try {
                registry = new RegistryStandIn().start("127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            registry.stop();
        }
    }
}
