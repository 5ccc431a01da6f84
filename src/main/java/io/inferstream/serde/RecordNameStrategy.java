package io.inferstream.serde;

import org.apache.avro.Schema;

/** The record's full name, e.g. {@code io.inferstream.avro.InferenceRequest}: one subject per record type. */
public final class RecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return SubjectNameStrategy.fullName(schema);
    }

    @Override
    public String toString() {
        return "RecordNameStrategy";
    }
}
