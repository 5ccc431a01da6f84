package io.inferstream.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Ctrl-C (SIGINT/SIGTERM), or a fixed duration, and lets the main thread do the clean shutdown. The JVM
 * shutdown hook only signals and then waits (bounded) for {@link #close()}, so components close in the order the
 * runner chooses, not in whatever order JVM hooks happen to run.
 */
public final class StopSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StopSignal.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private StopSignal() {
        hook = new Thread(() -> {
            log.info("Shutdown requested");
            stop.countDown();
            try {
                done.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inferstream-shutdown");
    }

    /** Installs the JVM shutdown hook. */
    public static StopSignal install() {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Programmatic stop (tests, or a component that failed for good). */
    public void stop() {
        stop.countDown();
    }

    /** True once Ctrl-C or {@link #stop()} happened. */
    public boolean stopped() {
        return stop.getCount() == 0;
    }

    /** Blocks until Ctrl-C, {@link #stop()}, or the duration passes. */
    public void await(Optional<Duration> duration) throws InterruptedException {
        if (duration.isPresent()) {
            stop.await(duration.get().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stop.await();
        }
    }

    /** Call after shutdown is complete: releases the hook (if Ctrl-C) or removes it (normal end). */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and now returns.
        }
    }
}
