package org.tidings.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.upload.Uploading.MIB;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.ServerProcess;
import org.tidings.testing.TusJsClient;
import tools.jackson.databind.JsonNode;

/**
 * tus-js-client uploading while the server is killed with SIGKILL and started again on the same
 * data: the client retries, asks where to resume, and finishes with a byte-identical file.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
abstract class TusRestartContract {

    /** Where the killed server keeps its data, as server properties. */
    abstract Map<String, String> storage();

    @Test
    void anUploadResumesAfterTheServerWasKilledMidway() {
        Map<String, String> properties = new HashMap<>(storage());
        // The killed PATCH's lock lapses after its lease (2 × stall timeout + commit interval).
        properties.put("tidings.uploads.stall-timeout", "1s");
        try (ServerProcess server = new ServerProcess(properties).start()) {
            Person alice = Person.signUp(server.port(), "alice");
            Person bob = Person.signUp(server.port(), "bob");
            long conversation = alice.befriend(bob);
            byte[] data = Uploading.randomBytes(8 * MIB, 21);
            Path file = Uploading.write(data, "survivor.bin");

            Map<String, Object> options = Uploading.tusOptions(server.baseUrl(), alice, conversation, file);
            options.put("chunkSize", MIB / 4);
            options.put("delayMs", 150);
            // Retries for longer than a restart takes: 423 (lock still leased) is retried too.
            List<Integer> delays = new ArrayList<>(List.of(0, 500));
            delays.addAll(Collections.nCopies(120, 1000));
            options.put("retryDelays", delays);
            try (TusJsClient client = TusJsClient.start(options)) {
                client.await(
                        e -> TusJsClient.isEvent(e, "progress")
                                && e.path("sent").asLong() >= 2L * MIB,
                        Duration.ofSeconds(60));
                server.kill();
                int atKill = client.events().size();
                server.start();
                assertThat(client.waitFor(Duration.ofMinutes(3)))
                        .as("events %s", client.events())
                        .isZero();
                assertThat(client.succeeded()).isTrue();

                List<JsonNode> after =
                        client.events().subList(atKill, client.events().size());
                List<Long> resumedOffsets = after.stream()
                        .filter(e -> TusJsClient.isEvent(e, "request")
                                && "PATCH".equals(e.path("method").asString()))
                        .map(e -> Long.parseLong(e.path("offset").asString()))
                        .toList();
                assertThat(after.stream()
                                .anyMatch(e -> TusJsClient.isEvent(e, "request")
                                        && "HEAD".equals(e.path("method").asString())))
                        .isTrue();
                assertThat(resumedOffsets)
                        .isNotEmpty()
                        .allSatisfy(offset -> assertThat(offset).isPositive());
            }
            JsonNode attachment =
                    new RawTus(bob, server.baseUrl()).awaitAttachment(conversation, "survivor.bin", data.length);
            assertThat(Uploading.download(
                            bob, "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }
}
