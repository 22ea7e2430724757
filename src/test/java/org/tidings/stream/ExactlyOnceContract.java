package org.tidings.stream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.ExactlyOnceWorkload;

/** Many senders, receivers hopping between transports: every message exactly once, in order. */
@TestPropertySource(properties = {"tidings.chat.send-burst=1000000", "tidings.chat.send-refill-per-second=1000000"})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ExactlyOnceContract {

    static final ExactlyOnceWorkload.Config CONFIG = new ExactlyOnceWorkload.Config(20, 150, 50, Duration.ofMinutes(2));

    @LocalServerPort
    int port;

    @Test
    void everyReceiverGetsEveryMessageOnceInOrderAcrossTransportsAndReconnects() throws Exception {
        new ExactlyOnceWorkload(CONFIG, () -> "http://localhost:" + port).run(() -> {});
    }
}
