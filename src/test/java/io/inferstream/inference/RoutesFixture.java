package io.inferstream.inference;

import io.inferstream.model.Scorer;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Served-model snapshots for tests. */
final class RoutesFixture {

    private RoutesFixture() {
    }

    static ServedModel served(Scorer... versions) {
        TreeMap<Long, Scorer> map = new TreeMap<>();
        for (Scorer s : versions) {
            map.put(s.version(), s);
        }
        return new ServedModel(versions[0].name(), map, map.firstKey(), OptionalLong.empty(), 0, OptionalLong.empty());
    }

    static ServedModel withCanary(ServedModel m, long version, double share) {
        return new ServedModel(m.name(), m.versions(), m.stable(), OptionalLong.of(version), share, m.shadow());
    }

    static ServedModel withShadow(ServedModel m, long version) {
        return new ServedModel(m.name(), m.versions(), m.stable(), m.canary(), m.canaryShare(), OptionalLong.of(version));
    }

    static ModelRoutes routes(ServedModel... models) {
        Map<String, ServedModel> map = new TreeMap<>();
        for (ServedModel m : models) {
            map.put(m.name(), m);
        }
        Map<String, ServedModel> snapshot = Map.copyOf(map);
        return () -> snapshot;
    }
}
