package io.overlaywatch.lab.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Checks, before the lab creates anything, that it runs with the privileges and programs it needs. */
public final class LabPreflight {

    /** Programs the lab runs, with the Debian/Ubuntu package that ships each. */
    public static final Map<String, String> REQUIRED_PROGRAMS = requiredPrograms();

    /** CAP_NET_ADMIN is bit 12 of the capability sets in /proc/self/status. */
    static final int CAP_NET_ADMIN = 12;

    private LabPreflight() {
    }

    /** The facts the check judges, gathered by {@link #probe()} or given by a test. */
    public record Environment(boolean root, boolean capNetAdmin, Set<String> missingPrograms) {
        public Environment {
            missingPrograms = Set.copyOf(missingPrograms);
        }

        /** Facts from the text of /proc/self/status and a test for whether a program is on the PATH. */
        public static Environment from(String procSelfStatus, Predicate<String> programFound) {
            boolean root = false;
            boolean netAdmin = false;
            for (String line : procSelfStatus.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 3 && fields[0].equals("Uid:")) {
                    root = fields[2].equals("0"); // real, effective, saved, fs: the effective one counts
                } else if (fields.length >= 2 && fields[0].equals("CapEff:")) {
                    netAdmin = new java.math.BigInteger(fields[1], 16).testBit(CAP_NET_ADMIN);
                }
            }
            Set<String> missing = new TreeSet<>();
            for (String program : REQUIRED_PROGRAMS.keySet()) {
                if (!programFound.test(program)) {
                    missing.add(program);
                }
            }
            return new Environment(root, netAdmin, missing);
        }
    }

    /** Reads this process's facts: effective uid and capabilities, and which required programs are on the PATH. */
    public static Environment probe() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            status = ""; // not Linux: neither root nor capabilities can be shown, and the message says so
        }
        return Environment.from(status, program -> Commands.which(program).isPresent());
    }

    /** Everything that stops the lab, one phrase each; empty when it can run. */
    public static List<String> problems(Environment env) {
        List<String> problems = new ArrayList<>();
        if (!env.root() && !env.capNetAdmin()) {
            problems.add("not running as root and without CAP_NET_ADMIN (network namespaces need it: run with sudo)");
        }
        if (!env.missingPrograms().isEmpty()) {
            Set<String> packages = new TreeSet<>();
            env.missingPrograms().forEach(p -> packages.add(REQUIRED_PROGRAMS.getOrDefault(p, p)));
            problems.add("missing programs: " + String.join(", ", new TreeSet<>(env.missingPrograms()))
                    + " (install with: apt-get install " + String.join(" ", packages) + ")");
        }
        return problems;
    }

    /** The one message naming every problem, or empty when there is none. */
    public static String message(List<String> problems) {
        if (problems.isEmpty()) {
            return "";
        }
        return "The lab cannot run, nothing was created: " + problems.stream().collect(Collectors.joining("; ")) + ".";
    }

    /** Throws {@link LabPreflightException} naming everything missing in this process's environment. */
    public static void check() {
        check(probe());
    }

    /** Throws {@link LabPreflightException} naming everything missing in {@code env}. */
    public static void check(Environment env) {
        List<String> problems = problems(env);
        if (!problems.isEmpty()) {
            throw new LabPreflightException(message(problems), problems);
        }
    }

    private static Map<String, String> requiredPrograms() {
        Map<String, String> programs = new LinkedHashMap<>();
        programs.put("ip", "iproute2");
        programs.put("iperf3", "iperf3");
        programs.put("iptables-restore", "iptables");
        programs.put("iptables-save", "iptables");
        programs.put("nft", "nftables");
        programs.put("sysctl", "procps");
        return java.util.Collections.unmodifiableMap(programs);
    }
}
