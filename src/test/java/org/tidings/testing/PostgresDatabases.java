package org.tidings.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each test server a fresh, empty PostgreSQL database. It uses the server named by
 * {@code TIDINGS_TEST_PG_URL} (a JDBC url to an admin database, as CI sets it) or, when that is
 * unset, starts an embedded PostgreSQL from Maven Central once per test run, so the test command
 * needs no installed server.
 */
public final class PostgresDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile String adminUrl;

    private PostgresDatabases() {}

    public static synchronized String createDatabase() {
        String admin = adminUrl();
        String name = "tidings_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
                + Long.toString(System.nanoTime() % 100000, 36);
        try (Connection c = DriverManager.getConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database on " + admin, e);
        }
        return replaceDatabase(admin, name);
    }

    private static String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getenv("TIDINGS_TEST_PG_URL");
            if (configured != null && !configured.isBlank()) {
                adminUrl = configured;
            } else {
                adminUrl = startEmbedded();
            }
        }
        return adminUrl;
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the temp cluster goes with it.
                }
            }));
            return pg.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start embedded PostgreSQL; set TIDINGS_TEST_PG_URL to a server instead", e);
        }
    }

    /** Swaps the database name in a JDBC url, keeping its query parameters. */
    static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }
}
