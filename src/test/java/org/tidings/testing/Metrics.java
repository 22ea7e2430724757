package org.tidings.testing;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample of a server's /actuator/prometheus, for tests that make a meter move. */
public final class Metrics {

    private Metrics() {}

    /** The value of the first sample of {@code name} whose labels include all of {@code labels}; 0 if none. */
    public static double sample(String baseUrl, String name, String... labels) {
        String text = new Api(baseUrl).get("/actuator/prometheus").expect(200).body();
        // Label values are quoted and may hold braces (a URI template such as {conversationId}).
        Matcher line = Pattern.compile(
                        "(?m)^" + Pattern.quote(name) + "(\\{(?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})?\\s+(\\S+)$")
                .matcher(text);
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
