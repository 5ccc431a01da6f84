package io.inferstream.serde;

import org.apache.avro.Schema;

/** {@code <topic>-key} / {@code <topic>-value}: Confluent's default subject naming. */
public final class TopicNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public String toString() {
        return "TopicNameStrategy";
    }
}
