package org.tidings.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class DataSourceConfig {

    @Bean
    Database database(DatabaseSettings settings, Environment env) {
        return Database.fromUrl(jdbcUrl(settings, env));
    }

    /** The writer connection's SQLite page cache limit, in KiB (negative: KiB, not pages). */
    static final int WRITER_CACHE_KIB = -64 * 1024;

    /** Log pages after which a commit checkpoints (SQLite's default is 1,000). */
    static final int WAL_CHECKPOINT_PAGES = 10_000;

    @Primary
    @Bean
    DataSource dataSource(DatabaseSettings settings, Database database, Environment env) {
        HikariConfig config = config("tidings", settings, database, env);
        config.setMaximumPoolSize(
                database == Database.SQLITE ? settings.sqlitePoolSize() : settings.postgresPoolSize());
        return guarded(config);
    }

    /**
     * The event writer's own connection, so a crowd of readers can never keep the one writer
     * waiting for the pool (every send waits on the writer).
     */
    @Bean
    WriterDataSource writerDataSource(DatabaseSettings settings, Database database, Environment env) {
        HikariConfig config = config("tidings-writer", settings, database, env);
        config.setMaximumPoolSize(1);
        if (database == Database.SQLITE) {
            // A batch of sends to many conversations dirties a page of every index per
            // conversation; with SQLite's default 2 MiB cache the writer spilled pages to the log
            // mid-transaction and read evicted ones back. The limit only bounds what is cached:
            // one connection, 64 MiB at most.
            config.addDataSourceProperty("cache_size", String.valueOf(WRITER_CACHE_KIB));
        }
        return new WriterDataSource(guarded(config));
    }

    private static HikariConfig config(String name, DatabaseSettings settings, Database database, Environment env) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl(settings, env));
        if (database == Database.SQLITE) {
            // WAL lets readers run beside the one writer; FULL fsyncs every commit so a message is
            // on disk before its 201 leaves; IMMEDIATE takes the write lock at BEGIN so two writers
            // queue on the busy timeout instead of failing on a lock upgrade.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            // Deleted and rewritten rows are overwritten with zeros, not left in free space: a
            // deleted message must not be readable from the file (storage/Erasure).
            config.addDataSourceProperty("secure_delete", "true");
            // The committing connection copies the log into the database file (and fsyncs it)
            // once the log passes this many pages. The same hot index pages are committed again
            // and again, so a larger interval copies each of them once instead of many times;
            // durability is the log's fsync at every commit either way.
            config.addDataSourceProperty("wal_autocheckpoint", String.valueOf(WAL_CHECKPOINT_PAGES));
            // Statement journals and savepoint journals (the writer runs each group of sends in a
            // savepoint) in memory: they only serve a rollback inside the open transaction, never
            // recovery, yet spilled to a temporary file they were a third of the writer's inserts
            // (pwrite). Temporary sort B-trees stay in memory as well.
            config.addDataSourceProperty("temp_store", "MEMORY");
        } else {
            config.setUsername(firstNonBlank(settings.username(), env.getProperty("spring.datasource.username")));
            config.setPassword(firstNonBlank(settings.password(), env.getProperty("spring.datasource.password")));
            // Fail fast while PostgreSQL is down (503) rather than hold requests for Hikari's 30 s.
            config.setConnectionTimeout(settings.postgresConnectionTimeout().toMillis());
            // A JDBC batch of inserts (the writer's events) goes as multi-row INSERTs: one round
            // trip and one statement for the server to run instead of one per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return config;
    }

    private static EventLoopGuard guarded(HikariConfig config) {
        // Grow on demand instead of opening every connection at start: several nodes (and test
        // servers) share one PostgreSQL, whose connection limit is often just 100.
        config.setMinimumIdle(Math.min(2, config.getMaximumPoolSize()));
        return new EventLoopGuard(
                new HikariDataSource(config), config.getMaximumPoolSize(), config.getConnectionTimeout());
    }

    @Bean
    FlywayConfigurationCustomizer migrationPlaceholders(Database database) {
        return flyway -> flyway.placeholders(database.migrationPlaceholders());
    }

    private static String jdbcUrl(DatabaseSettings settings, Environment env) {
        if (settings.hasUrl()) {
            return settings.url();
        }
        String springUrl = env.getProperty("spring.datasource.url");
        if (springUrl != null && !springUrl.isBlank()) {
            return springUrl;
        }
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + settings.dataDir(), e);
        }
        return "jdbc:sqlite:" + settings.dataDir().resolve("tidings.db");
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
