package dev.reprise.transport;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportChoiceTest {

    @Test
    void aValueThatNamesNoTransportIsAOneLineErrorNamingTheValueAndTheChoices() {
        assertThatThrownBy(() -> Transport.choose("uring", Transport.DEFAULT_ORDER))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("-Dreprise.transport=uring: not a transport; use io_uring, epoll, nio or auto");
    }

    @Test
    void aBadValueSpreadOverLinesIsStillReportedOnOneLine() {
        assertThatThrownBy(() -> Transport.choose("ep\noll\r\n", Transport.DEFAULT_ORDER))
                .isInstanceOf(InvalidSettingsException.class)
                .message().doesNotContain("\n").doesNotContain("\r").contains("ep oll");
    }

    @Test
    void namesAreReadRegardlessOfCaseAndSurroundingSpace() {
        assertThat(Transport.choose(" NIO ", Transport.DEFAULT_ORDER)).isEqualTo(Transport.NIO);
        assertThat(Transport.choose("Nio", Transport.DEFAULT_ORDER)).isEqualTo(Transport.NIO);
    }

    @Test
    void autoOrNoValueTakesTheFirstTransportOfTheOrderThatRunsHere() {
        assertThat(Transport.choose("auto", List.of(Transport.NIO, Transport.EPOLL))).isEqualTo(Transport.NIO);
        assertThat(Transport.choose(null, List.of(Transport.NIO))).isEqualTo(Transport.NIO);
        assertThat(Transport.choose("  ", List.of(Transport.NIO))).isEqualTo(Transport.NIO);
    }

    @Test
    void onLinuxX86TheBuildCarriesBothNativeTransports() {
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            throw new AssertionError("this build ships the linux-x86_64 native transports only; run on Linux x86-64");
        }
        // epoll loads on every Linux kernel this project supports: not loading means the jar is missing.
        assertThat(Transport.EPOLL.isAvailable()).as("epoll").isTrue();
        // io_uring can be switched off by the kernel (io_uring_disabled) or a container's seccomp
        // profile; then naming it must be refused with the reason, never quietly replaced.
        if (!Transport.IO_URING.isAvailable()) {
            assertThatThrownBy(() -> Transport.choose("io_uring", Transport.DEFAULT_ORDER))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageStartingWith("-Dreprise.transport=io_uring: io_uring is not available here (");
        } else {
            assertThat(Transport.choose("io_uring", Transport.DEFAULT_ORDER)).isEqualTo(Transport.IO_URING);
        }
    }

    @Test
    void withoutThePropertyAProgramGetsTheDefaultOrdersFirstAvailableTransport() throws Exception {
        ChildRun run = runChild(List.of());
        assertThat(run.exit).isZero();
        assertThat(run.out).isEqualTo(Transport.choose(null, Transport.DEFAULT_ORDER).label() + "\n");
    }

    @Test
    void thePropertyNamesTheTransportAProgramGets() throws Exception {
        ChildRun run = runChild(List.of("-Dreprise.transport=nio"));
        assertThat(run.exit).isZero();
        assertThat(run.out).isEqualTo("nio\n");
    }

    @Test
    void aBadPropertyStopsTheProgramWithOneLineAtEveryAsking() throws Exception {
        ChildRun run = runChild(List.of("-Dreprise.transport=fastest"));
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).isEqualTo(
                "-Dreprise.transport=fastest: not a transport; use io_uring, epoll, nio or auto\n".repeat(2));
        assertThat(run.out).isEmpty();
    }

    @Test
    void aNativeTransportNamedWhereNativeLibrariesAreOffIsRefusedWithTheReason() throws Exception {
        for (String name : List.of("epoll", "io_uring")) {
            ChildRun run = runChild(List.of("-Dio.netty.transport.noNative=true", "-Dreprise.transport=" + name));
            assertThat(run.exit).as(name).isEqualTo(2);
            assertThat(run.err).as(name).isEqualTo(("-Dreprise.transport=" + name + ": " + name
                    + " is not available here (Native transport was explicit disabled with"
                    + " -Dio.netty.transport.noNative=true); use auto for the best that is\n").repeat(2));
        }
    }

    @Test
    void autoFallsBackToNioWhereNativeLibrariesAreOff() throws Exception {
        ChildRun run = runChild(List.of("-Dio.netty.transport.noNative=true", "-Dreprise.transport=auto"));
        assertThat(run.exit).isZero();
        assertThat(run.out).isEqualTo("nio\n");
        ChildRun preferringIoUring = runChild(List.of("-Dio.netty.transport.noNative=true"), "io_uring-first");
        assertThat(preferringIoUring.exit).isZero();
        assertThat(preferringIoUring.out).isEqualTo("nio\n");
    }

    @Test
    void aProgramPreferringIoUringGetsItWhereItRunsAndEpollOtherwise() throws Exception {
        ChildRun run = runChild(List.of(), "io_uring-first");
        assertThat(run.exit).isZero();
        assertThat(run.out).isEqualTo((Transport.IO_URING.isAvailable() ? "io_uring" : "epoll") + "\n");
    }

    @Test
    void theNamedTransportOverridesAProgramsPreference() throws Exception {
        ChildRun run = runChild(List.of("-Dreprise.transport=epoll"), "io_uring-first");
        assertThat(run.exit).isZero();
        assertThat(run.out).isEqualTo("epoll\n");
    }

    private record ChildRun(int exit, String out, String err) {
    }

    private static ChildRun runChild(List<String> jvmOptions, String... order) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ChildJvm.command(jvmOptions, ChosenTransport.class, order)).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 60 s");
        }
        return new ChildRun(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
