import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 as its {@code MainApp} does, minus two start-up races that leave the kernel
 * deaf. install-kernel.sh compiles it into the kernel folder and writes {@code java -cp
 * rapaio-jupyter-kernel-3.0.1.jar:launcher KernelLauncher <connection-file>} into kernel.json.
 *
 * <p>Both races were seen on a loaded 2-core machine, each in roughly one kernel start out of five; the notebook then
 * waits until Jupyter gives up ("Kernel didn't respond"):
 * <ol>
 *   <li>{@code Channels.connect} starts the socket threads before it creates its message-handler map, and Jupyter
 *       sends {@code kernel_info_request} as soon as the ports are open; when the request wins, the shell thread dies
 *       of a NullPointerException ("this.handlers is null"). With an empty map in place before {@code connect}, an
 *       early request is only logged as unhandled and Jupyter's retry a moment later is answered.</li>
 *   <li>{@code LoopThread.start} starts the thread first and sets its {@code running} flag second, so a thread that
 *       runs at once sees {@code false} and ends silently. A loop thread found dead after {@code connect} is replaced
 *       by a copy whose flag is set before it starts.</li>
 * </ol>
 */
public final class KernelLauncher {
    private static final Logger LOGGER = Logger.getLogger("KernelLauncher");

    private KernelLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: KernelLauncher <connection-file>, got " + args.length
                    + " arguments");
        }
        LogManager.getLogManager().readConfiguration(
                MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("KernelLauncher: no connection file at " + file.toAbsolutePath());
        }
        ConnectionProperties props = Transform.fromJson(Files.readString(file), ConnectionProperties.class);
        Channels channels = new Channels(props);
        field(Channels.class, "handlers").set(channels, new ConcurrentHashMap<>());
        // MainApp.kernel is the instance the notebook-side helpers (display(...)) talk to.
        channels.connect(MainApp.kernel);
        restartLostLoops(channels);
        channels.joinUntilClose();
    }

    /** Replaces the socket loops that ended before their running flag was set (race 2). */
    private static void restartLostLoops(Channels channels) throws Exception {
        // A loop that lost the race ends within microseconds of its start; give it time to do so.
        Thread.sleep(300);
        for (String name : List.of("shell", "control", "heartbeat")) {
            Object channel = field(Channels.class, name).get(channels);
            Field loopField = field(channel.getClass(), "loopThread");
            LoopThread lost = (LoopThread) loopField.get(channel);
            if (lost == null || lost.isAlive()) {
                continue;
            }
            LoopThread loop = new LoopThread(lost.getName(), (Long) field(LoopThread.class, "sleep").get(lost),
                    (Runnable) field(LoopThread.class, "loopBody").get(lost));
            field(LoopThread.class, "running").set(loop, true);
            loopField.set(channel, loop);
            loop.start();
            LOGGER.warning("restarted the " + name + " loop thread " + lost.getName()
                    + ", which ended at start (rapaio LoopThread race)");
        }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
