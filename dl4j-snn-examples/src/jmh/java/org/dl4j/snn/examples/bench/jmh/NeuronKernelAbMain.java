package org.dl4j.snn.examples.bench.jmh;

import org.dl4j.snn.neuron.internal.FlatArray;
import org.dl4j.snn.neuron.internal.NeuronKernelBefore;

/**
 * A/B of the neuron kernel split by model (issue 19) in one JVM: {@link NeuronKernelBefore} (the frozen kernel before
 * the change) against the current {@code NeuronKernel} on {@link NeuronKernelSpeedMain}'s cases, interleaved rounds.
 * Arguments [rounds] [threads]; -Dswap puts the new kernel in the "before" slot (to check that the slot does not
 * matter), -Dcases=REGEX keeps some cases. Run as {@link NeuronKernelSpeedMain} says, with this class as the main.
 */
public final class NeuronKernelAbMain {

    private NeuronKernelAbMain() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        NeuronKernelSpeedMain.Kernel old = new NeuronKernelSpeedMain.Kernel("NeuronKernelBefore", (cfg, t) -> {
            NeuronKernelBefore k = new NeuronKernelBefore(cfg, t);
            return new NeuronKernelSpeedMain.Timed<>((s, x, p, out) -> k.forward(s, x, p, null, out), k::backward);
        }, FlatArray::of);
        if (Boolean.getBoolean("swap")) {
            NeuronKernelSpeedMain.run(NeuronKernelSpeedMain.CURRENT, old, rounds, threads);
        } else {
            NeuronKernelSpeedMain.run(old, NeuronKernelSpeedMain.CURRENT, rounds, threads);
        }
    }
}
