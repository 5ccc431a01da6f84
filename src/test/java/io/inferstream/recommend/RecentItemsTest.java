package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentItemsTest {

    @Test
    void shouldAppendMoveARepeatToTheEndAndDropTheOldest() {
        assertThat(RecentItems.append(List.of(), "a", 3)).containsExactly("a");
        assertThat(RecentItems.append(List.of("a", "b", "c"), "a", 3)).containsExactly("b", "c", "a");
        assertThat(RecentItems.append(List.of("a", "b", "c"), "d", 3)).containsExactly("b", "c", "d");
        assertThat(RecentItems.append(List.of("a", "b"), "c", 0)).isEmpty();
    }
}
