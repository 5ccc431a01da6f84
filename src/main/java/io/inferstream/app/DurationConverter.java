package io.inferstream.app;

import io.inferstream.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Lets options take {@code 30s}, {@code 5m}, {@code 500ms} or {@code PT30S}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
