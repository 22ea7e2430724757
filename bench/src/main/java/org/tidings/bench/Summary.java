package org.tidings.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One figure over several runs: the median, with the spread shown as min-max. */
record Summary(double median, double min, double max, List<Double> runs) {

    static Summary of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Summary(median, sorted.getFirst(), sorted.getLast(), List.copyOf(values));
    }

    /** "12.3 (11.9–12.8)", with the spread left out for a single run. */
    String format(String pattern) {
        if (runs.isEmpty()) {
            return "–";
        }
        String mid = String.format(pattern, median);
        return runs.size() == 1 || min == max
                ? mid
                : mid + " (" + String.format(pattern, min) + "–" + String.format(pattern, max) + ")";
    }
}
