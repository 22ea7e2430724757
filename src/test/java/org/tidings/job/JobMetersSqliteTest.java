package org.tidings.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;
import org.tidings.stream.EventLog;
import org.tidings.testing.Api;
import org.tidings.testing.Metrics;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * tidings_jobs_running and tidings_jobs_queued in /actuator/prometheus and on the server page,
 * moved by real jobs: a job type that holds its worker until the test lets it go fills every
 * worker, and one more job waits in the queue.
 */
@SqliteServer
@TestPropertySource(
        properties = {
            "tidings.admin.usernames=" + JobMetersSqliteTest.CHIEF,
            "tidings.jobs.heartbeat=200ms",
            "tidings.jobs.workers=2"
        })
class JobMetersSqliteTest {

    static final String CHIEF = "jobmeters_chief";

    @LocalServerPort
    int port;

    @Autowired
    Jobs jobs;

    @Autowired
    EventLog log;

    @Autowired
    HeldJob held;

    @Autowired
    JobSettings settings;

    /** Runs until released (or cancelled on shutdown). */
    static class HeldJob implements JobType {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "test.held";
        }

        @Override
        public Finish run(JobContext job) throws InterruptedException {
            while (!release.await(50, TimeUnit.MILLISECONDS)) {
                job.checkCancelled();
            }
            return tx -> Map.of("held", true);
        }
    }

    @TestConfiguration
    static class HeldJobs {
        @Bean
        HeldJob heldJob() {
            return new HeldJob();
        }
    }

    double sample(String name, String... labels) {
        return Metrics.sample("http://localhost:" + port, name, labels);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void runningAndQueuedJobsAreGaugedAndShownOnTheServerPage() throws Exception {
        Api chief = Api.signedInAs(port, CHIEF);
        Person owner = Person.signUp(port, "owner");
        double succeeded = sample("tidings_job_duration_seconds_count", "type=\"test.held\"", "outcome=\"succeeded\"");
        assertThat(sample("tidings_jobs_running")).isZero();
        assertThat(sample("tidings_jobs_queued")).isZero();

        int workers = settings.workers();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i <= workers; i++) {
            ids.add(log.write(tx -> jobs.enqueue(tx, "test.held", owner.id(), Map.of())));
        }
        jobs.wake();

        // Every worker holds a job; the one more waits.
        await("all workers running", () -> sample("tidings_jobs_running") == workers);
        await("one queued", () -> sample("tidings_jobs_queued") == 1);
        JsonNode snapshot = chief.get("/api/admin/server").expect(200).json();
        assertThat(snapshot.path("jobsRunning").asDouble()).isEqualTo(workers);
        assertThat(snapshot.path("jobsQueued").asDouble()).isEqualTo(1);

        held.release.countDown();
        for (long id : ids) {
            assertThat(owner.api().awaitJob(id).path("state").asString()).isEqualTo("succeeded");
        }
        await("none running", () -> sample("tidings_jobs_running") == 0);
        await("none queued", () -> sample("tidings_jobs_queued") == 0);
        assertThat(sample("tidings_job_duration_seconds_count", "type=\"test.held\"", "outcome=\"succeeded\""))
                .isEqualTo(succeeded + workers + 1);
    }
}
