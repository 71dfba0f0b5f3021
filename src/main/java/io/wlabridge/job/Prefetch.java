package io.wlabridge.job;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the next chunks of a run's rows on a thread of its own while the route maps, checks, encodes and sends the
 * current one, at most {@code ahead} chunks ahead: the database's round trips overlap with the work on the rows.
 * A failure of the source is thrown where the route takes the next chunk; closing (the split stops early) stops the
 * reading and closes the source. Written here because Camel's split reads its iterator on the route's thread and the
 * JDK has no read-ahead iterator.
 */
final class Prefetch implements Iterator<Object>, Closeable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closed;
    private Object next;

    Prefetch(Iterator<?> source, int ahead, String name) {
        this.queue = new ArrayBlockingQueue<>(ahead + 1);
        this.reader = new Thread(() -> read(source), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Iterator<?> source) {
        try {
            while (!closed && source.hasNext()) {
                queue.put(source.next());
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            queue.clear();
            queue.offer(new Failure(e));
        } finally {
            if (source instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // the source is gone either way
                }
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the job's rows", e);
            }
        }
        if (next instanceof Failure failure) {
            next = END;
            if (failure.cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure.cause;
        }
        return next != END;
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object chunk = next;
        next = null;
        return chunk;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }

    private record Failure(Throwable cause) {
    }
}
