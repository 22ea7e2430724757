package org.tidings.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/** The real server on a random port, storing in a fresh PostgreSQL database. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PostgresServer.Initializer.class)
@ActiveProfiles("test")
public @interface PostgresServer {

    class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            // The data dir still holds files (uploads, job results), so each server gets its own.
            TestPropertyValues.of(
                            "tidings.db.url=" + PostgresDatabases.createDatabase(),
                            "tidings.db.data-dir=" + TempDirs.create("tidings-pg-files"))
                    .applyTo(context);
        }
    }
}
