package io.overlaywatch.lab.bench;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Flink metric reporter that keeps the live {@code numRecordsIn} counters of every operator of a MiniCluster in
 * this JVM, so that the benchmark reads how many records an operator has taken in without polling a REST API.
 * Flink creates it from {@code metrics.reporter.<name>.factory.class}; the counters are shared through a static map
 * because Flink, not the benchmark, instantiates the reporter.
 */
public final class OperatorCounters implements MetricReporter {

    /** The configuration value that installs this reporter. */
    public static final String FACTORY = Factory.class.getName();

    private static final String RECORDS_IN = "numRecordsIn";
    private static final String OPERATOR_NAME = "<operator_name>";
    private static final Map<String, List<Counter>> RECORDS_IN_BY_OPERATOR = new ConcurrentHashMap<>();

    /** Records taken in so far by every subtask of the named operator together. */
    public static long recordsIn(String operator) {
        return RECORDS_IN_BY_OPERATOR.getOrDefault(operator, List.of()).stream().mapToLong(Counter::getCount).sum();
    }

    /** Operators seen so far, for an error message that names them. */
    public static String operators() {
        return String.join(", ", RECORDS_IN_BY_OPERATOR.keySet());
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String operator = group.getAllVariables().get(OPERATOR_NAME);
        if (RECORDS_IN.equals(name) && operator != null && metric instanceof Counter counter) {
            RECORDS_IN_BY_OPERATOR.computeIfAbsent(operator, o -> new CopyOnWriteArrayList<>()).add(counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String operator = group.getAllVariables().get(OPERATOR_NAME);
        if (operator != null) {
            RECORDS_IN_BY_OPERATOR.getOrDefault(operator, List.of()).remove(metric);
        }
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new OperatorCounters();
        }
    }
}
