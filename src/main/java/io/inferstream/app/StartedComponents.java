package io.inferstream.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things started so far, closed in reverse order (topologies before the registry before the broker), each one even
 * if an earlier close failed. Runners add to it as they start things, so a failure half-way through start-up still
 * closes what did start.
 */
public final class StartedComponents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StartedComponents.class);

    private record Component(String name, AutoCloseable closeable) {
    }

    private final Deque<Component> started = new ArrayDeque<>();

    /** Records a started component; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T add(String name, T closeable) {
        started.push(new Component(name, closeable));
        return closeable;
    }

    public synchronized int size() {
        return started.size();
    }

    /** Closes everything, last started first. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            Component c = started.pop();
            long t0 = System.nanoTime();
            try {
                c.closeable().close();
                log.info("Stopped {} in {} ms", c.name(), (System.nanoTime() - t0) / 1_000_000);
            } catch (Exception e) {
                log.warn("Error while stopping {}: {}", c.name(), e.toString());
            }
        }
    }
}
