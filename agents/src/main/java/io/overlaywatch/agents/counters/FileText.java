package io.overlaywatch.agents.counters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** A file read whole at every reading; {@code /proc} files report size 0, which readString handles. */
final class FileText implements TextSource {

    private final Path path;

    FileText(Path path) {
        this.path = Objects.requireNonNull(path, "path");
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + path + ": no such file or not readable");
        }
    }

    @Override
    public String read() throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
