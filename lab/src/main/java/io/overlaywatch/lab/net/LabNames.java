package io.overlaywatch.lab.net;

import java.security.SecureRandom;

/** The lab's naming: every namespace and interface starts with a run prefix such as {@code ow-k3x9q2-}. */
public final class LabNames {

    /** What every lab prefix starts with: {@code lab cleanup} removes namespaces named so. */
    public static final String BASE = "ow-";

    /** Linux interface names hold at most 15 characters (IFNAMSIZ - 1). */
    public static final int MAX_INTERFACE_NAME = 15;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LabNames() {
    }

    /** A fresh run prefix: {@code ow-} and 6 random characters and {@code -}, 10 characters in all. */
    public static String randomPrefix() {
        StringBuilder b = new StringBuilder(BASE);
        for (int i = 0; i < 6; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.append('-').toString();
    }

    /** Throws unless {@code prefix} starts with {@link #BASE} and holds only characters safe in interface, chain and file names. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null || !prefix.startsWith(BASE) || !prefix.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("lab prefix '" + prefix + "' must start with '" + BASE
                    + "' and hold only a-z, 0-9 and '-'");
        }
        return prefix;
    }
}
