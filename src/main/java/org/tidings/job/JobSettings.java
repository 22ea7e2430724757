package org.tidings.job;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.jobs")
public record JobSettings(
        // Where jobs put files they produce (exports); application.yml places it under the data dir.
        @DefaultValue("./data/jobs") Path dir,
        // Jobs one node runs at once. Jobs read and write whole files: on a small machine two
        // keep the disk busy without starving the request handlers.
        @DefaultValue("2") int workers,
        // Runs a job gets before it is failed: enough to survive a crash or two mid-run, not so
        // many that a job that kills its node takes the cluster down again and again.
        @DefaultValue("3") int maxAttempts,
        // How often a node tells the database its running jobs are alive (and saves their progress).
        @DefaultValue("5s") Duration heartbeat,
        // A running job whose heartbeat is older than this was interrupted (its node died): several
        // heartbeats, so one slow database write does not fail a healthy job.
        @DefaultValue("30s") Duration staleAfter,
        // How often an idle node looks for queued jobs that another node (or a retry) queued;
        // jobs queued on this node start at once.
        @DefaultValue("2s") Duration pollInterval,
        // job.progress events per job at most this often: smooth bars, a bounded event rate.
        @DefaultValue("250ms") Duration progressInterval,
        // Finished jobs (and their result files) are deleted after this long.
        @DefaultValue("7d") Duration retention) {}
