package io.wlabridge.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.BrokerServer;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka KRaft cluster running inside this JVM.
 *
 * <p><strong>For tests and the {@code demo} command only.</strong> It is built on Kafka's own test kit
 * ({@link KafkaClusterTestKit}), keeps its data in a temporary directory and has none of the durability,
 * security or tuning a production broker needs. Never point a real job at it.
 *
 * <p>One process plays both KRaft roles (broker and controller, "combined" mode), which starts in about
 * two seconds. Clients connect over PLAINTEXT to {@code 127.0.0.1:<port>}; the listener is always bound to a
 * known port, also when a free one was picked, so that {@link #shutdownBroker()} and
 * {@link #restartBroker()} bring the broker back on the same address with the same log data while the
 * controller, and so the cluster metadata, stays up.
 *
 * <p>The client listener is named {@value #CLIENT_LISTENER} (the test kit's name). {@link #start(int, Map)}
 * takes further broker settings, among them extra listeners (SASL, SSL); {@link #boundPort(String)} tells
 * where those are.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Name of the PLAINTEXT listener clients use; fixed by {@link KafkaClusterTestKit}. */
    public static final String CLIENT_LISTENER = "EXTERNAL";

    /** Name of the KRaft controller listener; fixed by {@link KafkaClusterTestKit}. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Address every listener binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    private static final Set<String> APPENDED_KEYS = Set.of("listeners", "listener.security.protocol.map");
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaClusterTestKit cluster;
    private final BrokerServer broker;
    private final int port;
    private Admin admin;
    private volatile boolean stopped;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, int port) {
        this.cluster = cluster;
        this.broker = cluster.brokers().values().iterator().next();
        this.port = port;
    }

    /** Starts a broker on a free port of 127.0.0.1. */
    public static EmbeddedKafkaBroker start() {
        return start(0, Map.of());
    }

    /** Starts a broker whose client listener is {@code 127.0.0.1:port}; {@code 0} picks a free port. */
    public static EmbeddedKafkaBroker start(int port) {
        return start(port, Map.of());
    }

    /**
     * Starts a broker whose client listener is {@code 127.0.0.1:port} ({@code 0} picks a free port), with
     * {@code extraConfig} on top of the single-node defaults.
     *
     * <p>The values of {@code listeners} and {@code listener.security.protocol.map} in {@code extraConfig} are
     * appended to the built-in {@value #CLIENT_LISTENER} and {@value #CONTROLLER_LISTENER} entries, so a SASL
     * listener is added with, for example, {@code listeners=SASL://127.0.0.1:0} and
     * {@code listener.security.protocol.map=SASL:SASL_PLAINTEXT} plus its {@code listener.name.sasl.*} keys.
     * Every other key replaces the default. Listeners are advertised as bound unless
     * {@code advertised.listeners} says otherwise.
     */
    public static EmbeddedKafkaBroker start(int port, Map<String, String> extraConfig) {
        if (port != 0) {
            return startOn(port, extraConfig);
        }
        // Pinned even when free (with port 0 a restarted broker would come back on another port); another process
        // may take the free port before the broker binds it, so try a few.
        for (int attempt = 1;; attempt++) {
            try {
                return startOn(freePort(), extraConfig);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !isBindFailure(e)) {
                    throw e;
                }
                LOG.warn("{}; trying another free port", e.getMessage());
            }
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().startsWith("Unable to start acceptor"))) {
                return true;
            }
        }
        return false;
    }

    private static EmbeddedKafkaBroker startOn(int clientPort, Map<String, String> extraConfig) {
        Map<String, String> config = singleNodeDefaults(clientPort);
        extraConfig.forEach((key, value) -> config.merge(key, value,
                APPENDED_KEYS.contains(key) ? (builtIn, extra) -> builtIn + "," + extra : (builtIn, extra) -> extra));
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1);
            useLatestProductionMetadataVersion(nodesBuilder);
            TestKitNodes nodes = nodesBuilder.build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            config.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(cluster, clientPort);
            LOG.info("Embedded Kafka broker ready at {} in {} ms", kafka.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return kafka;
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Embedded Kafka broker did not start on " + HOST + ":" + clientPort, e);
        }
    }

    // A client listener on the given port, a controller listener on a free one; replication, transaction and
    // group settings a single node can satisfy.
    private static Map<String, String> singleNodeDefaults(int clientPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":0");
        config.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("unstable.api.versions.enable", "false");
        config.put("unstable.feature.versions.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("min.insync.replicas", "1");
        config.put("default.replication.factor", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "true");
        config.put("num.partitions", "1");
        return config;
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client listener's port; the same after {@link #restartBroker()}. */
    public int port() {
        return port;
    }

    /** The port a listener is bound to, for listeners added through the extra config. */
    public int boundPort(String listenerName) {
        return broker.boundPort(ListenerName.normalised(listenerName));
    }

    /**
     * Creates a topic with {@code partitions} partitions and replication factor 1, and returns once every
     * partition has a leader. Does nothing if the topic exists with that many partitions.
     *
     * @throws IllegalStateException if the topic exists with another partition count, or is not ready in time
     */
    public void createTopic(String name, int partitions) {
        Admin client = admin();
        try {
            client.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic " + name + " not created within " + TOPIC_READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
        awaitLeaders(client, name, partitions);
    }

    /**
     * Takes the broker down, as a crash of the broker process would, while the controller keeps the cluster
     * metadata. Clients see connection failures until {@link #restartBroker()}. Does nothing if it is down.
     */
    public synchronized void shutdownBroker() {
        if (!broker.isShutdown()) {
            broker.shutdown();
            LOG.info("Embedded Kafka broker at {} shut down", bootstrapServers());
        }
    }

    /**
     * Brings the broker back on the same port with the log data it had, and returns once it has rejoined the
     * cluster. Does nothing if it is running.
     */
    public synchronized void restartBroker() {
        if (stopped) {
            throw new IllegalStateException("Embedded Kafka broker was stopped; start a new one");
        }
        if (!broker.isShutdown()) {
            return;
        }
        broker.startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Embedded Kafka broker did not rejoin after restart", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restarting the embedded Kafka broker", e);
        }
        LOG.info("Embedded Kafka broker at {} restarted", bootstrapServers());
    }

    /** Whether the broker is up, that is not taken down by {@link #shutdownBroker()} or {@link #stop()}. */
    public boolean isBrokerRunning() {
        return !stopped && !broker.isShutdown();
    }

    /** Stops broker and controller and deletes the data directory. Safe to call twice. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        closeQuietly(cluster);
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized Admin admin() {
        if (stopped) {
            throw new IllegalStateException("Embedded Kafka broker was stopped");
        }
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-broker-admin");
            admin = Admin.create(props);
        }
        return admin;
    }

    private static void awaitLeaders(Admin client, String name, int partitions) {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = client.describeTopics(List.of(name)).allTopicNames()
                        .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                int found = description.partitions().size();
                if (found != partitions) {
                    throw new IllegalStateException(
                            "Topic " + name + " exists with " + found + " partitions, not " + partitions);
                }
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // metadata for a topic just created may not have reached the broker yet
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic " + name, e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic " + name, e);
            }
        }
        throw new IllegalStateException("Topic " + name + " has no leader for every partition after "
                + TOPIC_READY_TIMEOUT, last);
    }

    // The test kit bootstraps the newest, unreleased metadata version; a released one behaves like a real
    // 3.9 broker. Reflection because MetadataVersion's jar (kafka-server-common) is only on the runtime classpath.
    private static void useLatestProductionMetadataVersion(TestKitNodes.Builder nodes) throws ReflectiveOperationException {
        Class<?> metadataVersion = Class.forName("org.apache.kafka.server.common.MetadataVersion");
        Object latestProduction = metadataVersion.getMethod("latestProduction").invoke(null);
        TestKitNodes.Builder.class.getMethod("setBootstrapMetadataVersion", metadataVersion)
                .invoke(nodes, latestProduction);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka cluster did not close cleanly", e);
        }
    }
}
