package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the hub keeps of its last events for polls a few events behind: a user's events after a
 * cursor, in order and bounded, and nothing (null, so the poll reads the database) for a cursor
 * older than what it still holds in full.
 */
class RecentEventsTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;

    private static CommittedEvent event(long position, long... recipients) {
        byte[] json = ("{\"p\":" + position + "}").getBytes(StandardCharsets.UTF_8);
        return new CommittedEvent(new Frame(position, "c" + position, json), recipients);
    }

    private static List<Long> positions(List<Frame> frames) {
        return frames.stream().map(Frame::position).toList();
    }

    @Test
    void givesAUserOnlyTheirEventsAfterTheCursorUpToTheLimit() {
        RecentEvents recent = new RecentEvents();
        recent.keep(8, 10);
        recent.add(event(11, ALICE, BOB));
        recent.add(event(12, BOB));
        recent.add(event(13, ALICE));
        recent.add(event(14, BOB, ALICE));

        assertThat(positions(recent.after(ALICE, 10, 14, 10))).containsExactly(11L, 13L, 14L);
        assertThat(positions(recent.after(ALICE, 11, 14, 10))).containsExactly(13L, 14L);
        assertThat(positions(recent.after(ALICE, 10, 13, 10))).containsExactly(11L, 13L);
        assertThat(positions(recent.after(ALICE, 10, 14, 2))).containsExactly(11L, 13L);
        assertThat(positions(recent.after(BOB, 12, 14, 10))).containsExactly(14L);
        assertThat(recent.after(ALICE, 14, 14, 10)).isEmpty();
    }

    @Test
    void coversOnlyCursorsFromTheOldestEventItStillHolds() {
        RecentEvents recent = new RecentEvents();
        recent.keep(3, 10);
        assertThat(recent.after(ALICE, 9, 10, 10)).isNull();
        for (long p = 11; p <= 15; p++) {
            recent.add(event(p, ALICE));
        }
        // 11 and 12 fell out: a cursor before 12 would miss them.
        assertThat(recent.floor()).isEqualTo(12);
        assertThat(recent.after(ALICE, 11, 15, 10)).isNull();
        assertThat(positions(recent.after(ALICE, 12, 15, 10))).containsExactly(13L, 14L, 15L);
    }

    @Test
    void forgettingDropsEverythingBeforeThePosition() {
        RecentEvents recent = new RecentEvents();
        recent.keep(4, 0);
        recent.add(event(1, ALICE));
        recent.add(event(2, ALICE));
        recent.forget(2);
        assertThat(recent.after(ALICE, 0, 2, 10)).isNull();
        assertThat(recent.after(ALICE, 2, 2, 10)).isEmpty();
        recent.add(event(3, ALICE));
        assertThat(positions(recent.after(ALICE, 2, 3, 10))).containsExactly(3L);
    }

    @Test
    void keepingNoneCoversOnlyTheLatestPosition() {
        RecentEvents recent = new RecentEvents();
        recent.keep(0, 5);
        recent.add(event(6, ALICE));
        assertThat(recent.floor()).isEqualTo(6);
        assertThat(recent.after(ALICE, 5, 6, 10)).isNull();
        assertThat(recent.after(ALICE, 6, 6, 10)).isEmpty();
    }
}
