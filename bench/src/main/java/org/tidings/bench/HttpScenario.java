package org.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7 (Tidings only): the cost of the HTTP request path, in one run on one server. A bare
 * WebFlux handler outside the security chain (enabled only by {@code tidings.bench.floor-endpoint})
 * is the framework's floor; beside it a bearer {@code GET /api/me}, a cookie
 * {@code GET /api/conversations} with 20 conversations, and a long poll that has an event to
 * answer with at once. Each with {@link #CONNECTIONS} keep-alive connections, closed loop.
 */
final class HttpScenario {

    private static final String ME = "GET /api/me, bearer";

    /** Browsers keep a handful of connections each; 32 keeps the server's core busy without queueing. */
    static final int CONNECTIONS = 32;

    static final int CONVERSATIONS = 20;

    private HttpScenario() {}

    static void run(TidingsTarget target, Duration warmUp, Duration length, Results results) throws Exception {
        TidingsApi api = target.api();
        int port = target.server().port();
        List<TidingsApi.User> users = target.users();
        List<String> cookies = TidingsApi.parallel(users.size(), i -> api.sessionCookie(users.get(i).username()));
        List<Long> groups = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            groups.add(api.group(users.getFirst(), "http " + i, users));
        }
        // Every user's cursor before one message: each poll from there has one event to answer with.
        List<String> cursors = TidingsApi.parallel(
                users.size(),
                i -> api.call("GET", "/api/events/cursor", users.get(i).token(), null)
                        .get("cursor")
                        .asText());
        api.call("POST", "/api/conversations/" + groups.getFirst() + "/messages", users.getFirst().token(),
                Map.of("body", "hello", "clientMsgId", java.util.UUID.randomUUID().toString()));

        List<byte[]> floor = new ArrayList<>();
        List<byte[]> me = new ArrayList<>();
        List<byte[]> conversations = new ArrayList<>();
        List<byte[]> polls = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int user = i % users.size();
            String bearer = "Authorization: Bearer " + users.get(user).token();
            floor.add(HttpLoad.get(port, "/bench/floor"));
            me.add(HttpLoad.get(port, "/api/me", bearer));
            conversations.add(HttpLoad.get(port, "/api/conversations", "Cookie: " + cookies.get(user)));
            polls.add(HttpLoad.get(
                    port, "/api/events?after=" + cursors.get(user) + "&wait=" + TidingsPoll.LONG_POLL_WAIT_SECONDS, bearer));
        }
        // One unmeasured pass over every endpoint first: on one core the JIT keeps compiling the
        // request path for many seconds (a fresh server measured 380 req/s on the floor, then
        // 5,300 once compiled), and whichever endpoint went first would pay for all of them.
        for (List<byte[]> requests : List.of(floor, me, conversations, polls)) {
            HttpLoad.run(port, requests, warmUp, Duration.ofSeconds(1));
        }
        HttpLoad.Outcome floorOutcome = measure(results, target, "floor: bare handler, no security", floor, port, length);
        HttpLoad.Outcome meOutcome = measure(results, target, ME, me, port, length);
        measure(results, target, "GET /api/conversations (20), cookie", conversations, port, length);
        measure(results, target, "long poll answering at once, bearer", polls, port, length);
        // A column of the /api/me row, so the report gives its median over the runs like every
        // other figure (as a note it was repeated once per run).
        double share = 100 * meOutcome.perSecond() / floorOutcome.perSecond();
        results.add(new Results.Key("http", "Tidings", ME, Integer.toString(me.size())), "% of floor", share);
        results.note("http", "Target: bearer GET /api/me at 60 % of the floor's requests/s or more.");
        System.out.printf("  GET /api/me at %.0f %% of the floor%n", share);
    }

    private static HttpLoad.Outcome measure(
            Results results, TidingsTarget target, String label, List<byte[]> requests, int port, Duration length) throws Exception {
        long gcFrom = target.server().gcMark();
        // A short settle after the switch from the previous endpoint's load.
        HttpLoad.Outcome outcome = HttpLoad.run(port, requests, Duration.ofSeconds(2), length);
        double longestPause = target.server().longestGcPauseMillisSince(gcFrom);
        var key = new Results.Key("http", "Tidings", label, Integer.toString(requests.size()));
        results.add(key, "req/s", outcome.perSecond());
        results.add(key, "p50 ms", Deliveries.millis(outcome.latency(), 50));
        results.add(key, "p99 ms", Deliveries.millis(outcome.latency(), 99));
        results.add(key, "max ms", outcome.latency().getMaxValue() / 1000.0);
        results.add(key, "failed", outcome.failures());
        results.add(key, ServerProcess.GC_PAUSE, longestPause);
        System.out.printf(
                "  http %s: %.0f req/s, p50 %.2f p99 %.2f max %.1f ms, failed %d%s; longest GC pause %.1f ms%n",
                label, outcome.perSecond(), Deliveries.millis(outcome.latency(), 50),
                Deliveries.millis(outcome.latency(), 99), outcome.latency().getMaxValue() / 1000.0,
                outcome.failures(), outcome.firstFailure() == null ? "" : " (first: " + outcome.firstFailure() + ")",
                longestPause);
        return outcome;
    }
}
