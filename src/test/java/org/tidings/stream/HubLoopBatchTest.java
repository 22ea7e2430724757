package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The hub's hand-off to event loops: publications that find the loop's task still waiting join it
 * (one flush per connection for all of them), in order; once the loop has started a task, the next
 * publication gets a task of its own.
 */
class HubLoopBatchTest {

    /** A loop that runs its tasks only when told, like a busy event loop. */
    static final class HeldLoop implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    static final class Recorder implements Hub.Listener {
        final Executor loop;
        final List<Long> offered = new ArrayList<>();
        final List<Integer> flushedAfter = new ArrayList<>();

        Recorder(Executor loop) {
            this.loop = loop;
        }

        @Override
        public boolean offer(Frame frame) {
            offered.add(frame.position());
            return true;
        }

        @Override
        public void overflow() {}

        @Override
        public Executor loop() {
            return loop;
        }

        @Override
        public void flush() {
            if (flushedAfter.isEmpty() || flushedAfter.getLast() != offered.size()) {
                flushedAfter.add(offered.size());
            }
        }
    }

    private static Recorder listen(Hub hub, long user, Executor loop) {
        Recorder recorder = new Recorder(loop);
        hub.register(user, recorder);
        return recorder;
    }

    private static List<CommittedEvent> event(long position, long... recipients) {
        byte[] json = ("{\"n\":" + position + "}").getBytes(StandardCharsets.UTF_8);
        return List.of(new CommittedEvent(new Frame(position, "c" + position, json), recipients));
    }

    @Test
    void publicationsWaitingForABusyLoopShareItsTaskInOrder() {
        Hub hub = new Hub();
        HeldLoop loop = new HeldLoop();
        Recorder alice = listen(hub, 1, loop);
        Recorder bob = listen(hub, 2, loop);

        hub.publish(event(1, 1, 2));
        hub.publish(event(2, 2));
        hub.publish(event(3, 1, 2));
        assertThat(loop.tasks).hasSize(1);

        loop.runAll();
        assertThat(alice.offered).containsExactly(1L, 3L);
        assertThat(bob.offered).containsExactly(1L, 2L, 3L);
        // Everything of the three publications before a single flush each.
        assertThat(alice.flushedAfter).containsExactly(2);
        assertThat(bob.flushedAfter).containsExactly(3);
    }

    @Test
    void aPublicationAfterTheLoopStartedItsTaskGetsItsOwn() {
        Hub hub = new Hub();
        HeldLoop loop = new HeldLoop();
        Recorder alice = listen(hub, 1, loop);

        hub.publish(event(1, 1));
        loop.runAll();
        hub.publish(event(2, 1));
        assertThat(loop.tasks).hasSize(1);
        loop.runAll();

        assertThat(alice.offered).containsExactly(1L, 2L);
        assertThat(alice.flushedAfter).containsExactly(1, 2);
    }

    @Test
    void listenersOnDifferentLoopsGetTheirOwnTasks() {
        Hub hub = new Hub();
        HeldLoop first = new HeldLoop();
        HeldLoop second = new HeldLoop();
        Recorder alice = listen(hub, 1, first);
        Recorder bob = listen(hub, 2, second);

        hub.publish(event(1, 1, 2));
        hub.publish(event(2, 1, 2));
        assertThat(first.tasks).hasSize(1);
        assertThat(second.tasks).hasSize(1);

        second.runAll();
        assertThat(bob.offered).containsExactly(1L, 2L);
        assertThat(alice.offered).isEmpty();
        first.runAll();
        assertThat(alice.offered).containsExactly(1L, 2L);
    }
}
