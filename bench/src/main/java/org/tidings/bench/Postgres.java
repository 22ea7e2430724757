package org.tidings.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** A fresh database on the machine's PostgreSQL (user postgres, trust auth), dropped afterwards. */
final class Postgres implements AutoCloseable {

    private final String hostPort;
    private final String name;

    private Postgres(String hostPort, String name) {
        this.hostPort = hostPort;
        this.name = name;
    }

    static Postgres create(String hostPort, String name) throws IOException, InterruptedException {
        Postgres database = new Postgres(hostPort, name);
        database.psql("DROP DATABASE IF EXISTS " + name);
        database.psql("CREATE DATABASE " + name);
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + hostPort + "/" + name + "?user=postgres";
    }

    private void psql(String sql) throws IOException, InterruptedException {
        String[] hp = hostPort.split(":");
        Process psql = new ProcessBuilder("psql", "-h", hp[0], "-p", hp[1], "-U", "postgres", "-d", "postgres",
                        "-v", "ON_ERROR_STOP=1", "-q", "-c", sql)
                .redirectErrorStream(true)
                .start();
        String out = new String(psql.getInputStream().readAllBytes()).trim();
        if (!psql.waitFor(60, TimeUnit.SECONDS) || psql.exitValue() != 0) {
            throw new IOException("psql failed: " + out);
        }
    }

    @Override
    public void close() {
        try {
            psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IOException | InterruptedException e) {
            System.out.println("  could not drop database " + name + ": " + e.getMessage());
        }
    }
}
