package io.overlaywatch.lab.report;

import java.util.Locale;

/** The file formats a chart is written in: PNG for viewing anywhere, SVG for print and zoom. */
public enum ImageFormat {
    PNG("image/png"),
    SVG("image/svg+xml");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** "png", "svg": the file name extension. */
    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }
}
