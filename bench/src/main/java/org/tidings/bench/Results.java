package org.tidings.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every figure measured, by scenario, system, transport and level (connections, rate, database:
 * whatever the scenario steps through), one value per run. Summaries are taken at the end.
 */
final class Results {

    /** A row of a scenario's table: which system, which transport, at which level. */
    record Key(String scenario, String system, String transport, String level) {}

    private final Map<Key, Map<String, List<Double>>> values = new LinkedHashMap<>();
    private final Map<String, Set<String>> metricsByScenario = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    synchronized void add(Key key, String metric, double value) {
        values.computeIfAbsent(key, k -> new LinkedHashMap<>())
                .computeIfAbsent(metric, m -> new ArrayList<>())
                .add(value);
        metricsByScenario.computeIfAbsent(key.scenario(), s -> new LinkedHashSet<>()).add(metric);
    }

    /** A sentence shown under a scenario's table (for instance why something was not measured). */
    synchronized void note(String scenario, String text) {
        notes.merge(scenario, text, (a, b) -> a.contains(b) ? a : a + " " + b);
    }

    synchronized List<Key> keys(String scenario) {
        return values.keySet().stream().filter(k -> k.scenario().equals(scenario)).toList();
    }

    synchronized List<String> metrics(String scenario) {
        return List.copyOf(metricsByScenario.getOrDefault(scenario, Set.of()));
    }

    synchronized Summary summary(Key key, String metric) {
        return Summary.of(values.getOrDefault(key, Map.of()).getOrDefault(metric, List.of()));
    }

    synchronized List<String> scenarios() {
        return List.copyOf(metricsByScenario.keySet());
    }

    synchronized String note(String scenario) {
        return notes.get(scenario);
    }

    synchronized Map<String, String> notes() {
        return Map.copyOf(notes);
    }
}
