package io.inferstream.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the registered {@link TopologyFactory}s, ordered by name. */
public final class Topologies {

    /** Shown when no topology is registered, instead of pretending something runs. */
    public static final String NONE_YET = "No topologies are registered yet: the scoring, recommendations and drift "
        + "topologies arrive with later issues (registered via META-INF/services/io.inferstream.app.TopologyFactory).";

    private Topologies() {
    }

    public static List<TopologyFactory> discover() {
        List<TopologyFactory> found = new ArrayList<>();
        ServiceLoader.load(TopologyFactory.class).forEach(found::add);
        found.sort(Comparator.comparing(TopologyFactory::name));
        return List.copyOf(found);
    }
}
