package io.inferstream.drift.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task has seen of a model version that has no reference profile yet: its rows so far and one
 * distribution per feature and output, merged by the task that owns the version until there are enough rows to
 * publish them as the version's reference ({@code drift.bootstrap.records}).
 */
public final class BootstrapPartial {

    private static final byte FORMAT = 1;

    private final String model;
    private final long version;
    private long rows;
    private final Map<String, String> featureInputs;
    private final Map<String, WindowPartial> quantities;

    public BootstrapPartial(String model, long version, Map<String, String> featureInputs) {
        this(model, version, 0, featureInputs, new LinkedHashMap<>());
    }

    private BootstrapPartial(String model, long version, long rows, Map<String, String> featureInputs,
                             Map<String, WindowPartial> quantities) {
        this.model = model;
        this.version = version;
        this.rows = rows;
        this.featureInputs = new LinkedHashMap<>(featureInputs);
        this.quantities = quantities;
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    public long rows() {
        return rows;
    }

    public Map<String, String> featureInputs() {
        return featureInputs;
    }

    /** Distributions by feature (or output) name. */
    public Map<String, WindowPartial> quantities() {
        return quantities;
    }

    public void addRows(long n) {
        rows += n;
    }

    /** The distribution of {@code q} (created empty on first use). */
    public WindowPartial of(Quantity q) {
        return quantities.computeIfAbsent(q.feature(), f -> WindowPartial.empty(q, 0));
    }

    public void merge(BootstrapPartial other) {
        rows += other.rows;
        other.featureInputs.forEach(featureInputs::putIfAbsent);
        other.quantities.forEach((name, p) -> {
            WindowPartial mine = quantities.get(name);
            if (mine == null) {
                quantities.put(name, p);
            } else if (mine.quantity().categorical() == p.quantity().categorical()) {
                mine.merge(p);
            }
        });
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(model);
            out.writeLong(version);
            out.writeLong(rows);
            out.writeInt(featureInputs.size());
            for (Map.Entry<String, String> e : featureInputs.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(quantities.size());
            for (WindowPartial p : quantities.values()) {
                p.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static BootstrapPartial fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException("unknown bootstrap partial format");
            }
            String model = in.readUTF();
            long version = in.readLong();
            long rows = in.readLong();
            int inputs = in.readInt();
            Map<String, String> featureInputs = new LinkedHashMap<>();
            for (int i = 0; i < inputs; i++) {
                featureInputs.put(in.readUTF(), in.readUTF());
            }
            int n = in.readInt();
            List<WindowPartial> parts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                parts.add(WindowPartial.read(in));
            }
            Map<String, WindowPartial> quantities = new LinkedHashMap<>();
            parts.forEach(p -> quantities.put(p.quantity().feature(), p));
            return new BootstrapPartial(model, version, rows, featureInputs, quantities);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a bootstrap partial: " + e, e);
        }
    }
}
