package dev.reprise.transport;

import dev.reprise.format.InvalidSettingsException;

import java.util.List;

/**
 * A program's view of {@link Transport#best()}, run in its own JVM so that the property and
 * Netty's native switches are set before anything reads them: prints the transport's name, or
 * each refusal (asking twice, as a program's parts each do) and exits 2. With the argument
 * {@code io_uring-first} it asks as a program preferring io_uring does.
 */
public final class ChosenTransport {
    private ChosenTransport() {
    }

    public static void main(String[] args) {
        List<Transport> order = args.length > 0 && args[0].equals("io_uring-first")
                ? Transport.IO_URING_FIRST : Transport.DEFAULT_ORDER;
        boolean refused = false;
        for (int i = 0; i < 2; i++) {
            try {
                Transport t = Transport.best(order);
                if (i == 0) {
                    System.out.println(t.label());
                }
            } catch (InvalidSettingsException e) {
                System.err.println(e.getMessage());
                refused = true;
            }
        }
        System.exit(refused ? 2 : 0);
    }
}
