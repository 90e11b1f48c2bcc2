package io.overlaywatch.agents.cli;

import io.overlaywatch.model.Scenario;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads a scenario by its wire name ({@code policy}, {@code pod}, {@code live}, {@code demo}). */
final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {

    static final String NAMES = Arrays.stream(Scenario.values()).map(Scenario::wireName)
            .collect(Collectors.joining(", "));

    @Override
    public Scenario convert(String value) {
        for (Scenario scenario : Scenario.values()) {
            if (scenario.wireName().equals(value.toLowerCase(Locale.ROOT))) {
                return scenario;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + NAMES);
    }
}
