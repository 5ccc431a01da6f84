package io.inferstream.recommend.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SyntheticEventsTest {

    private static List<UserEvent> all(SyntheticSettings settings) {
        List<UserEvent> out = new ArrayList<>();
        SyntheticEvents.generate(settings).forEachRemaining(out::add);
        return out;
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    @Test
    void shouldGenerateTheSameStreamForTheSameSeed() {
        SyntheticSettings settings = SyntheticSettings.small(7).withEvents(5_000);
        assertThat(all(settings)).isEqualTo(all(settings));
        assertThat(all(settings)).isNotEqualTo(all(settings.withSeed(8)));
    }

    @Test
    void shouldProduceWellFormedEvents() {
        SyntheticSettings settings = SyntheticSettings.small(1).withEvents(2_000);
        List<UserEvent> events = all(settings);
        assertThat(events).hasSize(2_000);
        for (int n = 0; n < events.size(); n++) {
            UserEvent e = events.get(n);
            assertThat(e.getUserId()).matches("u\\d+");
            assertThat(e.getItemId()).matches("i\\d+");
            assertThat(index(e.getUserId())).isBetween(0, settings.users() - 1);
            assertThat(index(e.getItemId())).isBetween(0, settings.items() - 1);
            assertThat(e.getValue()).isEqualTo(1.0);
            assertThat(e.getRequestId()).isNull();
            assertThat(e.getTimestamp()).isEqualTo(settings.start().plus(settings.interval().multipliedBy(n)));
        }
    }

    @Test
    void shouldEndAfterTheConfiguredNumberOfEvents() {
        Iterator<UserEvent> it = SyntheticEvents.generate(SyntheticSettings.small(1).withEvents(1));
        it.next();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThat(SyntheticEvents.generate(SyntheticSettings.small(1).withEvents(0)).hasNext()).isFalse();
    }

    @Test
    void shouldLetUsersAndItemsArriveOverTime() {
        SyntheticSettings settings = SyntheticSettings.small(3).withArrival(0.2, 0.4);
        List<UserEvent> events = all(settings);
        int firstTenthMaxUser = 0;
        int firstTenthMaxItem = 0;
        for (int n = 0; n < events.size(); n++) {
            int user = index(events.get(n).getUserId());
            int item = index(events.get(n).getItemId());
            // Never an id before its arrival.
            assertThat(user).isLessThan(settings.usersAt(n));
            assertThat(item).isLessThan(settings.itemsAt(n));
            if (n < events.size() / 10) {
                firstTenthMaxUser = Math.max(firstTenthMaxUser, user);
                firstTenthMaxItem = Math.max(firstTenthMaxItem, item);
            }
        }
        assertThat(firstTenthMaxUser).isLessThan(settings.usersAt(events.size() / 10));
        assertThat(firstTenthMaxUser).isLessThan(150);
        assertThat(firstTenthMaxItem).isLessThan(140);
        // Late arrivals do show up by the end.
        assertThat(events.subList(events.size() / 2, events.size()))
            .anyMatch(e -> index(e.getUserId()) >= 450)
            .anyMatch(e -> index(e.getItemId()) >= 280);
        assertThat(settings.usersAt(0)).isEqualTo(100);
        assertThat(settings.itemsAt(0)).isEqualTo(120);
        assertThat(settings.usersAt(settings.events())).isEqualTo(500);
    }

    @Test
    void shouldSkewItemCountsLikeZipf() {
        // Popularity only, every item present from the start: counts follow rank^-1.
        SyntheticSettings settings = SyntheticSettings.small(5).withPreference(8, 1.0, 0.0).withArrival(1, 1)
            .withRepeatProbability(1.0).withEvents(60_000);
        int[] counts = new int[settings.items()];
        all(settings).forEach(e -> counts[index(e.getItemId())]++);
        int[] sorted = Arrays.stream(counts).sorted().toArray();
        int top = sorted[sorted.length - 1];
        int tenth = sorted[sorted.length - 10];
        int median = sorted[sorted.length / 2];
        double harmonic = 0;
        for (int r = 1; r <= settings.items(); r++) {
            harmonic += 1.0 / r;
        }
        assertThat((double) top / settings.events()).isCloseTo(1 / harmonic, org.assertj.core.data.Offset.offset(0.01));
        assertThat((double) top / tenth).isBetween(7.0, 13.0);
        assertThat((double) top / median).isGreaterThan(80);
    }

    @Test
    void shouldFavourItemsWithHighPlantedAffinity() {
        SyntheticSettings settings = SyntheticSettings.small(11);
        SyntheticEvents generator = SyntheticEvents.create(settings);
        double consumed = 0;
        int n = 0;
        while (generator.hasNext()) {
            UserEvent e = generator.next();
            consumed += generator.affinity(index(e.getUserId()), index(e.getItemId()), false);
            n++;
        }
        // Random pairs of unit vectors have mean affinity 0.
        assertThat(consumed / n).isGreaterThan(0.3);
    }

    @Test
    void shouldChangeThePreferenceStructureAtTheShift() {
        SyntheticSettings settings = SyntheticSettings.small(13).withShiftAtFraction(0.5);
        SyntheticEvents generator = SyntheticEvents.create(settings);
        double[] before = new double[2];
        double[] after = new double[2];
        int n = 0;
        while (generator.hasNext()) {
            UserEvent e = generator.next();
            int user = index(e.getUserId());
            int item = index(e.getItemId());
            double[] target = n < settings.shiftAt() ? before : after;
            target[0] += generator.affinity(user, item, false);
            target[1] += generator.affinity(user, item, true);
            n++;
        }
        long pre = settings.shiftAt();
        long post = settings.events() - pre;
        assertThat(before[0] / pre).isGreaterThan(0.3);
        assertThat(Math.abs(before[1] / pre)).isLessThan(0.1);
        assertThat(after[1] / post).isGreaterThan(0.3);
        assertThat(Math.abs(after[0] / post)).isLessThan(0.1);
    }

    @Test
    void shouldRarelyRepeatAnItemForAUser() {
        SyntheticSettings settings = SyntheticSettings.small(17);
        java.util.Set<String> pairs = new java.util.HashSet<>();
        int repeats = 0;
        for (UserEvent e : all(settings)) {
            if (!pairs.add(e.getUserId() + "/" + e.getItemId())) {
                repeats++;
            }
        }
        assertThat((double) repeats / settings.events()).isLessThan(0.1);
    }

    @Test
    void shouldMixEventTypesAsConfigured() {
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        all(SyntheticSettings.small(19).withEvents(20_000)).forEach(e -> counts.merge(e.getType(), 1, Integer::sum));
        assertThat(counts.get(EventType.VIEW) / 20_000.0).isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.02));
        assertThat(counts.get(EventType.CLICK) / 20_000.0).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.02));
        assertThat(counts.get(EventType.PURCHASE) / 20_000.0).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts).doesNotContainKeys(EventType.RATING, EventType.UNKNOWN);
    }

    @Test
    void shouldGenerateTheBenchmarkStreamQuickly() {
        // Not a timing assertion: just runs the benchmark size once so a slow generator shows in the test time.
        Iterator<UserEvent> it = SyntheticEvents.generate(SyntheticSettings.benchmark(1));
        long n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        assertThat(n).isEqualTo(300_000);
    }

    @Test
    void shouldRejectInvalidSettings() {
        SyntheticSettings ok = SyntheticSettings.small(1);
        assertThatThrownBy(() -> ok.withSize(0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withPreference(8, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withArrival(1.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withShiftAt(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withTimes(ok.start(), Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyntheticSettings.EventMix(0.5, 0.2, 0.2)).isInstanceOf(IllegalArgumentException.class);
    }
}
