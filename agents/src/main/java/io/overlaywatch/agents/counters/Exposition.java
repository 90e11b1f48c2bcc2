package io.overlaywatch.agents.counters;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Prometheus metrics page: its samples in printed order, the HELP and TYPE of each family, and one
 * problem per line that could not be read ({@code line 12, column 30: ...}).
 */
public record Exposition(List<PrometheusSample> samples, Map<String, String> help, Map<String, MetricType> types,
                         List<String> problems) {

    public Exposition {
        samples = List.copyOf(samples);
        help = Collections.unmodifiableMap(new LinkedHashMap<>(help));
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        problems = List.copyOf(problems);
    }

    /** The samples of one family, in printed order. */
    public List<PrometheusSample> family(String family) {
        return samples.stream().filter(s -> s.family().equals(family)).toList();
    }
}
