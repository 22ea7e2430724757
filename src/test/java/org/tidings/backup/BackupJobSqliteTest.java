package org.tidings.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/** Backups from the client: a job that writes an archive, listed and downloadable by admins only. */
@SqliteServer
@TestPropertySource(properties = {"tidings.admin.usernames=" + BackupJobSqliteTest.CHIEF, "tidings.backup.keep=2"})
class BackupJobSqliteTest {

    static final String CHIEF = "backup_chief";

    @LocalServerPort
    int port;

    private Api chief() {
        return Api.signedInAs(port, CHIEF);
    }

    @Test
    void aBackupJobWritesAnArchiveThatIsListedAndDownloadable() throws Exception {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long direct = alice.befriend(bob);
        alice.api()
                .post("/api/conversations/" + direct + "/messages", Map.of("body", "before the backup"))
                .expect(201);

        JsonNode started =
                chief.post("/api/admin/backups", Map.of()).expect(202).json();
        String name = started.path("name").asString();
        assertThat(name).matches("tidings-[0-9]{8}T[0-9]{9}Z\\.zip");
        JsonNode finished = chief.awaitJob(started.path("jobId").asLong());
        assertThat(finished.path("state").asString()).isEqualTo("succeeded");
        assertThat(finished.path("done").asLong()).isPositive();

        // Newest first (another test here leaves archives of its own).
        JsonNode listed = chief.get("/api/admin/backups").expect(200).json();
        assertThat(listed.get(0).path("name").asString()).isEqualTo(name);
        long size = listed.get(0).path("size").asLong();
        assertThat(size).isPositive();

        var download = chief.download("/api/admin/backups/" + name);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).hasSize((int) size);
        List<String> entries = new ArrayList<>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(download.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(entry.getName());
                zip.readAllBytes();
            }
        }
        assertThat(entries).contains("tidings.db", "tidings-backup.properties");
    }

    @Test
    void aSuccessfulBackupKeepsOnlyTheNewestArchives() throws Exception {
        Api chief = chief();
        List<String> names = new ArrayList<>();
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode started =
                    chief.post("/api/admin/backups", Map.of()).expect(202).json();
            names.add(started.path("name").asString());
            JsonNode finished = chief.awaitJob(started.path("jobId").asLong());
            assertThat(finished.path("state").asString()).isEqualTo("succeeded");
            results.add(finished.path("result"));
        }

        // tidings.backup.keep=2 here: the third backup deleted every older one but the second.
        List<String> listed = new ArrayList<>();
        chief.get("/api/admin/backups")
                .expect(200)
                .json()
                .forEach(a -> listed.add(a.path("name").asString()));
        assertThat(listed).containsExactly(names.get(2), names.get(1));
        assertThat(chief.get("/api/admin/backups/" + names.get(0)).status()).isEqualTo(404);
        List<String> pruned = new ArrayList<>();
        results.get(2).path("pruned").forEach(n -> pruned.add(n.asString()));
        assertThat(pruned).contains(names.get(0)).doesNotContain(names.get(1), names.get(2));
    }

    @Test
    void namesThatAreNotOursNeverReachTheFileSystem() {
        Api chief = chief();
        for (String name : List.of("..", "tidings.db", "tidings-20260101T000000000Z.zip.tmp")) {
            int status = chief.get("/api/admin/backups/" + name).status();
            assertThat(status).as(name).isIn(400, 404);
        }
        // Encoded traversal never reaches the controller: the firewall refuses it, as problem+json.
        // "%2e%2e%2f%2e%2e%2fetc%2fpasswd" is left out: in two full-suite runs (never alone, nor from
        // curl or a plain HttpClient against the jar) it got no answer within 90 s; not understood yet.
        chief.get("/api/admin/backups/..%2Ftidings.db").expectProblem(400, "request_rejected");
        chief.get("/api/admin/backups/tidings.db").expectProblem(400, "invalid_backup_name");
        chief.get("/api/admin/backups/tidings-20200101T000000000Z.zip").expectProblem(404, "not_found");
    }

    @Test
    void onlyAdministratorsTakeListOrDownloadBackups() {
        chief(); // the first account on an empty server is an administrator: not this one
        Person plain = Person.signUp(port, "plain");
        plain.api().post("/api/admin/backups", Map.of()).expectProblem(403, "forbidden");
        plain.api().get("/api/admin/backups").expectProblem(403, "forbidden");
        plain.api().get("/api/admin/backups/tidings-20200101T000000000Z.zip").expectProblem(403, "forbidden");
    }
}
