package dev.reprise.sample;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.RepriseException;
import dev.reprise.cli.CommandRunner;
import dev.reprise.cli.VerboseOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code reprise sample-service}: runs the demo's multi-tenant sample service until stopped.
 * Prints one line, {@code sample-service NAME listening on HOST:PORT}, once it is bound, so a
 * script can start it on port 0 and read the address from the line's last word.
 */
@Command(name = "sample-service", mixinStandardHelpOptions = true,
        description = {"Run the multi-tenant sample shop API the demo captures and replays against.",
                "Endpoints: GET /api/products?page=N, GET /api/products/{id}, GET /api/orders/{id}, POST /api/orders,"
                        + " PUT /api/carts/{id}, GET /api/search?q=WORD, GET /health, GET /stats, POST /stats/reset, GET /metrics (Prometheus)."})
public final class SampleServiceCommand implements Callable<Integer> {
    private static final List<String> POOL_OPTIONS = List.of("--pool-slots", "--pool-queue", "--pool-hold-ms");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8081",
            description = "Address to listen on; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--name", defaultValue = "sample",
            description = "Name shown in /health, /stats and the X-Served-By header (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--defect", paramLabel = "none|tenant-pool|context-leak", defaultValue = "none",
            description = {"A deliberate fault (default: ${DEFAULT-VALUE}): tenant-pool gives each tenant a small worker pool with a bounded queue;",
                    "context-leak keeps a context for every pooled backend connection on every keep-alive check, so memory grows with uptime."})
    String defect;

    @Option(names = "--leak-bytes", paramLabel = "N", defaultValue = "" + Defect.ContextLeak.DEFAULT_CONTEXT_BYTES,
            description = "context-leak: bytes each retained context holds; 8 are kept every 100 ms (default: ${DEFAULT-VALUE}).")
    int leakBytes;

    @Option(names = "--pool-slots", paramLabel = "N", defaultValue = "" + Defect.TenantPool.DEFAULT_SLOTS,
            description = "tenant-pool: workers per tenant (default: ${DEFAULT-VALUE}).")
    int poolSlots;

    @Option(names = "--pool-queue", paramLabel = "N", defaultValue = "" + Defect.TenantPool.DEFAULT_QUEUE,
            description = "tenant-pool: requests per tenant that may wait for a worker; more get 503 (default: ${DEFAULT-VALUE}).")
    int poolQueue;

    @Option(names = "--pool-hold-ms", paramLabel = "MS", defaultValue = "" + Defect.TenantPool.DEFAULT_HOLD_MILLIS,
            description = "tenant-pool: milliseconds a request holds its worker beyond its own work (default: ${DEFAULT-VALUE}).")
    int poolHoldMillis;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Event loop threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = usage(() -> HostPort.parse(listen));
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw usageError("--name \"" + name + "\": use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (threads < 1 || threads > 64) {
            throw usageError("--threads must be between 1 and 64, not " + threads);
        }
        Defect chosen = usage(this::defect);
        SampleService service;
        try {
            service = SampleService.start(address, name, chosen, threads);
        } catch (IOException e) {
            throw new RepriseException(e.getMessage());
        }
        Thread stopper = new Thread(service::close, "sample-service-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        PrintWriter out = spec.commandLine().getOut();
        out.println("sample-service " + name + " listening on " + HostPort.format(service.address()));
        out.flush();
        service.awaitClosed();
        return 0;
    }

    private Defect defect() {
        if (!defect.equals("tenant-pool")) {
            for (String o : POOL_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new InvalidSettingsException(o + " needs --defect tenant-pool");
                }
            }
        }
        if (!defect.equals("context-leak") && spec.commandLine().getParseResult().hasMatchedOption("--leak-bytes")) {
            throw new InvalidSettingsException("--leak-bytes needs --defect context-leak");
        }
        switch (defect) {
            case "none":
                return new Defect.None();
            case "tenant-pool":
                return new Defect.TenantPool(poolSlots, poolQueue, poolHoldMillis);
            case "context-leak":
                return new Defect.ContextLeak(leakBytes);
            default:
                throw new InvalidSettingsException("--defect \"" + defect + "\": expected none, tenant-pool or context-leak");
        }
    }

    private <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new SampleServiceCommand(), args));
    }
}
