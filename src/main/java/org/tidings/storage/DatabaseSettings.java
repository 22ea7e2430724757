package org.tidings.storage;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the data lives. With no {@code url} Tidings keeps everything in one SQLite file under
 * {@code dataDir}; a {@code jdbc:postgresql:} url switches to PostgreSQL.
 */
@ConfigurationProperties("tidings.db")
public record DatabaseSettings(
        String url,
        String username,
        String password,
        @DefaultValue("./data") Path dataDir,
        // SQLite serialises writers anyway; a few connections let readers run beside the writer.
        @DefaultValue("8") int sqlitePoolSize,
        @DefaultValue("20") int postgresPoolSize,
        // How long a request waits for a PostgreSQL connection before it fails with 503
        // database_unavailable. Hikari's 30 s would hold every request that long while the
        // database is down; a healthy pool hands one out in microseconds.
        @DefaultValue("5s") Duration postgresConnectionTimeout) {

    public boolean hasUrl() {
        return url != null && !url.isBlank();
    }
}
