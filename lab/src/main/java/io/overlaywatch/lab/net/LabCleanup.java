package io.overlaywatch.lab.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Removes lab namespaces, with the processes still running in them: what a killed run left behind. */
public final class LabCleanup {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    /** A run's prefix: the base and the run's random part, e.g. {@code ow-x1y2z3-}. */
    private static final Pattern RUN_PREFIX = Pattern.compile(Pattern.quote(LabNames.BASE) + "[a-z0-9]+-");

    private LabCleanup() {
    }

    /**
     * Removes every namespace whose name starts with {@code prefix} (the base {@code ow-}, or one run's prefix) and returns
     * their names; a second call finds nothing and returns an empty list.
     */
    public static List<String> removeAll(String prefix) {
        return removeAll(prefix, skipped -> { });
    }

    /**
     * As {@link #removeAll(String)}, but leaves alone the namespaces of runs that another live process
     * still owns (see {@link LabRunLock}), telling {@code skipped} about each such run.
     */
    public static List<String> removeAll(String prefix, Consumer<String> skipped) {
        // Refuse anything shorter than the base: an empty prefix would remove every namespace on the host.
        LabNames.requireValidPrefix(prefix);
        Set<String> live = new TreeSet<>();
        List<String> ours = new ArrayList<>();
        for (String ns : listNamespaces()) {
            Matcher run = RUN_PREFIX.matcher(ns);
            if (!ns.startsWith(prefix) || !run.lookingAt()) {
                continue;
            }
            Optional<Long> owner = LabRunLock.otherOwner(run.group());
            if (owner.isPresent()) {
                if (live.add(run.group())) {
                    skipped.accept(run.group() + " (lab run of process " + owner.get() + ", still running)");
                }
            } else {
                ours.add(ns);
            }
        }
        List<String> removed = remove(ours);
        LabRunLock.removeStale();
        return removed;
    }

    /** The network namespaces named in /run/netns, as {@code ip netns list} shows them. */
    public static List<String> listNamespaces() {
        String out = Commands.run(List.of("ip", "netns", "list")).stdout();
        List<String> names = new ArrayList<>();
        // Lines are "name" or "name (id: 3)".
        out.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> names.add(l.split("\\s+")[0]));
        return names;
    }

    /** Stops the processes in {@code namespaces} and deletes those of them that exist; returns the ones it deleted. */
    static List<String> remove(Collection<String> namespaces) {
        Set<String> existing = new LinkedHashSet<>(listNamespaces());
        List<String> targets = namespaces.stream().filter(existing::contains).distinct().toList();
        if (targets.isEmpty()) {
            return List.of();
        }
        killProcessesIn(targets);
        StringBuilder script = new StringBuilder();
        targets.forEach(ns -> script.append("netns del ").append(ns).append('\n'));
        // -force goes on past a namespace that another cleanup removed meanwhile; the listing below tells what is gone.
        Commands.attempt(List.of("ip", "-force", "-batch", "-"), script.toString(), Commands.DEFAULT_TIMEOUT);
        Set<String> left = new LinkedHashSet<>(listNamespaces());
        List<String> stuck = targets.stream().filter(left::contains).toList();
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("could not delete namespaces " + stuck);
        }
        return targets;
    }

    // iperf3 servers and clients of a killed run would otherwise keep the namespaces, and their veths, alive unnamed.
    private static void killProcessesIn(List<String> namespaces) {
        StringBuilder script = new StringBuilder();
        namespaces.forEach(ns -> script.append("netns pids ").append(ns).append('\n'));
        String out = Commands.attempt(List.of("ip", "-force", "-batch", "-"), script.toString(), Commands.DEFAULT_TIMEOUT).stdout();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> stopped = new ArrayList<>();
        out.lines().map(String::strip).filter(l -> l.matches("\\d+")).map(Long::parseLong).filter(pid -> pid != self)
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    stopped.add(p);
                }));
        for (ProcessHandle p : stopped) {
            try {
                p.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // A process that outlives SIGKILL keeps its namespace alive, unnamed; deleting the name still succeeds.
            }
        }
    }
}
