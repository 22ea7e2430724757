package org.tidings.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/** The real server on a random port, storing in a fresh SQLite file. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SqliteServer.Initializer.class)
@ActiveProfiles("test")
public @interface SqliteServer {

    class Initializer
            implements org.springframework.context.ApplicationContextInitializer<
                    org.springframework.context.ConfigurableApplicationContext> {
        @Override
        public void initialize(org.springframework.context.ConfigurableApplicationContext context) {
            org.springframework.boot.test.util.TestPropertyValues.of(
                            "tidings.db.data-dir=" + TempDirs.create("tidings-sqlite"))
                    .applyTo(context);
        }
    }
}
