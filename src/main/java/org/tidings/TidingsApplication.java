package org.tidings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.tidings.backup.BackupCommand;

@SpringBootApplication(exclude = ReactiveUserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class TidingsApplication {
    public static void main(String[] args) {
        // "backup FILE" and "restore FILE" run and exit without starting the server.
        var command = BackupCommand.run(args, System.out, System.err);
        if (command.isPresent()) {
            System.exit(command.get());
        }
        SpringApplication.run(TidingsApplication.class, args);
    }
}
