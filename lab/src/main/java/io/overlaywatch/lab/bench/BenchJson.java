package io.overlaywatch.lab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a benchmark's result (a record) as indented JSON, for the lead's re-runs and for BENCHMARKS.md. */
public final class BenchJson {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private BenchJson() {
    }

    /** Writes the result to the file, creating its folder. */
    public static void write(Path file, Object result) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), result);
    }

    /** The result as JSON text. */
    static String text(Object result) throws IOException {
        return JSON.writeValueAsString(result);
    }
}
