package dev.lightpath.control;

import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.io.Impairment;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --impair}, which run and loadgen share: their port impaired both ways, for testing. */
final class ImpairOption {
    @Option(names = "--impair", paramLabel = "SPEC",
            description = "Impair the port both ways, for testing, as comma-separated key=value items. Per frame, as "
                    + "probabilities: loss, reorder, dup, corrupt (e.g. loss=0.05,reorder=0.01,dup=0.01,corrupt=0.001), "
                    + "seed (default 1). In time: delay=10ms, jitter=1ms (frames may overtake each other, as with "
                    + "netem; jitter=1ms/inorder keeps the order), limit=10000 (frames in flight), a bottleneck "
                    + "rate=100mbit behind queue=200kb (or queue=1000frames, the default; beyond it, tail drop), "
                    + "Gilbert-Elliott burst loss ge=p:0.01/r:0.3/bad:0.5/good:0 (P(good->bad), P(bad->good), "
                    + "loss in each state), link flaps flap=every:10s/down:200ms (or mean:10s for random times).")
    String spec;

    /** The settings with the impairment asked for, or as they are; a bad spec is a usage error naming --impair. */
    ApplianceSettings applyTo(ApplianceSettings settings, CommandLine commandLine) {
        if (spec == null) {
            return settings;
        }
        try {
            return settings.withImpairment(Impairment.parse(spec));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--impair: " + e.getMessage(), e);
        }
    }
}
