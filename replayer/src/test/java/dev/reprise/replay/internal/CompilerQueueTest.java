package dev.reprise.replay.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompilerQueueTest {

    @Test
    void aQueueListingNoMethodIsEmpty() {
        String quiet = """
                19973:
                Current compiles:\s

                C1 compile queue:
                Empty

                C2 compile queue:
                Empty
                """;
        assertThat(CompilerQueue.empty(quiet)).isTrue();
    }

    @Test
    void aMethodBeingCompiledOrQueuedIsNotEmpty() {
        String compiling = """
                19973:
                Current compiles:\s
                C2 CompilerThread0  1333       4       jdk.internal.org.objectweb.asm.Frame::execute (2305 bytes)

                C1 compile queue:
                Empty

                C2 compile queue:
                Empty
                """;
        String queued = """
                Current compiles:\s

                C1 compile queue:
                1424       3       java.lang.invoke.MethodHandles$Lookup$ClassFile::readUnsignedShort (39 bytes)

                C2 compile queue:
                Empty
                """;
        assertThat(CompilerQueue.empty(compiling)).isFalse();
        assertThat(CompilerQueue.empty(queued)).isFalse();
    }

    @Test
    void theRunningJvmsQueueIsReadAndSeenEmptyOnceTheJitCatchesUp() {
        // The test JVM compiles little once it runs a test: its queue empties well within the bound.
        assertThat(CompilerQueue.awaitQuiet(60_000_000_000L)).isTrue();
    }
}
