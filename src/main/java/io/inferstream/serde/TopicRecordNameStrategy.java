package io.inferstream.serde;

import org.apache.avro.Schema;

/** {@code <topic>-<full record name>}: lets one topic carry several record types, each with its own lineage. */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + "-" + SubjectNameStrategy.fullName(schema);
    }

    @Override
    public String toString() {
        return "TopicRecordNameStrategy";
    }
}
