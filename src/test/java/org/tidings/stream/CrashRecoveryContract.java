package org.tidings.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.ExactlyOnceWorkload;
import org.tidings.testing.ServerProcess;

/**
 * The exactly-once workload against a server in its own process that is killed with SIGKILL
 * mid-run and started again on the same data: acknowledged messages survive, retried sends
 * are not doubled, and receivers resume by cursor without a gap.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
abstract class CrashRecoveryContract {

    /** Where the killed server keeps its data, as server properties. */
    abstract Map<String, String> storage();

    @Test
    void nothingIsLostOrDoubledWhenTheServerIsKilledMidRun() throws Exception {
        Map<String, String> properties = new HashMap<>(storage());
        properties.put("tidings.chat.send-burst", "1000000");
        properties.put("tidings.chat.send-refill-per-second", "1000000");
        try (ServerProcess server = new ServerProcess(properties).start()) {
            var config = new ExactlyOnceWorkload.Config(20, 60, 50, Duration.ofMinutes(3));
            new ExactlyOnceWorkload(config, server::baseUrl).run(() -> {
                server.kill();
                server.start();
            });
        }
    }
}
