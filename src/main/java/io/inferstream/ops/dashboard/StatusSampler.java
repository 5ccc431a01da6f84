package io.inferstream.ops.dashboard;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's meters every {@code interval} and keeps the recent {@link PipelineStatus} history: each point
 * is the rates over the last {@code window} (a few readings, so a micro-batch landing just before or after a reading
 * does not make the line jump). The dashboard's charts and tiles and the demo's status line read the same points,
 * so they agree. Why the history lives here rather than in the browser: a page opened now shows the last minutes at
 * once, and every open page costs one JSON read, not a registry walk.
 */
public final class StatusSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusSampler.class);

    /** The dashboard's defaults: a point a second, rates over 5 s, the last 5 minutes. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    public static final Duration WINDOW = Duration.ofSeconds(5);
    public static final int CAPACITY = 300;

    private final PipelineMeters meters;
    private final int windowReadings;
    private final int capacity;
    private final LongSupplier nanoTime;
    private final LongSupplier epochMillis;
    private final Deque<MeterReading> readings = new ArrayDeque<>();
    private final Deque<PipelineStatus> history = new ArrayDeque<>();
    private ScheduledExecutorService timer;

    /**
     * @param windowReadings readings the rates span (the window divided by the interval)
     * @param capacity       points of history kept
     */
    public StatusSampler(PipelineMeters meters, int windowReadings, int capacity, LongSupplier nanoTime, LongSupplier epochMillis) {
        if (windowReadings < 1 || capacity < 1) {
            throw new IllegalArgumentException("windowReadings and capacity must be >= 1, got " + windowReadings + ", " + capacity);
        }
        this.meters = Objects.requireNonNull(meters, "meters");
        this.windowReadings = windowReadings;
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        this.epochMillis = epochMillis;
    }

    /** The dashboard's sampler on the system clock, not started. */
    public static StatusSampler standard(PipelineMeters meters) {
        return new StatusSampler(meters, (int) (WINDOW.toMillis() / INTERVAL.toMillis()), CAPACITY, System::nanoTime,
            System::currentTimeMillis);
    }

    /** Samples now and then every {@link #INTERVAL} on a daemon thread, until closed. */
    public synchronized StatusSampler start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "inferstream-dashboard-sampler");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::sampleQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A meter that fails to read must not end the schedule (a failed run cancels later ones).
            log.warn("Could not read the pipeline's meters: {}", e.toString(), e);
        }
    }

    /** Takes one reading and adds its point; returns the point. */
    public PipelineStatus sample() {
        MeterReading now = meters.read(nanoTime.getAsLong(), epochMillis.getAsLong());
        synchronized (this) {
            MeterReading from = readings.isEmpty() ? now : readings.peekFirst();
            readings.addLast(now);
            while (readings.size() > windowReadings) {
                readings.removeFirst();
            }
            PipelineStatus point = PipelineStatus.between(from, now);
            history.addLast(point);
            while (history.size() > capacity) {
                history.removeFirst();
            }
            return point;
        }
    }

    /** The latest point; a fresh reading when none was taken yet. */
    public PipelineStatus latest() {
        synchronized (this) {
            if (!history.isEmpty()) {
                return history.peekLast();
            }
        }
        return sample();
    }

    /** The kept points, oldest first. */
    public synchronized List<PipelineStatus> history() {
        return new ArrayList<>(history);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
