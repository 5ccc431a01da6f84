package io.inferstream.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Performance drift from labels (keys {@code drift.label.*}): which feedback is joined with the inference results,
 * for how long a result waits for it, and what the per-record error stream feeds.
 *
 * @param userEvents  {@code drift.label.sources} contains {@code user-events}: a CLICK or PURCHASE user event with a
 *                    {@code requestId} is a positive label of that request; a result without one within the label
 *                    window is a negative (click-through semantics)
 * @param labelsTopic {@code drift.label.sources} contains {@code labels}: explicit {@code Label} records (any classifier)
 * @param window      {@code drift.label.window}: how long after its result a label may arrive
 * @param output      {@code drift.label.output}: the result output holding the positive-class probability
 * @param minSamples  {@code drift.label.min.samples}: fewest labelled results in a window for its metrics to be judged
 * @param adwin       {@code drift.label.detectors} contains {@code adwin}
 * @param pageHinkley {@code drift.label.detectors} contains {@code page-hinkley}
 */
public record LabelSettings(boolean userEvents, boolean labelsTopic, Duration window, String output, long minSamples, boolean adwin,
                            boolean pageHinkley) {

    public LabelSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(output, "output");
    }

    /** The built-in defaults. */
    public static LabelSettings defaults() {
        return read(new ConfigReader(new RawConfig()));
    }

    /** Whether any label source is on (otherwise performance drift is not monitored). */
    public boolean enabled() {
        return userEvents || labelsTopic;
    }

    /** Same settings with another label window (tests, demo). */
    public LabelSettings withWindow(Duration labelWindow) {
        return new LabelSettings(userEvents, labelsTopic, labelWindow, output, minSamples, adwin, pageHinkley);
    }

    /** Same settings with other sources. */
    public LabelSettings withSources(boolean fromUserEvents, boolean fromLabelsTopic) {
        return new LabelSettings(fromUserEvents, fromLabelsTopic, window, output, minSamples, adwin, pageHinkley);
    }

    static LabelSettings read(ConfigReader r) {
        boolean userEvents = false;
        boolean labels = false;
        for (String s : r.string("drift.label.sources", "user-events,labels").split(",")) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "" -> { }
                case "user-events" -> userEvents = true;
                case "labels" -> labels = true;
                default -> r.problem("drift.label.sources", "unknown label source '" + s.trim() + "' (user-events, labels)");
            }
        }
        Duration window = r.duration("drift.label.window", Duration.ofMinutes(2));
        if (window.isZero()) {
            r.problem("drift.label.window", "must be longer than 0");
            window = Duration.ofMinutes(2);
        }
        String output = r.nonBlank("drift.label.output", "probability");
        long minSamples = r.longValue("drift.label.min.samples", 200, 1);
        boolean adwin = false;
        boolean pageHinkley = false;
        for (String s : r.string("drift.label.detectors", "adwin,page-hinkley").split(",")) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "" -> { }
                case "adwin" -> adwin = true;
                case "page-hinkley" -> pageHinkley = true;
                default -> r.problem("drift.label.detectors", "unknown detector '" + s.trim() + "' (adwin, page-hinkley)");
            }
        }
        return new LabelSettings(userEvents, labels, window, output, minSamples, adwin, pageHinkley);
    }
}
