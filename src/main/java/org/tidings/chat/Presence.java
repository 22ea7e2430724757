package org.tidings.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tidings.cluster.NodePresence;
import org.tidings.social.Conversations;
import org.tidings.storage.Blocking;
import org.tidings.stream.LiveEvents;
import org.tidings.stream.StreamClosed;
import org.tidings.stream.StreamOpened;
import reactor.core.publisher.Mono;

/**
 * Who is online: anyone with an open stream, or whose last poll is recent
 * ({@code pollPresenceFactor} times its wait, at least {@link #MIN_POLL_LEASE_MS}), on this node
 * or (in cluster mode) on another live one. Changes go to the user's contacts as ephemeral
 * {@code presence.changed} events, only when the user was not (or is no longer) online anywhere.
 */
@Component
class Presence {

    // A short poller (wait 0) polls every few seconds; this keeps them online between polls.
    private static final long MIN_POLL_LEASE_MS = 10_000;

    // How long a user may be without a connection before their friends see them go offline:
    // a client switching transport or reconnecting is back within it, so nobody sees a flicker.
    private static final Duration OFFLINE_GRACE = Duration.ofSeconds(5);

    private final Conversations conversations;
    private final LiveEvents live;
    private final ChatSettings settings;
    private final NodePresence otherNodes;
    private final Map<Long, Integer> streams = new ConcurrentHashMap<>();
    private final Map<Long, Long> pollLeases = new ConcurrentHashMap<>();
    // Users whose "online" went out and whose "offline" has not yet: announcements never repeat.
    private final Set<Long> announcedOnline = ConcurrentHashMap.newKeySet();

    Presence(
            Conversations conversations,
            LiveEvents live,
            ChatSettings settings,
            NodePresence otherNodes,
            ChatMeters meters) {
        this.conversations = conversations;
        this.live = live;
        this.settings = settings;
        this.otherNodes = otherNodes;
        otherNodes.track(this::onlineHere, this::wentOfflineElsewhere);
        meters.onlineUsers(() -> onlineHere().size());
    }

    private boolean isOnlineHere(long userId) {
        return streams.containsKey(userId) || pollLeases.getOrDefault(userId, 0L) > System.currentTimeMillis();
    }

    private Set<Long> onlineHere() {
        Set<Long> online = new HashSet<>(streams.keySet());
        long now = System.currentTimeMillis();
        pollLeases.forEach((user, until) -> {
            if (until > now) {
                online.add(user);
            }
        });
        return online;
    }

    // Listeners run on the event loop: they only count, and announce off it.
    @EventListener
    void opened(StreamOpened event) {
        boolean wasOnline = isOnlineHere(event.userId());
        if (event.longPoll()) {
            long lease = Math.max(MIN_POLL_LEASE_MS, event.waitMillis() * settings.pollPresenceFactor());
            pollLeases.put(event.userId(), System.currentTimeMillis() + lease);
        } else {
            streams.merge(event.userId(), 1, Integer::sum);
        }
        if (!wasOnline) {
            otherNodes.changed(event.userId(), true);
        }
        if (announcedOnline.add(event.userId())) {
            announce(event.userId(), true);
        }
    }

    @EventListener
    void closed(StreamClosed event) {
        streams.computeIfPresent(event.userId(), (user, count) -> count <= 1 ? null : count - 1);
        if (!isOnlineHere(event.userId())) {
            Mono.delay(OFFLINE_GRACE).subscribe(tick -> wentOfflineHere(event.userId()));
        }
    }

    @Scheduled(fixedDelayString = "PT1S")
    void expirePollLeases() {
        long now = System.currentTimeMillis();
        pollLeases.forEach((user, until) -> {
            if (until <= now && pollLeases.remove(user, until)) {
                wentOfflineHere(user);
            }
        });
    }

    /** Blocks briefly on Redis in cluster mode: call off the event loop. */
    List<Long> onlineAmong(Set<Long> users) {
        List<Long> online = new ArrayList<>();
        List<Long> elsewhere = new ArrayList<>();
        for (long user : users) {
            (isOnlineHere(user) ? online : elsewhere).add(user);
        }
        online.addAll(otherNodes.onlineElsewhere(elsewhere));
        return online.stream().sorted().toList();
    }

    private void wentOfflineHere(long userId) {
        if (!isOnlineHere(userId)) {
            otherNodes.changed(userId, false);
            if (announcedOnline.remove(userId)) {
                announce(userId, false);
            }
        }
    }

    /** The users of a node that died: offline, unless online here (or on yet another node). */
    private void wentOfflineElsewhere(Set<Long> users) {
        users.stream().filter(user -> !isOnlineHere(user)).forEach(user -> {
            announcedOnline.remove(user);
            announce(user, false);
        });
    }

    /** Tells the contacts, unless another node already counts the user online. */
    private void announce(long userId, boolean online) {
        Blocking.run(() -> {
                    if (otherNodes.onlineElsewhere(List.of(userId)).isEmpty()) {
                        live.send(
                                conversations.contactsOf(userId),
                                "presence.changed",
                                Map.of("userId", userId, "online", online));
                    }
                })
                .subscribe();
    }
}
