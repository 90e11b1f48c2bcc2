package io.overlaywatch.lab;

import io.overlaywatch.lab.net.LabCleanup;
import io.overlaywatch.lab.sweep.LabSession;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** Removes what a killed lab run left behind. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Removes every network namespace (and with it every link and rule) that a lab run left behind;"
                + " running it twice is harmless.")
public class LabCleanupCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<String> removed = LabCleanup.removeAll(LabSession.PREFIX_BASE);
        System.out.println(removed.isEmpty() ? "nothing to remove" : "removed " + String.join(" ", removed));
        return 0;
    }
}
