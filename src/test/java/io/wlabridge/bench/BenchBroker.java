package io.wlabridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.wlabridge.demo.EmbeddedKafkaBroker;

/**
 * The bench's broker: the embedded one in a JVM of its own ({@code -Dwla.bench.broker=process}, JobBench's default), as
 * a production broker runs apart from the bridge, or in the bench's JVM ({@code -Dwla.bench.broker=in-process},
 * HttpBridgeBench's default, which its earlier figures were measured with). Apart, the broker's code does not queue for
 * the bench JVM's JIT compiler: on two cores that one C2 thread compiled the broker's and the bridge's hot code at once
 * and dropped what it had not reached when a run ended (a queued task whose method went unused for 50 ms), so each run
 * compiled the producer's hot path again. The two JVMs still share the machine's cores, as the in-process broker did.
 */
abstract class BenchBroker implements AutoCloseable {

    abstract String bootstrapServers();

    abstract void createTopic(String name, int partitions);

    /** The broker's own process; empty in process. */
    abstract java.util.Optional<ProcessHandle> process();

    /** CPU time (user + system) of the broker's own JVM in ms, from /proc; 0 in process (it is this JVM's). */
    long cpuMillis() {
        return process().map(p -> {
            try {
                return CpuTime.ticks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(p.pid()),
                        "stat")));
            } catch (IOException | RuntimeException gone) {
                return 0L;
            }
        }).orElse(0L) * 1000 / CpuTime.CLOCK_TICKS_PER_SECOND;
    }

    @Override
    public abstract void close();

    /** @param apartByDefault whether the broker runs in a JVM of its own unless -Dwla.bench.broker says otherwise */
    static BenchBroker start(boolean apartByDefault) throws IOException {
        String mode = System.getProperty("wla.bench.broker", apartByDefault ? "process" : "in-process");
        if (!mode.equals("process") && !mode.equals("in-process")) {
            throw new IllegalArgumentException("-Dwla.bench.broker is '" + mode + "': use process or in-process");
        }
        return mode.equals("in-process") ? new InProcess() : new Apart();
    }

    private static final class InProcess extends BenchBroker {
        private final EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();

        @Override
        String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        @Override
        void createTopic(String name, int partitions) {
            kafka.createTopic(name, partitions);
        }

        @Override
        java.util.Optional<ProcessHandle> process() {
            return java.util.Optional.empty();
        }

        @Override
        public void close() {
            kafka.close();
        }
    }

    /** The embedded broker in a child JVM with this classpath ({@link #main}); it ends when its stdin closes. */
    private static final class Apart extends BenchBroker {
        private final Process process;
        private final BufferedReader out;
        private final OutputStream in;
        private final String bootstrap;

        Apart() throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    BenchBroker.class.getName()));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = process.getOutputStream();
            bootstrap = answer("BOOTSTRAP ");
            System.out.printf("broker in its own JVM (pid %d) at %s%n", process.pid(), bootstrap);
        }

        private String answer(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            throw new IOException("the bench's broker process ended without answering " + prefix.trim());
        }

        @Override
        String bootstrapServers() {
            return bootstrap;
        }

        @Override
        void createTopic(String name, int partitions) {
            try {
                in.write(("TOPIC " + name + " " + partitions + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                answer("CREATED ");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create topic " + name + " on the bench's broker: " + e, e);
            }
        }

        @Override
        java.util.Optional<ProcessHandle> process() {
            return java.util.Optional.of(process.toHandle());
        }

        @Override
        public void close() {
            try {
                in.close();
                process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /** The child JVM: starts the broker, prints its address, creates topics as asked on stdin, stops at EOF. */
    public static void main(String[] args) throws IOException {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            System.out.println("BOOTSTRAP " + kafka.bootstrapServers());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                String[] words = line.split(" ");
                if (words.length == 3 && words[0].equals("TOPIC")) {
                    kafka.createTopic(words[1], Integer.parseInt(words[2]));
                    System.out.println("CREATED " + words[1]);
                }
            }
        }
    }
}
