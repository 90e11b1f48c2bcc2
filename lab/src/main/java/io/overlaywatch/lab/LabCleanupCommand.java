package io.overlaywatch.lab;

import io.overlaywatch.lab.net.LabCleanup;
import io.overlaywatch.lab.net.LabNames;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** Removes what a killed lab run left behind. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Removes every network namespace (and with it every link and rule) that a lab run left behind;"
                + " a run that is still going is left alone. Running it twice is harmless.")
public class LabCleanupCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<String> removed = LabCleanup.removeAll(LabNames.BASE,
                live -> System.out.println("left alone: " + live));
        System.out.println(removed.isEmpty() ? "nothing to remove" : "removed " + String.join(" ", removed));
        return 0;
    }
}
