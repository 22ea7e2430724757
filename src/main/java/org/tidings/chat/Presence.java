package org.tidings.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.storage.Blocking;
import org.tidings.stream.LiveEvents;
import org.tidings.stream.StreamClosed;
import org.tidings.stream.StreamOpened;
import reactor.core.publisher.Mono;

/**
 * Who is online on this node: anyone with an open stream, or whose last poll is recent
 * ({@code pollPresenceFactor} times its wait, at least {@link #MIN_POLL_LEASE_MS}). Changes go
 * to the user's contacts as ephemeral {@code presence.changed} events.
 */
@Component
class Presence {

    // A short poller (wait 0) polls every few seconds; this keeps them online between polls.
    private static final long MIN_POLL_LEASE_MS = 10_000;

    // How long a user may be without a connection before their friends see them go offline.
    private static final Duration OFFLINE_GRACE = Duration.ofSeconds(5);

    private final Conversations conversations;
    private final LiveEvents live;
    private final ChatSettings settings;
    private final Map<Long, Integer> streams = new ConcurrentHashMap<>();
    private final Map<Long, Long> pollLeases = new ConcurrentHashMap<>();
    // Users whose "online" went out and whose "offline" has not yet: announcements never repeat.
    private final Set<Long> announcedOnline = ConcurrentHashMap.newKeySet();

    Presence(Conversations conversations, LiveEvents live, ChatSettings settings) {
        this.conversations = conversations;
        this.live = live;
        this.settings = settings;
    }

    boolean isOnline(long userId) {
        return streams.containsKey(userId) || pollLeases.getOrDefault(userId, 0L) > System.currentTimeMillis();
    }

    // Listeners run on the event loop: they only count, and announce off it.
    @EventListener
    void opened(StreamOpened event) {
        if (event.longPoll()) {
            long lease = Math.max(MIN_POLL_LEASE_MS, event.waitMillis() * settings.pollPresenceFactor());
            pollLeases.put(event.userId(), System.currentTimeMillis() + lease);
        } else {
            streams.merge(event.userId(), 1, Integer::sum);
        }
        if (announcedOnline.add(event.userId())) {
            announce(event.userId(), true);
        }
    }

    @EventListener
    void closed(StreamClosed event) {
        streams.computeIfPresent(event.userId(), (user, count) -> count <= 1 ? null : count - 1);
        if (!isOnline(event.userId())) {
            // A client switching transport or reconnecting is back within the grace: no flicker.
            Mono.delay(OFFLINE_GRACE).subscribe(tick -> settle(event.userId()));
        }
    }

    @Scheduled(fixedDelayString = "PT1S")
    void expirePollLeases() {
        long now = System.currentTimeMillis();
        pollLeases.forEach((user, until) -> {
            if (until <= now && pollLeases.remove(user, until)) {
                settle(user);
            }
        });
    }

    private void settle(long userId) {
        if (!isOnline(userId) && announcedOnline.remove(userId)) {
            announce(userId, false);
        }
    }

    List<Long> onlineAmong(Set<Long> users) {
        return users.stream().filter(this::isOnline).sorted().toList();
    }

    private void announce(long userId, boolean online) {
        Blocking.run(() -> live.send(
                        conversations.contactsOf(userId),
                        "presence.changed",
                        Map.of("userId", userId, "online", online)))
                .subscribe();
    }
}
