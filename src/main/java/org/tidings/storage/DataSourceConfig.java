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
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class DataSourceConfig {

    @Bean
    Database database(DatabaseSettings settings, Environment env) {
        return Database.fromUrl(jdbcUrl(settings, env));
    }

    @Bean
    DataSource dataSource(DatabaseSettings settings, Database database, Environment env) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tidings");
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
            config.setMaximumPoolSize(settings.sqlitePoolSize());
        } else {
            config.setUsername(firstNonBlank(settings.username(), env.getProperty("spring.datasource.username")));
            config.setPassword(firstNonBlank(settings.password(), env.getProperty("spring.datasource.password")));
            config.setMaximumPoolSize(settings.postgresPoolSize());
            config.setConnectionTimeout(settings.postgresConnectionTimeout().toMillis());
        }
        return new EventLoopGuard(new HikariDataSource(config));
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
